/**
 * A tapped printer in a profile (printer.tap): the reference terminal prints over its cable
 * to the bench, the tap forwards every byte to the "real" printer (here the printer emulator
 * on a PTY pair) and back, and the oracle reads the paper the terminal sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyPair, SerialTransport } from '../../src/transports';
import { Bench } from '../../src/bench/bench';
import { loadProfile, parseProfile } from '../../src/bench/profile';
import { PrinterEmulator } from '../../emulators/printer';
import { collectScenarioArtifacts } from '../../src/bench/artifacts';

const profile = (tapPath: string, extra = '') => `name: tapped
dut: { run: in-process, settings: { host_timeout_ms: 1500, card_wait_timeout_ms: 5000 } }
issuer: { emulated: true }
network: { emulated: true }
printer:
  emulated: false
  link: { kind: mock, line: { baud: 38400 } }
  tap: { kind: serial, path: "${tapPath}", line: { baud: 38400 } }
  columns: 32
${extra}reader: { emulated: true, link: { kind: mock } }
`;

test('a tapped real printer: bytes reach it unchanged, its status answers reach the terminal, the oracle reads the paper', async () => {
  const wire = await PtyPair.create();
  const realEnd = new SerialTransport({ path: wire.pathB });
  await realEnd.open();
  const real = new PrinterEmulator({ seed: 3, columns: 32 });
  real.attach(realEnd);
  const dir = mkdtempSync(join(tmpdir(), 'posbench-tap-'));
  const file = join(dir, 'tapped.yaml');
  writeFileSync(file, profile(wire.pathA));
  let bench: Bench | undefined;
  try {
    bench = await Bench.start({ profile: loadProfile(file), scenario: 'tapped printer' });
    assert.equal(bench.printer, undefined, 'no emulator plays the printer');
    assert.equal((await bench.driver.signOn()).ok, true);
    const sale = bench.driver.sale(4321);
    await bench.waitForDisplay(/PRESENT CARD/);
    await bench.presentCard('UNIONPAY_CHIP');
    const r = await sale;
    assert.equal(r.outcome, 'approved', `the terminal saw the real printer through the tap as ready: ${JSON.stringify(r)}`);
    const paper = await bench.completeReceipts();
    assert.equal(paper.length, 1);
    assert.match(paper[0]!.text, /43\.21/);
    assert.deepEqual(await bench.reconcile(), [], 'ledger, journal and tapped paper agree');
    const printed = real.journal().filter((e) => e.complete);
    assert.equal(printed.length, 1, 'the real printer printed the slip');
    assert.equal(printed[0]!.receipt.text(), paper[0]!.text, 'forwarded unchanged: the real printer printed what the tap decoded');
    assert.ok(bench.timeline.all().some((e) => e.kind === 'status.reply'), "the real printer's status answers are on the timeline");
    const art = await collectScenarioArtifacts(bench, []);
    assert.match(String(art.find((a) => a.name === 'Receipts.txt')?.body), /receipt 1 \(complete, cut\)[\s\S]*43\.21/);
    assert.ok(art.some((a) => a.name === 'receipt-1.png'), 'the tapped slip drawn as an image');
  } finally {
    await bench?.stop();
    await real.stop();
    await realEnd.close();
    await wire.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('printer.tap needs a real printer and a serial cable from the terminal', () => {
  assert.throws(() => parseProfile(profile('/dev/ttyUSB2').replace('emulated: false\n  link', 'emulated: true\n  link'), 'x.yaml'), /x\.yaml: printer\.tap: a tapped printer is a real one: set printer\.emulated to false/);
  assert.throws(() => parseProfile(profile('/dev/ttyUSB2').replace('{ kind: mock, line: { baud: 38400 } }', '{ kind: tcp }'), 'x.yaml'), /printer\.link\.kind: with printer\.tap, link is the terminal's serial cable/);
  assert.throws(() => parseProfile(profile('/dev/ttyUSB2').replace('tap: { kind: serial,', 'tap: { kind: serial, baud: 1,'), 'x.yaml'), /printer\.tap\.baud: unknown key "baud"/);
});
