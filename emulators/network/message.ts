/**
 * What the proxy knows about one framed message: direction, MTI, STAN (field 11) and
 * response code (field 39). Decoded lazily with the dialect; a body that does not unpack
 * is still forwarded, and its MTI is sniffed from the bytes where the layout is obvious.
 * Never carries the PAN or any other field.
 */
import type { Dialect } from '../../src/protocols/iso8583/types';
import type { MessageRef, Stream } from './types';

export class MessageMeta {
  private decoded: MessageRef | undefined;

  constructor(
    readonly direction: Stream,
    /** The whole frame as on the wire (length header + body). */
    readonly raw: Buffer,
    readonly headerLength: number,
    private readonly dialect: Dialect | undefined,
  ) {}

  get body(): Buffer {
    return this.raw.subarray(this.headerLength);
  }

  get ref(): MessageRef {
    if (!this.decoded) this.decoded = decodeRef(this.direction, this.body, this.dialect);
    return this.decoded;
  }
}

function decodeRef(direction: Stream, body: Buffer, dialect: Dialect | undefined): MessageRef {
  const base = { direction, length: body.length };
  if (dialect) {
    try {
      const msg = dialect.unpack(body);
      const stan = msg.fields[11];
      const rc = msg.fields[39];
      return {
        ...base,
        mti: msg.mti,
        ...(typeof stan === 'string' ? { stan } : {}),
        ...(typeof rc === 'string' ? { responseCode: rc } : {}),
        decodedBy: 'dialect',
      };
    } catch {
      // fall through to byte sniffing
    }
  }
  const mti = sniffMti(body);
  return mti ? { ...base, mti, decodedBy: 'bytes' } : { ...base, decodedBy: 'none' };
}

const BCD_MTI = /^0[1-9][0-9]{2}$/;

/**
 * Best-effort MTI from raw bytes: four ASCII digits at the start (ASCII dialects), or a
 * BCD MTI after a CUP TPDU (0x60 …) and 6-byte application header, or right after a TPDU.
 */
export function sniffMti(body: Buffer): string | undefined {
  if (body.length >= 4) {
    const ascii = body.toString('latin1', 0, 4);
    if (BCD_MTI.test(ascii)) return ascii;
  }
  if (body.length >= 2 && body[0] === 0x60) {
    for (const off of [11, 5]) {
      if (body.length >= off + 2) {
        const hex = body.toString('hex', off, off + 2);
        if (BCD_MTI.test(hex)) return hex;
      }
    }
  }
  return undefined;
}

/** True when `responseMti` answers `requestMti`: same version and class, function + 1 ("0200" → "0210"). */
export function isResponseTo(requestMti: string, responseMti: string): boolean {
  if (!/^\d{4}$/.test(requestMti) || !/^\d{4}$/.test(responseMti)) return false;
  return requestMti.slice(0, 2) === responseMti.slice(0, 2) && Number(responseMti[2]) === Number(requestMti[2]) + 1;
}

export function describeRef(ref: MessageRef | undefined): string {
  if (!ref) return 'bytes';
  const parts = [ref.direction, ref.mti ?? 'message'];
  if (ref.stan) parts.push(`STAN ${ref.stan}`);
  if (ref.responseCode) parts.push(`RC ${ref.responseCode}`);
  return parts.join(' ');
}
