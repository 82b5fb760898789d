/**
 * The receipt model: what ended up on the paper, in order. The decoder lays text out on
 * the paper width (font A: 12 dots per column, 32 columns on 58 mm, 48 on 80 mm; CJK
 * characters take two columns) and hands finished lines and graphics to a Receipt.
 */

export type Align = 'left' | 'center' | 'right';
export type PaperColumns = 32 | 48;

/** Font A cell width in dots; everything horizontal is measured in dots. */
export const DOTS_PER_COLUMN = 12;

/** A run of text with one style, positioned on the line in dots from the line's start. */
export interface TextSegment {
  text: string;
  bold: boolean;
  /** 0 none, 1 thin, 2 thick. */
  underline: 0 | 1 | 2;
  /** Character width multiplier 1–8 (GS !, ESC ! double width). */
  width: number;
  /** Character height multiplier 1–8. */
  height: number;
  invert: boolean;
  font: 'A' | 'B';
  /** Start position in dots, relative to the left margin. */
  xDots: number;
  /** Width of the segment in dots. */
  widthDots: number;
}

export interface ReceiptLine {
  /** The characters of the line as printed, trailing spaces trimmed (alignment padding not included). */
  text: string;
  align: Align;
  /** True when any printed (non-blank) character of the line is bold. */
  bold: boolean;
  /** True when any printed character of the line is underlined. */
  underline: boolean;
  /** Largest width multiplier on the line. */
  width: number;
  /** Largest height multiplier on the line. */
  height: number;
  segments: TextSegment[];
  /** Left margin (GS L) in dots. */
  leftMarginDots: number;
  /** Printable area width in dots (GS W, paper width). */
  areaDots: number;
  /** Occupied width in dots (without trailing blanks). */
  contentDots: number;
  /** True when the line was ended by automatic wrapping rather than LF / feed. */
  wrapped: boolean;
}

export type BarcodeHri = 'none' | 'above' | 'below' | 'both';

export interface ReceiptBarcode {
  type: string;
  data: string;
  hri: BarcodeHri;
  heightDots: number;
  moduleWidth: number;
  align: Align;
}

export interface ReceiptQrCode {
  data: string;
  model: number;
  moduleSize: number;
  errorCorrection: 'L' | 'M' | 'Q' | 'H';
  align: Align;
}

export interface ReceiptImage {
  /** Width and height in dots (printer pixels), scaling of GS v 0 mode applied. */
  width: number;
  height: number;
  /** Row-major bitmap, 1 bit per dot, MSB first, rows padded to whole bytes (unscaled data). */
  bitmap: Buffer;
  /** Dimensions of `bitmap` before scaling. */
  dataWidth: number;
  dataHeight: number;
  source: 'raster' | 'bit-image' | 'graphics';
  align: Align;
}

export type ReceiptItem =
  | { kind: 'text'; line: ReceiptLine }
  | { kind: 'barcode'; barcode: ReceiptBarcode }
  | { kind: 'qrcode'; qrcode: ReceiptQrCode }
  | { kind: 'image'; image: ReceiptImage };

/** The `--json` shape of one receipt (issue 4). */
export interface ReceiptJson {
  lines: Array<{
    text: string;
    bold: boolean;
    underline: boolean;
    align: Align;
    width: number;
    height: number;
  }>;
  barcodes: Array<{ type: string; data: string }>;
  qrcodes: Array<{ data: string }>;
  images: Array<{ width: number; height: number }>;
  cut: boolean;
}

export class Receipt {
  readonly items: ReceiptItem[] = [];
  cut = false;
  cutType: 'full' | 'partial' | undefined;
  /** Byte offsets (in the decoded stream) of the first and one past the last byte of this receipt. */
  startOffset = 0;
  endOffset = 0;

  constructor(readonly columns: PaperColumns = 48) {}

  get lines(): ReceiptLine[] {
    const out: ReceiptLine[] = [];
    for (const it of this.items) if (it.kind === 'text') out.push(it.line);
    return out;
  }
  get barcodes(): ReceiptBarcode[] {
    const out: ReceiptBarcode[] = [];
    for (const it of this.items) if (it.kind === 'barcode') out.push(it.barcode);
    return out;
  }
  get qrcodes(): ReceiptQrCode[] {
    const out: ReceiptQrCode[] = [];
    for (const it of this.items) if (it.kind === 'qrcode') out.push(it.qrcode);
    return out;
  }
  get images(): ReceiptImage[] {
    const out: ReceiptImage[] = [];
    for (const it of this.items) if (it.kind === 'image') out.push(it.image);
    return out;
  }

  /** True when nothing visible was printed (only blank feeds, or nothing at all). */
  isBlank(): boolean {
    return this.items.every((it) => it.kind === 'text' && it.line.text === '');
  }

  /**
   * What is on the paper, as plain text: text lines placed by alignment and margin on the
   * paper's columns (double-width and CJK characters count two columns), graphics as
   * bracketed placeholders. Trailing spaces trimmed; trailing blank lines dropped.
   */
  text(): string {
    const out: string[] = [];
    for (const it of this.items) {
      switch (it.kind) {
        case 'text':
          out.push(placeLine(it.line, this.columns));
          break;
        case 'barcode':
          out.push(placeBlock(`[BARCODE ${it.barcode.type} ${it.barcode.data}]`, it.barcode.align, this.columns));
          break;
        case 'qrcode':
          out.push(placeBlock(`[QR ${it.qrcode.data}]`, it.qrcode.align, this.columns));
          break;
        case 'image':
          out.push(placeBlock(`[IMAGE ${it.image.width}x${it.image.height}]`, it.image.align, this.columns));
          break;
      }
    }
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    while (out.length > 0 && out[0] === '') out.shift();
    return out.join('\n');
  }

  /**
   * The `posbench decode escpos --json` shape. Leading and trailing blank lines (the feed to the cutter,
   * the LF some encoders send after a cut) are dropped; blank lines inside are kept.
   */
  toJSON(): ReceiptJson {
    const lines = this.lines.map((l) => ({
      text: l.text,
      bold: l.bold,
      underline: l.underline,
      align: l.align,
      width: l.width,
      height: l.height,
    }));
    while (lines.length > 0 && lines[lines.length - 1].text === '') lines.pop();
    while (lines.length > 0 && lines[0].text === '') lines.shift();
    return {
      lines,
      barcodes: this.barcodes.map((b) => ({ type: b.type, data: b.data })),
      qrcodes: this.qrcodes.map((q) => ({ data: q.data })),
      images: this.images.map((i) => ({ width: i.width, height: i.height })),
      cut: this.cut,
    };
  }

  /** The first `n` non-blank text lines (for summaries). */
  firstLines(n: number): string[] {
    const out: string[] = [];
    for (const l of this.lines) {
      if (l.text.trim() === '') continue;
      out.push(l.text.trim());
      if (out.length >= n) break;
    }
    return out;
  }
}

/** Display columns of a string: code points ≥ U+1100 in the usual wide ranges count two. */
export function displayColumns(s: string): number {
  let n = 0;
  for (const ch of s) n += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return n;
}

export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function placeLine(line: ReceiptLine, columns: number): string {
  if (line.segments.length === 0) return '';
  // Build the content with positions (ESC $ gaps become spaces), in columns.
  let s = '';
  let col = 0;
  for (const seg of line.segments) {
    const startCol = Math.round(seg.xDots / DOTS_PER_COLUMN);
    if (startCol > col) {
      s += ' '.repeat(startCol - col);
      col = startCol;
    }
    s += seg.text;
    col += Math.round(seg.widthDots / DOTS_PER_COLUMN);
  }
  s = s.replace(/\s+$/u, '');
  const margin = Math.round(line.leftMarginDots / DOTS_PER_COLUMN);
  const area = Math.min(columns - margin, Math.floor(line.areaDots / DOTS_PER_COLUMN));
  const used = Math.round(line.contentDots / DOTS_PER_COLUMN);
  let pad = 0;
  if (line.align === 'center') pad = Math.max(0, Math.floor((area - used) / 2));
  else if (line.align === 'right') pad = Math.max(0, area - used);
  return ' '.repeat(margin + pad) + s;
}

function placeBlock(label: string, align: Align, columns: number): string {
  const w = displayColumns(label);
  if (w >= columns || align === 'left') return label;
  const pad = align === 'center' ? Math.floor((columns - w) / 2) : columns - w;
  return ' '.repeat(pad) + label;
}
