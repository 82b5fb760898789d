/**
 * Text layout of the print line: cell widths (font A 12 dots, font B 9, CJK 24, times the
 * size multipliers), wrapping at the print area, tab and absolute positions, and the
 * printed line (`ReceiptLine`) when the buffer is flushed.
 */
import { DOTS_PER_COLUMN, type Align, type PaperColumns, type ReceiptLine, type TextSegment } from './receipt';
import type { PrinterModes } from './modes';

export class LineLayout {
  /** Styled runs of the line in the buffer. */
  segs: TextSegment[] = [];
  /** Print position in dots from the left of the print area. */
  x = 0;
  /** True after a graphic on this line (the LF that follows a bit image prints no blank line). */
  hasGraphics = false;
  private lineAlign: Align | null = null;
  /** Stream offset where the line in the buffer started. */
  private start = 0;

  constructor(
    private readonly columns: PaperColumns,
    private readonly m: PrinterModes,
    private readonly onLine: (line: ReceiptLine, offset: number, end: number) => void,
  ) {}

  /** Empty the line buffer (ESC @). */
  clear(): void {
    this.segs = [];
    this.x = 0;
    this.lineAlign = null;
    this.hasGraphics = false;
  }


  singleDots(): number {
    return ((this.m.style.font === 'B' ? 9 : 12) + this.m.charSpacingDots) * this.m.style.width;
  }
  multiDots(): number {
    return 24 * this.m.style.width * (this.m.style.kanjiDoubleWidth ? 2 : 1);
  }
  capacityDots(): number {
    const paper = this.columns * DOTS_PER_COLUMN;
    return Math.max(DOTS_PER_COLUMN, Math.min(this.m.areaDots, paper - this.m.leftMarginDots));
  }

  /**
   * Add decoded text (`singles` one-cell and `multis` two-cell characters), wrapping at the
   * area width. `offset` is the stream offset of the text's first byte; `unitBytes` gives the
   * bytes of each code point when that is not one (multi-byte text), so that a wrapped line
   * ends where its bytes end whatever the chunking.
   */
  addText(s: string, singles: number, multis: number, offset: number, unitBytes?: () => number[] | undefined): void {
    if (s.length === 0) return;
    const sd = this.singleDots();
    const md = this.multiDots();
    const total = singles * sd + multis * md;
    const cap = this.capacityDots();
    if (this.x + total <= cap) {
      this.appendSegment(s, total);
      return;
    }
    // Wrap character by character (code points; in kanji mode anything ≥ U+0080 is a two-cell character).
    let part = '';
    let partDots = 0;
    const bytes = unitBytes ? unitBytes() : undefined;
    let at = offset; // stream offset of the current character
    let k = 0;
    for (const ch of s) {
      // the same cell widths as the unwrapped path counts: one per single-byte, two per multi-byte character
      const w =
        multis === 0 ? sd : singles === 0 ? md : bytes ? (bytes[k] === 1 ? sd : bytes[k] === 0 ? 0 : md) : this.m.kanji && ch.codePointAt(0)! >= 0x80 ? md : sd;
      if (this.x + partDots + w > cap && (this.x + partDots > 0 || part.length > 0)) {
        if (part) this.appendSegment(part, partDots);
        const end = unitBytes && !bytes ? offset : at;
        this.flush(true, end, end);
        part = '';
        partDots = 0;
      }
      part += ch;
      partDots += w;
      at += bytes ? bytes[k]! : 1;
      k++;
    }
    if (part) this.appendSegment(part, partDots);
  }

  appendSegment(text: string, dots: number): void {
    if (this.lineAlign === null) this.lineAlign = this.m.align;
    const st = this.m.style;
    const bold = st.bold || st.doubleStrike;
    const width = st.width;
    const height = st.height;
    const last = this.segs.length > 0 ? this.segs[this.segs.length - 1] : undefined;
    if (
      last &&
      last.xDots + last.widthDots === this.x &&
      last.bold === bold &&
      last.underline === st.underline &&
      last.width === width &&
      last.height === height &&
      last.invert === st.invert &&
      last.font === st.font
    ) {
      last.text += text;
      last.widthDots += dots;
    } else {
      this.segs.push({
        text,
        bold,
        underline: st.underline,
        width,
        height,
        invert: st.invert,
        font: st.font,
        xDots: this.x,
        widthDots: dots,
      });
    }
    this.x += dots;
  }

  /** Move the print position to `target` dots (ESC $, ESC \, HT). */
  moveTo(target: number): void {
    if (target < 0 || target > this.capacityDots()) return;
    if (this.lineAlign === null) this.lineAlign = this.m.align;
    this.x = target;
  }

  /** Print the line buffer (LF, feed, wrap, cut). */
  flush(wrapped: boolean, offset: number, end: number): void {
    const segs = this.segs;
    let text = '';
    let col = 0;
    let bold = false;
    let underline = false;
    let width = 1;
    let height = 1;
    let contentDots = 0;
    for (const seg of segs) {
      const startCol = Math.round(seg.xDots / DOTS_PER_COLUMN);
      if (startCol > col) {
        text += ' '.repeat(startCol - col);
        col = startCol;
      }
      text += seg.text;
      col += Math.round(seg.widthDots / DOTS_PER_COLUMN);
      const trimmed = seg.text.trimEnd();
      if (trimmed.length > 0) {
        if (seg.bold) bold = true;
        if (seg.underline) underline = true;
        if (seg.width > width) width = seg.width;
        if (seg.height > height) height = seg.height;
        const ratio = trimmed.length / seg.text.length;
        contentDots = Math.max(contentDots, seg.xDots + Math.round(seg.widthDots * ratio));
      }
    }
    const line: ReceiptLine = {
      text: text.trimEnd(),
      align: this.lineAlign ?? this.m.align,
      bold,
      underline,
      width,
      height,
      segments: segs,
      leftMarginDots: this.m.leftMarginDots,
      areaDots: this.capacityDots(),
      contentDots,
      wrapped,
    };
    this.segs = [];
    this.x = 0;
    this.lineAlign = null;
    this.hasGraphics = false;
    this.onLine(line, Math.min(offset, this.start), end);
    this.start = end;
  }
}
