/**
 * What the issuer remembers between requests — transactions by terminal + batch + STAN and
 * by RRN, each terminal's batch — and the services every decision uses (ledger context,
 * RRN and auth code generation, building an answer).
 */
import type { Clock } from '../../src/util/clock';
import type { SeededRandom } from '../../src/util/random';
import type { Dialect, IsoMessage } from '../../src/protocols/iso8583/types';
import type { Ledger, LedgerContext } from './ledger';
import type { RuleEngine } from './rules';
import type { WorkingKeys } from './keys';
import { batchOf, buildResponse, str } from './request-fields';

export interface ProcessorConfig {
  dialect: Dialect;
  clock: Clock;
  random: SeededRandom;
  ledger: Ledger;
  rules: RuleEngine;
  terminalIds?: readonly string[];
  merchantIds?: readonly string[];
  /** This host's NII: requests addressed (TPDU destination) to another are not routed here. */
  nii?: string;
  unknownCardsApproved: boolean;
  unknownCardBalanceMinor: number;
  verifyCryptogram?: (pan: string, tlv55: Buffer) => boolean;
  magicAmounts: boolean;
  keysFor: (terminalId: string) => WorkingKeys;
  masterKey?: Buffer;
  initialBatch: string;
  macFailureCode: string;
  currency: string;
  /** MAC helpers from the codec (injected so this file stays codec-version agnostic). */
  verifyMac: (msg: IsoMessage, key: Buffer) => boolean;
  setMac: (msg: IsoMessage, key: Buffer) => IsoMessage;
  /** field 62 carries binary (cup) or hex text (ascii87). */
  field62Binary: boolean;
}

export type TxnKind = 'sale' | 'preauth' | 'offline' | 'void' | 'refund';
export type TxnState = 'approved' | 'declined' | 'voided' | 'reversed' | 'settled';

export interface Txn {
  kind: TxnKind;
  terminalId: string;
  merchantId: string;
  batch: string;
  stan: string;
  rrn: string;
  authCode: string;
  pan: string;
  amountMinor: number;
  responseCode: string;
  state: TxnState;
  /** Once settled: the state it was reconciled in (a repeated settlement of the batch counts the approved ones again). */
  settledAs?: 'approved' | 'voided';
  holdId?: string;
  /** void: the sale it voided */
  original?: Txn;
  refundedMinor: number;
  /** What the request said, for matching a later reversal against it (reversal-match.ts). */
  request?: { mti: string; processingCode: string; originalData?: string };
}

export interface TerminalState {
  batch: string;
  signOns: number;
}

export class HostState {
  readonly txns = new Map<string, Txn>();
  readonly txnsByRrn = new Map<string, Txn>();
  private readonly terminals = new Map<string, TerminalState>();
  private rrnSeq = 0;

  constructor(readonly cfg: ProcessorConfig) {}

  reset(): void {
    this.txns.clear();
    this.txnsByRrn.clear();
    this.terminals.clear();
    this.rrnSeq = 0;
  }

  findOriginal(terminalId: string, batch: string, stan: string): Txn | undefined {
    const exact = this.txns.get(`${terminalId}|${batch}|${stan}`);
    if (exact) return exact;
    let found: Txn | undefined;
    for (const t of this.txns.values()) if (t.terminalId === terminalId && t.stan === stan && t.state !== 'settled') found = t;
    return found;
  }

  /** Keep a transaction (and what its request said, when given, for matching its reversal). */
  remember(t: Txn, req?: IsoMessage): void {
    if (req) {
      const f61 = str(req.fields[61]);
      t.request = { mti: req.mti, processingCode: str(req.fields[3]), ...(f61 ? { originalData: f61 } : {}) };
    }
    this.txns.set(`${t.terminalId}|${t.batch}|${t.stan}`, t);
    this.txnsByRrn.set(t.rrn, t);
  }

  declineNote(req: IsoMessage, pan: string | undefined, amountMinor: number | undefined, code: string, note: string): void {
    const cls = req.mti.slice(0, 2);
    if (cls !== '01' && cls !== '02' && cls !== '04') return;
    this.cfg.ledger.note('decline', this.ctx(req, ''), pan ?? '', amountMinor ?? 0, code, { note });
  }

  terminal(id: string): TerminalState {
    let t = this.terminals.get(id);
    if (!t) {
      t = { batch: this.cfg.initialBatch, signOns: 0 };
      this.terminals.set(id, t);
    }
    return t;
  }

  ctx(req: IsoMessage, rrn: string): LedgerContext {
    const f = req.fields;
    return {
      terminalId: str(f[41]).trim(),
      merchantId: str(f[42]).trim(),
      stan: str(f[11]),
      batch: batchOf(req),
      rrn,
      mti: req.mti,
      processingCode: str(f[3]),
    };
  }

  /** RRN (an12): last digit of the year, day of year (3), hour (2), sequence (6). */
  nextRrn(): string {
    const d = this.cfg.clock.date();
    const start = Date.UTC(d.getUTCFullYear(), 0, 0);
    const doy = Math.floor((d.getTime() - start) / 86_400_000);
    this.rrnSeq = (this.rrnSeq % 999_999) + 1;
    return String(d.getUTCFullYear() % 10) + String(doy).padStart(3, '0') + String(d.getUTCHours()).padStart(2, '0') + String(this.rrnSeq).padStart(6, '0');
  }

  authCode(): string {
    return String(this.cfg.random.int(0, 999_999)).padStart(6, '0');
  }

  /** Response MTI = request + 10, TPDU destination/source swapped, header echoed, key fields echoed. */
  respond(req: IsoMessage, code: string, rrn?: string): IsoMessage {
    return buildResponse(req, code, this.cfg.clock.date(), rrn);
  }
}

export function pick(ctx: LedgerContext): { terminalId: string; merchantId: string; batch: string; stan: string } {
  return { terminalId: ctx.terminalId, merchantId: ctx.merchantId, batch: ctx.batch, stan: ctx.stan };
}
