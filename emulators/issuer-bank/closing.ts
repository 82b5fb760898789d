/** The issuer's decisions on reversals (what a reversal undoes), settlement (the batch totals) and batch upload. */
import type { IsoMessage } from '../../src/protocols/iso8583/types';
import type { LedgerContext, SettlementTotals } from './ledger';
import { fmtTotals, mmdd, nextBatch, str } from './request-fields';
import type { HostState, Txn } from './host-state';
import { describeMismatches, mismatchCode, reversalMismatches } from './reversal-match';

export function reversal(h: HostState, req: IsoMessage, pan: string | undefined, amountMinor: number, terminalId: string, stan: string, batch: string, forced: string | undefined): { response?: IsoMessage; reason: string; uncached?: boolean } {
  const orig = h.findOriginal(terminalId, batch, stan);
  const ctx = h.ctx(req, orig?.rrn ?? '');
  const cardPan = orig?.pan ?? pan ?? '';
  const amount = orig?.amountMinor ?? amountMinor;
  if (forced !== undefined && forced !== '00') {
    h.cfg.ledger.note('decline', ctx, cardPan, amount, forced, { note: 'reversal refused by a rule' });
    return { response: h.respond(req, forced, ctx.rrn || undefined), reason: `reversal refused: code ${forced} forced by a rule` };
  }
  const reasonCode = str(req.fields[39]);
  const why = reasonCode ? ` (terminal reason ${reasonCode})` : '';
  let code = '00';
  let reason: string;
  const mismatch = orig && orig.state !== 'reversed' && orig.state !== 'settled' ? reversalMismatches(orig, req) : [];
  if (mismatch.length) {
    // A reversal that does not repeat its original is refused, and the host keeps the money
    // held: what the terminal asked to undo is not what it did (reversal-match.ts).
    code = mismatchCode(mismatch);
    reason = `reversal of STAN ${orig!.stan} refused: ${describeMismatches(mismatch)}`;
    h.cfg.ledger.note('decline', ctx, cardPan, amount, code, { originalStan: orig!.stan, mismatch, note: reason });
  } else if (!orig) {
    reason = 'reversal of a request the host never saw: nothing to undo';
    h.cfg.ledger.note('reversal', ctx, cardPan, amount, '00', { note: `original not found${why}` });
  } else if (orig.state === 'reversed') {
    reason = 'already reversed: nothing changes';
    h.cfg.ledger.note('duplicate', ctx, cardPan, amount, '00', { note: 'repeated reversal: no new effect' });
  } else if (orig.state === 'settled') {
    code = '12';
    reason = 'original already settled: cannot reverse';
    h.cfg.ledger.note('decline', ctx, cardPan, amount, '12', { note: reason });
  } else if (orig.state === 'declined') {
    reason = 'original was declined: nothing to undo';
    orig.state = 'reversed';
    h.cfg.ledger.note('reversal', ctx, cardPan, amount, '00', { originalStan: orig.stan, note: `original declined ${orig.responseCode}${why}` });
  } else {
    reason = `reversal of ${orig.kind} STAN ${orig.stan}`;
    h.cfg.ledger.note('reversal', ctx, cardPan, amount, '00', { originalStan: orig.stan, note: `${orig.kind} reversed${why}` });
    undo(h, orig, ctx);
  }
  // A refused mismatch is not remembered as the answer to this STAN: a corrected reversal still counts.
  return { response: h.respond(req, code, ctx.rrn || undefined), reason, ...(mismatch.length ? { uncached: true } : {}) };
}

export function undo(h: HostState, orig: Txn, ctx: LedgerContext): void {
  const ledger = h.cfg.ledger;
  if (orig.kind === 'void') {
    // The void never happened: the sale's hold comes back.
    const sale = orig.original;
    if (sale && sale.state === 'voided') {
      sale.state = 'approved';
      sale.holdId = ledger.placeHold(ctx, sale.pan, sale.amountMinor, '00', `void (STAN ${orig.stan}) reversed: hold of STAN ${sale.stan} restored`, sale.stan);
    }
  } else if (orig.kind === 'refund') {
    ledger.unrefund(ctx, orig.pan, orig.amountMinor, orig.merchantId);
    if (orig.original) orig.original.refundedMinor -= orig.amountMinor;
  } else if (orig.holdId) {
    ledger.releaseHold(orig.holdId, ctx, '00', `reversal of STAN ${orig.stan}`);
  }
  orig.state = 'reversed';
}

export function settlement(h: HostState, req: IsoMessage, terminalId: string, batch: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
  const f48 = str(req.fields[48]);
  const rrn = h.nextRrn();
  const ctx = h.ctx(req, rrn);
  if (!/^\d{30}/.test(f48)) {
    const res = h.respond(req, '30', rrn);
    return { response: res, reason: 'format error: field 48 must start with 30 digits of totals' };
  }
  const terminalTotals: SettlementTotals = {
    debitMinor: Number(f48.slice(0, 12)),
    debitCount: Number(f48.slice(12, 15)),
    creditMinor: Number(f48.slice(15, 27)),
    creditCount: Number(f48.slice(27, 30)),
  };
  // The batch is reconciled against everything the host booked in it: what is still open,
  // and — when the terminal settles the same batch again because the 0510 never reached it
  // (docs/domain.md §1.6, a repeated settlement) — what an earlier settlement already closed.
  const host: SettlementTotals = { debitMinor: 0, debitCount: 0, creditMinor: 0, creditCount: 0 };
  const batchTxns: Txn[] = [];
  let newCreditMinor = 0;
  for (const t of h.txns.values()) {
    if (t.terminalId !== terminalId || t.batch !== batch) continue;
    const open = t.state === 'approved';
    if (!open && !(t.state === 'settled' && t.settledAs === 'approved')) continue;
    if (open) batchTxns.push(t);
    if (t.kind === 'refund') {
      host.creditMinor += t.amountMinor;
      host.creditCount++;
      if (open) newCreditMinor += t.amountMinor;
    } else if (t.kind !== 'void') {
      host.debitMinor += t.amountMinor;
      host.debitCount++;
    }
  }
  const balanced =
    host.debitMinor === terminalTotals.debitMinor && host.debitCount === terminalTotals.debitCount && host.creditMinor === terminalTotals.creditMinor && host.creditCount === terminalTotals.creditCount;
  const code = forced ?? '00';
  if (code === '00') {
    // Money moves once: only holds and refunds still open are settled.
    h.cfg.ledger.settleBatch(ctx, terminalId, batch, newCreditMinor);
    for (const t of batchTxns) Object.assign(t, { state: 'settled', settledAs: 'approved' });
    // Voided sales are done too.
    for (const t of h.txns.values()) if (t.terminalId === terminalId && t.batch === batch && t.state === 'voided') Object.assign(t, { state: 'settled', settledAs: 'voided' });
    h.terminal(terminalId).batch = nextBatch(batch);
  }
  h.cfg.ledger.note('settlement', ctx, '', host.debitMinor - host.creditMinor, code, {
    balanced,
    hostTotals: host,
    terminalTotals,
    note: balanced ? 'balanced' : 'unbalanced',
  });
  const res = h.respond(req, code, rrn);
  const flag = balanced ? '1' : '2';
  res.fields[48] = f48.slice(0, 30) + flag + (f48.length >= 61 ? f48.slice(31, 61) + flag : '');
  res.fields[15] = mmdd(h.cfg.clock.date());
  return { response: res, reason: balanced ? 'settlement balanced' : `settlement unbalanced (host ${fmtTotals(host)}, terminal ${fmtTotals(terminalTotals)})` };
}

export function batchUpload(h: HostState, req: IsoMessage, pan: string | undefined, amountMinor: number | undefined, terminalId: string, batch: string, forced: string | undefined): { response?: IsoMessage; reason: string } {
  const nmc = str(req.fields[60]).slice(8, 11);
  const ctx = h.ctx(req, '');
  let note: string;
  let itemPan = pan ?? '';
  let itemAmount = amountMinor ?? 0;
  const f48 = str(req.fields[48]);
  if (nmc === '202' || nmc === '207') note = 'batch upload end';
  else {
    // An item is STAN (6) + amount (12) in field 48, else fields 11 / 4.
    const m = /^(\d{6})(\d{12})/.exec(f48);
    const stan = m ? m[1]! : str(req.fields[11]);
    if (m) itemAmount = Number(m[2]);
    const t = h.findOriginal(terminalId, batch, stan);
    if (t && !itemPan) itemPan = t.pan;
    note = `item STAN ${stan}: ` + (!t ? 'unknown to the host' : t.amountMinor !== itemAmount ? `amount differs from the host's ${t.amountMinor}` : `matches host ${t.kind} (${t.state})`);
  }
  h.cfg.ledger.note('batch-upload', ctx, itemPan, itemAmount, forced ?? '00', { note });
  return { response: h.respond(req, forced ?? '00'), reason: `batch upload: ${note}` };
}
