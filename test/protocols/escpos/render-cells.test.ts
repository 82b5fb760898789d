/**
 * Receipt images put every character in the printer's fixed cell (Font A 12×24, Font B
 * 9×17, CJK 24×24), so columns line up as on paper; Chinese renders from the npm font when
 * the system font is not used (POSBENCH_FONT=npm).
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { CELL, decodeEscPosReceipts, FONT_ENV, layoutCells, receiptFontInfo, renderReceiptPng } from '../../../src/protocols/escpos';
import { pixels, type Gray } from './png-pixels.helpers';

const MARGIN = 16;
const savedFont = process.env[FONT_ENV];
after(() => {
  if (savedFont === undefined) delete process.env[FONT_ENV];
  else process.env[FONT_ENV] = savedFont;
});

/** The box around the ink (dark pixels; cut marks and notes are grey) and how many pixels. */
function ink(g: Gray): { x0: number; x1: number; count: number; bits: string } {
  let x0 = Infinity;
  let x1 = -1;
  let count = 0;
  let bits = '';
  for (let y = 0; y < g.h; y++) {
    for (let x = 0; x < g.w; x++) {
      const on = g.px[y * g.w + x]! < 64;
      if (on) {
        count++;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
      }
      if (y < 60) bits += on ? '1' : '0';
    }
  }
  return { x0, x1, count, bits };
}

function slipWith(line: string, columns = 32, font: 'A' | 'B' = 'A'): Buffer {
  return Buffer.concat([Buffer.from([0x1b, 0x40, 0x1b, 0x4d, font === 'B' ? 1 : 0]), iconv.encode(`${line}\n`, 'gb18030'), Buffer.from([0x1d, 0x56, 0])]).subarray(0);
}

async function render(line: string, columns = 32, font: 'A' | 'B' = 'A'): Promise<Gray> {
  const { receipts } = decodeEscPosReceipts(slipWith(line, columns, font), { columns: columns as 32 | 48 });
  return pixels(renderReceiptPng(receipts[0]!));
}

describe('fixed character cells', () => {
  it('lays out Font A at 12×24, Font B at 9×17, CJK at 24×24, multipliers included', () => {
    const a = layoutCells('0123456789', 'A');
    assert.deepEqual(a.map((c) => c.x), [0, 12, 24, 36, 48, 60, 72, 84, 96, 108]);
    assert.ok(a.every((c) => c.w === 12 && c.h === 24));
    const b = layoutCells('0123', 'B');
    assert.deepEqual(b.map((c) => [c.x, c.w, c.h]), [[0, 9, 17], [9, 9, 17], [18, 9, 17], [27, 9, 17]]);
    const mixed = layoutCells('A中B', 'A');
    assert.deepEqual(mixed.map((c) => [c.x, c.w, c.h]), [[0, 12, 24], [12, 24, 24], [36, 12, 24]]);
    const wide = layoutCells('AB', 'A', 2, 3);
    assert.deepEqual(wide.map((c) => [c.x, c.w, c.h]), [[0, 24, 72], [24, 24, 72]]);
    // character spacing the decoder counted (ESC SP 2: 14 dots a cell) moves every cell
    assert.deepEqual(layoutCells('ABC', 'A', 1, 1, 42).map((c) => c.x), [0, 14, 28]);
    assert.deepEqual(CELL, { A: { w: 12, h: 24 }, B: { w: 9, h: 17 }, CJK: { w: 24, h: 24 } });
  });

  it('the image is columns × 12 dots wide (plus the margins) for 32 and 48 columns', async () => {
    for (const columns of [32, 48]) assert.equal((await render('x', columns)).w, columns * CELL.A.w + 2 * MARGIN);
  });

  it('column N starts at N × 12 dots: a glyph stays inside its own cell, even a wide "W"', async () => {
    for (const n of [0, 7, 31]) {
      for (const ch of ['X', 'W', '1']) {
        const box = ink(await render(' '.repeat(n) + ch));
        assert.ok(box.count > 10, `${ch} at column ${n} drew ink`);
        assert.ok(box.x0 >= MARGIN + n * 12 && box.x1 < MARGIN + (n + 1) * 12, `${ch} at column ${n}: ink ${box.x0}..${box.x1}, cell ${MARGIN + n * 12}..${MARGIN + n * 12 + 11}`);
      }
    }
  });

  it('Font B column N starts at N × 9 dots', async () => {
    const box = ink(await render(' '.repeat(20) + 'W', 32, 'B'));
    assert.ok(box.x0 >= MARGIN + 20 * 9 && box.x1 < MARGIN + 21 * 9, `ink ${box.x0}..${box.x1}`);
  });

  it('a Chinese character occupies one 24-dot cell (two columns)', async () => {
    const box = ink(await render('    中'));
    assert.ok(box.x0 >= MARGIN + 4 * 12 && box.x1 < MARGIN + 6 * 12, `ink ${box.x0}..${box.x1}`);
    assert.ok(box.x1 - box.x0 > 12, 'wider than one Latin cell');
  });
});

describe('Chinese from the npm font (POSBENCH_FONT=npm: the system font is not used)', () => {
  it('draws real, distinct glyphs for Chinese characters', async () => {
    process.env[FONT_ENV] = 'npm';
    const info = receiptFontInfo();
    assert.equal(info.source, 'npm');
    assert.match(info.familyFor('中'), /^posbench-noto-sc-/);
    const zhong = ink(await render('中'));
    const guo = ink(await render('国'));
    assert.ok(zhong.count > 40 && guo.count > 40, `ink: 中 ${zhong.count}, 国 ${guo.count}`);
    assert.notEqual(zhong.bits, guo.bits, 'two characters, two glyphs (not the same missing-glyph box)');
  });

  it('covers every character of GB2312', () => {
    process.env[FONT_ENV] = 'npm';
    const info = receiptFontInfo();
    const missing: string[] = [];
    const fromUnifont: string[] = [];
    let n = 0;
    for (const row of [...range(0xa1, 0xa9), ...range(0xb0, 0xf7)]) {
      for (const cell of range(0xa1, 0xfe)) {
        const ch = iconv.decode(Buffer.from([row, cell]), 'gb2312');
        const cp = ch.codePointAt(0)!;
        if (ch.length !== 1 || cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) continue; // unassigned cells
        n++;
        const fam = info.familyFor(ch);
        if (fam === info.family) missing.push(ch);
        else if (fam === 'posbench-unifontex') fromUnifont.push(ch);
      }
    }
    assert.ok(n > 7400, `${n} GB2312 characters checked`);
    assert.deepEqual(missing.filter((ch) => ch.codePointAt(0)! >= 0x2e80), [], 'every hanzi and CJK symbol has an npm font');
    // Noto Sans SC's slices leave out a few rare hanzi: UnifontEX draws those
    // (and Greek, which has no slice); everything else from Noto Sans SC
    const hanzi = fromUnifont.filter((ch) => ch.codePointAt(0)! >= 0x4e00);
    assert.ok(hanzi.includes('劐') && hanzi.length <= 50, `${hanzi.length} hanzi from UnifontEX: ${hanzi.join('')}`);
  });

  it('draws the rare hanzi the Noto slices leave out (from UnifontEX)', async () => {
    process.env[FONT_ENV] = 'npm';
    const rare = ink(await render('劐'));
    const other = ink(await render('齄'));
    assert.ok(rare.count > 20 && other.count > 20, `ink: 劐 ${rare.count}, 齄 ${other.count}`);
    assert.notEqual(rare.bits, other.bits);
  });
});

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}
