/** One worker per physical bench: posbench run refuses --parallel above 1 where scenarios would share a device. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../../src/cli/commands/run';
import { loadProfile, physicalDevices } from '../../src/bench/profile';

test('profiles name their physical devices; the emulated reference profiles have none', () => {
  for (const name of ['reference', 'reference-pty', 'reference-netprinter', 'bench-test-host']) assert.deepEqual(physicalDevices(loadProfile(name)), [], name);
  const devices = physicalDevices(loadProfile('bench-network-printer'));
  assert.equal(devices.length, 3);
  assert.match(devices.join('; '), /terminal at dut\.ecr .*; the real printer at .*:9100; the serial port .* under the reader emulator/);
});

test('--parallel 2 on a bench with physical devices, and --durations without --shard, are refused before anything starts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-workers-'));
  try {
    await assert.rejects(
      runSuite({ profile: 'bench-network-printer', parallel: 2, reportsDir: dir, featurePaths: [] }, { out: () => undefined, err: () => undefined }),
      /--parallel 2: profile bench-network-printer has physical devices \(the terminal at dut\.ecr.*One worker per bench: --parallel 0 here, and spread the suite over benches with --shard I\/N/,
    );
    await assert.rejects(runSuite({ profile: 'reference', parallel: 0, reportsDir: dir, featurePaths: [], durations: 'x.json' }, { out: () => undefined, err: () => undefined }), /--durations balances the shards of a split: give --shard I\/N too/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
