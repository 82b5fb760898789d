/**
 * ISO 8583 public contract. The codec (index.ts) implements it; the issuer emulator, the
 * network proxy, the reference terminal and the CLI use only what is declared here.
 *
 * Field values:
 * - numeric (n), text (an, ans) and track (z) fields are strings of their characters
 *   ("000000", "071", "6210947000000021D30122201234"): the separator of a z field is "D"
 *   (or "=" on input; the codec normalises to the dialect's form);
 * - binary (b) fields are Buffers (52, 55, 62, 64 in CUP …);
 * - field 1 (secondary bitmap) is never set by hand: the codec derives it.
 */
import type { LengthHeaderKind } from '../framing/length-prefix';

export type FieldValue = string | Buffer;

export interface IsoMessage {
  /** Message type indicator, four digits, e.g. "0200". */
  mti: string;
  /** CUP: the 5-byte TPDU. Absent in dialects without one. */
  tpdu?: Buffer;
  /** CUP: the 6-byte application header. Absent in dialects without one. */
  header?: Buffer;
  /** Data elements 2..128 by number. */
  fields: Record<number, FieldValue>;
  /**
   * Send a secondary bitmap even though no field 65–128 is present (some hosts do). The codec
   * sets it on unpack only for such a "present but empty" secondary bitmap, so pack(unpack(x))
   * reproduces x; a secondary bitmap is always sent when a field above 64 is present.
   */
  secondaryBitmap?: boolean;
}

export interface DialectOptions {
  /** ascii87 only: bitmap as 16 hex characters (default) or 8 binary bytes. */
  bitmap?: 'hex' | 'binary';
  /** Length header on the wire. cup: binary2 (default); ascii87: none (default), binary2 or ascii4. */
  lengthHeader?: LengthHeaderKind;
  /**
   * Fixed-length b fields (52, 64, 96, 128, 65) as raw bytes (default; pyiso8583 style) or as
   * ASCII hex characters, twice as long (jPOS IFA_BINARY / moov-io Spec87ASCII style).
   */
  binaryFields?: 'raw' | 'hex';
  /** Bytes of TPDU / application header, overriding the dialect's (cup: 5 and 6; 0 = none). */
  tpduLength?: number;
  headerLength?: number;
  /**
   * Decode what other implementations send: variable-length fields up to what their length
   * prefix can express (99 for LL, 999 for LLL) instead of the spec's maximum, and any
   * characters in ASCII/EBCDIC numeric fields. For reading captures (the CLI tries it last).
   */
  lenient?: boolean;
}

export interface Dialect {
  readonly name: string;
  readonly lengthHeader: LengthHeaderKind;
  /** Message body (TPDU, header, MTI, bitmap, fields) without the length header. Throws PackError. */
  pack(msg: IsoMessage): Buffer;
  /** Inverse of pack. Throws UnpackError (field number, offset, reason); never anything else. */
  unpack(body: Buffer): IsoMessage;
  /** Field name for humans ("Primary Account Number"). */
  fieldName(field: number): string;
}
