/**
 * Formats of EMV data element values: packed BCD (9F02 amounts, 5F2A currency), YYMMDD
 * dates (9A) and 4-byte unpredictable numbers (9F37). Used by the reader protocol, the card
 * domain and the emulators alike.
 */

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

/** "YYMMDD" as sent in tag 9A: a string is checked, a Date formatted as its UTC date. */
export function formatYymmdd(date: string | Date): string {
  if (typeof date === 'string') {
    if (!/^\d{6}$/.test(date)) throw new RangeError(`date must be YYMMDD, got "${date}"`);
    return date;
  }
  const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(date.getUTCDate()).padStart(2, '0');
  return yy + mm + dd;
}

export function unpredictableNumberBytes(un: Buffer | number): Buffer {
  if (Buffer.isBuffer(un)) {
    if (un.length !== 4) throw new RangeError(`unpredictable number must be 4 bytes, got ${un.length}`);
    return un;
  }
  const b = Buffer.alloc(4);
  b.writeUInt32BE(un >>> 0);
  return b;
}
