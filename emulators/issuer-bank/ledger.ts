/**
 * The issuer's books: cardholder accounts (posted balance + holds) and merchant accounts.
 * Every change is a LedgerEvent (terminal, STAN, RRN, amount, kind, time) that steps, the
 * oracle and the report read. Full PANs stay inside this class; everything it hands out
 * carries the masked PAN only.
 */
import type { Clock } from '../../src/util/clock';
import { maskPan } from '../../src/util/mask';

export type LedgerEventKind =
  /** An approval reserved money on the cardholder account. */
  | 'hold'
  /** A hold was given back (void, reversal). */
  | 'release'
  /** Settlement moved a held amount from the cardholder to the merchant ("funds arrive"). */
  | 'capture'
  /** A refund credited the cardholder (the merchant is debited at settlement). */
  | 'refund'
  /** A financial request was declined (no money moved). */
  | 'decline'
  /** A void was approved (paired with the 'release' of the original hold). */
  | 'void'
  /** A reversal arrived (paired with the undo it caused, if any). */
  | 'reversal'
  /** A repeated request (same terminal + STAN + batch + MTI): no second effect. */
  | 'duplicate'
  /** A settlement request was compared with the host's totals. */
  | 'settlement'
  /** One batch-upload item from the terminal (0320). */
  | 'batch-upload'
  /** A balance was set from outside (control API, a step). */
  | 'balance-set';

/** Who/what a ledger change belongs to (taken from the request). */
export interface LedgerContext {
  terminalId: string;
  merchantId: string;
  stan: string;
  batch: string;
  rrn: string;
  mti?: string;
  processingCode?: string;
}

export interface LedgerEvent extends LedgerContext {
  seq: number;
  kind: LedgerEventKind;
  /** ISO time from the emulator's clock. */
  at: string;
  atMs: number;
  amountMinor: number;
  maskedPan: string;
  /** The response code the host gave (or gives) for the request behind this change. */
  responseCode: string;
  holdId?: string;
  /** When the change concerns another transaction (void, reversal, refund): that transaction's STAN. */
  originalStan?: string;
  note?: string;
  /** A reversal refused because it does not repeat its original (reversal-match.ts): the fields that differ. */
  mismatch?: { field: string; sent: string; original: string }[];
  /** settlement only */
  balanced?: boolean;
  hostTotals?: SettlementTotals;
  terminalTotals?: SettlementTotals;
}

export interface SettlementTotals {
  debitMinor: number;
  debitCount: number;
  creditMinor: number;
  creditCount: number;
}

export interface AccountSpec {
  pan: string;
  balanceMinor: number;
  /** YYMM; when set, a card presented after this month is declined 54. */
  expiry?: string;
  /** Clear PIN on file; when set, a request carrying a PIN block must match it (else 55). */
  pin?: string;
}

export interface AccountView {
  maskedPan: string;
  /** Posted balance (what settlement has not yet touched minus what it has). */
  balanceMinor: number;
  /** Sum of open holds. */
  heldMinor: number;
  /** balanceMinor - heldMinor: what the card can still spend. */
  availableMinor: number;
  expiry?: string;
}

export interface HoldView {
  id: string;
  maskedPan: string;
  amountMinor: number;
  terminalId: string;
  merchantId: string;
  stan: string;
  batch: string;
  rrn: string;
  at: string;
}

export interface MerchantTotals {
  merchantId: string;
  /** Money moved to the merchant by settlement (captures minus settled refunds). */
  settledMinor: number;
  /** Approved, held, not yet settled. */
  pendingMinor: number;
  /** Refunds approved and not yet settled (debited from the merchant at settlement). */
  pendingRefundsMinor: number;
  captureCount: number;
}

interface Account {
  pan: string;
  balanceMinor: number;
  heldMinor: number;
  expiry?: string;
  pin?: string;
}

interface Hold {
  id: string;
  pan: string;
  amountMinor: number;
  ctx: LedgerContext;
  atMs: number;
}

/** Compact internal form of a LedgerEvent (materialised on read: keeps the hot path light). */
interface Rec {
  seq: number;
  kind: LedgerEventKind;
  atMs: number;
  ctx: LedgerContext;
  pan: string;
  amountMinor: number;
  responseCode: string;
  extra?: Partial<LedgerEvent>;
}

interface Merchant {
  settledMinor: number;
  pendingRefundsMinor: number;
  captureCount: number;
}

export class Ledger {
  private accounts = new Map<string, Account>();
  private openHolds = new Map<string, Hold>();
  private merchants = new Map<string, Merchant>();
  private log: Rec[] = [];
  private holdSeq = 0;
  private readonly listeners = new Set<(e: LedgerEvent) => void>();

  constructor(
    private readonly clock: Clock,
    private initial: readonly AccountSpec[] = [],
  ) {
    this.loadInitial();
  }

  // ---- read API -------------------------------------------------------------------

  /** Every change, oldest first (copies; PANs masked). */
  events(): LedgerEvent[] {
    return this.log.map(materialise);
  }

  /** Number of events so far (cheap). */
  get eventCount(): number {
    return this.log.length;
  }

  /** Available balance (posted minus holds) of a card, or undefined for a card the issuer does not know. */
  balanceOf(pan: string): number | undefined {
    const a = this.accounts.get(pan);
    return a ? a.balanceMinor - a.heldMinor : undefined;
  }

  account(pan: string): AccountView | undefined {
    const a = this.accounts.get(pan);
    return a ? view(a) : undefined;
  }

  accountsView(): AccountView[] {
    return [...this.accounts.values()].map(view);
  }

  hasAccount(pan: string): boolean {
    return this.accounts.has(pan);
  }

  /** Internal: the account record (PIN and expiry checks). */
  lookup(pan: string): Readonly<Account> | undefined {
    return this.accounts.get(pan);
  }

  holds(): HoldView[] {
    return [...this.openHolds.values()].map((h) => ({
      id: h.id,
      maskedPan: maskPan(h.pan),
      amountMinor: h.amountMinor,
      terminalId: h.ctx.terminalId,
      merchantId: h.ctx.merchantId,
      stan: h.ctx.stan,
      batch: h.ctx.batch,
      rrn: h.ctx.rrn,
      at: new Date(h.atMs).toISOString(),
    }));
  }

  merchantTotals(): MerchantTotals[] {
    const ids = new Set<string>([...this.merchants.keys(), ...[...this.openHolds.values()].map((h) => h.ctx.merchantId)]);
    return [...ids].sort().map((merchantId) => {
      const m = this.merchants.get(merchantId);
      let pendingMinor = 0;
      for (const h of this.openHolds.values()) if (h.ctx.merchantId === merchantId) pendingMinor += h.amountMinor;
      return {
        merchantId,
        settledMinor: m?.settledMinor ?? 0,
        pendingMinor,
        pendingRefundsMinor: m?.pendingRefundsMinor ?? 0,
        captureCount: m?.captureCount ?? 0,
      };
    });
  }

  onEvent(listener: (e: LedgerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- changes --------------------------------------------------------------------

  /** Set the posted balance of a card (opens the account if needed). */
  setBalance(pan: string, balanceMinor: number, ctx?: Partial<LedgerContext>): void {
    const a = this.ensure(pan);
    const before = a.balanceMinor;
    a.balanceMinor = balanceMinor;
    this.emit('balance-set', { ...blankCtx(), ...ctx }, pan, balanceMinor, '', { note: `was ${before}` });
  }

  /** Opens (or returns) an account with a zero balance. */
  ensure(pan: string): Account {
    let a = this.accounts.get(pan);
    if (!a) {
      a = { pan, balanceMinor: 0, heldMinor: 0 };
      this.accounts.set(pan, a);
    }
    return a;
  }

  placeHold(ctx: LedgerContext, pan: string, amountMinor: number, responseCode = '00', note?: string, originalStan?: string): string {
    const a = this.ensure(pan);
    a.heldMinor += amountMinor;
    const id = `H${++this.holdSeq}`;
    this.openHolds.set(id, { id, pan, amountMinor, ctx, atMs: this.clock.now() });
    const extra: Partial<LedgerEvent> = { holdId: id };
    if (note !== undefined) extra.note = note;
    if (originalStan !== undefined) extra.originalStan = originalStan;
    this.emit('hold', ctx, pan, amountMinor, responseCode, extra);
    return id;
  }

  /** Give a hold back; false when it is not open any more (already released or captured). */
  releaseHold(holdId: string, ctx: LedgerContext, responseCode = '00', note?: string): boolean {
    const h = this.openHolds.get(holdId);
    if (!h) return false;
    this.openHolds.delete(holdId);
    const a = this.ensure(h.pan);
    a.heldMinor -= h.amountMinor;
    this.emit('release', ctx, h.pan, h.amountMinor, responseCode, { holdId, originalStan: h.ctx.stan, note });
    return true;
  }

  isHoldOpen(holdId: string): boolean {
    return this.openHolds.has(holdId);
  }

  refund(ctx: LedgerContext, pan: string, amountMinor: number, responseCode = '00', note?: string, originalStan?: string): void {
    const a = this.ensure(pan);
    a.balanceMinor += amountMinor;
    this.merchant(ctx.merchantId).pendingRefundsMinor += amountMinor;
    this.emit('refund', ctx, pan, amountMinor, responseCode, { note, originalStan });
  }

  /** Undo a refund (reversal of a refund). */
  unrefund(ctx: LedgerContext, pan: string, amountMinor: number, merchantId: string, note?: string): void {
    const a = this.ensure(pan);
    a.balanceMinor -= amountMinor;
    this.merchant(merchantId).pendingRefundsMinor -= amountMinor;
    this.emit('refund', ctx, pan, -amountMinor, '00', { note: note ?? 'refund reversed' });
  }

  /** Settle every open hold of one terminal's batch and the merchant's pending refunds. */
  settleBatch(ctx: LedgerContext, terminalId: string, batch: string, merchantRefundsMinor: number): number {
    let captured = 0;
    for (const h of [...this.openHolds.values()]) {
      if (h.ctx.terminalId !== terminalId || h.ctx.batch !== batch) continue;
      this.openHolds.delete(h.id);
      const a = this.ensure(h.pan);
      a.heldMinor -= h.amountMinor;
      a.balanceMinor -= h.amountMinor;
      const m = this.merchant(h.ctx.merchantId);
      m.settledMinor += h.amountMinor;
      m.captureCount++;
      captured += h.amountMinor;
      this.emit('capture', h.ctx, h.pan, h.amountMinor, '00', { holdId: h.id, note: `settled by STAN ${ctx.stan}` });
    }
    if (merchantRefundsMinor) {
      const m = this.merchant(ctx.merchantId);
      m.pendingRefundsMinor -= merchantRefundsMinor;
      m.settledMinor -= merchantRefundsMinor;
    }
    return captured;
  }

  /** An event that moves no money (decline, duplicate, reversal notice, settlement, batch upload). */
  note(kind: LedgerEventKind, ctx: LedgerContext, pan: string, amountMinor: number, responseCode: string, extra: Partial<LedgerEvent> = {}): void {
    this.emit(kind, ctx, pan, amountMinor, responseCode, extra);
  }

  /** Back to the initial accounts, no holds, no events. */
  reset(accounts: readonly AccountSpec[] = this.initial): void {
    this.initial = accounts;
    this.accounts.clear();
    this.openHolds.clear();
    this.merchants.clear();
    this.log = [];
    this.holdSeq = 0;
    this.loadInitial();
  }

  private loadInitial(): void {
    for (const s of this.initial) {
      const a: Account = { pan: s.pan, balanceMinor: s.balanceMinor, heldMinor: 0 };
      if (s.expiry !== undefined) a.expiry = s.expiry;
      if (s.pin !== undefined) a.pin = s.pin;
      this.accounts.set(s.pan, a);
    }
  }

  private merchant(id: string): Merchant {
    let m = this.merchants.get(id);
    if (!m) {
      m = { settledMinor: 0, pendingRefundsMinor: 0, captureCount: 0 };
      this.merchants.set(id, m);
    }
    return m;
  }

  private emit(kind: LedgerEventKind, ctx: LedgerContext, pan: string, amountMinor: number, responseCode: string, extra?: Partial<LedgerEvent>): void {
    const rec: Rec = { seq: this.log.length + 1, kind, atMs: this.clock.now(), ctx, pan, amountMinor, responseCode };
    if (extra) rec.extra = extra;
    this.log.push(rec);
    if (this.listeners.size) {
      const e = materialise(rec);
      for (const l of this.listeners) l(e);
    }
  }
}

function materialise(r: Rec): LedgerEvent {
  const ctx = r.ctx;
  const e: LedgerEvent = {
    seq: r.seq,
    kind: r.kind,
    at: new Date(r.atMs).toISOString(),
    atMs: r.atMs,
    terminalId: ctx.terminalId,
    merchantId: ctx.merchantId,
    stan: ctx.stan,
    batch: ctx.batch,
    rrn: ctx.rrn,
    amountMinor: r.amountMinor,
    maskedPan: r.pan ? maskPan(r.pan) : '',
    responseCode: r.responseCode,
  };
  if (ctx.mti !== undefined) e.mti = ctx.mti;
  if (ctx.processingCode !== undefined) e.processingCode = ctx.processingCode;
  if (r.extra) for (const [k, v] of Object.entries(r.extra)) if (v !== undefined) (e as unknown as Record<string, unknown>)[k] = v;
  return e;
}

function view(a: Account): AccountView {
  const v: AccountView = {
    maskedPan: maskPan(a.pan),
    balanceMinor: a.balanceMinor,
    heldMinor: a.heldMinor,
    availableMinor: a.balanceMinor - a.heldMinor,
  };
  if (a.expiry !== undefined) v.expiry = a.expiry;
  return v;
}

function blankCtx(): LedgerContext {
  return { terminalId: '', merchantId: '', stan: '', batch: '', rrn: '' };
}
