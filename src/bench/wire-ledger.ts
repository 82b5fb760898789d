/**
 * The host's record of a tapped real host, built from the wire (docs/desyncs.md "A tapped
 * host"). With no emulated ledger, the network proxy's tap (emulators/network/wire-tap.ts)
 * hands over every frame as the host saw it; each request is paired with its answer
 * (connection + answer MTI + STAN) and turned into the records the oracle reads from the
 * emulated issuer's ledger (src/oracle/types.ts LedgerRecord):
 * - an approval (0210 / 0230 / 0110 with 39 = 00): a `hold` (sale, pre-auth, offline
 *   advice), a `void` (processing code 20…, 0200) or a `refund` (processing code 20…, 0220),
 *   with STAN, batch (field 60, else the terminal's current batch), amount, masked PAN, RRN
 *   and auth code; any other answer: a `decline`;
 * - a reversal answered 00 (0410): `reversal` of the original's STAN (the oracle then counts
 *   the original as reversed); refused: a `decline` naming the original;
 * - settlement (0510): `settlement`, balanced when the answer's field 48 flag (position 31) is 1;
 * - a repeat of an answered request (same MTI, terminal, batch, STAN): `duplicate`, no second effect;
 * - a request the host received whose answer the wire never showed: `unknown` (the host may
 *   or may not have booked it; it is not counted as an approval), unless an answered
 *   reversal of it followed.
 * Full PANs never leave this module: records carry the masked PAN only.
 */
import type { Dialect, IsoMessage } from '../protocols/iso8583';
import { originalMti, responseMti } from '../protocols/iso8583';
import { batchOf, panOf, str } from '../../emulators/issuer-bank/request-fields';
import { maskPan } from '../util/mask';
import type { LedgerRecord } from '../oracle/types';
import type { EvidenceSink } from '../evidence/types';
import { maskedFields } from '../../emulators/issuer-bank/sanitize';

/** One frame on the host's side of the proxy (emulators/network TappedFrame fits). */
export interface WireFrame {
  connection: number;
  direction: 'upstream' | 'downstream';
  body: Buffer;
  atMs: number;
}

/** A message read off the wire, decoded (or why not). */
export interface WireMessage {
  frame: WireFrame;
  message?: IsoMessage;
  error?: string;
}

export interface WireLedgerOptions {
  dialect: Dialect;
  /** The terminal's current batch, for a request without field 60 (read when the record is made). */
  currentBatch?: () => string;
}

interface Pending {
  request: IsoMessage;
  atMs: number;
  batch: string;
}

export class WireLedger {
  private readonly recs: LedgerRecord[] = [];
  private readonly pending = new Map<string, Pending>();
  private readonly answered = new Set<string>();
  private readonly undecodable: WireMessage[] = [];

  constructor(private readonly opts: WireLedgerOptions) {}

  /** Feed one frame; returns it decoded (for the timeline). A frame that does not unpack is kept as undecodable. */
  observe(frame: WireFrame): WireMessage {
    let message: IsoMessage;
    try {
      message = this.opts.dialect.unpack(frame.body);
    } catch (e) {
      const m = { frame, error: (e as Error).message };
      this.undecodable.push(m);
      return m;
    }
    if (frame.direction === 'upstream') this.request(frame, message);
    else this.answer(frame, message);
    return { frame, message };
  }

  /** A tap for the network proxy: each frame into this record, and onto the timeline decoded (PAN masked), as the issuer emulator records its messages. */
  tapInto(evidence: EvidenceSink, dialectName: string): (frame: WireFrame) => void {
    return (frame) => {
      const m = this.observe(frame);
      const dir = frame.direction === 'upstream' ? 'in' : 'out';
      if (!m.message) {
        evidence.record({ source: 'network', kind: 'iso8583.undecodable', summary: `connection #${frame.connection} ${dir}: a frame that does not unpack in dialect ${dialectName}: ${m.error}` });
        return;
      }
      const f = maskedFields(m.message);
      const rc = f['39'] ? ` RC ${f['39']}` : '';
      evidence.record({ source: 'network', kind: `iso8583.${dir}`, summary: `host ${dir === 'in' ? '←' : '→'} ${m.message.mti} STAN ${f['11'] ?? ''}${rc} (wire tap, connection #${frame.connection})`, data: { connection: frame.connection, mti: m.message.mti, fields: f } });
    };
  }

  /** The host's record so far, oldest first, with `unknown` records for requests still unanswered. */
  records(): LedgerRecord[] {
    const reversed = new Set(this.recs.filter((r) => r.kind === 'reversal').map((r) => `${r.terminalId}|${r.stan}`));
    const unknown: LedgerRecord[] = [];
    for (const p of this.pending.values()) {
      const base = originalMti(p.request.mti);
      if (base[1] === '8') continue; // network management books nothing
      const r = this.record('unknown', p.request, p.batch, '', p.atMs);
      if (base !== '0400' && reversed.has(`${r.terminalId}|${r.stan}`)) continue;
      r.note = `the host received ${p.request.mti} STAN ${r.stan} and the wire showed no answer: whether it booked it is unknown`;
      unknown.push(r);
    }
    return [...this.recs, ...unknown];
  }

  /** Requests the host received whose answer the wire never showed (see records()). */
  unknown(): LedgerRecord[] {
    return this.records().filter((r) => r.kind === 'unknown');
  }

  /** Frames that did not unpack in the profile's dialect (nothing is derived from them). */
  undecodableFrames(): WireMessage[] {
    return [...this.undecodable];
  }

  private request(frame: WireFrame, req: IsoMessage): void {
    if (!/^0\d[02]\d$/.test(req.mti)) return;
    const stan = str(req.fields[11]);
    const batch = batchOf(req) || this.opts.currentBatch?.() || '';
    this.pending.set(`${frame.connection}|${responseMti(req.mti)}|${stan}`, { request: req, atMs: frame.atMs, batch });
  }

  private answer(frame: WireFrame, res: IsoMessage): void {
    const stan = str(res.fields[11]);
    const k = `${frame.connection}|${res.mti}|${stan}`;
    const exact = this.pending.get(k);
    const p = exact ? { key: k, pending: exact } : this.pendingForRepeat(frame.connection, res.mti, stan);
    if (p) this.pending.delete(p.key);
    const req: IsoMessage = p ? p.pending.request : { mti: requestMtiOf(res.mti), fields: res.fields };
    // What the request said, with what the answer echoes or adds (RRN, auth code, 39, 48).
    const merged: IsoMessage = { mti: req.mti, fields: { ...req.fields, ...res.fields } };
    const batch = batchOf(res) || p?.pending.batch || this.opts.currentBatch?.() || '';
    this.derive(req, merged, str(res.fields[39]), batch, frame.atMs, res);
  }

  /** A repeat request (0401) is answered 0410 or 0411: find its pending entry either way. */
  private pendingForRepeat(connection: number, answerMti: string, stan: string): { key: string; pending: Pending } | undefined {
    for (const [key, pending] of this.pending) {
      if (!key.startsWith(`${connection}|`) || !key.endsWith(`|${stan}`)) continue;
      if (originalMti(pending.request.mti) === originalMti(requestMtiOf(answerMti))) return { key, pending };
    }
    return undefined;
  }

  private derive(req: IsoMessage, m: IsoMessage, rc: string, batch: string, atMs: number, res: IsoMessage): void {
    const base = originalMti(req.mti);
    const proc = str(m.fields[3]);
    if (base[1] === '8' || (base === '0200' && proc.startsWith('31'))) return; // sign-on, echo, balance inquiry
    const approved = rc === '00';
    const r = this.record('decline', m, batch, rc, atMs);
    const dupKey = `${base}|${r.terminalId}|${batch}|${r.stan}`;
    if (base !== '0400' && base !== '0500' && this.answered.has(dupKey)) {
      r.kind = 'duplicate';
      r.note = 'repeated request: answered again, no new effect';
      this.recs.push(r);
      return;
    }
    this.answered.add(dupKey);
    const f61 = str(m.fields[61]);
    if (base === '0400') {
      r.originalStan = r.stan;
      r.kind = approved ? 'reversal' : 'decline';
      r.note = approved ? `reversal of STAN ${r.stan} accepted` : `reversal of STAN ${r.stan} refused (${rc})`;
    } else if (base === '0500') {
      const f48 = str(res.fields[48]) || str(m.fields[48]);
      r.kind = 'settlement';
      if (/^\d{30}/.test(f48)) r.amountMinor = Number(f48.slice(0, 12)) - Number(f48.slice(15, 27));
      // What the terminal sent (the request's field 48): its settlement slip must print these.
      const sent = str(m.fields[48]);
      if (/^\d{30}/.test(sent)) r.terminalTotals = { debitMinor: Number(sent.slice(0, 12)), debitCount: Number(sent.slice(12, 15)), creditMinor: Number(sent.slice(15, 27)), creditCount: Number(sent.slice(27, 30)) };
      if (f48.length >= 31) r.balanced = f48[30] === '1';
      r.note = r.balanced === undefined ? 'settlement answer without a balance flag in field 48' : r.balanced ? 'balanced' : 'unbalanced';
    } else if (base === '0320') {
      r.kind = 'batch-upload';
    } else if (!approved) {
      r.note = `declined ${rc}`;
    } else if (proc.startsWith('20')) {
      r.kind = base === '0220' ? 'refund' : 'void';
      if (/^\d{12}/.test(f61)) r.originalStan = f61.slice(6, 12);
    } else {
      r.kind = 'hold';
    }
    this.recs.push(r);
  }

  private record(kind: string, m: IsoMessage, batch: string, rc: string, atMs: number): LedgerRecord {
    const f = m.fields;
    const pan = panOf(m);
    const amount = str(f[4]);
    const r: LedgerRecord = {
      kind,
      terminalId: str(f[41]).trim(),
      stan: str(f[11]),
      batch,
      amountMinor: /^\d+$/.test(amount) ? Number(amount) : 0,
      maskedPan: pan ? maskPan(pan) : '',
      responseCode: rc,
      mti: m.mti,
      atMs,
    };
    const rrn = str(f[37]).trim();
    const auth = str(f[38]).trim();
    if (rrn) r.rrn = rrn;
    if (auth && rc === '00') r.authCode = auth;
    return r;
  }
}

/** The request MTI an answer answers ("0210" → "0200", "0411" → "0401"). */
function requestMtiOf(answer: string): string {
  return String(Number(answer) - 10).padStart(4, '0');
}
