/**
 * Text in receipt images, drawn as a thermal printer prints it: every character in its own
 * fixed cell — Font A 12×24 dots, Font B 9×17, a double-byte (CJK) character 24×24 — times
 * the width/height multipliers, so a 32- or 48-column slip's columns line up as on paper.
 * A glyph is centred in its cell and squeezed horizontally when the font's advance is wider
 * than the cell (a proportional "W" in a 12-dot cell); it is never stretched wider.
 */
import type { SKRSContext2D } from '@napi-rs/canvas';
import { isWide } from './receipt';
import type { ReceiptFontInfo } from './receipt-fonts';

/**
 * Cell sizes in dots at 203 dpi. Font A 12×24 and the double-width Chinese cell: docs/domain.md
 * (ESC/POS, Widths). Font B 9×17: Epson's ESC/POS reference for TM-T88-class printers (ESC M);
 * the decoder uses the same 12 / 9 / 24-dot pitches.
 */
export const CELL = {
  A: { w: 12, h: 24 },
  B: { w: 9, h: 17 },
  CJK: { w: 24, h: 24 },
} as const;

export interface Cell {
  ch: string;
  /** Left edge in dots from the segment's start. */
  x: number;
  /** Width in dots (multipliers included). */
  w: number;
  /** Height in dots (multipliers included). */
  h: number;
  wide: boolean;
}

/**
 * The cells of `text` in font A or B with the given multipliers. When the decoder gave the
 * run a width (`totalDots`) that differs from the sum of nominal cells (character spacing,
 * double-width kanji), the cells are scaled to it, so each starts where the printer put it.
 */
export function layoutCells(text: string, font: 'A' | 'B', width = 1, height = 1, totalDots?: number): Cell[] {
  const narrow = CELL[font];
  const cells: Cell[] = [];
  let x = 0;
  for (const ch of text) {
    const wide = isWide(ch.codePointAt(0) ?? 0);
    const w = (wide ? CELL.CJK.w : narrow.w) * width;
    const h = (wide ? CELL.CJK.h : narrow.h) * height;
    cells.push({ ch, x, w, h, wide });
    x += w;
  }
  if (totalDots !== undefined && x > 0 && totalDots !== x) {
    const k = totalDots / x;
    for (const c of cells) {
      c.x *= k;
      c.w *= k;
    }
  }
  return cells;
}

export interface CellStyle {
  font: 'A' | 'B';
  width: number;
  height: number;
  bold: boolean;
}

/**
 * Draws `text` cell by cell with its left edge at `x`; every cell's bottom at `bottom`
 * (characters of different heights share the baseline, as on paper). Returns the cells.
 */
export function drawCells(ctx: SKRSContext2D, fonts: ReceiptFontInfo, text: string, x: number, bottom: number, style: CellStyle, totalDots?: number): Cell[] {
  const cells = layoutCells(text, style.font, style.width, style.height, totalDots);
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  for (const c of cells) {
    if (c.ch === ' ') continue;
    // the glyph is drawn at single size into the unscaled cell, then scaled by the multipliers
    const sx = c.w / (c.wide ? CELL.CJK.w : CELL[style.font].w);
    const sy = style.height;
    const bw = c.w / sx;
    const bh = c.h / sy;
    const px = Math.round(bh * 0.92);
    ctx.font = `${px}px "${fonts.familyFor(c.ch)}"`;
    const advance = ctx.measureText(c.ch).width || bw;
    const squeeze = advance > bw ? bw / advance : 1;
    ctx.save();
    ctx.translate(x + c.x, bottom - c.h);
    ctx.scale(sx * squeeze, sy);
    const gx = (bw / squeeze - advance) / 2;
    ctx.fillText(c.ch, gx, bh / 2);
    if (style.bold) ctx.fillText(c.ch, gx + 1 / (sx * squeeze), bh / 2);
    ctx.restore();
  }
  ctx.textBaseline = 'top';
  return cells;
}
