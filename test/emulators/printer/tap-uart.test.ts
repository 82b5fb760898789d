import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PrinterEmulator, PrinterTap, UartGarbler } from '../../../emulators/printer';
import { createMockSerialPair } from '../../../src/transports';
import { SeededRandom } from '../../../src/util/random';
import type { EvidenceInput } from '../../../src/evidence/types';
import { FakeTransport } from './fake-transport.helpers';

const LINE = { baudRate: 38400, dataBits: 8 as const, parity: 'none' as const, stopBits: 1 as const };

test('UART model: equal baud rates pass bytes unchanged', () => {
  const g = new UartGarbler({ senderBaud: 38400, receiverBaud: 38400, line: LINE, rng: new SeededRandom(1) });
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  assert.deepEqual(g.garble(all), all);
  assert.equal(g.framingErrors, 0);
});

test('UART model: a receiver 4× faster sees more bytes with framing errors; 4× slower sees fewer', () => {
  const data = Buffer.from('HELLO RECEIPT 0123456789\n');
  const fast = new UartGarbler({ senderBaud: 9600, receiverBaud: 38400, line: LINE, rng: new SeededRandom(3) });
  const slow = new UartGarbler({ senderBaud: 38400, receiverBaud: 9600, line: LINE, rng: new SeededRandom(3) });
  const a = fast.garble(data);
  const b = slow.garble(data);
  assert.ok(a.length > data.length, `fast receiver got ${a.length}`);
  assert.ok(fast.framingErrors > 0);
  assert.ok(b.length < data.length, `slow receiver got ${b.length}`);
  assert.notDeepEqual(a, data);
});

test('UART model: a slow sender at 1/4 speed — each sent bit spans four sampled bits', () => {
  // 0xFF sent at 9600: start bit (0) lasts 4 receiver bits, then 1s → receiver reads 0xF8 (three 0 bits from
  // the start bit after its own start bit), then the line is high: no further frame.
  const g = new UartGarbler({ senderBaud: 9600, receiverBaud: 38400, line: LINE, rng: new SeededRandom(5) });
  assert.deepEqual([...g.garble(Buffer.from([0xff]))], [0xf8]);
});

test('UART model is deterministic for a seed and differs between seeds', () => {
  const data = Buffer.from('The quick brown fox 1234567890'.repeat(4));
  const mk = (seed: number) => new UartGarbler({ senderBaud: 38400, receiverBaud: 19200, line: LINE, rng: new SeededRandom(seed) }).garble(data);
  assert.deepEqual(mk(9), mk(9));
  assert.notDeepEqual(mk(9), mk(10));
});

test('tap mode forwards both ways unchanged and decodes the receipt', async () => {
  const terminal = new FakeTransport();
  const realPrinter = new FakeTransport();
  const events: EvidenceInput[] = [];
  const tap = new PrinterTap({ terminal, printer: realPrinter, columns: 32, evidence: { record: (e) => events.push(e) } });
  const got: string[] = [];
  tap.on('receipt', (r) => got.push(r.text()));
  tap.start();
  const bytes = Buffer.from('\x1b@SALE 1.00\n\x10\x04\x04THANKS\n\x1dV\x00', 'latin1');
  for (let k = 0; k < bytes.length; k += 5) terminal.feed(bytes.subarray(k, k + 5));
  assert.deepEqual(realPrinter.take(), bytes);
  realPrinter.feed([0x1e]);
  assert.deepEqual([...terminal.take()], [0x1e]);
  assert.deepEqual(got, ['SALE 1.00\nTHANKS']);
  assert.ok(events.some((e) => e.kind === 'status.reply' && /1e \(after DLE EOT 4\)/.test(e.summary)));
  terminal.feed('half\n');
  assert.equal(realPrinter.take().toString(), 'half\n');
  await tap.stop();
  assert.deepEqual(
    tap.receipts().map((r) => [r.text(), r.cut]),
    [
      ['SALE 1.00\nTHANKS', true],
      ['half', false],
    ],
  );
  terminal.feed('after stop\n');
  assert.equal(realPrinter.take().length, 0);
});

test('the emulator over an in-process null-modem serial pair answers DLE EOT and journals receipts', async () => {
  const [terminalSide, printerSide] = createMockSerialPair();
  await Promise.all([terminalSide.open(), printerSide.open()]);
  const printer = new PrinterEmulator({ columns: 32, encoding: 'gb18030' });
  printer.attach(printerSide);
  try {
    printer.setFault({ kind: 'paper-near-end' });
    const reply = once(terminalSide, 'data');
    await terminalSide.write(Buffer.from([0x10, 0x04, 0x04]));
    const [b] = (await reply) as [Buffer];
    assert.deepEqual([...b], [0x1e]);
    const done = once(printer, 'receipt');
    await terminalSide.write(Buffer.from('\x1b@PAID\n\x1dV\x01', 'latin1'));
    const [entry] = (await done) as [{ receipt: { text(): string }; complete: boolean; cut: boolean }];
    assert.deepEqual([entry.receipt.text(), entry.complete, entry.cut], ['PAID', true, true]);
  } finally {
    await printer.stop();
    await Promise.all([terminalSide.close(), printerSide.close()]);
  }
});
