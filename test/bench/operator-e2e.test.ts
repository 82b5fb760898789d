/**
 * Existing features on a bench whose terminal has no ECR (test/bench/fixtures/operator.yaml,
 * `dut.run: operator`), end to end through `posbench run`:
 * - interactive (a TTY from script(1)): the fake technician (operator-hands.helpers.ts) reads
 *   each prompt on the console and keys it into a reference terminal of its own; the
 *   scenarios pass, judged from the wire and the paper, the oracle without a journal;
 * - not interactive (pipes): every scenario is skipped with the reason, and nothing hangs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { OperatorHands } from './operator-hands.helpers';

// A sale paid in one step, a sale started and then paid (two steps, one prompt), a host timeout.
const FEATURES = ['features/purchase/approved-sale.feature:12:23', 'features/desync/bank-delay/late-host.feature:19'];
const RUN = ['bin/posbench.js', 'run', '--profile', join('test', 'bench', 'fixtures', 'operator.yaml'), '--reports-dir'];

function events(reports: string): { kind: string; summary: string }[] {
  const dir = join(reports, 'latest', 'evidence');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { kind: string; summary: string }[]);
}

async function withReports(fn: (reports: string) => Promise<void>): Promise<void> {
  const reports = mkdtempSync(join(tmpdir(), 'posbench-operator-e2e-'));
  try {
    await fn(reports);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

test('not interactive: every scenario on an operator terminal is skipped with the reason, nothing hangs', () =>
  withReports(async (reports) => {
    const child = spawn(process.execPath, [...RUN, reports, ...FEATURES], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /3 scenarios \(3 skipped\)/);
    assert.match(out, /posbench: step skipped: this step needs a person at the bench to power on the terminal ACME T1, set its acquirer host address to/);
    assert.ok(!events(reports).some((e) => e.kind === 'operator.prompt'), 'nobody was asked');
  }));

const script = spawnSync('script', ['--version']).status === 0;

test('interactive: the technician keys in what the prompts say; the scenarios pass, judged from the wire and the paper', { skip: script ? false : 'script(1) from util-linux is not installed: no TTY to run posbench in' }, () =>
  withReports(async (reports) => {
    const cmd = [process.execPath, ...RUN, reports, ...FEATURES].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: PROJECT_ROOT, env: { ...process.env, POSBENCH_OPERATOR: 'tech-on-duty' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const hands = new OperatorHands((line) => child.stdin.write(line.replace('\n', '\r')));
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      hands.feed(d.toString());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    try {
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, out);
      assert.match(out.replace(/\x1b\[[0-9;]*m/g, ''), /3 scenarios \(3 passed\)/);
      assert.ok(hands.asked.some((a) => /key in SALE 25\.00, insert the chip of the test card UNIONPAY_CHIP \(\d{6}\*+\d{4}\)/.test(a)));
      assert.ok(hands.asked.some((a) => a.includes('check that the display shows "HOST TIMEOUT"')));
      const all = events(reports);
      assert.ok(all.filter((e) => e.kind === 'oracle.without-journal').length >= 3, 'each scenario judged without a journal, saying so');
      assert.ok(all.some((e) => e.kind === 'operator.result' && /outcome=failed/.test(e.summary) && /reversed/.test(e.summary)), 'the timeout: failed, the reversal seen on the wire');
      assert.ok(hands.asked.some((a) => a.includes('key in SALE 30.00, insert the chip of the test card UNIONPAY_CHIP')), 'the sale started, then paid: one prompt with the card');
      const cert = JSON.parse(readFileSync(join(reports, 'latest', 'certification.json'), 'utf8')) as { firmware: unknown };
      assert.match(JSON.stringify(cert.firmware), /ACME T1.*unknown/, 'the certificate names the terminal by its model, version unknown');
    } finally {
      await hands.stop();
    }
  }));
