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
import type { PaperColumns, Receipt, ReceiptImage, ReceiptItem } from './receipt';
import { normaliseEncoding, singleByteTable } from './codepages';
import * as decoderState from './decoder-state';
import type { CommandContext, DecoderEvent, HostRequestCommand, UnknownCommand } from './decoder-state';
import { powerOnModes, type PrinterModes } from './modes';
import { LineLayout } from './layout';
import { ReceiptAssembler } from './assembler';
import * as commandTable from './commands/control';

export type { DecoderEvent, HostRequestCommand, UnknownCommand } from './decoder-state';

// Bound once: the parse loop reads plain constants, not module bindings (a CommonJS build
// reaches an imported binding through a getter on every use).
const { INCOMPLETE } = decoderState;
const { control } = commandTable;
export { ReceiptAssembler } from './assembler';
export { code128Data } from './commands/tables';

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

/**
 * The decoder proper: the incomplete tail, text decoding and events. The command table is
 * in `commands/`, the line layout in `layout.ts`, receipt assembly in `assembler.ts`.
 */
export class EscPosDecoder implements CommandContext {
  readonly columns: PaperColumns;
  readonly encoding: string;
  /** Receipts completed so far (when `collect`). */
  readonly receipts: Receipt[] = [];
  /** Unknown or malformed commands (when `collect`). */
  readonly unknown: UnknownCommand[] = [];
  /** Total bytes pushed. */
  bytesIn = 0;

  /** @internal The printer's modes (for the command table). */
  readonly m: PrinterModes;
  /** @internal The print line (for the command table). */
  readonly line: LineLayout;
  /** @internal Stream offset of buf[0] of the buffer being parsed. */
  base = 0;

  private readonly collect: boolean;
  private readonly onEvent?: (e: DecoderEvent) => void;
  private readonly onReceipt?: (r: Receipt) => void;
  private readonly assembler: ReceiptAssembler;

  // Incomplete tail: chunks kept until `pendingNeed` bytes are available.
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private pendingNeed = 0;

  constructor(opts: EscPosDecoderOptions = {}) {
    this.columns = opts.columns ?? 48;
    this.encoding = normaliseEncoding(opts.encoding ?? 'gb18030');
    this.collect = opts.collect ?? true;
    this.onEvent = opts.onEvent;
    this.onReceipt = opts.onReceipt;
    this.assembler = new ReceiptAssembler(this.columns);
    this.m = { ...powerOnModes(this.columns, this.encoding), stored2d: new Map(), bufferedGraphic: null, downloaded: null };
    this.line = new LineLayout(this.columns, this.m, (line, offset, end) => this.emit({ type: 'line', line, offset, end }, { kind: 'text', line }));
  }

  /** @internal ESC @: styles, alignment, tables and margins back to power-on values (the line buffer is cleared). */
  reset(): void {
    Object.assign(this.m, powerOnModes(this.columns, this.encoding));
    this.line.clear();
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
    if (this.line.segs.length > 0) this.line.flush(false, this.base, this.base);
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
        const j = this.m.kanji ? this.textMulti(buf, i) : this.textSingle(buf, i);
        if (j === INCOMPLETE) return; // textMulti saved the tail
        i = j;
        continue;
      }
      const len = control(this, buf, i);
      if (len === INCOMPLETE) return;
      i += len;
    }
    this.base += n;
  }


  /** Save buf[i..] as the incomplete tail; `need` = total bytes the command needs from i. */
  incomplete(buf: Buffer, i: number, need: number): number {
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
      const t = singleByteTable(this.m.codeTable);
      s = '';
      for (let k = i; k < j; k++) s += t[buf[k]];
    }
    this.line.addText(s, j - i, 0, this.base + i);
    return j;
  }

  private textMulti(buf: Buffer, i: number): number {
    const n = buf.length;
    let j = i;
    let runStart = i;
    let singles = 0;
    let multis = 0;
    const fam = this.m.family;
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
        this.line.addText('\ufffd', 1, 0, this.base + j);
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
        this.textDecoder = new TextDecoder(this.m.multiEncoding);
      } catch {
        this.textDecoder = null;
      }
    }
    return this.textDecoder ? this.textDecoder.decode(bytes) : iconv.decode(bytes, this.m.multiEncoding);
  }

  private emitMulti(buf: Buffer, i: number, j: number, singles: number, multis: number): void {
    let ascii = multis === 0;
    if (ascii) for (let k = i; k < j; k++) if (buf[k] >= 0x80) ascii = false;
    const s = ascii ? buf.toString('latin1', i, j) : this.multiDecode(buf.subarray(i, j));
    this.line.addText(s, singles, multis, this.base + i, ascii ? undefined : () => this.multiUnitBytes(buf, i, j, s));
  }

  /**
   * Bytes of each code point of `s`, the decoding of buf[i..j) (a run textMulti found valid),
   * or undefined when the characters cannot be matched to their bytes one by one. Only
   * needed when the run wraps: the wrapped line ends at the byte where it wrapped.
   */
  private multiUnitBytes(buf: Buffer, i: number, j: number, s: string): number[] | undefined {
    const fam = this.m.family;
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


  // ---------------------------------------------------------------- events

  emit(e: DecoderEvent, item?: ReceiptItem): void {
    if (item) this.assembler.add(item, e.offset, e.end);
    this.onEvent?.(e);
  }

  private deliver(r: Receipt): void {
    if (this.collect) this.receipts.push(r);
    this.onReceipt?.(r);
  }

  recordUnknown(offset: number, bytes: Buffer, reason: string): void {
    const u: UnknownCommand = { offset, bytes: Buffer.from(bytes), reason };
    if (this.collect) this.unknown.push(u);
    this.onEvent?.({ type: 'unknown', unknown: u, offset, end: offset + bytes.length });
  }

  unknownAt(buf: Buffer, i: number, len: number, reason: string): number {
    this.recordUnknown(this.base + i, buf.subarray(i, i + len), reason);
    return len;
  }

  request(command: HostRequestCommand, n: number, i: number, len: number): number {
    const offset = this.base + i;
    this.onEvent?.({ type: 'request', command, n, offset, end: offset + len });
    return len;
  }

  cut(partial: boolean, i: number, len: number): number {
    const offset = this.base + i;
    const end = offset + len;
    if (this.line.segs.length > 0) this.line.flush(false, offset, offset);
    this.onEvent?.({ type: 'cut', partial, offset, end });
    const r = this.assembler.close(true, partial ? 'partial' : 'full', end);
    if (r) this.deliver(r);
    return len;
  }

  image(img: ReceiptImage, i: number, len: number): number {
    const offset = this.base + i;
    if (this.line.segs.length > 0) this.line.flush(false, offset, offset);
    this.emit({ type: 'image', image: img, offset, end: offset + len }, { kind: 'image', image: img });
    return len;
  }

}
