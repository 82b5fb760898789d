import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exploreCommand } from '../../src/cli/commands/explore';
import { main } from '../../src/cli/main';

function quietIo() {
  const out: string[] = [];
  return { out, io: { out: (s: string) => void out.push(s), err: (s: string) => void out.push(s) } };
}

test('posbench explore refuses a bad option value, naming it', async () => {
  const { io } = quietIo();
  await assert.rejects(exploreCommand({ profile: 'reference', runs: 1, length: 4, terminalDefect: 'no-such-defect' }, io), /terminal setting "defects".*no-such-defect/);
  await assert.rejects(exploreCommand({ profile: 'reference', runs: 1, length: 4, faults: 'network,weather' }, io), /--faults: unknown fault family "weather"/);
  const stderr = process.stderr.write;
  const said: string[] = [];
  process.stderr.write = ((s: string) => (said.push(String(s)), true)) as typeof process.stderr.write;
  try {
    assert.equal(await main(['explore', '--runs', 'many']), 1);
  } finally {
    process.stderr.write = stderr;
  }
  assert.match(said.join(''), /--runs: expected a whole number ≥ 1, got "many"/);
});

test('posbench explore on a clean terminal: exit 0, a report with the runs and the seed to replay', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-explore-cli-'));
  try {
    const { out, io } = quietIo();
    const code = await exploreCommand({ profile: 'reference', runs: 3, seed: 4, length: 3, faults: 'printer,operator', out: dir, quiet: true }, io);
    assert.equal(code, 0, out.join(''));
    const report = JSON.parse(readFileSync(join(dir, 'explore-report.json'), 'utf8'));
    assert.equal(report.runs, 3);
    assert.equal(report.seed, 4);
    assert.deepEqual(report.failures, []);
    assert.equal(report.replay, 'posbench explore --profile reference --seed 4 --runs 3');
    assert.match(out.join(''), /failures: none/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
