import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { Command } from 'commander';
import { CJK_FONT_PATH, decodeEscPosReceipts, FONT_ENV, receiptFontInfo, renderReceiptPng } from '../../../src/protocols/escpos';
import { decodeEscPosForCli, hexDumpToBytes, maskCardNumbers, registerDecodeEscPos, runDecodeEscPos } from '../../../src/cli/commands/decode-escpos';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function slip(): Buffer {
  return Buffer.concat([
    Buffer.from([0x1b, 0x40, 0x1b, 0x61, 0x01, 0x1d, 0x21, 0x11]),
    iconv.encode('银联POS签购单\n', 'gb18030'),
    Buffer.from([0x1d, 0x21, 0x00, 0x1b, 0x61, 0x00]),
    iconv.encode('卡号 4761739001010010\n', 'gb18030'),
    Buffer.from('AMOUNT           RMB 12.00\n'),
    Buffer.from([0x1d, 0x6b, 67, 13]),
    Buffer.from('6901234567892'),
    Buffer.from([0x1d, 0x56, 0x00]),
    Buffer.from('unfinished'),
    Buffer.from([0x1b, 0x99]),
  ]);
}

test('renderReceiptPng gives a PNG of paper width; the system CJK font is used when installed', () => {
  const { receipts } = decodeEscPosReceipts(slip(), { columns: 32 });
  const png = renderReceiptPng(receipts[0]);
  assert.deepEqual(png.subarray(0, 8), PNG_MAGIC);
  const width = png.readUInt32BE(16);
  assert.equal(width, 32 * 12 + 32);
  const info = receiptFontInfo();
  assert.equal(info.available, true, 'Chinese renders: the system font or the npm one');
  if (!process.env[FONT_ENV]) assert.equal(info.source, existsSync(CJK_FONT_PATH) ? 'system' : 'npm');
});

test('a missing system font falls back to the npm font; forcing the system font gives a note instead of failing', () => {
  const saved = process.env[FONT_ENV];
  try {
    delete process.env[FONT_ENV];
    const npm = receiptFontInfo('/nonexistent/font.ttc');
    assert.equal(npm.source, 'npm');
    assert.equal(npm.available, true);
    assert.match(npm.reason, /\/nonexistent\/font.ttc not found, so @fontsource-variable\/noto-sans-sc/);
    process.env[FONT_ENV] = 'system';
    const none = receiptFontInfo('/nonexistent/font.ttc');
    assert.equal(none.available, false);
    assert.match(none.note!, /apt-get install -y fonts-wqy-microhei/);
    process.env[FONT_ENV] = 'serif';
    assert.throws(() => receiptFontInfo(), /POSBENCH_FONT must be system, npm or auto, not "serif"/);
  } finally {
    if (saved === undefined) delete process.env[FONT_ENV];
    else process.env[FONT_ENV] = saved;
    receiptFontInfo(); // back to the real font for other tests
  }
});

test('PNG of a 40-line receipt renders in well under a second', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(2, '0')} ITEM 商品 ${'x'.repeat(i % 20)}  12.00\n`).join('');
  const { receipts } = decodeEscPosReceipts(Buffer.concat([iconv.encode(lines, 'gb18030'), Buffer.from([0x1d, 0x56, 0])]));
  const t0 = performance.now();
  const png = renderReceiptPng(receipts[0]);
  assert.ok(performance.now() - t0 < 1000);
  assert.ok(png.readUInt32BE(20) > 40 * 30, 'height covers 40 lines');
});

test('CLI core: --json gives the documented shape, card numbers masked unless --unmasked', () => {
  const out = decodeEscPosForCli(slip(), { json: true, columns: '32' });
  const j = JSON.parse(out.stdout);
  assert.deepEqual(Object.keys(j), ['receipts', 'unknown']);
  assert.equal(j.receipts.length, 2);
  assert.deepEqual(Object.keys(j.receipts[0]), ['lines', 'barcodes', 'qrcodes', 'images', 'cut']);
  assert.deepEqual(j.receipts[0].lines[0], { text: '银联POS签购单', bold: false, underline: false, align: 'center', width: 2, height: 2 });
  assert.equal(j.receipts[0].lines[1].text, '卡号 476173******0010');
  assert.deepEqual(j.receipts[0].barcodes, [{ type: 'EAN13', data: '6901234567892' }]);
  assert.equal(j.receipts[0].cut, true);
  assert.deepEqual(j.receipts[1], { lines: [{ text: 'unfinished', bold: false, underline: false, align: 'left', width: 1, height: 1 }], barcodes: [], qrcodes: [], images: [], cut: false });
  assert.deepEqual(j.unknown, [{ offset: slip().length - 2, bytes: '1b99' }]);
  assert.ok(out.notes.some((n) => /1 card-number-like/.test(n)));
  const clear = JSON.parse(decodeEscPosForCli(slip(), { json: true, unmasked: true }).stdout);
  assert.equal(clear.receipts[0].lines[1].text, '卡号 4761739001010010');
});

test('CLI core: human view, hex input, option errors', () => {
  const human = decodeEscPosForCli(slip(), {});
  assert.match(human.stdout, /=== receipt 1 \(full cut/);
  assert.match(human.stdout, /银联POS签购单/);
  assert.match(human.stdout, /\[BARCODE EAN13 6901234567892\]/);
  assert.match(human.stdout, /offset \d+: 1b 99 — unknown command ESC 0x99/);
  assert.doesNotMatch(human.stdout, /4761739001010010/);
  const hexText = Buffer.from(slip().toString('hex').replace(/(..)/g, '$1 '));
  const fromHex = decodeEscPosForCli(hexText, { json: true });
  assert.deepEqual(JSON.parse(fromHex.stdout), JSON.parse(decodeEscPosForCli(slip(), { json: true }).stdout));
  assert.ok(fromHex.notes.some((n) => /hex dump/.test(n)));
  assert.equal(hexDumpToBytes(Buffer.from('hello world')), undefined);
  assert.throws(() => decodeEscPosForCli(slip(), { columns: '40' }), /--columns must be 32 or 48/);
  assert.throws(() => decodeEscPosForCli(slip(), { encoding: 'nope' }), /unknown encoding "nope"/);
  assert.deepEqual(maskCardNumbers('ref 123456789012 pan 6210947000000021'), { text: 'ref 123456789012 pan 621094******0021', masked: 1 });
});

test('CLI: registered under "decode", reads a file, writes --png, exit codes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'escpos-cli-'));
  try {
    const file = join(dir, 'dump.bin');
    const png = join(dir, 'out.png');
    writeFileSync(file, slip());
    const program = new Command('posbench').exitOverride();
    const decode = program.command('decode').exitOverride();
    registerDecodeEscPos(decode);
    const esc = decode.commands.find((c) => c.name() === 'escpos');
    assert.ok(esc);
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io = {
      readInput: (f: string) => readFileSync(f),
      writeFile: (p: string, d: Buffer) => writeFileSync(p, d),
      stdout: (t: string) => stdout.push(t),
      stderr: (t: string) => stderr.push(t),
    };
    assert.equal(runDecodeEscPos(file, { json: true, png, columns: '48', encoding: 'gb18030' }, io), 0);
    assert.equal(JSON.parse(stdout.join('')).receipts.length, 2);
    assert.deepEqual(readFileSync(png).subarray(0, 8), PNG_MAGIC);
    assert.ok(stderr.some((t) => t.includes('wrote')));
    assert.equal(runDecodeEscPos(join(dir, 'missing.bin'), {}, io), 1);
    assert.ok(stderr.some((t) => /cannot read/.test(t)));
    assert.equal(runDecodeEscPos(file, { encoding: 'nope' }, io), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI core: --png masks card numbers like the text view (unless --unmasked), also when split across styles', () => {
  const withPan = (pan: string) =>
    Buffer.concat([
      Buffer.from([0x1b, 0x40]),
      iconv.encode(`卡号 ${pan}\n`, 'gb18030'),
      // the same card number with its last digits in bold: one number over two segments
      Buffer.from(`CARD ${pan.slice(0, 12)}`),
      Buffer.from([0x1b, 0x45, 0x01]),
      Buffer.from(`${pan.slice(12)}\n`),
      Buffer.from([0x1b, 0x45, 0x00, 0x1d, 0x56, 0x00]),
    ]);
  const clear = withPan('4761739001010010');
  const masked = withPan('476173******0010');
  const render = (b: Buffer) => decodeEscPosForCli(b, { png: 'x.png', columns: '48', unmasked: true }).png!;
  const out = decodeEscPosForCli(clear, { png: 'x.png', columns: '48' });
  assert.ok(out.png!.equals(render(masked)), 'the PNG shows the card number masked');
  assert.ok(!out.png!.equals(render(clear)));
  assert.ok(decodeEscPosForCli(clear, { png: 'x.png', columns: '48', unmasked: true }).png!.equals(render(clear)));
});
