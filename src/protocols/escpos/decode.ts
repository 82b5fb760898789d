/** One-shot decoding of a captured byte dump (the CLI and reports use this). */
import { EscPosDecoder, UnknownCommand } from './decoder';
import { PaperColumns, Receipt, ReceiptJson } from './receipt';

export interface DecodeOptions {
  columns?: PaperColumns;
  /** Power-on character set (see EscPosDecoderOptions.encoding). Default 'gb18030'. */
  encoding?: string;
}

/** The `posbench decode escpos --json` shape. */
export interface DecodeJson {
  receipts: ReceiptJson[];
  unknown: Array<{ offset: number; bytes: string }>;
}

export interface DecodeResult {
  /** One per cut; bytes after the last cut form a final receipt with cut: false (if anything visible was printed). */
  receipts: Receipt[];
  unknown: UnknownCommand[];
}

/** Decode a whole dump into the receipt model. Never throws on input (only on a bad encoding name). */
export function decodeEscPosReceipts(bytes: Buffer | Uint8Array, opts: DecodeOptions = {}): DecodeResult {
  const d = new EscPosDecoder({ columns: opts.columns, encoding: opts.encoding });
  d.push(bytes);
  d.finish();
  return { receipts: d.receipts, unknown: d.unknown };
}

/** Decode a whole dump to the exact `posbench decode escpos --json` shape (unknown bytes as hex). */
export function decodeEscPos(bytes: Buffer | Uint8Array, opts: DecodeOptions = {}): DecodeJson {
  const r = decodeEscPosReceipts(bytes, opts);
  return toDecodeJson(r);
}

export function toDecodeJson(r: DecodeResult): DecodeJson {
  return {
    receipts: r.receipts.map((x) => x.toJSON()),
    unknown: r.unknown.map((u) => ({ offset: u.offset, bytes: u.bytes.toString('hex') })),
  };
}
