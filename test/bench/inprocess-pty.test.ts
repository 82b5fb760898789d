/**
 * The in-process reference terminal with its printer and reader on PTY pairs: the
 * terminal opens the PTY paths itself, as it does on the PTY profile as its own process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from '../../src/bench/bench';
import { loadProfile, PROJECT_ROOT } from '../../src/bench/profile';

test('an in-process terminal on PTY links opens them and prints', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-inproc-pty-'));
  const file = join(dir, 'inproc-pty.yaml');
  const reference = readFileSync(join(PROJECT_ROOT, 'hardware-profiles', 'reference.yaml'), 'utf8');
  writeFileSync(file, reference.replace(/^name: reference$/m, 'name: inproc-pty').replace(/kind: mock/g, 'kind: pty'));
  let bench: Bench | undefined;
  try {
    bench = await Bench.start({ profile: loadProfile(file), scenario: 'in-process on PTYs' });
    assert.equal((await bench.driver.signOn()).ok, true);
    const sale = bench.driver.sale(1234);
    await bench.waitForDisplay(/PRESENT CARD/);
    await bench.presentCard('UNIONPAY_CHIP');
    const r = await sale;
    assert.equal(r.outcome, 'approved', JSON.stringify(r));
    assert.equal((await bench.completeReceipts()).length, 1, `the terminal shows "${r.display}"`);
  } finally {
    await bench?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
