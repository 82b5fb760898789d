/**
 * Reader messages (the link payload after the sequence byte):
 *   TYPE (1 byte) · RID (1 byte) · BODY (BER-TLV)
 * RID is the request id: the terminal numbers its requests 1..255 and the reader echoes the
 * RID in the answer, so a late answer to a timed-out request is never taken for the answer
 * to the next one. Unsolicited card events carry RID 0.
 * EMV tags where EMV has one; private tags DFxx otherwise.
 */
import { bcd, encodeTlvPairs, tlvMap, TlvError } from '../tlv';
import { ReaderError, READER_ERROR_CODES, type ReaderErrorCode } from './errors';

export const MSG = {
  /** terminal → reader: read the presented card (chip: read the application; swipe/tap: last read). */
  READ_CARD: 0x01,
  /** terminal → reader: Generate AC. Body: 9F02 9F03? 5F2A 9A 9F37 9C DF01(AC type) */
  GENERATE_AC: 0x02,
  /** reader → terminal: answer to READ_CARD. Body: DF02 57 5A 5F34? 84? */
  CARD_DATA: 0x81,
  /** reader → terminal: answer to GENERATE_AC. Body: the field-55 TLV. */
  AC_RESULT: 0x82,
  /** reader → terminal, unsolicited: card inserted / swiped / tapped / removed. Body: DF10 DF02 57? 5A? */
  CARD_EVENT: 0x40,
  /** reader → terminal: the request failed. Body: DF20 (ASCII error code) DF21? (ASCII detail) */
  ERROR: 0x7f,
} as const;

export const TAG = {
  PRESENTATION: 'DF02',
  AC_TYPE: 'DF01',
  EVENT: 'DF10',
  ERROR_CODE: 'DF20',
  ERROR_DETAIL: 'DF21',
} as const;

export type Presentation = 'chip' | 'swipe' | 'tap';
export type CardEventKind = 'inserted' | 'swiped' | 'tapped' | 'removed';
export type AcType = 'ARQC' | 'TC' | 'AAC';

export const PRESENTATION_CODE: Record<Presentation, number> = { chip: 1, swipe: 2, tap: 3 };
export const EVENT_CODE: Record<CardEventKind, number> = { inserted: 1, swiped: 2, tapped: 3, removed: 4 };
export const AC_TYPE_CODE: Record<AcType, number> = { ARQC: 0x80, TC: 0x40, AAC: 0x00 };

export function fromCode<K extends string>(table: Record<K, number>, code: number | undefined, what: string): K {
  const hit = (Object.entries(table) as [K, number][]).find(([, v]) => v === code);
  if (!hit) throw new ReaderError('BAD_RESPONSE', `unknown ${what} code ${code}`);
  return hit[0];
}

/** Track 2 as EMV tag 57: digits, separator nibble D, padded with F. */
export function track2ToTag57(track2: string): Buffer {
  let s = track2.replace('=', 'D');
  if (s.length % 2) s += 'F';
  return Buffer.from(s, 'hex');
}

export function tag57ToTrack2(v: Buffer): string {
  return v.toString('hex').toUpperCase().replace(/F$/, '').replace('D', '=');
}

/** PAN as EMV tag 5A (BCD, F-padded). */
export function panToTag5A(pan: string): Buffer {
  return Buffer.from(pan.length % 2 ? pan + 'F' : pan, 'hex');
}

export function tag5AToPan(v: Buffer): string {
  return v.toString('hex').toUpperCase().replace(/F$/, '');
}

export interface ParsedTrack2 {
  pan: string;
  /** YYMM */
  expiry: string;
  serviceCode: string;
}

export function parseTrack2(track2: string): ParsedTrack2 {
  const m = /^(\d{12,19})=(\d{4})(\d{3})\d*$/.exec(track2);
  if (!m) throw new ReaderError('BAD_RESPONSE', 'track 2 is not PAN=YYMM+service code+data');
  return { pan: m[1]!, expiry: m[2]!, serviceCode: m[3]! };
}

export function message(type: number, body: Iterable<[string, Buffer]> = [], rid = 0): Buffer {
  return Buffer.concat([Buffer.from([type, rid & 0xff]), encodeTlvPairs(body)]);
}

export interface DecodedMessage {
  type: number;
  /** Request id (0 for unsolicited events). */
  rid: number;
  tags: Map<string, Buffer>;
  body: Buffer;
}

/** Splits TYPE · RID · BODY; a short message or a body that is not TLV → the given error code. */
export function decodeMessage(msg: Buffer, errorCode: ReaderErrorCode): DecodedMessage {
  if (msg.length < 2) throw new ReaderError(errorCode, `reader message of ${msg.length} byte(s): needs TYPE and RID`);
  const body = msg.subarray(2);
  try {
    return { type: msg[0]!, rid: msg[1]!, tags: tlvMap(body), body: Buffer.from(body) };
  } catch (err) {
    throw new ReaderError(errorCode, `message 0x${msg[0]!.toString(16)}: body is not TLV (${err instanceof TlvError ? err.message : String(err)})`, { cause: err });
  }
}

export function errorMessage(code: ReaderErrorCode, detail?: string, rid = 0): Buffer {
  const body: [string, Buffer][] = [[TAG.ERROR_CODE, Buffer.from(code, 'ascii')]];
  if (detail) body.push([TAG.ERROR_DETAIL, Buffer.from(detail, 'utf8')]);
  return message(MSG.ERROR, body, rid);
}

export function readerErrorFrom(tags: Map<string, Buffer>): ReaderError {
  const code = tags.get(TAG.ERROR_CODE)?.toString('ascii') as ReaderErrorCode | undefined;
  const detail = tags.get(TAG.ERROR_DETAIL)?.toString('utf8');
  if (!code || !READER_ERROR_CODES.includes(code)) return new ReaderError('BAD_RESPONSE', `reader sent unknown error code "${code}"`);
  return new ReaderError(code, detail ? `reader: ${code}: ${detail}` : `reader: ${code}`);
}

export { bcd };
