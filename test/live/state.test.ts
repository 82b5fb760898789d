/** What the bench page shows of a receipt: a terminal that prints the whole card number must not have it shown. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEscPosReceipts, renderReceiptPng } from '../../src/protocols/escpos';
import { maskedReceipt } from '../../src/live/state';

test("a receipt's image is drawn from a copy with every card number masked, laid out as printed", () => {
  const pan = '4761739001010010';
  const bytes = Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(`CARD ${pan}\n`), Buffer.from([0x1b, 0x45, 1]), Buffer.from(`${pan}\n`), Buffer.from([0x1b, 0x45, 0]), Buffer.from('TOTAL 25.00\n'), Buffer.from([0x1d, 0x56, 0x42, 0])]);
  const [receipt] = decodeEscPosReceipts(bytes, { columns: 32 }).receipts;
  assert.ok(receipt!.text().includes(pan), 'the paper has the whole number (a non-compliant terminal)');
  const masked = maskedReceipt(receipt!);
  assert.equal(masked.text(), receipt!.text().replaceAll(pan, '476173******0010'));
  assert.deepEqual(masked.lines.map((l) => [l.text.length, l.bold, l.segments.length]), receipt!.lines.map((l) => [l.text.length, l.bold, l.segments.length]));
  assert.ok(masked.lines.every((l) => l.segments.every((g) => !g.text.includes(pan))));
  assert.equal(masked.cut, receipt!.cut);
  const a = renderReceiptPng(receipt!);
  const b = renderReceiptPng(masked);
  assert.equal(a.readUInt32BE(16), b.readUInt32BE(16), 'same width');
  assert.equal(a.readUInt32BE(20), b.readUInt32BE(20), 'same height');
  assert.notDeepEqual(a, b, 'the digits drawn differ');
});
