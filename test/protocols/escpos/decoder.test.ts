import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import fc from 'fast-check';
import { decodeEscPos, decodeEscPosReceipts, EscPosDecoder, DecodeJson, code128Data } from '../../../src/protocols/escpos';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const b = (...parts: Array<number | number[] | string | Buffer>): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.isBuffer(p) ? p : Buffer.from(p))),
  );
const gb = (s: string): Buffer => iconv.encode(s, 'gb18030');

/** One stream with every command family of docs/domain.md §2. */
function everyCommand(): Buffer {
  const qrData = Buffer.from('https://pay.example/r?id=42');
  const qrStore = [GS, 0x28, 0x6b, (qrData.length + 3) & 0xff, (qrData.length + 3) >> 8, 0x31, 0x50, 0x30];
  return b(
    [ESC, 0x40],
    [ESC, 0x74, 0x00],
    [ESC, 0x61, 0x01],
    [ESC, 0x45, 0x01],
    'TITLE',
    [ESC, 0x45, 0x00],
    0x0a,
    [ESC, 0x61, 0x30],
    [ESC, 0x2d, 0x01],
    'under',
    [ESC, 0x2d, 0x00],
    0x0a,
    [ESC, 0x21, 0x30],
    'DW',
    [ESC, 0x21, 0x00],
    0x0a,
    [GS, 0x21, 0x11],
    'BIG',
    [GS, 0x21, 0x00],
    0x0a,
    [FS, 0x26],
    gb('银联POS签购单'),
    0x0a,
    [FS, 0x2e],
    [ESC, 0x24, 120, 0],
    'at10',
    [ESC, 0x5c, 24, 0],
    'rel',
    0x0a,
    [GS, 0x4c, 24, 0],
    [GS, 0x57, 0x40, 0x01],
    'margin',
    0x0a,
    [GS, 0x4c, 0, 0],
    [GS, 0x57, 0x40, 0x02],
    [ESC, 0x33, 40],
    [ESC, 0x32],
    [ESC, 0x64, 2],
    [GS, 0x68, 80],
    [GS, 0x77, 2],
    [GS, 0x48, 2],
    [GS, 0x6b, 2],
    '6901234567892',
    0x00,
    [GS, 0x6b, 73, 9],
    '{BABC-123',
    [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 0x06],
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31],
    qrStore,
    qrData,
    [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
    [GS, 0x76, 0x30, 0x00, 2, 0, 3, 0],
    [0xff, 0x00, 0x81, 0x01, 0x3c, 0x3c],
    [ESC, 0x2a, 33, 2, 0],
    [0xff, 0, 0, 0xff, 0, 0],
    0x0a,
    [0x10, 0x04, 0x01],
    [GS, 0x72, 0x01],
    [GS, 0x56, 0x42, 0x03],
    'tail line',
    0x0a,
  );
}

function decodeSplit(buf: Buffer, cuts: number[], opts = {}): DecodeJson {
  const d = new EscPosDecoder(opts);
  let prev = 0;
  for (const c of [...cuts, buf.length]) {
    d.push(buf.subarray(prev, c));
    prev = c;
  }
  d.finish();
  return {
    receipts: d.receipts.map((r) => r.toJSON()),
    unknown: d.unknown.map((u) => ({ offset: u.offset, bytes: u.bytes.toString('hex') })),
  };
}

test('every command family decodes to the expected receipt model', () => {
  const out = decodeEscPos(everyCommand());
  assert.deepEqual(out.unknown, []);
  assert.equal(out.receipts.length, 2);
  const [r1, r2] = out.receipts;
  assert.equal(r1.cut, true);
  assert.equal(r2.cut, false);
  const texts = r1.lines.map((l) => l.text);
  assert.deepEqual(texts, ['TITLE', 'under', 'DW', 'BIG', '银联POS签购单', '          at10  rel', 'margin']);
  assert.deepEqual(r1.lines[0], { text: 'TITLE', bold: true, underline: false, align: 'center', width: 1, height: 1 });
  assert.equal(r1.lines[1].underline, true);
  assert.equal(r1.lines[1].align, 'left');
  assert.deepEqual([r1.lines[2].width, r1.lines[2].height], [2, 2]);
  assert.deepEqual([r1.lines[3].width, r1.lines[3].height], [2, 2]);
  assert.deepEqual(r1.barcodes, [
    { type: 'EAN13', data: '6901234567892' },
    { type: 'CODE128', data: 'ABC-123' },
  ]);
  assert.deepEqual(r1.qrcodes, [{ data: 'https://pay.example/r?id=42' }]);
  assert.deepEqual(r1.images, [
    { width: 16, height: 3 },
    { width: 2, height: 24 },
  ]);
  assert.deepEqual(r2.lines.map((l) => l.text), ['tail line']);
});

test('the full model keeps HRI, QR settings, image bits and margins', () => {
  const { receipts } = decodeEscPosReceipts(everyCommand());
  const r = receipts[0];
  assert.equal(r.barcodes[0].hri, 'below');
  assert.equal(r.barcodes[0].heightDots, 80);
  assert.equal(r.barcodes[0].moduleWidth, 2);
  assert.equal(r.qrcodes[0].moduleSize, 6);
  assert.equal(r.qrcodes[0].errorCorrection, 'M');
  assert.equal(r.qrcodes[0].model, 2);
  assert.deepEqual([...r.images[0].bitmap], [0xff, 0x00, 0x81, 0x01, 0x3c, 0x3c]);
  // ESC * column data: column 0 = ff 00 00 (top 8 dots), column 1 = ff 00 00
  const img = r.images[1];
  assert.equal(img.bitmap[0], 0xc0);
  assert.equal(img.bitmap[8], 0x00);
  const margin = r.lines.find((l) => l.text === 'margin')!;
  assert.equal(margin.leftMarginDots, 24);
  assert.equal(margin.areaDots, 320);
  assert.match(r.text(), /^ +TITLE$/m);
  assert.match(r.text(), /^  margin$/m);
});

test('every command split at every byte boundary decodes the same', () => {
  const buf = everyCommand();
  const whole = decodeSplit(buf, []);
  for (let k = 1; k < buf.length; k++) {
    assert.deepEqual(decodeSplit(buf, [k]), whole, `split at byte ${k}`);
  }
  // and one byte at a time
  assert.deepEqual(
    decodeSplit(
      buf,
      Array.from({ length: buf.length - 1 }, (_, i) => i + 1),
    ),
    whole,
  );
});

test('random splits (seeded property) decode the same', () => {
  const buf = everyCommand();
  const whole = decodeSplit(buf, []);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: buf.length - 1 }), { maxLength: 40 }), (cuts) => {
      assert.deepEqual(decodeSplit(buf, cuts.sort((a, b2) => a - b2)), whole);
    }),
    { seed: 4242, numRuns: 200 },
  );
});

test('GB18030 characters split across chunks (2- and 4-byte forms)', () => {
  const text = '商户名称：测试商户€😀ḿ';
  const bytes = b(gb(text), 0x0a, [GS, 0x56, 0x00]);
  assert.ok(bytes.length > text.length);
  for (let k = 1; k < bytes.length; k++) {
    const out = decodeSplit(bytes, [k]);
    assert.equal(out.receipts[0].lines[0].text, text, `split at ${k}`);
  }
  // every byte on its own
  const d = new EscPosDecoder();
  for (const x of bytes) d.push(Buffer.from([x]));
  assert.equal(d.receipts[0].lines[0].text, text);
});

test('Chinese mode: FS . switches to the code table, FS & back; a cp437 printer needs FS &', () => {
  const bytes = b([FS, 0x2e], [ESC, 0x74, 16], Buffer.from([0xe9]), 0x0a, [FS, 0x26], gb('中文'), 0x0a);
  const out = decodeEscPos(bytes);
  assert.deepEqual(out.receipts[0].lines.map((l) => l.text), ['é', '中文']);
  const cp = decodeEscPos(b(Buffer.from([0x82, 0x9a]), 0x0a, [FS, 0x26], gb('中'), 0x0a), { encoding: 'cp437' });
  assert.deepEqual(cp.receipts[0].lines.map((l) => l.text), ['éÜ', '中']);
});

test('layout: wrapping on 32 and 48 columns, CJK characters take two columns', () => {
  const line = 'x'.repeat(40);
  const r48 = decodeEscPos(b(line, 0x0a), { columns: 48 });
  assert.deepEqual(r48.receipts[0].lines.map((l) => l.text), [line]);
  const r32 = decodeEscPos(b(line, 0x0a), { columns: 32 });
  assert.deepEqual(r32.receipts[0].lines.map((l) => l.text), ['x'.repeat(32), 'x'.repeat(8)]);
  const cjk = '汉'.repeat(20);
  const c32 = decodeEscPos(b(gb(cjk), 0x0a), { columns: 32 });
  assert.deepEqual(c32.receipts[0].lines.map((l) => l.text), ['汉'.repeat(16), '汉'.repeat(4)]);
  const c48 = decodeEscPos(b(gb(cjk + cjk), 0x0a), { columns: 48 });
  assert.deepEqual(c48.receipts[0].lines.map((l) => l.text.length), [24, 16]);
  // double width halves the capacity
  const dw = decodeEscPos(b([GS, 0x21, 0x10], 'y'.repeat(20), 0x0a), { columns: 32 });
  assert.deepEqual(dw.receipts[0].lines.map((l) => l.text), ['y'.repeat(16), 'y'.repeat(4)]);
});

test('text() places lines by alignment with CJK width', () => {
  const { receipts } = decodeEscPosReceipts(b([ESC, 0x61, 1], gb('签购单'), 0x0a, [ESC, 0x61, 2], 'R', 0x0a), { columns: 32 });
  const lines = receipts[0].text().split('\n');
  assert.equal(lines[0], ' '.repeat(13) + '签购单');
  assert.equal(lines[1], ' '.repeat(31) + 'R');
});

test('cuts: GS V forms end receipts; feed-only receipts are dropped; trailing bytes give cut:false', () => {
  const bytes = b('a', 0x0a, [GS, 0x56, 0x01], 0x0a, 0x0a, [GS, 0x56, 0x30], 'b', 0x0a, [GS, 0x56, 65, 5], 'c', 0x0a, [ESC, 0x69], 'd');
  const out = decodeEscPos(bytes);
  assert.deepEqual(
    out.receipts.map((r) => [r.lines.map((l) => l.text).join('|'), r.cut]),
    [
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', false],
    ],
  );
  const { receipts } = decodeEscPosReceipts(bytes);
  assert.equal(receipts[0].cutType, 'partial');
  assert.equal(receipts[1].cutType, 'full');
});

test('barcodes: both GS k forms, all systems named, CODE128 code sets', () => {
  const out = decodeEscPos(
    b([GS, 0x6b, 0], '012345678905', 0, [GS, 0x6b, 4], '*AB-12*', 0, [GS, 0x6b, 69, 5], 'HELLO', [GS, 0x6b, 72, 3], 'ABC', [GS, 0x6b, 73, 6], [0x7b, 0x43, 12, 34, 56, 7]),
  );
  assert.deepEqual(out.receipts[0].barcodes, [
    { type: 'UPC-A', data: '012345678905' },
    { type: 'CODE39', data: '*AB-12*' },
    { type: 'CODE39', data: 'HELLO' },
    { type: 'CODE93', data: 'ABC' },
    { type: 'CODE128', data: '12345607' },
  ]);
  assert.equal(code128Data(Buffer.from('{A12{B{{x')), '12{x');
});

test('2D symbols other than QR are reported as barcodes', () => {
  const data = Buffer.from('PDF-DATA');
  const out = decodeEscPos(b([GS, 0x28, 0x6b, data.length + 3, 0, 0x30, 0x50, 0x30], data, [GS, 0x28, 0x6b, 3, 0, 0x30, 0x51, 0x30]));
  assert.deepEqual(out.receipts[0].barcodes, [{ type: 'PDF417', data: 'PDF-DATA' }]);
});

test('graphics: GS ( L store + print, GS 8 L, consecutive ESC * bands merge', () => {
  const body = [0x30, 112, 0x30, 1, 1, 0x31, 16, 0, 2, 0, 0xaa, 0x55, 0x0f, 0xf0];
  const gsParenL = [GS, 0x28, 0x4c, body.length, 0, ...body];
  const print = [GS, 0x28, 0x4c, 2, 0, 0x30, 50];
  const gs8L = [GS, 0x38, 0x4c, body.length, 0, 0, 0, ...body];
  const band = [ESC, 0x2a, 33, 4, 0, ...new Array(12).fill(0x80)];
  const out = decodeEscPos(b(gsParenL, print, gs8L, print, band, 0x0a, band, 0x0a, 'x', 0x0a));
  assert.deepEqual(out.receipts[0].images, [
    { width: 16, height: 2 },
    { width: 16, height: 2 },
    { width: 4, height: 48 },
  ]);
  assert.deepEqual(out.receipts[0].lines.map((l) => l.text), ['x']);
});

test('unknown and malformed commands are recorded with offsets and the decoder resynchronises', () => {
  const bytes = b('ok', [ESC, 0x99], 'A', [GS, 0x56, 0x07], 'B', 0x07, [GS, 0x6b, 0x55], 'C', 0x0a, [GS, 0x21, 0x99], [ESC, 0x61, 9], 'D', 0x0a);
  const out = decodeEscPos(bytes);
  assert.deepEqual(out.unknown, [
    { offset: 2, bytes: '1b99' },
    { offset: 5, bytes: '1d5607' },
    { offset: 9, bytes: '07' },
    { offset: 10, bytes: '1d6b55' },
    { offset: 15, bytes: '1d2199' },
    { offset: 18, bytes: '1b6109' },
  ]);
  assert.deepEqual(out.receipts[0].lines.map((l) => l.text), ['okABC', 'D']);
});

test('a command cut off by the end of the stream is reported as truncated', () => {
  const { unknown } = decodeEscPosReceipts(b('x', 0x0a, [GS, 0x76, 0x30, 0, 10, 0, 10, 0, 1, 2, 3]));
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].offset, 2);
  assert.match(unknown[0].reason, /truncated/);
});

test('never throws on arbitrary bytes (seeded property), and split input gives the same result', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (arr, step) => {
      const buf = Buffer.from(arr);
      const whole = decodeSplit(buf, []);
      const cuts: number[] = [];
      for (let k = step; k < buf.length; k += step) cuts.push(k);
      assert.deepEqual(decodeSplit(buf, cuts), whole);
    }),
    { seed: 7, numRuns: 300 },
  );
});

test('mini thermal printer extras (ESC 7, ESC 8, DC2 #, DC2 T, ESC SO/DC4) are understood', () => {
  const out = decodeEscPos(b([ESC, 0x37, 7, 80, 2], [ESC, 0x38, 0, 0], [0x12, 0x23, 0x5f], [0x12, 0x54], [ESC, 0x0e], 'W', [ESC, 0x14], 'n', 0x0a));
  assert.deepEqual(out.unknown, []);
  assert.deepEqual(out.receipts[0].lines.map((l) => [l.text, l.width]), [['Wn', 2]]);
});

test('host requests are events, not paper', () => {
  const seen: string[] = [];
  const d = new EscPosDecoder({ onEvent: (e) => e.type === 'request' && seen.push(`${e.command} ${e.n}@${e.offset}`) });
  d.push(b([0x10, 0x04, 0x04], 'x', [GS, 0x72, 0x31], [GS, 0x61, 0xff], [GS, 0x49, 0x01], [0x10, 0x05, 0x02]));
  assert.deepEqual(seen, ['DLE EOT 4@0', 'GS r 49@4', 'GS a 255@7', 'GS I 1@10', 'DLE ENQ 2@13']);
});

test('an unknown encoding name is a typed error', () => {
  assert.throws(() => new EscPosDecoder({ encoding: 'klingon' }), { code: 'ESCPOS_ENCODING' });
});

test('an automatically wrapped line ends at the byte where it wrapped, however the stream was split', () => {
  const lineEvents = (buf: Buffer, cuts: number[], encoding: string) => {
    const out: Array<[string, number, number]> = [];
    const d = new EscPosDecoder({ columns: 48, encoding, onEvent: (e) => e.type === 'line' && out.push([e.line.text, e.offset, e.end]) });
    let p = 0;
    for (const c of [...cuts, buf.length]) {
      d.push(buf.subarray(p, c));
      p = c;
    }
    d.finish();
    return out;
  };
  // 60 single-byte characters after ESC @ (2 bytes): wraps after 48, i.e. at byte 50
  const ascii = b([ESC, 0x40], 'A'.repeat(60), 0x0a);
  const want: Array<[string, number, number]> = [
    ['A'.repeat(48), 0, 50],
    ['A'.repeat(12), 50, 63],
  ];
  for (const cuts of [[], [10], [49], [51], [10, 30, 55]]) assert.deepEqual(lineEvents(ascii, cuts, 'cp437'), want, `cp437 split ${cuts}`);
  // GB18030: an ASCII prefix, then 30 two-byte CJK characters (24 per line): wraps at byte 2 + 2 + 2·22 = 48
  const cjk = b([ESC, 0x40], 'AB', gb('测'.repeat(30)), 0x0a);
  const wantCjk: Array<[string, number, number]> = [
    ['AB' + '测'.repeat(23), 0, 50],
    ['测'.repeat(7), 50, 65],
  ];
  for (const cuts of [[], [9], [51], [3, 20, 40, 60]]) assert.deepEqual(lineEvents(cjk, cuts, 'gb18030'), wantCjk, `gb18030 split ${cuts}`);
});

test('GB18030: an invalid lead byte and a digit at a chunk end are decided by the third byte, not left waiting for a fourth', () => {
  const lines = (buf: Buffer, cuts: number[]) => {
    const d = new EscPosDecoder({ encoding: 'gb18030' });
    let p = 0;
    for (const c of [...cuts, buf.length]) {
      d.push(buf.subarray(p, c));
      p = c;
    }
    return d;
  };
  const buf = b(gb('み'), [0xc0, 0x39], 0x0a); // C0 39 cannot start a 4-byte character when LF follows
  const whole = lines(buf, []);
  whole.finish();
  const split = lines(buf, [4]);
  assert.equal(split.currentReceipt()?.lines.map((l) => l.text).join('|'), 'み\ufffd9', 'the LF printed the line at once');
  split.finish();
  assert.deepEqual(split.receipts.map((r) => r.text()), whole.receipts.map((r) => r.text()));
  assert.deepEqual(split.unknown, []);
});

test('wrapping counts cells like the unwrapped path (a single-byte 0x80 is one cell in Chinese mode), whatever the chunking', () => {
  const buf = b('A'.repeat(30), Buffer.alloc(20, 0x80), 0x0a);
  const texts = (cuts: number[]) => {
    const d = new EscPosDecoder({ columns: 48, encoding: 'gb18030' });
    let p = 0;
    for (const c of [...cuts, buf.length]) {
      d.push(buf.subarray(p, c));
      p = c;
    }
    d.finish();
    return d.receipts.flatMap((r) => r.lines.map((l) => [l.text, l.segments.reduce((a, s) => a + s.widthDots, 0)]));
  };
  const e = iconv.decode(Buffer.from([0x80]), 'gb18030');
  const want = [
    ['A'.repeat(30) + e.repeat(18), 576],
    [e.repeat(2), 24],
  ];
  for (const cuts of [[], [40], [30, 40], [45]]) assert.deepEqual(texts(cuts), want, `split ${cuts}`);
});
