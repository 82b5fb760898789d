/**
 * Thin helpers over src/protocols/tlv for the card domain: a tag → value map, encoding from
 * [tag, value] pairs, and packed BCD.
 */
import { encodeTlv, parseTlv, TlvError } from '../protocols/tlv';

export { TlvError };

/** Top-level tags → value (first occurrence wins). Throws TlvError (with the offset) on bad input. */
export function tlvMap(buf: Buffer): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const n of parseTlv(buf, { recurse: false })) if (!m.has(n.tag)) m.set(n.tag, n.value);
  return m;
}

/** Encode primitive [tag, value] pairs in order. */
export function encodeTlvPairs(items: Iterable<[string, Buffer]>): Buffer {
  return encodeTlv([...items].map(([tag, value]) => ({ tag, value })));
}

/** Digits → packed BCD of `bytes` bytes, right-aligned with leading zeros. */
export function bcd(digits: string | number | bigint, bytes: number): Buffer {
  const s = String(digits);
  if (!/^\d*$/.test(s)) throw new RangeError(`not numeric: "${s}"`);
  if (s.length > bytes * 2) throw new RangeError(`${s.length} digits do not fit in ${bytes} BCD bytes`);
  return Buffer.from(s.padStart(bytes * 2, '0'), 'hex');
}

/** Packed BCD → digit string (RangeError on a non-decimal nibble). */
export function unbcd(buf: Buffer): string {
  const s = buf.toString('hex');
  if (!/^\d*$/.test(s)) throw new RangeError(`not BCD: ${s}`);
  return s;
}
