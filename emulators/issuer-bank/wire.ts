/** What the issuer does to bytes on the wire: framing a repeated answer, a MAC that cannot verify, the head of an undecodable frame. */
import { setMac, type Dialect, type IsoMessage } from '../../src/protocols/iso8583';
import { SpecDialect } from '../../src/protocols/iso8583/codec';

export function frameBody(kind: 'binary2' | 'ascii4', body: Buffer): Buffer {
  if (kind === 'binary2') {
    const h = Buffer.alloc(2);
    h.writeUInt16BE(body.length);
    return Buffer.concat([h, body]);
  }
  return Buffer.concat([Buffer.from(String(body.length).padStart(4, '0'), 'latin1'), body]);
}

/** A copy of msg whose MAC field cannot verify (flipped bits, or a MAC added where there was none). */
export function corruptMac(msg: IsoMessage, dialect: Dialect, key?: Buffer): IsoMessage {
  const field = msg.fields[128] !== undefined ? 128 : 64;
  const fields = { ...msg.fields };
  let mac: unknown = fields[field];
  if (!Buffer.isBuffer(mac) || mac.length !== 8) {
    try {
      mac = key ? setMac(dialect, msg, key).fields[field] : undefined;
    } catch {
      mac = undefined;
    }
  }
  const bad = Buffer.isBuffer(mac) && mac.length === 8 ? Buffer.from(mac) : Buffer.alloc(8);
  for (let i = 0; i < 8; i++) bad[i] = bad[i]! ^ 0xa5;
  fields[field] = bad;
  return { ...msg, fields };
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
