/**
 * What the ESC/POS decoder's parts share: the events it emits and the context the command
 * table works on (the printer's modes are in modes.ts). Types only.
 */
import type { PaperColumns, ReceiptBarcode, ReceiptImage, ReceiptItem, ReceiptLine, ReceiptQrCode } from './receipt';
import type { LineLayout } from './layout';
import type { PrinterModes } from './modes';

export type { PrinterModes, ResettableModes, Style } from './modes';

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
