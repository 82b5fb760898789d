/**
 * Barcodes and QR codes in the receipt PNG are real symbols: the modules read back from the
 * PNG's pixels (decoded with @napi-rs/canvas, not with our encoder) match bwip-js's raw
 * matrix / bar pattern for the same data. No QR decoder is installed in the project, so
 * "scannable" is checked as "exactly the symbol bwip-js encodes for that data".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import bwipjs = require('bwip-js');
import { decodeEscPosReceipts, renderReceiptPng } from '../../../src/protocols/escpos';
import type { ReceiptBarcode } from '../../../src/protocols/escpos/receipt';
import { barcodeLayout, qrLayout } from '../../../src/protocols/escpos/symbols';
import { pixels, type Gray } from './png-pixels.helpers';

const ESC = 0x1b;
const GS = 0x1d;
const b = (...parts: Array<number | number[] | string | Buffer>): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.isBuffer(p) ? p : Buffer.from(p))),
  );

/** GS ( k: QR model 2, module size, EC level ('0'..'3' = L M Q H), store, print. */
function qrBytes(data: Buffer, size: number, ec: 'L' | 'M' | 'Q' | 'H'): Buffer {
  const n = data.length + 3;
  return b(
    [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, size],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x30 + 'LMQH'.indexOf(ec)],
    [GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30],
    data,
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
  );
}

/** Ink only (#111): grey placeholders, cut marks and notes are lighter. */
const dark = (g: Gray, x: number, y: number): boolean => g.px[y * g.w + x] < 64;

function darkBox(g: Gray): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < g.h; y++) {
    for (let x = 0; x < g.w; x++) {
      if (!dark(g, x, y)) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

type RawMatrix = { pixs: number[]; pixx: number; pixy: number };
type RawBars = { sbs: number[] };

function rawMatrix(opts: Record<string, unknown>): RawMatrix {
  return (bwipjs.raw(opts as unknown as bwipjs.RawOptions) as unknown as RawMatrix[])[0];
}
function rawBars(opts: Record<string, unknown>): RawBars {
  return (bwipjs.raw(opts as unknown as bwipjs.RawOptions) as unknown as RawBars[])[0];
}

/** Render the only receipt of `bytes` and read the drawn QR's modules back from the PNG. */
async function qrFromPng(bytes: Buffer, moduleSize: number): Promise<{ cols: number; rows: number; bits: number[] }> {
  const { receipts } = decodeEscPosReceipts(bytes, { columns: 48 });
  assert.equal(receipts.length, 1);
  const g = await pixels(renderReceiptPng(receipts[0]));
  const box = darkBox(g);
  assert.ok(box, 'something is drawn in ink');
  const cols = (box.x1 - box.x0) / moduleSize;
  const rows = (box.y1 - box.y0) / moduleSize;
  assert.ok(Number.isInteger(cols) && Number.isInteger(rows), `symbol ${box.x1 - box.x0}×${box.y1 - box.y0} px is whole ${moduleSize}-dot modules`);
  const bits: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x: number = box.x0 + c * moduleSize;
      const y: number = box.y0 + r * moduleSize;
      // Every pixel of the module agrees (crisp, unblurred modules).
      const v = dark(g, x, y);
      for (let dy = 0; dy < moduleSize; dy++) for (let dx = 0; dx < moduleSize; dx++) assert.equal(dark(g, x + dx, y + dy), v, `module ${c},${r} is uniform`);
      bits.push(v ? 1 : 0);
    }
  }
  return { cols, rows, bits };
}

/** Element widths (bar first) along the middle row of the ink box, and the box. */
async function barsFromPng(png: Buffer): Promise<{ widths: number[]; box: { x0: number; y0: number; x1: number; y1: number }; g: Gray }> {
  const g = await pixels(png);
  const box = darkBox(g);
  assert.ok(box, 'bars are drawn in ink');
  const y = Math.floor((box.y0 + box.y1) / 2);
  const widths: number[] = [];
  let run = 0;
  let cur = true;
  for (let x = box.x0; x < box.x1; x++) {
    const v = dark(g, x, y);
    if (v === cur) run++;
    else {
      widths.push(run);
      cur = v;
      run = 1;
    }
  }
  widths.push(run);
  return { widths, box, g };
}

test('a QR code is drawn module for module as bwip-js encodes its data (module size and EC level from GS ( k)', async () => {
  const data = 'https://pay.example/r?stan=42&amt=12800';
  const got = await qrFromPng(b([ESC, 0x40, ESC, 0x61, 1], qrBytes(Buffer.from(data), 5, 'Q'), [GS, 0x56, 0]), 5);
  const want = rawMatrix({ bcid: 'qrcode', text: data, eclevel: 'Q' });
  assert.equal(got.cols, want.pixx);
  assert.equal(got.rows, want.pixy);
  assert.deepEqual(got.bits, want.pixs);
  // The EC level matters: level L gives another symbol for the same data.
  assert.notDeepEqual(got.bits, rawMatrix({ bcid: 'qrcode', text: data, eclevel: 'L' }).pixs);
});

test('QR payload bytes are kept: UTF-8 Chinese and non-UTF-8 (GBK) payloads encode the bytes the host sent', async () => {
  const utf8 = '银联POS 签购单 ¥128.00';
  const got = await qrFromPng(b(qrBytes(Buffer.from(utf8, 'utf8'), 4, 'M'), [GS, 0x56, 0]), 4);
  assert.deepEqual(got.bits, rawMatrix({ bcid: 'qrcode', text: utf8, eclevel: 'M' }).pixs); // bwip-js sends text as UTF-8

  const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x20, 0x50, 0x4f, 0x53]); // "你好 POS" in GBK: not UTF-8
  const got2 = await qrFromPng(b(qrBytes(gbk, 3, 'L'), [GS, 0x56, 0]), 3);
  assert.deepEqual(got2.bits, rawMatrix({ bcid: 'qrcode', text: gbk.toString('latin1'), binarytext: true, eclevel: 'L' }).pixs);
});

test('an EAN-13 bar pattern matches bwip-js at GS w module width and GS h height', async () => {
  const { receipts } = decodeEscPosReceipts(b([GS, 0x68, 60, GS, 0x77, 2, GS, 0x48, 0, GS, 0x6b, 67, 12], '690123456789', [GS, 0x56, 0]), { columns: 32 });
  const { widths, box } = await barsFromPng(renderReceiptPng(receipts[0]));
  const want = rawBars({ bcid: 'ean13', text: '690123456789' }).sbs.map((u) => u * 2);
  assert.deepEqual(widths, want);
  assert.equal(box.x1 - box.x0, 95 * 2, '95 modules of 2 dots');
  assert.equal(box.y1 - box.y0, 60, 'GS h 60: bars 60 dots high, no HRI');
});

test('HRI below / above adds the digits (with the check digit) in ink outside the bars', async () => {
  const render = (hri: number) => {
    const { receipts } = decodeEscPosReceipts(b([GS, 0x68, 50, GS, 0x77, 3, GS, 0x48, hri, GS, 0x6b, 2], '690123456789', 0, [GS, 0x56, 0]), { columns: 48 });
    return renderReceiptPng(receipts[0]);
  };
  const none = await barsFromPng(render(0));
  const below = await barsFromPng(render(2));
  const both = await barsFromPng(render(3));
  assert.equal(none.box.y1 - none.box.y0, 50);
  assert.ok(below.box.y1 - below.box.y0 > 60, 'ink below the bars');
  assert.equal(below.box.y0, none.box.y0, 'bars start at the same place');
  assert.ok(both.box.y1 - both.box.y0 > below.box.y1 - below.box.y0 + 20, 'ink above and below');
  assert.ok(below.g.h > none.g.h && both.g.h > below.g.h, 'each HRI line makes the paper longer');
  const layout = barcodeLayout({ type: 'EAN13', data: '690123456789', hri: 'below', heightDots: 50, moduleWidth: 3, align: 'left' }, 576);
  assert.equal(layout.kind, 'linear');
  if (layout.kind === 'linear') assert.equal(layout.hri, '6901234567892');
});

test('CODE128: the {A {B {C code-set prefixes are not data; the symbol is CODE128 of the decoded text', async () => {
  // {B "RRN" {C 00 00 01 → "RRN000001"
  const { receipts } = decodeEscPosReceipts(b([GS, 0x48, 0, GS, 0x77, 2, GS, 0x6b, 73, 10, 0x7b, 0x42], 'RRN', [0x7b, 0x43, 0, 0, 1], [GS, 0x56, 0]), { columns: 48 });
  assert.equal(receipts[0].barcodes[0].data, 'RRN000001');
  const { widths } = await barsFromPng(renderReceiptPng(receipts[0]));
  assert.deepEqual(widths, rawBars({ bcid: 'code128', text: 'RRN000001' }).sbs.map((u) => u * 2));
  assert.notDeepEqual(widths, rawBars({ bcid: 'code128', text: '{BRRN{C000001' }).sbs.map((u) => u * 2));
});

test('every ESC/POS 1D type maps to its bwip-js encoder; binary symbologies use the GS w narrow:wide table', () => {
  const cases: Array<[string, string, string, string]> = [
    // model type, model data, bwip-js encoder, bwip-js text
    ['UPC-A', '01234567890', 'upca', '01234567890'],
    ['UPC-E', '123456', 'upce', '0123456'],
    ['UPC-E', '01234565', 'upce', '01234565'],
    ['EAN13', '6901234567892', 'ean13', '6901234567892'],
    ['EAN8', '1234567', 'ean8', '1234567'],
    ['CODE39', '*ABC-12*', 'code39', 'ABC-12'],
    ['CODE39', 'ABC-12', 'code39', 'ABC-12'],
    ['ITF', '123456', 'interleaved2of5', '123456'],
    ['CODABAR', 'a1234b', 'rationalizedCodabar', 'A1234B'],
    ['CODE93', 'Code-93', 'code93ext', 'Code-93'],
    ['CODE128', 'RRN0000001', 'code128', 'RRN0000001'],
    ['CODE128-AUTO', 'abc123', 'code128', 'abc123'],
    ['GS1-DATABAR-OMNI', '2401234567890', 'databaromni', '(01)24012345678905'],
  ];
  for (const [type, data, bcid, text] of cases) {
    const bc: ReceiptBarcode = { type, data, hri: 'none', heightDots: 40, moduleWidth: 2, align: 'left' };
    const l = barcodeLayout(bc, 576);
    assert.equal(l.kind, 'linear', `${type} ${data}: ${l.kind === 'error' ? l.message : ''}`);
    if (l.kind !== 'linear') continue;
    assert.equal(l.bcid, bcid);
    const sbs = rawBars({ bcid, text }).sbs;
    assert.equal(l.widths.length, sbs.length, type);
    if (type === 'CODE39' || type === 'ITF' || type === 'CODABAR') {
      assert.deepEqual(l.widths, sbs.map((u) => (u > 1.5 ? 5 : 2)), `${type}: GS w 2 → narrow 2, wide 5`);
    } else {
      assert.deepEqual(l.widths, sbs.map((u) => u * 2), type);
    }
    assert.equal(l.heightDots, 40);
  }
  // GS ( k 2D symbols other than QR: PDF417 rows are 3 modules high, as the printer's default.
  const pdf = barcodeLayout({ type: 'PDF417', data: 'hello world', hri: 'none', heightDots: 0, moduleWidth: 0, align: 'left' }, 576);
  const pdfRaw = rawMatrix({ bcid: 'pdf417', text: 'hello world' });
  assert.ok(pdf.kind === 'matrix', pdf.kind === 'error' ? pdf.message : '');
  assert.deepEqual([pdf.cols, pdf.rows * 3, pdf.module, pdf.moduleHeight], [pdfRaw.pixx, pdfRaw.pixy, 3, 9]);
  assert.deepEqual([...pdf.pixs], pdfRaw.pixs);
  const dm = barcodeLayout({ type: 'DATAMATRIX', data: 'hello', hri: 'none', heightDots: 0, moduleWidth: 0, align: 'left' }, 576);
  assert.ok(dm.kind === 'matrix' && dm.moduleHeight === dm.module);
  const c39 = barcodeLayout({ type: 'CODE39', data: 'AB', hri: 'none', heightDots: 40, moduleWidth: 3, align: 'left' }, 576);
  assert.ok(c39.kind === 'linear' && new Set(c39.widths).size === 2 && c39.widths.every((w) => w === 3 || w === 8), 'GS w 3 → 3:8');
});

test('data a symbology cannot encode falls back to a grey placeholder with the reason; rendering never throws', async () => {
  const bad: ReceiptBarcode[] = [
    { type: 'EAN13', data: '6901234567890', hri: 'below', heightDots: 60, moduleWidth: 2, align: 'left' }, // bad check digit
    { type: 'EAN13', data: 'ABC', hri: 'none', heightDots: 60, moduleWidth: 2, align: 'center' },
    { type: 'CODE39', data: 'lower case', hri: 'above', heightDots: 60, moduleWidth: 2, align: 'left' },
    { type: 'ITF', data: '12A4', hri: 'both', heightDots: 60, moduleWidth: 2, align: 'right' },
    { type: 'CODABAR', data: '1234', hri: 'none', heightDots: 60, moduleWidth: 2, align: 'left' },
    { type: 'CODE128', data: 'X'.repeat(40), hri: 'none', heightDots: 60, moduleWidth: 6, align: 'left' }, // wider than the paper
    { type: 'MAXICODE', data: 'hello', hri: 'none', heightDots: 0, moduleWidth: 0, align: 'left' },
    { type: 'NO-SUCH', data: 'x', hri: 'none', heightDots: 0, moduleWidth: 0, align: 'left' },
    { type: 'CODE128', data: '', hri: 'none', heightDots: 60, moduleWidth: 2, align: 'left' },
  ];
  const reasons = bad.map((bc) => barcodeLayout(bc, 576));
  for (const [k, r] of reasons.entries()) assert.equal(r.kind, 'error', `${bad[k].type} ${bad[k].data}`);
  assert.match((reasons[0] as { message: string }).message, /check digit/i);
  assert.match((reasons[5] as { message: string }).message, /wider|dots wide/);
  assert.doesNotMatch((reasons[1] as { message: string }).message, /^bwipp\./, 'bwip-js error id stripped');

  const tooLong = { data: 'x'.repeat(3000), model: 2, moduleSize: 3, errorCorrection: 'H' as const, align: 'left' as const };
  assert.equal(qrLayout(tooLong, 576).kind, 'error');
  assert.equal(qrLayout({ ...tooLong, data: '' }, 576).kind, 'error');
  assert.equal(qrLayout({ ...tooLong, data: 'https://pay.example/r', moduleSize: 16 }, 384).kind, 'error', '29 modules × 16 dots > 384');

  // Through the renderer: a receipt made only of unencodable symbols has no ink at all (no fake symbol).
  const { receipts } = decodeEscPosReceipts(b([GS, 0x48, 0, GS, 0x6b, 2], 'ABC', 0, [GS, 0x6b, 4], 'bad*', 0, [GS, 0x56, 0]), { columns: 48 });
  const r = receipts[0];
  r.items.push({ kind: 'qrcode', qrcode: tooLong });
  for (const bc of bad) r.items.push({ kind: 'barcode', barcode: bc });
  let png: Buffer | undefined;
  assert.doesNotThrow(() => {
    png = renderReceiptPng(r);
  });
  const g = await pixels(png!);
  const inkRows = new Set<number>();
  for (let y = 0; y < g.h; y++) for (let x = 0; x < g.w; x++) if (dark(g, x, y)) inkRows.add(y);
  // Only the HRI-above / both data text of the placeholders is in ink, never bars.
  assert.ok(inkRows.size < 3 * 30, `only a few text rows in ink, got ${inkRows.size}`);
});

test('symbols are cached: re-rendering a receipt with a QR code and barcodes is fast', () => {
  const { receipts } = decodeEscPosReceipts(
    b(qrBytes(Buffer.from('https://pay.example/r?stan=777&amt=100'), 4, 'M'), [GS, 0x6b, 67, 13], '6901234567892', [GS, 0x56, 0]),
    { columns: 48 },
  );
  renderReceiptPng(receipts[0]);
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) renderReceiptPng(receipts[0]);
  assert.ok((performance.now() - t0) / 5 < 200, 'cached re-render well under 200 ms');
});
