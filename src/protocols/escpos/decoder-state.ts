/**
 * What the ESC/POS decoder's parts share: the events it emits, the printer's modes (the
 * state ESC @ resets) and the context the command table works on. Types and the power-on
 * modes only.
 */
import { DOTS_PER_COLUMN, type Align, type BarcodeHri, type PaperColumns, type ReceiptBarcode, type ReceiptImage, type ReceiptItem, type ReceiptLine, type ReceiptQrCode } from './receipt';
import { isMultiByte, multiByteFamily, type MultiByteFamily } from './codepages';
import type { LineLayout } from './layout';

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

export interface Style {
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

/** The modes ESC @ puts back to their power-on values. */
export interface ResettableModes {
  style: Style;
  align: Align;
  codeTable: string;
  kanji: boolean;
  multiEncoding: string;
  family: MultiByteFamily;
  leftMarginDots: number;
  areaDots: number;
  charSpacingDots: number;
  tabColumns: number[];
  barcodeHeight: number;
  barcodeModule: number;
  barcodeHri: BarcodeHri;
  qr: { model: number; size: number; ec: ReceiptQrCode['errorCorrection'] };
}

/** The printer's modes: the resettable ones and the stored graphics ESC @ keeps. */
export interface PrinterModes extends ResettableModes {
  stored2d: Map<number, Buffer>;
  bufferedGraphic: ReceiptImage | null;
  downloaded: ReceiptImage | null;
}

/** Power-on modes for paper `columns` wide and power-on character set `encoding` (normalised). */
export function powerOnModes(columns: PaperColumns, encoding: string): ResettableModes {
  const multi = isMultiByte(encoding);
  const multiEncoding = multi ? encoding : 'gb18030';
  return {
    style: { bold: false, doubleStrike: false, underline: 0, width: 1, height: 1, invert: false, font: 'A', kanjiDoubleWidth: false, kanjiDoubleHeight: false },
    align: 'left',
    kanji: multi,
    multiEncoding,
    codeTable: multi ? 'cp437' : encoding,
    family: multiByteFamily(multiEncoding),
    leftMarginDots: 0,
    areaDots: columns * DOTS_PER_COLUMN,
    charSpacingDots: 0,
    tabColumns: [],
    barcodeHeight: 162,
    barcodeModule: 3,
    barcodeHri: 'none',
    qr: { model: 2, size: 3, ec: 'L' },
  };
}

/** Returned by a command handler when the command's bytes are not all there yet. */
export const INCOMPLETE = -1;

/**
 * What a command handler may use: the modes, the print line and the decoder's event and
 * tail helpers. Offsets `i` are indices into the buffer being parsed; `base` is the stream
 * offset of its first byte.
 */
export interface CommandContext {
  readonly columns: PaperColumns;
  readonly base: number;
  readonly m: PrinterModes;
  readonly line: LineLayout;
  /** Save buf[i..] as the incomplete tail; `need` = total bytes the command needs from i. */
  incomplete(buf: Buffer, i: number, need: number): number;
  /** Record buf[i..i+len) as unknown; returns len. */
  unknownAt(buf: Buffer, i: number, len: number, reason: string): number;
  recordUnknown(offset: number, bytes: Buffer, reason: string): void;
  /** A host request the printer must answer; returns len. */
  request(command: HostRequestCommand, n: number, i: number, len: number): number;
  /** A cut: flushes the line, closes the receipt; returns len. */
  cut(partial: boolean, i: number, len: number): number;
  /** An image on its own line; returns len. */
  image(img: ReceiptImage, i: number, len: number): number;
  emit(e: DecoderEvent, item?: ReceiptItem): void;
  /** ESC @. */
  reset(): void;
}
