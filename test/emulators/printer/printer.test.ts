import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { ManualScheduler, PrinterEmulator, PrinterFault, PaperJournalEntry, PRINTER_FAULT_KINDS } from '../../../emulators/printer';
import type { EvidenceInput } from '../../../src/evidence/types';
import { FakeTransport } from './fake-transport.helpers';

const DLE_EOT = (n: number) => [0x10, 0x04, n];
const CUT = [0x1d, 0x56, 0x00];

function setup(opts: ConstructorParameters<typeof PrinterEmulator>[0] = {}) {
  const events: EvidenceInput[] = [];
  const sched = new ManualScheduler();
  const printer = new PrinterEmulator({ columns: 48, evidence: { record: (e) => events.push(e) }, scheduler: sched, ...opts });
  const t = new FakeTransport();
  printer.attach(t);
  return { printer, t, events, sched };
}

/** DLE EOT 1–4 replies (with a scheduler: let 100 ms of paced link time pass first). */
function statusBytes(t: FakeTransport, sched?: ManualScheduler): number[] {
  t.take();
  for (let n = 1; n <= 4; n++) t.feed(DLE_EOT(n));
  sched?.advance(100);
  return [...t.take()];
}

function receipt(lines: string[], cut = true): Buffer {
  return Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(lines.map((l) => l + '\n').join(''), 'latin1'), Buffer.from(cut ? CUT : [])]);
}

const FAULT_STATUS: Array<[string, PrinterFault | null, number[]]> = [
  ['no fault', null, [0x12, 0x12, 0x12, 0x12]],
  ['no-paper', { kind: 'no-paper' }, [0x1a, 0x32, 0x12, 0x72]],
  ['paper-near-end', { kind: 'paper-near-end' }, [0x12, 0x12, 0x12, 0x1e]],
  ['cover-open', { kind: 'cover-open' }, [0x1a, 0x16, 0x12, 0x12]],
  ['cutter-jam', { kind: 'cutter-jam' }, [0x3a, 0x52, 0x1a, 0x12]],
  ['paper-runs-out (not yet)', { kind: 'paper-runs-out', afterLines: 5 }, [0x12, 0x12, 0x12, 0x12]],
  ['slow', { kind: 'slow', mmPerSec: 100 }, [0x12, 0x12, 0x12, 0x12]],
];

for (const [name, fault, want] of FAULT_STATUS) {
  test(`DLE EOT 1–4 bits: ${name}`, async () => {
    const { printer, t, sched } = setup();
    if (fault) printer.setFault(fault);
    assert.deepEqual(statusBytes(t, sched).map(hex), want.map(hex));
    if (fault) {
      printer.clearFault(fault.kind);
      assert.deepEqual(statusBytes(t), [0x12, 0x12, 0x12, 0x12]);
    }
    await printer.stop();
  });
}

test('offline answers nothing, not even DLE EOT; bytes are dropped; goOnline recovers', async () => {
  const { printer, t, events } = setup();
  printer.setFault({ kind: 'offline' });
  assert.deepEqual(statusBytes(t), []);
  t.feed(receipt(['LOST']));
  assert.equal(printer.journal().length, 0);
  assert.equal(printer.status().offline, true);
  assert.ok(events.some((e) => e.kind === 'bytes.dropped' && /status quer/.test(e.summary)));
  printer.goOnline();
  assert.deepEqual(statusBytes(t), [0x12, 0x12, 0x12, 0x12]);
  t.feed(receipt(['BACK']));
  assert.deepEqual(printer.journal().map((e) => [e.receipt.text(), e.complete, e.cut]), [['BACK', true, true]]);
  await printer.stop();
});

test('going offline mid-receipt: what was printed stays, uncut, fault offline', async () => {
  const { printer, t } = setup();
  t.feed('first\nsecond\n');
  printer.setFault({ kind: 'offline' });
  t.feed('third\n');
  t.feed(CUT);
  const j = printer.journal();
  assert.equal(j.length, 1);
  assert.equal(j[0].receipt.text(), 'first\nsecond');
  assert.deepEqual([j[0].complete, j[0].cut, j[0].fault], [false, false, 'offline']);
  await printer.stop();
});

test('GS r 1/2 and ESC v answer in order with print data', async () => {
  const { printer, t } = setup();
  t.feed([0x1d, 0x72, 0x01, 0x1d, 0x72, 0x02, 0x1d, 0x72, 0x31]);
  assert.deepEqual([...t.take()], [0x00, 0x00, 0x00]);
  printer.setFault({ kind: 'paper-near-end' });
  t.feed([0x1d, 0x72, 0x01, 0x1b, 0x76]);
  assert.deepEqual([...t.take()], [0x03, 0x03]);
  printer.setFault({ kind: 'no-paper' });
  t.feed([0x1d, 0x72, 0x01]);
  assert.deepEqual([...t.take()], [0x0c]);
  await printer.stop();
});

test('GS a: 4 status bytes at enable and on every change; GS a 0 stops them', async () => {
  const { printer, t } = setup();
  t.feed([0x1d, 0x61, 0xff]);
  assert.deepEqual([...t.take()], [0x10, 0x00, 0x00, 0x00]);
  printer.setFault({ kind: 'cover-open' });
  assert.deepEqual([...t.take()], [0x38, 0x00, 0x00, 0x00]);
  printer.closeCover();
  assert.deepEqual([...t.take()], [0x10, 0x00, 0x00, 0x00]);
  printer.setFault({ kind: 'paper-near-end' });
  assert.deepEqual([...t.take()], [0x10, 0x00, 0x03, 0x00]);
  printer.setFault({ kind: 'cutter-jam' });
  assert.deepEqual([...t.take()], [0x18, 0x08, 0x03, 0x00]);
  printer.clearFaults();
  assert.deepEqual([...t.take()], [0x18, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00], 'one 4-byte status per change');
  t.feed([0x1d, 0x61, 0x00]);
  t.take();
  printer.setFault({ kind: 'no-paper' });
  assert.deepEqual([...t.take()], []);
  await printer.stop();
});

test('paper runs out after N lines: the rest of the receipt is lost, status changes, journal records it', async () => {
  const { printer, t, events } = setup();
  t.feed([0x1d, 0x61, 0x0f]);
  t.take();
  printer.setFault({ kind: 'paper-runs-out', afterLines: 3 });
  t.feed(receipt(['L1', 'L2', 'L3', 'L4', 'L5']));
  let j = printer.journal();
  assert.equal(j.length, 1);
  assert.equal(j[0].receipt.text(), 'L1\nL2\nL3');
  assert.equal(j[0].sent.text(), 'L1\nL2\nL3\nL4\nL5');
  assert.deepEqual([j[0].complete, j[0].cut, j[0].fault], [false, false, 'paper-runs-out']);
  assert.deepEqual([...t.take()], [0x18, 0x00, 0x0c, 0x00], 'automatic status back reports paper end');
  assert.deepEqual(statusBytes(t), [0x1a, 0x32, 0x12, 0x72]);
  assert.ok(events.some((e) => e.kind === 'paper.out'));
  assert.ok(events.some((e) => e.kind === 'receipt.cut-short' && /paper-runs-out/.test(e.summary)));
  // the next receipt is lost entirely
  t.feed(receipt(['NEXT']));
  j = printer.journal();
  assert.deepEqual([j[1].receipt.text(), j[1].sent.text(), j[1].complete, j[1].fault], ['', 'NEXT', false, 'paper-runs-out']);
  printer.loadPaper();
  t.take();
  t.feed(receipt(['REPRINT']));
  j = printer.journal();
  assert.deepEqual([j[2].receipt.text(), j[2].complete, j[2].cut, j[2].fault], ['REPRINT', true, true, undefined]);
  await printer.stop();
});

test('no paper / cover open: nothing is printed, the journal says which fault', async () => {
  for (const [fault, fix] of [
    [{ kind: 'no-paper' }, (p: PrinterEmulator) => p.loadPaper()],
    [{ kind: 'cover-open' }, (p: PrinterEmulator) => p.closeCover()],
  ] as const) {
    const { printer, t } = setup();
    printer.setFault(fault);
    t.feed(receipt(['SALE', 'AMOUNT 1.00']));
    const [e] = printer.journal();
    assert.deepEqual([e.receipt.lines.length, e.sent.lines.length, e.complete, e.cut, e.fault], [0, 2, false, false, fault.kind]);
    fix(printer);
    t.feed(receipt(['SALE']));
    assert.deepEqual(printer.journal()[1].complete, true);
    await printer.stop();
  }
});

test('cutter jam: immediate error stops printing; atNextCut prints the receipt but does not cut it', async () => {
  const a = setup();
  a.printer.setFault({ kind: 'cutter-jam' });
  a.t.feed(receipt(['X']));
  assert.deepEqual(pick(a.printer.journal()[0]), ['', false, false, 'cutter-jam']);
  await a.printer.stop();

  const b = setup();
  b.printer.setFault({ kind: 'cutter-jam', atNextCut: true });
  assert.deepEqual(statusBytes(b.t), [0x12, 0x12, 0x12, 0x12]);
  b.t.feed(receipt(['PRINTED']));
  assert.deepEqual(pick(b.printer.journal()[0]), ['PRINTED', true, false, 'cutter-jam']);
  assert.deepEqual(statusBytes(b.t), [0x3a, 0x52, 0x1a, 0x12]);
  b.t.feed(receipt(['AFTER']));
  assert.deepEqual(pick(b.printer.journal()[1]), ['', false, false, 'cutter-jam']);
  b.printer.clearFault('cutter-jam');
  b.t.feed(receipt(['OK']));
  assert.deepEqual(pick(b.printer.journal()[2]), ['OK', true, true, undefined]);
  await b.printer.stop();
});

function pick(e: PaperJournalEntry) {
  return [e.receipt.text(), e.complete, e.cut, e.fault];
}

test('slow printing: paced by mm/s and baud; DLE EOT answered at once, GS r after the print; no timers left', async () => {
  const { printer, t, sched } = setup({ lineSettings: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } });
  printer.setFault({ kind: 'slow', mmPerSec: 50 });
  const start = sched.now();
  const lines = Array.from({ length: 10 }, (_, i) => `LINE ${i}`);
  const bytes = Buffer.concat([receipt(lines), Buffer.from(DLE_EOT(1)), Buffer.from([0x1d, 0x72, 0x01])]);
  t.feed(bytes);
  const seen: PaperJournalEntry[] = [];
  printer.onReceipt((e) => seen.push(e));
  assert.equal(printer.journal().filter((e) => !e.open).length, 0, 'nothing finished yet');
  const byteMs = 10_000 / 9600;
  // DLE EOT comes after all receipt bytes on the link
  sched.advance(Math.ceil((bytes.length - 3) * byteMs));
  assert.deepEqual([...t.take()], [0x12], 'DLE EOT answered while the receipt is still printing');
  const lineMs = (25.4 / 6 / 50) * 1000;
  sched.advance(Math.ceil(10 * lineMs));
  assert.equal(seen.length, 1);
  const e = seen[0];
  assert.equal(e.receipt.lines.length, 10);
  assert.ok(e.endedAt - start >= 10 * lineMs, `took ${e.endedAt - start} ms`);
  assert.deepEqual([...t.take()], [0x00], 'GS r answered after the print');
  await printer.stop();
  assert.equal(sched.pending, 0);
});

test('baud mismatch garbles deterministically for a seed; replies are garbled too; equal speeds are clean', async () => {
  const text = receipt(['SALE 12.00 CNY', 'THANK YOU', 'TERMINAL 12345678']);
  const run = async (seed: number, terminalBaud: number) => {
    const { printer, t } = setup({ seed, lineSettings: { baudRate: 38400, dataBits: 8, parity: 'none', stopBits: 1 } });
    printer.setFault({ kind: 'baud-mismatch', terminalBaud });
    t.feed(text);
    t.feed(DLE_EOT(1));
    const j = printer.journal();
    const out = { paper: j.map((e) => e.sent.text()).join('|'), faults: j.map((e) => e.fault), reply: t.take().toString('hex') };
    await printer.stop();
    return out;
  };
  const a1 = await run(11, 9600);
  const a2 = await run(11, 9600);
  const b = await run(12, 9600);
  assert.deepEqual(a1, a2);
  assert.notDeepEqual(a1.paper, b.paper);
  assert.doesNotMatch(a1.paper, /THANK YOU/);
  assert.ok(a1.faults.every((f) => f === 'baud-mismatch'));
  const same = await run(11, 38400);
  assert.match(same.paper, /SALE 12\.00 CNY\nTHANK YOU/);
  assert.equal(same.reply, '12');
});

test('evidence: faults, status queries, receipts (masked), all from source printer', async () => {
  const { printer, t, events } = setup();
  printer.setFault({ kind: 'paper-near-end' });
  t.feed(DLE_EOT(4));
  t.feed(Buffer.concat([Buffer.from('CARD 6210947000000021\n'), iconv.encode('金额 12.00\n', 'gb18030'), Buffer.from(CUT)]));
  printer.clearFault('paper-near-end');
  await printer.stop();
  assert.ok(events.every((e) => e.source === 'printer'));
  const kinds = events.map((e) => e.kind);
  assert.deepEqual(kinds, ['fault.set', 'status.query', 'receipt.completed', 'fault.cleared']);
  assert.match(events[1].summary, /DLE EOT 4 → 0x1e \(paper near end\)/);
  assert.match(events[2].summary, /CARD 621094\*\*\*\*\*\*0021 \| 金额 12\.00/);
  assert.doesNotMatch(JSON.stringify(events), /6210947000000021/);
});

test('invalid faults are typed errors naming the field', () => {
  const { printer } = setup();
  assert.throws(() => printer.setFault({ kind: 'paper-runs-out', afterLines: -1 }), { code: 'PRINTER_FAULT', field: 'afterLines' });
  assert.throws(() => printer.setFault({ kind: 'slow', mmPerSec: 0 }), { field: 'mmPerSec' });
  assert.throws(() => printer.setFault({ kind: 'baud-mismatch', terminalBaud: 1.5 }), { field: 'terminalBaud' });
  assert.throws(() => printer.setFault({ kind: 'paper-runs-out', afterLines: -1 }), { message: /afterLines: must be a whole number ≥ 0, got -1/ });
  // The schema is the whole truth of a fault: unknown kinds and unknown attributes are errors too.
  assert.throws(() => printer.setFault({ kind: 'on-fire' } as unknown as PrinterFault), { code: 'PRINTER_FAULT', field: 'kind' });
  assert.throws(() => printer.setFault({ kind: 'no-paper', afterLines: 3 } as unknown as PrinterFault), { code: 'PRINTER_FAULT' });
  assert.equal(printer.status().faults.length, 0);
});

test('every printer fault kind has a definition that sets and clears it', () => {
  for (const kind of PRINTER_FAULT_KINDS) {
    const { printer } = setup();
    const fault = { 'paper-runs-out': { kind, afterLines: 2 }, slow: { kind, mmPerSec: 50 }, 'baud-mismatch': { kind, terminalBaud: 9600 } }[kind as string] ?? { kind };
    printer.setFault(fault as PrinterFault);
    assert.deepEqual(printer.status().faults, [fault], kind);
    printer.clearFault(kind);
    const s = printer.status();
    assert.deepEqual([s.faults, s.paper, s.coverOpen, s.offline, s.cutterError, s.slowMmPerSec, s.terminalBaud, s.paperLinesLeft], [[], 'ok', false, false, false, null, null, null], kind);
  }
});

test('a receipt never cut shows in journal() as open, and stop() journals it uncut', async () => {
  const { printer, t } = setup();
  t.feed('no cutter here\n');
  assert.deepEqual(
    printer.journal().map((e) => [e.receipt.text(), e.open]),
    [['no cutter here', true]],
  );
  await printer.stop();
  assert.deepEqual(pick(printer.journal()[0]), ['no cutter here', true, false, undefined]);
  assert.equal(printer.journal()[0].open, undefined);
});

test('slow printing with real timers: fast settings finish on their own and stop() leaves nothing running', async () => {
  const printer = new PrinterEmulator({ lineSettings: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 } });
  const t = new FakeTransport();
  printer.attach(t);
  printer.setFault({ kind: 'slow', mmPerSec: 2000 });
  const done = new Promise<PaperJournalEntry>((resolve) => printer.onReceipt(resolve));
  t.feed(receipt(['A', 'B', 'C']));
  assert.equal(printer.journal().length, 0, 'nothing on paper yet: the bytes are still on the wire');
  const e = await done;
  assert.deepEqual(pick(e), ['A\nB\nC', true, true, undefined]);
  t.feed(receipt(['PENDING']));
  await printer.stop(); // what was waiting prints at once
  assert.equal(printer.journal()[1].receipt.text(), 'PENDING');
});

test('stop() under a slow fault: an unterminated last line is journaled with its receipt and no timer is left', async () => {
  const { printer, t, sched } = setup();
  printer.setFault({ kind: 'slow', mmPerSec: 50 });
  t.feed('first line\npartial');
  await printer.stop();
  assert.equal(sched.pending, 0, 'a timer outlived stop()');
  sched.advance(10_000);
  assert.deepEqual(
    printer.journal().map((e) => [e.receipt.text(), e.open]),
    [['first line\npartial', undefined]],
  );
});

test('journaled receipts share their identical lines (a long run holds a repeated header once) and read exactly as printed', async () => {
  const { printer, t } = setup();
  t.feed(receipt(['SHOP', 'STAN 000001', 'THANK YOU']));
  t.feed(receipt(['SHOP', 'STAN 000002', 'THANK YOU']));
  const [a, b] = printer.journal();
  assert.deepEqual([a!.receipt.text(), b!.receipt.text()], ['SHOP\nSTAN 000001\nTHANK YOU', 'SHOP\nSTAN 000002\nTHANK YOU']);
  assert.equal(a!.receipt.items[0], b!.receipt.items[0]);
  assert.equal(a!.receipt.items[2], b!.receipt.items[2]);
  assert.notEqual(a!.receipt.items[1], b!.receipt.items[1]);
  assert.equal(b!.sent.items[0], b!.receipt.items[0]);
  await printer.stop();
});

function hex(n: number): string {
  return '0x' + n.toString(16).padStart(2, '0');
}

test('cutInput: the terminal loses power mid-slip — the printer takes the first print bytes, the slip ends torn, nothing after arrives', () => {
  const { printer, t, events } = setup();
  let cuts = 0;
  const slip = receipt(['POS SALES SLIP', 'MERCHANT COPY', 'AMOUNT: CNY 25.00', 'TRACE NO 000001']);
  printer.cutInput({ printBytes: 20 }, () => cuts++);
  t.feed(DLE_EOT(1)); // status queries are not print data: answered, not counted
  assert.deepEqual([...t.take()], [0x12]);
  t.feed([...slip]);
  assert.equal(cuts, 1, 'onCut ran once, at the byte');
  t.feed(DLE_EOT(1));
  assert.deepEqual([...t.take()], [], 'a terminal without power sends nothing the printer can answer');
  const [torn] = printer.journal();
  assert.ok(torn);
  assert.equal(torn.complete, false);
  assert.equal(torn.fault, 'terminal-power-lost');
  assert.match(torn.receipt.text(), /POS SALES SLIP/);
  assert.doesNotMatch(torn.receipt.text(), /AMOUNT/);
  assert.ok(events.some((e) => e.kind === 'input.cut'));
  printer.restoreInput();
  t.feed([...slip]);
  assert.equal(printer.journal().filter((j) => j.complete).length, 1, 'powered again, the next slip prints whole');
});

test("cutInput('job-start'): the first byte of the next job is where the power goes; nothing is printed", () => {
  const { printer, t } = setup();
  let cuts = 0;
  printer.cutInput('job-start', () => cuts++);
  t.feed(DLE_EOT(1));
  t.feed([...receipt(['POS SALES SLIP'])]);
  assert.equal(cuts, 1);
  assert.deepEqual([...t.take()], []);
  assert.equal(printer.journal().length, 0);
});
