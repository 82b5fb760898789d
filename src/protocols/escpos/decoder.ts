/**
 * Streaming ESC/POS decoder. `push(chunk)` accepts bytes split anywhere (a command, an
 * image or a GB18030 character may straddle chunks); the decoder keeps the incomplete tail
 * and continues when the rest arrives. It emits paper-level events (laid-out text lines,
 * barcodes, QR codes, images, cuts), host requests the printer must answer (DLE EOT,
 * GS r, GS a, …) and `unknown` records for bytes it does not understand — with their
 * stream offset — then resynchronises. It never throws on input.
 */
import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import {
  Align,
  BarcodeHri,
  DOTS_PER_COLUMN,
  PaperColumns,
  Receipt,
  ReceiptBarcode,
  ReceiptImage,
  ReceiptItem,
  ReceiptLine,
  ReceiptQrCode,
  TextSegment,
} from './receipt';
import {
  ESC_T_CODEPAGES,
  isMultiByte,
  multiByteFamily,
  MultiByteFamily,
  normaliseEncoding,
  singleByteTable,
} from './codepages';

export type HostRequestCommand = 'DLE EOT' | 'DLE ENQ' | 'GS r' | 'GS a' | 'GS I' | 'ESC v' | 'ESC u';

export interface UnknownCommand {
  /** Offset of the first byte in the decoded stream. */
  offset: number;
  bytes: Buffer;
  reason: string;
}

export type DecoderEvent =
  | { type: 'line'; line: ReceiptLine; offset: number; end: number }
  | { type: 'barcode'; barcode: ReceiptBarcode; offset: number; end: number }
  | { type: 'qrcode'; qrcode: ReceiptQrCode; offset: number; end: number }
  | { type: 'image'; image: ReceiptImage; offset: number; end: number }
  | { type: 'cut'; partial: boolean; offset: number; end: number }
  | { type: 'init'; offset: number; end: number }
  | { type: 'pulse'; offset: number; end: number }
  | { type: 'request'; command: HostRequestCommand; n: number; offset: number; end: number }
  | { type: 'unknown'; unknown: UnknownCommand; offset: number; end: number };

export interface EscPosDecoderOptions {
  /** Paper width in font-A columns: 32 (58 mm) or 48 (80 mm). Default 48. */
  columns?: PaperColumns;
  /**
   * The printer's power-on character set. A multi-byte encoding (gb18030, gbk, big5,
   * shift_jis, euc-kr) means Chinese (kanji) mode is on at power-up — as on printers sold
   * in China — and FS & / FS . switch it; single-byte code tables then come from ESC t
   * (cp437 by default). A single-byte encoding (cp437, cp858, windows-1252 …) is the
   * default code table and FS & switches to GB18030. Default 'gb18030'.
   */
  encoding?: string;
  /** Every decoded event, in stream order. */
  onEvent?: (event: DecoderEvent) => void;
  /** Called for each receipt when it is cut (and by finish() for the last one). */
  onReceipt?: (receipt: Receipt) => void;
  /** Keep receipts and unknown records in memory (default true; an emulator running for hours turns it off). */
  collect?: boolean;
}

interface Style {
  bold: boolean;
  doubleStrike: boolean;
  underline: 0 | 1 | 2;
  /** ESC ! multipliers (1/2) and GS ! multipliers (1–8); the last command wins. */
  width: number;
  height: number;
  invert: boolean;
  font: 'A' | 'B';
  kanjiDoubleWidth: boolean;
  kanjiDoubleHeight: boolean;
}

const BARCODE_TYPES: Readonly<Record<number, string>> = {
  0: 'UPC-A',
  1: 'UPC-E',
  2: 'EAN13',
  3: 'EAN8',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODABAR',
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
  74: 'GS1-128',
  75: 'GS1-DATABAR-OMNI',
  76: 'GS1-DATABAR-TRUNCATED',
  77: 'GS1-DATABAR-LIMITED',
  78: 'GS1-DATABAR-EXPANDED',
  79: 'CODE128-AUTO',
};

const SYMBOL_2D: Readonly<Record<number, string>> = {
  0x30: 'PDF417',
  0x31: 'QR',
  0x32: 'MAXICODE',
  0x33: 'GS1-DATABAR-2D',
  0x34: 'COMPOSITE',
  0x35: 'AZTEC',
  0x36: 'DATAMATRIX',
};

const EC_LEVELS = ['L', 'M', 'Q', 'H'] as const;
const DEFAULT_TAB_COLUMNS = 8;

/** Thrown internally when a command's bytes are not all there yet. */
const INCOMPLETE = -1;

export class EscPosDecoder {
  readonly columns: PaperColumns;
  readonly encoding: string;
  /** Receipts completed so far (when `collect`). */
  readonly receipts: Receipt[] = [];
  /** Unknown or malformed commands (when `collect`). */
  readonly unknown: UnknownCommand[] = [];
  /** Total bytes pushed. */
  bytesIn = 0;

  private readonly collect: boolean;
  private readonly onEvent?: (e: DecoderEvent) => void;
  private readonly onReceipt?: (r: Receipt) => void;
  private readonly assembler: ReceiptAssembler;

  // Incomplete tail: chunks kept until `pendingNeed` bytes are available.
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private pendingNeed = 0;
  /** Stream offset of buf[0] of the buffer being parsed. */
  private base = 0;

  // Printer state.
  private style!: Style;
  private align: Align = 'left';
  private codeTable = 'cp437';
  private kanji = false;
  private multiEncoding = 'gb18030';
  private family: MultiByteFamily = 'gb18030';
  private leftMarginDots = 0;
  private areaDots = 0;
  private charSpacingDots = 0;
  private tabColumns: number[] = [];
  private barcodeHeight = 162;
  private barcodeModule = 3;
  private barcodeHri: BarcodeHri = 'none';
  private qr = { model: 2, size: 3, ec: 'L' as ReceiptQrCode['errorCorrection'] };
  private stored2d = new Map<number, Buffer>();
  private bufferedGraphic: ReceiptImage | null = null;
  private downloaded: ReceiptImage | null = null;

  // Current print line.
  private segs: TextSegment[] = [];
  private x = 0;
  private lineAlign: Align | null = null;
  private lineHasGraphics = false;
  private lineStart = 0;

  constructor(opts: EscPosDecoderOptions = {}) {
    this.columns = opts.columns ?? 48;
    this.encoding = normaliseEncoding(opts.encoding ?? 'gb18030');
    this.collect = opts.collect ?? true;
    this.onEvent = opts.onEvent;
    this.onReceipt = opts.onReceipt;
    this.assembler = new ReceiptAssembler(this.columns);
    this.reset();
  }

  /** ESC @: styles, alignment, tables and margins back to power-on values (the line buffer is cleared). */
  private reset(): void {
    this.style = {
      bold: false,
      doubleStrike: false,
      underline: 0,
      width: 1,
      height: 1,
      invert: false,
      font: 'A',
      kanjiDoubleWidth: false,
      kanjiDoubleHeight: false,
    };
    this.align = 'left';
    if (isMultiByte(this.encoding)) {
      this.kanji = true;
      this.multiEncoding = this.encoding;
      this.codeTable = 'cp437';
    } else {
      this.kanji = false;
      this.multiEncoding = 'gb18030';
      this.codeTable = this.encoding;
    }
    this.family = multiByteFamily(this.multiEncoding);
    this.leftMarginDots = 0;
    this.areaDots = this.columns * DOTS_PER_COLUMN;
    this.charSpacingDots = 0;
    this.tabColumns = [];
    this.barcodeHeight = 162;
    this.barcodeModule = 3;
    this.barcodeHri = 'none';
    this.qr = { model: 2, size: 3, ec: 'L' };
    this.segs = [];
    this.x = 0;
    this.lineAlign = null;
    this.lineHasGraphics = false;
  }

  /** Feed bytes. Never throws on any input. */
  push(chunk: Buffer | Uint8Array): void {
    if (chunk.length === 0) return;
    const c = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.bytesIn += c.length;
    let buf: Buffer;
    if (this.pendingLen > 0) {
      this.pending.push(c);
      this.pendingLen += c.length;
      if (this.pendingLen < this.pendingNeed) return;
      buf = Buffer.concat(this.pending, this.pendingLen);
      this.pending = [];
      this.pendingLen = 0;
    } else {
      buf = c;
    }
    this.parse(buf);
  }

  /**
   * End of stream: a command cut off at the end is recorded as unknown ("truncated"), the
   * line in the buffer is printed and the receipt in progress is closed (cut: false).
   */
  finish(): Receipt | null {
    if (this.pendingLen > 0) {
      const bytes = Buffer.concat(this.pending, this.pendingLen);
      this.pending = [];
      this.pendingLen = 0;
      this.recordUnknown(this.base, bytes, 'truncated: stream ended inside a command');
      this.base += bytes.length;
    }
    if (this.segs.length > 0) this.flushLine(false, this.base, this.base);
    const r = this.assembler.close(false, undefined, this.base);
    if (r) this.deliver(r);
    return r;
  }

  /** Receipts completed since the last call (and forget them). */
  takeReceipts(): Receipt[] {
    return this.receipts.splice(0, this.receipts.length);
  }

  /** The receipt being printed (not yet cut), if anything has been printed since the last cut. */
  currentReceipt(): Receipt | null {
    return this.assembler.current;
  }

  // ---------------------------------------------------------------- parsing

  private parse(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      const b = buf[i];
      if (b >= 0x20) {
        const j = this.kanji ? this.textMulti(buf, i) : this.textSingle(buf, i);
        if (j === INCOMPLETE) return; // textMulti saved the tail
        i = j;
        continue;
      }
      const len = this.control(buf, i);
      if (len === INCOMPLETE) return;
      i += len;
    }
    this.base += n;
  }

  /** Save buf[i..] as the incomplete tail; `need` = total bytes the command needs from i. */
  private incomplete(buf: Buffer, i: number, need: number): number {
    const tail = Buffer.from(buf.subarray(i)); // copy: the caller may reuse its buffer
    this.pending = [tail];
    this.pendingLen = tail.length;
    this.pendingNeed = Math.max(need, tail.length + 1);
    this.base += i;
    return INCOMPLETE;
  }

  private textSingle(buf: Buffer, i: number): number {
    const n = buf.length;
    let j = i;
    let high = false;
    while (j < n) {
      const c = buf[j];
      if (c < 0x20) break;
      if (c >= 0x80) high = true;
      j++;
    }
    let s: string;
    if (!high) s = buf.toString('latin1', i, j);
    else {
      const t = singleByteTable(this.codeTable);
      s = '';
      for (let k = i; k < j; k++) s += t[buf[k]];
    }
    this.addText(s, j - i, 0, this.base + i);
    return j;
  }

  private textMulti(buf: Buffer, i: number): number {
    const n = buf.length;
    let j = i;
    let runStart = i;
    let singles = 0;
    let multis = 0;
    const fam = this.family;
    while (j < n) {
      const c = buf[j];
      if (c < 0x20) break;
      if (c < 0x81 || c === 0xff || (fam === 'sjis' && ((c >= 0xa0 && c <= 0xdf) || c > 0xfc))) {
        singles++;
        j++;
        continue;
      }
      if (j + 1 >= n) {
        if (j > runStart) this.emitMulti(buf, runStart, j, singles, multis);
        return this.incomplete(buf, j, 2);
      }
      const d = buf[j + 1];
      let len = 0;
      if (fam === 'gb18030' && d >= 0x30 && d <= 0x39) {
        if (j + 4 > n) {
          // wait for the rest only while what is there can still be a 4-byte character
          if (j + 2 >= n || (buf[j + 2] >= 0x81 && buf[j + 2] <= 0xfe)) {
            if (j > runStart) this.emitMulti(buf, runStart, j, singles, multis);
            // with two bytes, the third decides whether a fourth is worth waiting for
            return this.incomplete(buf, j, j + 2 >= n ? 3 : 4);
          }
        } else if (buf[j + 2] >= 0x81 && buf[j + 2] <= 0xfe && buf[j + 3] >= 0x30 && buf[j + 3] <= 0x39) len = 4;
      } else if (d >= 0x40 && d !== 0x7f && d !== 0xff) len = 2;
      if (len === 0) {
        // invalid lead byte: printed as a replacement character, decoding resumes at the next byte
        if (j > runStart) this.emitMulti(buf, runStart, j, singles, multis);
        this.addText('\ufffd', 1, 0, this.base + j);
        j++;
        runStart = j;
        singles = 0;
        multis = 0;
        continue;
      }
      multis++;
      j += len;
    }
    if (j > runStart) this.emitMulti(buf, runStart, j, singles, multis);
    return j;
  }

  /** Native TextDecoder where the runtime has the encoding (fast), iconv-lite otherwise. */
  private textDecoder: TextDecoder | null | undefined;
  private multiDecode(bytes: Buffer): string {
    if (this.textDecoder === undefined) {
      try {
        this.textDecoder = new TextDecoder(this.multiEncoding);
      } catch {
        this.textDecoder = null;
      }
    }
    return this.textDecoder ? this.textDecoder.decode(bytes) : iconv.decode(bytes, this.multiEncoding);
  }

  private emitMulti(buf: Buffer, i: number, j: number, singles: number, multis: number): void {
    let ascii = multis === 0;
    if (ascii) for (let k = i; k < j; k++) if (buf[k] >= 0x80) ascii = false;
    const s = ascii ? buf.toString('latin1', i, j) : this.multiDecode(buf.subarray(i, j));
    this.addText(s, singles, multis, this.base + i, ascii ? undefined : () => this.multiUnitBytes(buf, i, j, s));
  }

  /**
   * Bytes of each code point of `s`, the decoding of buf[i..j) (a run textMulti found valid),
   * or undefined when the characters cannot be matched to their bytes one by one. Only
   * needed when the run wraps: the wrapped line ends at the byte where it wrapped.
   */
  private multiUnitBytes(buf: Buffer, i: number, j: number, s: string): number[] | undefined {
    const fam = this.family;
    const out: number[] = [];
    let text = '';
    let k = i;
    while (k < j) {
      const c = buf[k];
      let len = 2;
      if (c < 0x81 || c === 0xff || (fam === 'sjis' && ((c >= 0xa0 && c <= 0xdf) || c > 0xfc))) len = 1;
      else if (fam === 'gb18030' && buf[k + 1] >= 0x30 && buf[k + 1] <= 0x39) len = 4;
      if (k + len > j) return undefined;
      const ch = len === 1 && c < 0x80 ? String.fromCharCode(c) : this.multiDecode(buf.subarray(k, k + len));
      let first = true;
      for (const _ of ch) {
        out.push(first ? len : 0);
        first = false;
      }
      text += ch;
      k += len;
    }
    return text === s ? out : undefined;
  }

  // ---------------------------------------------------------------- text layout

  private singleDots(): number {
    return ((this.style.font === 'B' ? 9 : 12) + this.charSpacingDots) * this.style.width;
  }
  private multiDots(): number {
    return 24 * this.style.width * (this.style.kanjiDoubleWidth ? 2 : 1);
  }
  private capacityDots(): number {
    const paper = this.columns * DOTS_PER_COLUMN;
    return Math.max(DOTS_PER_COLUMN, Math.min(this.areaDots, paper - this.leftMarginDots));
  }

  /**
   * Add decoded text (`singles` one-cell and `multis` two-cell characters), wrapping at the
   * area width. `offset` is the stream offset of the text's first byte; `unitBytes` gives the
   * bytes of each code point when that is not one (multi-byte text), so that a wrapped line
   * ends where its bytes end whatever the chunking.
   */
  private addText(s: string, singles: number, multis: number, offset: number, unitBytes?: () => number[] | undefined): void {
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
        multis === 0 ? sd : singles === 0 ? md : bytes ? (bytes[k] === 1 ? sd : bytes[k] === 0 ? 0 : md) : this.kanji && ch.codePointAt(0)! >= 0x80 ? md : sd;
      if (this.x + partDots + w > cap && (this.x + partDots > 0 || part.length > 0)) {
        if (part) this.appendSegment(part, partDots);
        const end = unitBytes && !bytes ? offset : at;
        this.flushLine(true, end, end);
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

  private appendSegment(text: string, dots: number): void {
    if (this.lineAlign === null) this.lineAlign = this.align;
    const st = this.style;
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
  private moveTo(target: number): void {
    if (target < 0 || target > this.capacityDots()) return;
    if (this.lineAlign === null) this.lineAlign = this.align;
    this.x = target;
  }

  /** Print the line buffer (LF, feed, wrap, cut). */
  private flushLine(wrapped: boolean, offset: number, end: number): void {
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
      align: this.lineAlign ?? this.align,
      bold,
      underline,
      width,
      height,
      segments: segs,
      leftMarginDots: this.leftMarginDots,
      areaDots: this.capacityDots(),
      contentDots,
      wrapped,
    };
    this.segs = [];
    this.x = 0;
    this.lineAlign = null;
    this.lineHasGraphics = false;
    this.emit({ type: 'line', line, offset: Math.min(offset, this.lineStart), end }, { kind: 'text', line });
    this.lineStart = end;
  }

  // ---------------------------------------------------------------- events

  private emit(e: DecoderEvent, item?: ReceiptItem): void {
    if (item) this.assembler.add(item, e.offset, e.end);
    this.onEvent?.(e);
  }

  private deliver(r: Receipt): void {
    if (this.collect) this.receipts.push(r);
    this.onReceipt?.(r);
  }

  private recordUnknown(offset: number, bytes: Buffer, reason: string): void {
    const u: UnknownCommand = { offset, bytes: Buffer.from(bytes), reason };
    if (this.collect) this.unknown.push(u);
    this.onEvent?.({ type: 'unknown', unknown: u, offset, end: offset + bytes.length });
  }

  private unknownAt(buf: Buffer, i: number, len: number, reason: string): number {
    this.recordUnknown(this.base + i, buf.subarray(i, i + len), reason);
    return len;
  }

  private request(command: HostRequestCommand, n: number, i: number, len: number): number {
    const offset = this.base + i;
    this.onEvent?.({ type: 'request', command, n, offset, end: offset + len });
    return len;
  }

  private cut(partial: boolean, i: number, len: number): number {
    const offset = this.base + i;
    const end = offset + len;
    if (this.segs.length > 0) this.flushLine(false, offset, offset);
    this.onEvent?.({ type: 'cut', partial, offset, end });
    const r = this.assembler.close(true, partial ? 'partial' : 'full', end);
    if (r) this.deliver(r);
    return len;
  }

  private image(img: ReceiptImage, i: number, len: number): number {
    const offset = this.base + i;
    if (this.segs.length > 0) this.flushLine(false, offset, offset);
    this.emit({ type: 'image', image: img, offset, end: offset + len }, { kind: 'image', image: img });
    return len;
  }

  // ---------------------------------------------------------------- control bytes

  /** Handle the command at buf[i] (a byte < 0x20). Returns its length or INCOMPLETE. */
  private control(buf: Buffer, i: number): number {
    const b = buf[i];
    switch (b) {
      case 0x0a: {
        const off = this.base + i;
        if (this.segs.length === 0 && this.lineHasGraphics) this.lineHasGraphics = false;
        else this.flushLine(false, off, off + 1);
        return 1;
      }
      case 0x0d: // CR: ignored (auto line feed off), the LF that follows prints
      case 0x00: // NUL padding
        return 1;
      case 0x09: {
        // HT: next tab stop (ESC D stops, default every 8 columns)
        const cell = this.singleDots();
        const col = Math.floor(this.x / cell);
        const stops = this.tabColumns.length > 0 ? this.tabColumns : null;
        let next = -1;
        if (stops) next = stops.find((s) => s > col) ?? -1;
        else next = (Math.floor(col / DEFAULT_TAB_COLUMNS) + 1) * DEFAULT_TAB_COLUMNS;
        if (next >= 0) this.moveTo(next * cell);
        return 1;
      }
      case 0x0c: {
        // FF: print (page mode) — behaves as a line end when something is buffered
        if (this.segs.length > 0) this.flushLine(false, this.base + i, this.base + i + 1);
        return 1;
      }
      case 0x12: {
        // DC2 # n (print density) / DC2 T (test page) on mini thermal printers
        if (i + 2 > buf.length) return this.incomplete(buf, i, 2);
        const c = buf[i + 1];
        if (c === 0x23) return i + 3 > buf.length ? this.incomplete(buf, i, 3) : 3;
        if (c === 0x54) return 2;
        return this.unknownAt(buf, i, 1, `unknown control byte 0x12 (DC2 0x${hex2(c)})`);
      }
      case 0x18: // CAN: cancel page-mode data
        this.segs = [];
        this.x = 0;
        return 1;
      case 0x10:
        return this.dle(buf, i);
      case 0x1b:
        return this.esc(buf, i);
      case 0x1d:
        return this.gs(buf, i);
      case 0x1c:
        return this.fs(buf, i);
      default:
        return this.unknownAt(buf, i, 1, `unknown control byte 0x${hex2(b)}`);
    }
  }

  private dle(buf: Buffer, i: number): number {
    const n = buf.length;
    if (i + 2 > n) return this.incomplete(buf, i, 2);
    const c = buf[i + 1];
    if (c === 0x04) {
      if (i + 3 > n) return this.incomplete(buf, i, 3);
      const m = buf[i + 2];
      if (m >= 1 && m <= 4) return this.request('DLE EOT', m, i, 3);
      if (m === 7 || m === 8) {
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        return this.request('DLE EOT', m, i, 4);
      }
      return this.unknownAt(buf, i, 3, `DLE EOT with invalid n=${m}`);
    }
    if (c === 0x05) {
      if (i + 3 > n) return this.incomplete(buf, i, 3);
      return this.request('DLE ENQ', buf[i + 2], i, 3);
    }
    if (c === 0x14) {
      if (i + 3 > n) return this.incomplete(buf, i, 3);
      const fn = buf[i + 2];
      const lens: Record<number, number> = { 1: 5, 2: 5, 3: 7, 4: 4, 5: 6, 6: 6, 7: 4, 8: 10 };
      const len = lens[fn];
      if (!len) return this.unknownAt(buf, i, 3, `DLE DC4 with unknown fn=${fn}`);
      if (i + len > n) return this.incomplete(buf, i, len);
      if (fn === 1) this.emit({ type: 'pulse', offset: this.base + i, end: this.base + i + len });
      return len;
    }
    return this.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown DLE command 0x${hex2(c)}`);
  }

  private esc(buf: Buffer, i: number): number {
    const n = buf.length;
    if (i + 2 > n) return this.incomplete(buf, i, 2);
    const c = buf[i + 1];
    const st = this.style;
    switch (c) {
      case 0x40: // ESC @
        if (this.segs.length > 0) this.segs = [];
        this.reset();
        this.emit({ type: 'init', offset: this.base + i, end: this.base + i + 2 });
        return 2;
      case 0x21: {
        // ESC ! n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        st.font = m & 0x01 ? 'B' : 'A';
        st.bold = (m & 0x08) !== 0;
        st.height = m & 0x10 ? 2 : 1;
        st.width = m & 0x20 ? 2 : 1;
        st.underline = m & 0x80 ? 1 : 0;
        return 3;
      }
      case 0x45: // ESC E n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        st.bold = (buf[i + 2] & 1) === 1;
        return 3;
      case 0x47: // ESC G n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        st.doubleStrike = (buf[i + 2] & 1) === 1;
        return 3;
      case 0x2d: {
        // ESC - n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        st.underline = m === 1 || m === 0x31 ? 1 : m === 2 || m === 0x32 ? 2 : 0;
        return 3;
      }
      case 0x61: {
        // ESC a n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        const a = m === 0 || m === 0x30 ? 'left' : m === 1 || m === 0x31 ? 'center' : m === 2 || m === 0x32 ? 'right' : null;
        if (!a) return this.unknownAt(buf, i, 3, `ESC a with invalid n=${m}`);
        this.align = a;
        return 3;
      }
      case 0x74: {
        // ESC t n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        const cp = ESC_T_CODEPAGES[m];
        if (cp) this.codeTable = cp;
        else this.recordUnknown(this.base + i, buf.subarray(i, i + 3), `ESC t ${m}: code table not supported, keeping ${this.codeTable}`);
        return 3;
      }
      case 0x64: {
        // ESC d n: print and feed n lines
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const lines = buf[i + 2];
        const off = this.base + i;
        for (let k = 0; k < lines; k++) {
          if (k === 0 && this.segs.length === 0 && this.lineHasGraphics) {
            this.lineHasGraphics = false;
            continue;
          }
          this.flushLine(false, off, off + 3);
        }
        return 3;
      }
      case 0x4a: // ESC J n: print and feed n dots
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        if (this.segs.length > 0) this.flushLine(false, this.base + i, this.base + i + 3);
        this.lineHasGraphics = false;
        return 3;
      case 0x4b: // ESC K n (reverse feed), ESC e n: no effect on the model
      case 0x65:
      case 0x4d: // ESC M n font
      case 0x20: // ESC SP n
      case 0x52: // ESC R n international set
      case 0x25: // ESC % n user-defined set
      case 0x3f: // ESC ? n
      case 0x7b: // ESC { n upside down
      case 0x56: // ESC V n rotate
      case 0x55: // ESC U n unidirectional
      case 0x3d: // ESC = n peripheral
      case 0x72: // ESC r n colour
      case 0x54: // ESC T n page direction
      case 0x33: {
        // ESC 3 n line spacing
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        if (c === 0x4d) {
          if (m === 0 || m === 0x30) st.font = 'A';
          else if (m === 1 || m === 0x31) st.font = 'B';
        } else if (c === 0x20) this.charSpacingDots = m;
        return 3;
      }
      case 0x75: // ESC u n: transmit peripheral status
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        return this.request('ESC u', buf[i + 2], i, 3);
      case 0x76: // ESC v: transmit paper sensor status
        return this.request('ESC v', 0, i, 2);
      case 0x32: // ESC 2
      case 0x4c: // ESC L page mode
      case 0x53: // ESC S standard mode
      case 0x0c: // ESC FF print page
      case 0x3c: // ESC < return home
        return 2;
      case 0x69: // ESC i / ESC m: (partial) cut, older form
      case 0x6d:
        return this.cut(true, i, 2);
      case 0x24:
      case 0x5c: {
        // ESC $ nL nH absolute / ESC \ nL nH relative position (dots)
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        const v = buf[i + 2] + 256 * buf[i + 3];
        if (c === 0x24) this.moveTo(v);
        else this.moveTo(this.x + (v >= 0x8000 ? v - 0x10000 : v));
        return 4;
      }
      case 0x70: // ESC p m t1 t2
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        this.emit({ type: 'pulse', offset: this.base + i, end: this.base + i + 5 });
        return 5;
      case 0x63: // ESC c 0|1|3|4|5 n
      case 0x42: // ESC B n t (buzzer)
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        return 4;
      case 0x37: // ESC 7 n1 n2 n3: heating parameters (mini thermal printers)
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        return 5;
      case 0x38: // ESC 8 n1 n2: sleep timeout (mini thermal printers)
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        return 4;
      case 0x0e: // ESC SO / ESC DC4: double width on / off (older models)
      case 0x14:
        this.style.width = c === 0x0e ? 2 : 1;
        return 2;
      case 0x57: // ESC W: page-mode area
        if (i + 10 > n) return this.incomplete(buf, i, 10);
        return 10;
      case 0x44: {
        // ESC D n1 … nk NUL
        let j = i + 2;
        while (j < n && buf[j] !== 0 && j - i < 2 + 33) j++;
        if (j - i >= 2 + 33) return this.unknownAt(buf, i, 2, 'ESC D without NUL within 32 tab stops');
        if (j >= n) return this.incomplete(buf, i, j - i + 1);
        const stops: number[] = [];
        for (let k = i + 2; k < j; k++) if (stops.length === 0 || buf[k] > stops[stops.length - 1]) stops.push(buf[k]);
        this.tabColumns = stops;
        return j - i + 1;
      }
      case 0x2a: {
        // ESC * m nL nH d…
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        const m = buf[i + 2];
        const cols = buf[i + 3] + 256 * buf[i + 4];
        if (![0, 1, 32, 33].includes(m) || cols < 1 || cols > 2047) return this.unknownAt(buf, i, 2, `ESC * with invalid m=${m} n=${cols}`);
        const rowsBytes = m >= 32 ? 3 : 1;
        const len = 5 + cols * rowsBytes;
        if (i + len > n) return this.incomplete(buf, i, len);
        const img = bitImageToRaster(buf.subarray(i + 5, i + len), cols, rowsBytes * 8);
        const scaleX = m === 0 || m === 32 ? 2 : 1;
        const scaleY = m < 32 ? 2 : 1;
        const image: ReceiptImage = {
          width: cols * scaleX,
          height: rowsBytes * 8 * scaleY,
          bitmap: img,
          dataWidth: cols,
          dataHeight: rowsBytes * 8,
          source: 'bit-image',
          align: this.align,
        };
        const offset = this.base + i;
        if (this.segs.length > 0) this.flushLine(false, offset, offset);
        this.lineHasGraphics = true;
        this.emit({ type: 'image', image, offset, end: offset + len }, { kind: 'image', image });
        return len;
      }
      case 0x26: {
        // ESC & y c1 c2 [x d1 … d(y·x)] …
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        const y = buf[i + 2];
        const c1 = buf[i + 3];
        const c2 = buf[i + 4];
        if (c2 < c1 || y < 1 || y > 3) return this.unknownAt(buf, i, 2, `ESC & with invalid y=${y} c1=${c1} c2=${c2}`);
        let j = i + 5;
        for (let ch = c1; ch <= c2; ch++) {
          if (j >= n) return this.incomplete(buf, i, j - i + 1);
          j += 1 + y * buf[j];
        }
        if (j > n) return this.incomplete(buf, i, j - i);
        return j - i;
      }
      case 0x28: {
        // ESC ( fn pL pH …
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        const len = 5 + buf[i + 3] + 256 * buf[i + 4];
        if (i + len > n) return this.incomplete(buf, i, len);
        return len;
      }
      default:
        return this.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown command ESC 0x${hex2(c)}`);
    }
  }

  private gs(buf: Buffer, i: number): number {
    const n = buf.length;
    if (i + 2 > n) return this.incomplete(buf, i, 2);
    const c = buf[i + 1];
    const st = this.style;
    switch (c) {
      case 0x21: {
        // GS ! n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        const w = (m >> 4) + 1;
        const h = (m & 0x0f) + 1;
        if (w > 8 || h > 8) return this.unknownAt(buf, i, 3, `GS ! with invalid size 0x${hex2(m)}`);
        st.width = w;
        st.height = h;
        return 3;
      }
      case 0x42: // GS B n: reverse
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        st.invert = (buf[i + 2] & 1) === 1;
        return 3;
      case 0x68: // GS h n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        this.barcodeHeight = buf[i + 2] || 162;
        return 3;
      case 0x77: // GS w n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        this.barcodeModule = buf[i + 2];
        return 3;
      case 0x48: {
        // GS H n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2] & 0x0f;
        this.barcodeHri = (['none', 'above', 'below', 'both'] as const)[m & 3];
        return 3;
      }
      case 0x62: // GS b n smoothing
      case 0x66: // GS f n HRI font
      case 0x54: // GS T n
      case 0x45: // GS E n
      case 0x2f: {
        // GS / m: print downloaded bit image
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        if (c === 0x2f) {
          if (!this.downloaded) return this.unknownAt(buf, i, 3, 'GS / without a downloaded image (GS *)');
          return this.image({ ...this.downloaded, align: this.align }, i, 3);
        }
        return 3;
      }
      case 0x49: // GS I n: printer ID
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        return this.request('GS I', buf[i + 2], i, 3);
      case 0x72: // GS r n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        return this.request('GS r', buf[i + 2], i, 3);
      case 0x61: // GS a n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        return this.request('GS a', buf[i + 2], i, 3);
      case 0x4c: // GS L nL nH left margin
      case 0x57: // GS W nL nH print area width
      case 0x50: // GS P x y
      case 0x24: // GS $ (page mode)
      case 0x5c: {
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        const v = buf[i + 2] + 256 * buf[i + 3];
        if (c === 0x4c) this.leftMarginDots = Math.min(v, this.columns * DOTS_PER_COLUMN - DOTS_PER_COLUMN);
        else if (c === 0x57) this.areaDots = v > 0 ? v : this.columns * DOTS_PER_COLUMN;
        return 4;
      }
      case 0x3a: // GS : macro
      case 0x63: // GS c
        return 2;
      case 0x5e: // GS ^ r t m
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        return 5;
      case 0x67: // GS g 0|2 m nL nH
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        return 5;
      case 0x56: {
        // GS V m [n]
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        if (m === 0 || m === 0x30) return this.cut(false, i, 3);
        if (m === 1 || m === 0x31) return this.cut(true, i, 3);
        if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
          if (i + 4 > n) return this.incomplete(buf, i, 4);
          const off = this.base + i;
          // n = extra feed in motion units before the cut: paper, not content
          if (this.segs.length > 0) this.flushLine(false, off, off);
          return this.cut(m === 66 || m === 98 || m === 104, i, 4);
        }
        return this.unknownAt(buf, i, 3, `GS V with invalid m=${m}`);
      }
      case 0x6b:
        return this.barcode(buf, i);
      case 0x28:
        return this.gsParen(buf, i);
      case 0x38: {
        // GS 8 L p1 p2 p3 p4 m fn …
        if (i + 7 > n) return this.incomplete(buf, i, 7);
        if (buf[i + 2] !== 0x4c) return this.unknownAt(buf, i, 3, `unknown command GS 8 0x${hex2(buf[i + 2])}`);
        const p = buf[i + 3] + 256 * buf[i + 4] + 65536 * buf[i + 5] + 16777216 * buf[i + 6];
        if (p > 4 * 1024 * 1024) return this.unknownAt(buf, i, 3, `GS 8 L with implausible length ${p}`);
        const len = 7 + p;
        if (i + len > n) return this.incomplete(buf, i, len);
        return this.graphics(buf.subarray(i + 7, i + len), i, len);
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d…
        if (i + 8 > n) return this.incomplete(buf, i, 8);
        if (buf[i + 2] !== 0x30) return this.unknownAt(buf, i, 3, `unknown command GS v 0x${hex2(buf[i + 2])}`);
        const m = buf[i + 3];
        const xb = buf[i + 4] + 256 * buf[i + 5];
        const y = buf[i + 6] + 256 * buf[i + 7];
        if (!(m <= 3 || (m >= 0x30 && m <= 0x33)) || xb < 1 || xb > 255 || y < 1 || y > 4095) {
          return this.unknownAt(buf, i, 3, `GS v 0 with invalid m=${m} x=${xb} y=${y}`);
        }
        const len = 8 + xb * y;
        if (i + len > n) return this.incomplete(buf, i, len);
        const mode = m & 3;
        const image: ReceiptImage = {
          width: xb * 8 * (mode & 1 ? 2 : 1),
          height: y * (mode & 2 ? 2 : 1),
          bitmap: Buffer.from(buf.subarray(i + 8, i + len)),
          dataWidth: xb * 8,
          dataHeight: y,
          source: 'raster',
          align: this.align,
        };
        return this.image(image, i, len);
      }
      case 0x2a: {
        // GS * x y d… (x·y·8 bytes, column format)
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        const xx = buf[i + 2];
        const yy = buf[i + 3];
        if (xx < 1 || yy < 1 || yy > 48) return this.unknownAt(buf, i, 2, `GS * with invalid x=${xx} y=${yy}`);
        const len = 4 + xx * yy * 8;
        if (i + len > n) return this.incomplete(buf, i, len);
        const w = xx * 8;
        const h = yy * 8;
        this.downloaded = {
          width: w,
          height: h,
          bitmap: bitImageToRaster(buf.subarray(i + 4, i + len), w, h),
          dataWidth: w,
          dataHeight: h,
          source: 'graphics',
          align: 'left',
        };
        return len;
      }
      default:
        return this.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown command GS 0x${hex2(c)}`);
    }
  }

  private fs(buf: Buffer, i: number): number {
    const n = buf.length;
    if (i + 2 > n) return this.incomplete(buf, i, 2);
    const c = buf[i + 1];
    switch (c) {
      case 0x26: // FS & kanji on
        this.kanji = true;
        return 2;
      case 0x2e: // FS . kanji off
        this.kanji = false;
        return 2;
      case 0x21: {
        // FS ! n kanji print mode
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const m = buf[i + 2];
        this.style.kanjiDoubleWidth = (m & 0x04) !== 0;
        this.style.kanjiDoubleHeight = (m & 0x08) !== 0;
        if (m & 0x80) this.style.underline = 1;
        return 3;
      }
      case 0x2d: // FS - n
      case 0x57: // FS W n
      case 0x43: // FS C n
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        if (c === 0x2d) {
          const m = buf[i + 2];
          this.style.underline = m === 1 || m === 0x31 ? 1 : m === 2 || m === 0x32 ? 2 : 0;
        }
        return 3;
      case 0x53: // FS S n1 n2
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        return 4;
      case 0x32: // FS 2 c1 c2 d1…d72
        if (i + 76 > n) return this.incomplete(buf, i, 76);
        return 76;
      case 0x70: {
        // FS p n m: print NV bit image (size unknown to the decoder)
        if (i + 4 > n) return this.incomplete(buf, i, 4);
        const image: ReceiptImage = {
          width: 0,
          height: 0,
          bitmap: Buffer.alloc(0),
          dataWidth: 0,
          dataHeight: 0,
          source: 'graphics',
          align: this.align,
        };
        return this.image(image, i, 4);
      }
      case 0x71: {
        // FS q n [xL xH yL yH d…]…
        if (i + 3 > n) return this.incomplete(buf, i, 3);
        const count = buf[i + 2];
        let j = i + 3;
        for (let k = 0; k < count; k++) {
          if (j + 4 > n) return this.incomplete(buf, i, j - i + 4);
          const xx = buf[j] + 256 * buf[j + 1];
          const yy = buf[j + 2] + 256 * buf[j + 3];
          j += 4 + xx * yy * 8;
        }
        if (j > n) return this.incomplete(buf, i, j - i);
        return j - i;
      }
      case 0x28: {
        if (i + 5 > n) return this.incomplete(buf, i, 5);
        const len = 5 + buf[i + 3] + 256 * buf[i + 4];
        if (i + len > n) return this.incomplete(buf, i, len);
        return len;
      }
      default:
        return this.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown command FS 0x${hex2(c)}`);
    }
  }

  private barcode(buf: Buffer, i: number): number {
    const n = buf.length;
    if (i + 3 > n) return this.incomplete(buf, i, 3);
    const m = buf[i + 2];
    const type = BARCODE_TYPES[m];
    if (!type) return this.unknownAt(buf, i, 3, `GS k with unknown barcode system m=${m}`);
    let data: Buffer;
    let len: number;
    if (m <= 6) {
      let j = i + 3;
      while (j < n && buf[j] !== 0 && j - i - 3 < 255) j++;
      if (j - i - 3 >= 255) return this.unknownAt(buf, i, 3, 'GS k: barcode data without NUL within 255 bytes');
      if (j >= n) return this.incomplete(buf, i, j - i + 1);
      data = buf.subarray(i + 3, j);
      len = j - i + 1;
    } else {
      if (i + 4 > n) return this.incomplete(buf, i, 4);
      const k = buf[i + 3];
      len = 4 + k;
      if (i + len > n) return this.incomplete(buf, i, len);
      data = buf.subarray(i + 4, i + len);
    }
    const text = type.startsWith('CODE128') || type === 'GS1-128' ? code128Data(data) : data.toString('latin1');
    const barcode: ReceiptBarcode = {
      type,
      data: text,
      hri: this.barcodeHri,
      heightDots: this.barcodeHeight,
      moduleWidth: this.barcodeModule,
      align: this.align,
    };
    const offset = this.base + i;
    if (this.segs.length > 0) this.flushLine(false, offset, offset);
    this.emit({ type: 'barcode', barcode, offset, end: offset + len }, { kind: 'barcode', barcode });
    return len;
  }

  /** GS ( x pL pH …: 2D symbols (GS ( k), graphics (GS ( L); the rest is skipped by length. */
  private gsParen(buf: Buffer, i: number): number {
    const n = buf.length;
    if (i + 5 > n) return this.incomplete(buf, i, 5);
    const fnc = buf[i + 2];
    const p = buf[i + 3] + 256 * buf[i + 4];
    const len = 5 + p;
    if (i + len > n) return this.incomplete(buf, i, len);
    const body = buf.subarray(i + 5, i + len);
    if (fnc === 0x4c) return this.graphics(body, i, len);
    if (fnc !== 0x6b) return len;
    if (p < 2) return this.unknownAt(buf, i, len, 'GS ( k with pL pH < 2');
    const cn = body[0];
    const fn = body[1];
    const sym = SYMBOL_2D[cn];
    if (!sym) return this.unknownAt(buf, i, len, `GS ( k with unknown symbol cn=${cn}`);
    if (cn === 0x31) {
      if (fn === 0x41 && p >= 3) this.qr.model = body[2] === 0x31 ? 1 : body[2] === 0x33 ? 3 : 2;
      else if (fn === 0x43 && p >= 3) this.qr.size = body[2];
      else if (fn === 0x45 && p >= 3) this.qr.ec = EC_LEVELS[(body[2] - 0x30) & 3];
    }
    if (fn === 0x50) {
      // store: cn fn m d…
      this.stored2d.set(cn, Buffer.from(body.subarray(Math.min(3, body.length))));
      return len;
    }
    if (fn === 0x51) {
      const data = this.stored2d.get(cn);
      if (!data) return this.unknownAt(buf, i, len, `GS ( k print ${sym} without stored data`);
      const offset = this.base + i;
      if (this.segs.length > 0) this.flushLine(false, offset, offset);
      const text = bytesToText(data);
      if (cn === 0x31) {
        const qrcode: ReceiptQrCode = { data: text, model: this.qr.model, moduleSize: this.qr.size, errorCorrection: this.qr.ec, align: this.align };
        this.emit({ type: 'qrcode', qrcode, offset, end: offset + len }, { kind: 'qrcode', qrcode });
      } else {
        const barcode: ReceiptBarcode = { type: sym, data: text, hri: 'none', heightDots: 0, moduleWidth: 0, align: this.align };
        this.emit({ type: 'barcode', barcode, offset, end: offset + len }, { kind: 'barcode', barcode });
      }
      return len;
    }
    return len;
  }

  /** GS ( L / GS 8 L body (m fn …): fn 112 stores a raster graphic, fn 2/50 prints it. */
  private graphics(body: Buffer, i: number, len: number): number {
    if (body.length < 2) {
      this.recordUnknown(this.base + i, Buffer.from(body), 'GS ( L / GS 8 L body shorter than m fn');
      return len;
    }
    const fn = body[1];
    if (fn === 112 && body.length >= 10) {
      const bx = body[3] === 2 || body[3] === 0x32 ? 2 : 1;
      const by = body[4] === 2 || body[4] === 0x32 ? 2 : 1;
      const w = body[6] + 256 * body[7];
      const h = body[8] + 256 * body[9];
      const rowBytes = Math.ceil(w / 8);
      const bitmap = Buffer.from(body.subarray(10, 10 + rowBytes * h));
      if (w > 0 && h > 0 && bitmap.length === rowBytes * h) {
        this.bufferedGraphic = { width: w * bx, height: h * by, bitmap, dataWidth: w, dataHeight: h, source: 'graphics', align: 'left' };
      } else {
        this.recordUnknown(this.base + i, Buffer.from(body.subarray(0, Math.min(10, body.length))), `GS ( L fn 112 with inconsistent size ${w}x${h}`);
      }
      return len;
    }
    if (fn === 2 || fn === 50) {
      if (!this.bufferedGraphic) return len;
      const img = { ...this.bufferedGraphic, align: this.align };
      this.bufferedGraphic = null;
      return this.image(img, i, len);
    }
    return len;
  }
}

/** Collects paper items into receipts; a cut closes one. Consecutive ESC * bands merge into one image. */
export class ReceiptAssembler {
  current: Receipt | null = null;
  private lastBandOpen = false;

  constructor(readonly columns: PaperColumns) {}

  add(item: ReceiptItem, offset: number, end: number): void {
    if (!this.current) {
      this.current = new Receipt(this.columns);
      this.current.startOffset = offset;
    }
    const r = this.current;
    r.endOffset = end;
    if (item.kind === 'image' && item.image.source === 'bit-image') {
      const last = r.items[r.items.length - 1];
      if (this.lastBandOpen && last?.kind === 'image' && last.image.source === 'bit-image' && last.image.dataWidth === item.image.dataWidth) {
        const a = last.image;
        const b = item.image;
        last.image = {
          ...a,
          height: a.height + b.height,
          dataHeight: a.dataHeight + b.dataHeight,
          bitmap: Buffer.concat([a.bitmap, b.bitmap]),
        };
        return;
      }
      r.items.push(item);
      this.lastBandOpen = true;
      return;
    }
    this.lastBandOpen = false;
    r.items.push(item);
  }

  /** Close the receipt in progress. Returns it, or null when nothing visible was printed. */
  close(cut: boolean, type: 'full' | 'partial' | undefined, end: number): Receipt | null {
    const r = this.current;
    this.current = null;
    this.lastBandOpen = false;
    if (!r || r.isBlank()) return null;
    r.cut = cut;
    r.cutType = type;
    r.endOffset = Math.max(r.endOffset, end);
    return r;
  }
}

/** Column-format bit image (vertical bytes, MSB on top) → row-major 1-bpp raster. */
function bitImageToRaster(data: Buffer, cols: number, rows: number): Buffer {
  const rowBytes = Math.ceil(cols / 8);
  const out = Buffer.alloc(rowBytes * rows);
  const bytesPerCol = rows / 8;
  for (let x = 0; x < cols; x++) {
    for (let k = 0; k < bytesPerCol; k++) {
      const v = data[x * bytesPerCol + k];
      if (!v) continue;
      for (let bit = 0; bit < 8; bit++) {
        if (v & (0x80 >> bit)) {
          const y = k * 8 + bit;
          out[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
        }
      }
    }
  }
  return out;
}

/**
 * CODE128 data as sent to GS k 73: "{A" "{B" "{C" select the code set, "{1".."{4" are FNC
 * codes, "{S" shift, "{{" a literal brace; in code set C each byte is two digits.
 */
export function code128Data(data: Buffer): string {
  if (data.length < 2 || data[0] !== 0x7b) return data.toString('latin1');
  let out = '';
  let set: 'A' | 'B' | 'C' = 'B';
  for (let k = 0; k < data.length; k++) {
    const b = data[k];
    if (b === 0x7b && k + 1 < data.length) {
      const s = data[k + 1];
      k++;
      if (s === 0x41 || s === 0x42 || s === 0x43) set = String.fromCharCode(s) as 'A' | 'B' | 'C';
      else if (s === 0x7b) out += '{';
      continue; // FNC1–4 and shift carry no data character
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

/** QR/2D payloads: UTF-8 when valid, otherwise Latin-1. */
function bytesToText(b: Buffer): string {
  const s = b.toString('utf8');
  return s.includes('\ufffd') ? b.toString('latin1') : s;
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}
