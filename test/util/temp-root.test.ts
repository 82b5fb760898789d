/** The bench's temporary state under one per-run root; roots of runs that are gone are swept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { benchTempDir, sweepStaleRunRoots, TEMP_ROOT_ENV } from '../../src/util/temp-root';
import { StateDir } from '../../src/dut/state-dir';

test('inside a run the state and link folders go under its root; outside, into the system temp folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'posbench-root-test-'));
  const before = process.env[TEMP_ROOT_ENV];
  try {
    process.env[TEMP_ROOT_ENV] = join(root, 'posbench-run-1-x');
    const state = new StateDir();
    assert.equal(dirname(state.path), join(root, 'posbench-run-1-x'));
    assert.match(state.path, /posbench-terminal-\w+$/);
    state.remove();
    delete process.env[TEMP_ROOT_ENV];
    const outside = benchTempDir('posbench-pty-');
    assert.equal(dirname(outside), tmpdir());
    rmSync(outside, { recursive: true });
  } finally {
    if (before === undefined) delete process.env[TEMP_ROOT_ENV];
    else process.env[TEMP_ROOT_ENV] = before;
    rmSync(root, { recursive: true, force: true });
  }
});

test('sweepStaleRunRoots removes the roots whose owning pid is gone and keeps the live ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-sweep-'));
  try {
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const dead = join(dir, `posbench-run-${deadPid}-abc123`);
    const live = join(dir, `posbench-run-${process.pid}-def456`);
    const other = join(dir, 'posbench-terminal-xyz');
    for (const d of [dead, live, other]) mkdirSync(join(d, 'inner'), { recursive: true });
    assert.deepEqual(sweepStaleRunRoots(dir), [dead]);
    assert.ok(!existsSync(dead) && existsSync(live) && existsSync(other));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
