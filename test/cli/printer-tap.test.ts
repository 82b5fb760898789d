import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as iconv from 'iconv-lite';
import { createMockSerialPair } from '../../src/transports';
import type { Transport } from '../../src/transports/types';
import { runPrinterTap } from '../../src/cli/commands/emulator';

test('printer-tap forwards bytes both ways unchanged and shows each receipt, card number masked', async () => {
  // terminal <-> [tap] <-> printer, over two in-process cables
  const [terminal, tapTerminalSide] = createMockSerialPair({ label: 'tap-t' });
  const [tapPrinterSide, printer] = createMockSerialPair({ label: 'tap-p' });
  for (const t of [terminal, tapTerminalSide, tapPrinterSide, printer]) await t.open();
  const ends: Record<string, Transport> = { T: tapTerminalSide, P: tapPrinterSide };
  const shown: string[] = [];
  const stop = await runPrinterTap({ terminal: 'T', printer: 'P', baud: 38400, columns: 32, encoding: 'gb18030' }, (s) => shown.push(s), async (p) => ends[p]!);
  try {
    const slip = Buffer.concat([Buffer.from([0x1b, 0x40, 0x1c, 0x26]), iconv.encode('银联POS签购单\n6210947000000021\n', 'gb18030'), Buffer.from([0x10, 0x04, 0x04, 0x1d, 0x56, 0x00])]);
    const atPrinter: Buffer[] = [];
    const printed = new Promise<void>((resolve) =>
      printer.on('data', (d: Buffer) => {
        atPrinter.push(d);
        if (Buffer.concat(atPrinter).length >= slip.length) resolve();
      }),
    );
    const status = new Promise<Buffer>((resolve) => terminal.once('data', resolve));
    await terminal.write(slip);
    await printed;
    assert.deepEqual(Buffer.concat(atPrinter), slip, 'the printer receives exactly what the terminal sent');
    await printer.write(Buffer.from([0x12]));
    assert.deepEqual(await status, Buffer.from([0x12]), "the printer's status reply reaches the terminal unchanged");
    const text = shown.join('');
    assert.match(text, /receipt 1/);
    assert.match(text, /银联POS签购单/);
    assert.match(text, /621094\*{6}0021/);
    assert.doesNotMatch(text, /6210947000000021/);
  } finally {
    await stop();
    await terminal.close();
    await printer.close();
  }
});
