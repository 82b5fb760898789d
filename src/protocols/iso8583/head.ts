/**
 * The rules about a message's head that every side needs — the terminal checking a reply,
 * the host answering, the proxy correlating — in one place: the response MTI, repeats, and
 * reading the head (TPDU, application header, MTI) of a body that does not unpack.
 */
import type { Dialect } from './types';
import { SpecDialect } from './codec';

/**
 * The MTI that answers `mti`: function digit + 1, and a repeat is answered as its original
 * ("0200" → "0210", a repeat "0401" → "0410", "0221" → "0230"; origin 1 → 0, 3 → 2, 5 → 4),
 * as ISO 8583 lists no response to a repeat of its own (docs/domain.md §1.1).
 */
export function responseMti(mti: string): string {
  if (!/^\d{4}$/.test(mti)) return String(Number(mti) + 10).padStart(4, '0');
  const origin = Number(mti[3]);
  return `${mti.slice(0, 2)}${Number(mti[2]) + 1}${origin <= 5 ? origin - (origin % 2) : origin}`;
}

/** A repeat (…1, …3) as its original request MTI ("0201" → "0200"); other MTIs unchanged. */
export function originalMti(mti: string): string {
  return mti.length === 4 && mti[3] === '1' ? mti.slice(0, 3) + '0' : mti;
}

/** True when `response` answers `request`: same version and class, function + 1 ("0200" → "0210"); the origin digit is not compared. */
export function isResponseTo(request: string, response: string): boolean {
  if (!/^\d{4}$/.test(request) || !/^\d{4}$/.test(response)) return false;
  return request.slice(0, 2) === response.slice(0, 2) && Number(response[2]) === Number(request[2]) + 1;
}

/** The head of a body: what can be read without unpacking the fields. */
export interface MessageHead {
  mti: string;
  tpdu?: Buffer;
  header?: Buffer;
}

/** TPDU, header and MTI of a body (one that does not unpack, say), read by the dialect's layout; undefined when the dialect's layout is unknown or the MTI is not 4 digits. */
export function readHead(dialect: Dialect, body: Buffer): MessageHead | undefined {
  if (!(dialect instanceof SpecDialect)) return undefined;
  const off = dialect.mtiOffset;
  const enc = dialect.spec.mti.encoding;
  const out: MessageHead = { mti: '' };
  if (enc === 'bcd') {
    if (body.length < off + 2) return undefined;
    const mti = body.subarray(off, off + 2).toString('hex');
    if (!/^\d{4}$/.test(mti)) return undefined;
    out.mti = mti;
  } else if (enc === 'ascii') {
    if (body.length < off + 4) return undefined;
    const mti = body.toString('latin1', off, off + 4);
    if (!/^\d{4}$/.test(mti)) return undefined;
    out.mti = mti;
  } else return undefined;
  if (dialect.tpduLength) out.tpdu = Buffer.from(body.subarray(0, dialect.tpduLength));
  if (dialect.headerLength) out.header = Buffer.from(body.subarray(dialect.tpduLength, off));
  return out;
}

const SNIFFED_MTI = /^0[1-9][0-9]{2}$/;

/**
 * Best-effort MTI from raw bytes when no dialect is known: four ASCII digits at the start
 * (ASCII dialects), or a BCD MTI after a CUP TPDU (0x60 …) and 6-byte application header,
 * or right after a TPDU.
 */
export function sniffMti(body: Buffer): string | undefined {
  if (body.length >= 4) {
    const ascii = body.toString('latin1', 0, 4);
    if (SNIFFED_MTI.test(ascii)) return ascii;
  }
  if (body.length >= 2 && body[0] === 0x60) {
    for (const off of [11, 5]) {
      if (body.length >= off + 2) {
        const hex = body.toString('hex', off, off + 2);
        if (SNIFFED_MTI.test(hex)) return hex;
      }
    }
  }
  return undefined;
}
