/** The issuer's log of exchanged messages, rendered for people and reports with card data masked. */
import { describe, type Dialect, type IsoMessage } from '../../src/protocols/iso8583';
import { maskedFields, sanitizedHex } from './sanitize';

export interface MessageRecord {
  seq: number;
  at: string;
  direction: 'in' | 'out';
  connection: number;
  mti?: string;
  /** Transaction name ("sale", "void", …) where known. */
  txn?: string;
  /** Field values, card data masked. */
  fields?: Record<string, string>;
  /** describe() of the message (masked). */
  describe?: string;
  /** Hex of the frame body, card-number digit runs masked. */
  hex: string;
  /** For bad input: what was wrong. */
  error?: string;
}

export interface RawRecord {
  seq: number;
  atMs: number;
  direction: 'in' | 'out';
  connection: number;
  body: Buffer;
  msg?: IsoMessage;
  txn?: string;
  error?: string;
}

/** A copy of `b` in memory of its own (not pooled), exactly as long as `b`. */
function own(b: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(b.length);
  b.copy(copy);
  return copy;
}

function ownMessage(m: IsoMessage): IsoMessage {
  const fields: IsoMessage['fields'] = {};
  for (const [k, v] of Object.entries(m.fields)) fields[Number(k)] = Buffer.isBuffer(v) ? own(v) : v;
  return { ...m, fields, ...(m.tpdu ? { tpdu: own(m.tpdu) } : {}), ...(m.header ? { header: own(m.header) } : {}) };
}

export class MessageLog {
  private records: RawRecord[] = [];
  private seq = 0;

  constructor(
    /** How many records are kept (0 = none; oldest dropped). */
    private readonly limit: number,
    private readonly dialect: Dialect,
  ) {}

  push(r: RawRecord): void {
    if (this.limit <= 0) return;
    r.seq = ++this.seq;
    // Kept records own their bytes: a frame body or field is often a view into a socket
    // read or into Node's shared 8 KiB buffer pool, and holding the view would hold all of it.
    r.body = own(r.body);
    if (r.msg) r.msg = ownMessage(r.msg);
    this.records.push(r);
    if (this.records.length > this.limit + 1024) this.records = this.records.slice(this.records.length - this.limit);
  }

  /** Oldest first, card data masked. */
  list(): MessageRecord[] {
    return this.records.map((r) => this.render(r));
  }

  /** Forget every record (sequence numbers go on). */
  clear(): void {
    this.records = [];
  }

  private render(r: RawRecord): MessageRecord {
    const out: MessageRecord = {
      seq: r.seq,
      at: new Date(r.atMs).toISOString(),
      direction: r.direction,
      connection: r.connection,
      hex: sanitizedHex(r.body, r.msg),
    };
    if (r.msg) {
      out.mti = r.msg.mti;
      out.fields = maskedFields(r.msg);
      try {
        out.describe = describe(r.msg, this.dialect);
      } catch {
        // describe is best effort
      }
    }
    if (r.txn) out.txn = r.txn;
    if (r.error) out.error = r.error;
    return out;
  }
}
