/** What the issuer does to bytes on the wire: framing a repeated answer, the head of an undecodable frame. */
import type { Dialect } from '../../src/protocols/iso8583';
import { SpecDialect } from '../../src/protocols/iso8583/codec';

export function frameBody(kind: 'binary2' | 'ascii4', body: Buffer): Buffer {
  if (kind === 'binary2') {
    const h = Buffer.alloc(2);
    h.writeUInt16BE(body.length);
    return Buffer.concat([h, body]);
  }
  return Buffer.concat([Buffer.from(String(body.length).padStart(4, '0'), 'latin1'), body]);
}

/** TPDU, header and MTI of an undecodable body, when the dialect lets them be read. */
export function peekHead(dialect: Dialect, body: Buffer): { mti: string; tpdu?: Buffer; header?: Buffer } | undefined {
  if (!(dialect instanceof SpecDialect)) return undefined;
  const off = dialect.mtiOffset;
  const enc = dialect.spec.mti.encoding;
  const out: { mti: string; tpdu?: Buffer; header?: Buffer } = { mti: '' };
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
