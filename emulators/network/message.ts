/**
 * What the proxy knows about one framed message: direction, MTI, STAN (field 11) and
 * response code (field 39). Decoded lazily with the dialect; a body that does not unpack
 * is still forwarded, and its MTI is sniffed from the bytes where the layout is obvious.
 * Never carries the PAN or any other field.
 */
import type { Dialect } from '../../src/protocols/iso8583/types';
import type { MessageRef, Stream } from './types';
import { sniffMti } from '../../src/protocols/iso8583/head';

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

export { sniffMti, isResponseTo } from '../../src/protocols/iso8583/head';

export function describeRef(ref: MessageRef | undefined): string {
  if (!ref) return 'bytes';
  const parts = [ref.direction, ref.mti ?? 'message'];
  if (ref.stan) parts.push(`STAN ${ref.stan}`);
  if (ref.responseCode) parts.push(`RC ${ref.responseCode}`);
  return parts.join(' ');
}
