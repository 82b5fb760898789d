/**
 * A shop's POS software prints to the network printer emulator with client libraries nobody
 * here wrote:
 * - node-thermal-printer (npm, `interface: 'tcp://HOST:PORT'`): connects, writes the job and
 *   closes — one job per connection — and asks GS r 1 for its status;
 * - @node-escpos/core with @node-escpos/network-adapter: keeps one connection open for
 *   several jobs and asks DLE EOT 1, 4, 2, 3 (getStatuses). That library expects the four
 *   answer bytes in one read; client and printer share this process's event loop here, so
 *   they arrive together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { Printer as EscposPrinter } from '@node-escpos/core';
import EscposNetwork from '@node-escpos/network-adapter';
import { netPrinter, receipts } from './tcp-client.helpers';

function client(port: number): ThermalPrinter {
  return new ThermalPrinter({ type: PrinterTypes.EPSON, interface: `tcp://127.0.0.1:${port}`, width: 48, characterSet: CharacterSet.PC437_USA, options: { timeout: 2000 } });
}

test('node-thermal-printer prints a receipt over TCP: text and cut decoded, PAN as printed', async () => {
  const { printer, port, stop } = await netPrinter();
  try {
    const pos = client(port);
    assert.equal(await pos.isPrinterConnected(), true);
    pos.alignCenter();
    pos.bold(true);
    pos.println('CORNER SHOP');
    pos.bold(false);
    pos.alignLeft();
    pos.leftRight('Coffee', '12.00');
    pos.leftRight('Cake', '8.50');
    pos.drawLine();
    pos.leftRight('TOTAL', 'CNY 20.50');
    pos.println('CARD 622848******1234');
    pos.cut();
    const printed = receipts(printer);
    await pos.execute();
    await printed;
    const [entry] = printer.journal();
    assert.ok(entry);
    assert.equal(entry.cut, true);
    assert.equal(entry.complete, true);
    const lines = entry.receipt.text().split('\n').map((l) => l.trimEnd());
    assert.ok(lines.some((l) => l.trim() === 'CORNER SHOP'), lines.join('\n'));
    assert.ok(lines.includes(`Coffee${' '.repeat(48 - 'Coffee'.length - '12.00'.length)}12.00`), lines.join('\n'));
    assert.ok(lines.includes('CARD 622848******1234'));
  } finally {
    await stop();
  }
});

test("node-thermal-printer's status query (GS r 1 with waitForResponse) gets the emulator's real answer; paper out says so", async () => {
  const { printer, port, stop } = await netPrinter();
  try {
    const ask = async () => {
      // getStatus() is in the library (lib/core.js) but missing from its .d.ts; execute() resolves with the reply bytes
      const pos = client(port) as ThermalPrinter & { getStatus(): Promise<void> };
      await pos.getStatus();
      return [...((await pos.execute({ waitForResponse: true })) as unknown as Buffer)];
    };
    assert.deepEqual(await ask(), [0x00], 'paper present');
    printer.setFault({ kind: 'paper-near-end' });
    assert.deepEqual(await ask(), [0x03], 'near end: bits 0+1');
    printer.setFault({ kind: 'no-paper' });
    assert.deepEqual(await ask(), [0x0c], 'paper out: bits 2+3');
    printer.loadPaper();
    assert.deepEqual(await ask(), [0x00]);
  } finally {
    await stop();
  }
  assert.equal(await client(port).isPrinterConnected(), false, 'the printer is gone once stopped');
});

test('@node-escpos prints two jobs on one kept connection and reads DLE EOT 1–4 through getStatuses(); paper out and cover open say so', async () => {
  const { printer, port, stop } = await netPrinter();
  const device = new EscposNetwork('127.0.0.1', port);
  const quiet = console.log;
  console.log = () => undefined; // the adapter logs every byte the printer sends ("printer say: …")
  try {
    await new Promise<void>((resolve, reject) => device.open((err) => (err ? reject(err) : resolve())));
    const pos = new EscposPrinter(device, { encoding: 'ascii' });
    const two = receipts(printer, 2);
    pos.align('ct').text('CORNER SHOP').align('lt').text('TOTAL 20.50').cut();
    await pos.flush();
    pos.text('SECOND JOB').cut();
    await pos.flush();
    await two;
    assert.deepEqual(
      printer.journal().map((e) => [e.receipt.text().trim().split('\n').pop(), e.cut]),
      [
        ['TOTAL 20.50', true],
        ['SECOND JOB', true],
      ],
    );
    const bytes = async () => (await pos.getStatuses()).map((s) => s.byte & 0xff);
    assert.deepEqual(await bytes(), [0x12, 0x12, 0x12, 0x12], 'printer, roll paper sensor, offline cause, error cause: all ok');
    printer.setFault({ kind: 'no-paper' });
    const [printerByte, paper] = await bytes();
    assert.equal(printerByte! & 0x08, 0x08, 'offline bit');
    assert.equal(paper! & 0x60, 0x60, 'roll paper end');
    printer.loadPaper();
    printer.setFault({ kind: 'cover-open' });
    assert.equal((await bytes())[2]! & 0x04, 0x04, 'offline cause: cover open');
    await pos.close();
  } finally {
    console.log = quiet;
    device.close();
    await stop();
  }
});
