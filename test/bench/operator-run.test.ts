/**
 * A real printer on the bench (test/bench/fixtures/real-printer.yaml: printer.emulated false,
 * tapped; a printer emulator on a PTY plays the real one) and a run that is not interactive
 * (stdin and stdout are pipes): "the printer has no paper" needs a person, so the scenario is
 * skipped — the reason on the console and on the evidence timeline — and the run neither
 * hangs nor fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyPair, SerialTransport } from '../../src/transports';
import { PrinterEmulator } from '../../emulators/printer';
import { PassThrough } from 'node:stream';
import { PROJECT_ROOT, parseProfile } from '../../src/bench/profile';
import { Bench } from '../../src/bench/bench';

const REASON = 'this step needs a person at the bench to take the paper roll out of the real printer, and the run is not interactive (stdin and stdout are not both a terminal)';

const RUN = ['bin/posbench.js', 'run', '--profile', join('test', 'bench', 'fixtures', 'real-printer.yaml'), '--reports-dir'];
const NO_PAPER = 'features/desync/printer/printer-faults.feature:12';

/** The "real" printer: a printer emulator on the far end of a PTY pair, at POSBENCH_TEST_PRINTER_PORT. */
async function withRealPrinter(fn: (real: PrinterEmulator, env: NodeJS.ProcessEnv, reports: string) => Promise<void>): Promise<void> {
  const wire = await PtyPair.create();
  const realEnd = new SerialTransport({ path: wire.pathB });
  await realEnd.open();
  const real = new PrinterEmulator({ seed: 3, columns: 32 });
  real.attach(realEnd);
  const reports = mkdtempSync(join(tmpdir(), 'posbench-operator-'));
  try {
    await fn(real, { ...process.env, POSBENCH_TEST_PRINTER_PORT: wire.pathA }, reports);
  } finally {
    await real.stop();
    await realEnd.close();
    await wire.close();
    rmSync(reports, { recursive: true, force: true });
  }
}

function evidenceOf(reports: string): { kind: string; summary: string; data?: { action?: string; by?: string } }[] {
  const evidence = join(reports, 'latest', 'evidence');
  const file = readdirSync(evidence).find((f) => f.endsWith('.json'))!;
  return JSON.parse(readFileSync(join(evidence, file), 'utf8'));
}

test('non-interactive run on a real printer: the paper-out step is skipped with the reason, nothing hangs', () =>
  withRealPrinter(async (_real, env, reports) => {
    const child = spawn(process.execPath, [...RUN, reports, NO_PAPER], { cwd: PROJECT_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out);
    assert.ok(out.includes(`posbench: step skipped: ${REASON}`), `the reason is on the console:\n${out}`);
    assert.match(out, /1 scenario \(1 skipped\)/);
    const events = evidenceOf(reports);
    const skipped = events.filter((e) => e.kind === 'operator.skipped');
    assert.equal(skipped.length, 1);
    assert.equal(skipped[0]!.summary, `skipped: ${REASON}`);
    assert.equal(skipped[0]!.data?.action, 'take the paper roll out of the real printer');
    assert.ok(!events.some((e) => e.kind === 'inject'), 'nothing was done to the printer, so no injection is recorded');
    assert.match(readFileSync(join(reports, 'latest', 'junit.xml'), 'utf8'), /skipped="1" failures="0"/);
  }));

const script = spawnSync('script', ['--version']).status === 0;

test('interactive run on a real printer (a TTY from script(1)): the operator takes the paper out and loads it again, the scenario passes and the oracle blames the printer', { skip: script ? false : 'script(1) from util-linux is not installed: no TTY to run posbench in' }, () =>
  withRealPrinter(async (real, env, reports) => {
    const cmd = [process.execPath, ...RUN, reports, NO_PAPER].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: PROJECT_ROOT, env: { ...env, POSBENCH_OPERATOR: 'tech-on-duty' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let answered = 0;
    const onData = (d: Buffer) => {
      out += d.toString();
      // The person at the bench: does what the prompt asks to the "real" printer, then presses Enter.
      for (; answered < out.split('Press Enter').length - 1; answered++) {
        if (answered === 0) real.setFault({ kind: 'no-paper' });
        if (answered === 1) real.loadPaper();
        child.stdin.write('\r');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /Operator: please take the paper roll out of the real printer\./);
    assert.match(out, /Operator: please load a paper roll into the real printer and close its cover\./);
    assert.match(out.replace(/\x1b\[[0-9;]*m/g, ''), /1 scenario \(1 passed\)/);
    const events = evidenceOf(reports);
    const confirmed = events.filter((e) => e.kind === 'operator.confirmed');
    assert.deepEqual(confirmed.map((e) => [e.data?.by, e.data?.action]), [
      ['tech-on-duty', 'take the paper roll out of the real printer'],
      ['tech-on-duty', 'load a paper roll into the real printer and close its cover'],
    ]);
    assert.ok(events.some((e) => e.kind === 'inject' && e.summary === 'the printer has no paper'), 'what the operator did is an injection the oracle blames');
  }));

test('a real reader and an interactive run: presenting a card asks the operator, masked, and records who confirmed', async () => {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = Object.assign(new PassThrough(), { isTTY: true });
  let shown = '';
  output.on('data', (d: Buffer) => {
    shown += d.toString();
    if (shown.includes('Press Enter')) input.write('\n');
  });
  const profile = parseProfile('name: real-reader\ndut: { run: in-process }\nissuer: { emulated: true }\nnetwork: { emulated: true }\nprinter: { emulated: true, link: { kind: mock } }\nreader: { emulated: false, link: { kind: mock } }\n', 'real-reader.yaml');
  const bench = await Bench.start({ profile, scenario: 'real reader', operatorStreams: { input, output } });
  try {
    assert.equal(bench.reader, undefined, 'no emulator plays the reader');
    assert.equal(await bench.presentCard('UNIONPAY_CHIP'), undefined, 'confirmed, not skipped');
    const pan = bench.catalog.get('UNIONPAY_CHIP').pan;
    assert.match(shown, /please insert the chip of the test card UNIONPAY_CHIP \(\d{6}\*+\d{4}\) into the reader/);
    assert.ok(!shown.includes(pan), 'the prompt masks the card number');
    const confirmed = bench.timeline.all().find((e) => e.kind === 'operator.confirmed');
    assert.ok(confirmed, 'who confirmed is on the timeline');
    assert.equal(bench.lastCardName, 'UNIONPAY_CHIP');
  } finally {
    await bench.stop();
  }
});
