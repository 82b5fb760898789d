/**
 * Streams made by a maintained third-party encoder (@point-of-sale/receipt-printer-encoder)
 * decode to what was put in. The package is ESM-first; from these CommonJS tests it is
 * loaded with a dynamic import() (its "require" export condition would work too).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeEscPos, decodeEscPosReceipts, EscPosDecoder } from '../../../src/protocols/escpos';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Encoder = any;
let ReceiptPrinterEncoder: new (opts?: Record<string, unknown>) => Encoder;

before(async () => {
  const mod = (await import('@point-of-sale/receipt-printer-encoder')) as unknown as { default: typeof ReceiptPrinterEncoder };
  ReceiptPrinterEncoder = mod.default;
});

const MODELS = ['epson-tm-t88vi', 'xprinter-xp-n160ii', 'pos-5890', 'citizen-ct-s310ii'];

function salesSlip(columns: number, model: string): Uint8Array {
  const e = new ReceiptPrinterEncoder({ columns, printerModel: model });
  return e
    .initialize()
    .codepage('auto')
    .align('center')
    .bold(true)
    .line('POS SALES SLIP')
    .bold(false)
    .align('left')
    .line('MERCHANT COPY')
    .rule()
    .line('TID:12345678 MID:1234567')
    .line('CARD: 621094******0021 C')
    .table(
      [
        { width: 12, align: 'left' },
        { width: columns - 12, align: 'right' },
      ],
      [
        ['AMOUNT', 'CNY 128.00'],
        ['TRACE', '000123'],
      ],
    )
    .underline(true)
    .line('SIGNATURE')
    .underline(false)
    .size(2, 2)
    .line('THANKS')
    .size(1, 1)
    .barcode('6901234567892', 'ean13', 60)
    .barcode('REF-000123', 'code128', 50)
    .qrcode('https://pay.example/receipt?rrn=123456789012')
    .cut('partial')
    .line('Second slip')
    .barcode('12345670', 'ean8', 40)
    .cut()
    .encode();
}

for (const model of MODELS) {
  for (const columns of [32, 48] as const) {
    test(`receipt-printer-encoder (${model}, ${columns} columns) decodes to the text, barcodes and QR data put in`, () => {
      const bytes = Buffer.from(salesSlip(columns, model));
      const out = decodeEscPos(bytes, { columns });
      assert.deepEqual(out.unknown, [], JSON.stringify(out.unknown));
      assert.equal(out.receipts.length, 2);
      const [r1, r2] = out.receipts;
      const texts = r1.lines.map((l) => l.text.trim());
      for (const want of ['POS SALES SLIP', 'MERCHANT COPY', 'TID:12345678 MID:1234567', 'CARD: 621094******0021 C', 'SIGNATURE', 'THANKS']) {
        assert.ok(texts.includes(want), `${want} in ${JSON.stringify(texts)}`);
      }
      assert.ok(texts.some((t) => /^AMOUNT +CNY 128\.00$/.test(t)));
      assert.equal(r1.lines.find((l) => l.text.trim() === 'POS SALES SLIP')!.bold, true);
      assert.equal(r1.lines.find((l) => l.text.trim() === 'SIGNATURE')!.underline, true);
      const big = r1.lines.find((l) => l.text.trim() === 'THANKS')!;
      assert.deepEqual([big.width, big.height], [2, 2]);
      // the rule is a full-width line of box-drawing characters from the code page
      assert.ok(texts.some((t) => /^[─-]{20,}$/.test(t)), JSON.stringify(texts));
      // nothing wrapped: the encoder lays out for exactly this width
      for (const l of r1.lines) assert.ok([...l.text].length * l.width <= columns, l.text);
      assert.deepEqual(r1.barcodes, [
        { type: 'EAN13', data: '6901234567892' },
        { type: 'CODE128', data: 'REF-000123' },
      ]);
      assert.deepEqual(r1.qrcodes, [{ data: 'https://pay.example/receipt?rrn=123456789012' }]);
      assert.equal(r1.cut, true);
      assert.deepEqual(r2.lines.map((l) => l.text), ['Second slip']);
      assert.deepEqual(r2.barcodes, [{ type: 'EAN8', data: '12345670' }]);
      assert.equal(r2.cut, true);
    });
  }
}

test('receipt-printer-encoder: code pages (ESC t) decode accented text and the euro sign', () => {
  const e = new ReceiptPrinterEncoder({ columns: 48, printerModel: 'epson-tm-t88vi' });
  const bytes = Buffer.from(e.initialize().codepage('auto').line('Café crème 5,00 €').line('Grüße Ørsted Ñandú').cut().encode());
  const out = decodeEscPos(bytes);
  assert.deepEqual(out.receipts[0].lines.map((l) => l.text), ['Café crème 5,00 €', 'Grüße Ørsted Ñandú']);
});

test('receipt-printer-encoder: images (raster and column mode) come out with their size', () => {
  const px = (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(255) });
  for (const imageMode of ['raster', 'column'] as const) {
    const e = new ReceiptPrinterEncoder({ columns: 48, printerModel: 'epson-tm-t88vi', imageMode });
    const bytes = Buffer.from(e.initialize().image(px(64, 48), 64, 48, 'threshold').line('after image').cut().encode());
    const { receipts, unknown } = decodeEscPosReceipts(bytes);
    assert.deepEqual(unknown, []);
    assert.equal(receipts[0].images.length, 1, imageMode);
    assert.deepEqual([receipts[0].images[0].width, receipts[0].images[0].height], [64, 48], imageMode);
    assert.deepEqual(receipts[0].toJSON().lines.map((l) => l.text), ['after image']);
  }
});

test('receipt-printer-encoder stream with Chinese (GB18030 sent raw in Chinese mode), fed in 3-byte chunks', () => {
  const e = new ReceiptPrinterEncoder({ columns: 32, printerModel: 'pos-5890' });
  const slip = ['银联POS签购单', '商户名称：测试商户', '卡号：621094******0021', '金额：RMB 128.00'];
  e.initialize().raw([0x1c, 0x26]);
  for (const l of slip) e.raw([...iconv.encode(l + '\n', 'gb18030')]);
  const bytes = Buffer.from(e.raw([0x1c, 0x2e]).line('THANK YOU').cut().encode());
  const d = new EscPosDecoder({ columns: 32 });
  for (let k = 0; k < bytes.length; k += 3) d.push(bytes.subarray(k, k + 3));
  d.finish();
  assert.deepEqual(d.unknown, []);
  assert.deepEqual(
    d.receipts[0].toJSON().lines.map((l) => l.text),
    [...slip, 'THANK YOU'],
  );
});
