/**
 * Judging a terminal whose journal cannot be read (dut.run operator: no ECR). What the
 * terminal believes is unknown, so every claim of the journal goes unjudged; what reached
 * the host and what reached the paper are still set against each other (docs/desyncs.md,
 * "Without a journal"):
 * - an approval the host stands by with no complete, readable receipt: money moved, the
 *   customer has no proof. After a network or bank fault (the latest injection on the host
 *   or the paper disturbs the host only) the terminal most likely timed out and never
 *   reversed it: `unreversed-timeout`; otherwise `approved-without-receipt`;
 * - a receipt without an approval, slip fields against the host's approval, amount on the
 *   slip against the host's, malformed slips, settlement and reversal refusals: as always;
 * - a double charge: more live holds for one card and amount than customer intents, the
 *   intents being the sales the bench asked the operator to key in (`intents`).
 */
import { causeFor } from './causes';
import type { Case } from './case';
import type { Desync, DesyncEvidence, LedgerRecord } from './types';

/** The checks the oracle cannot make without a journal, for the timeline and the report. */
export function checksWithoutJournal(): string[] {
  return [
    "approval-not-given (the journal's approvals against the host's)",
    "receipt-count-mismatch of the journal's receipts-printed count (the copies on paper against receipt_copies are still checked)",
    'amount-mismatch between the journal and the host (the slip against the host is still checked)',
    "whether the terminal stands by an approval (an approval without a receipt is unreversed-timeout after a host fault, else approved-without-receipt)",
  ];
}

/** The desync of an approval with no receipt, when the journal cannot say what the terminal believes. */
export function approvalWithoutReceipt(c: Case, a: LedgerRecord, evidence: DesyncEvidence): Desync {
  const inj = c.input.injections;
  const last = inj.filter((i) => i.affects.includes('host') || i.affects.includes('paper')).at(-1);
  const hostOnly = !!last && !last.affects.includes('paper');
  const unread = "(the terminal's journal cannot be read)";
  if (hostOnly) {
    return { type: 'unreversed-timeout', cause: causeFor('host', inj), stan: a.stan, amountMinor: a.amountMinor, evidence, detail: `the host approved STAN ${a.stan} (${a.amountMinor}) after ${last.what}, no reversal reached it and no receipt was printed ${unread}` };
  }
  return { type: 'approved-without-receipt', cause: causeFor('paper', inj), stan: a.stan, amountMinor: a.amountMinor, evidence, detail: `the host approved STAN ${a.stan} (${a.amountMinor}) but no complete, readable receipt for it was printed ${unread}` };
}

/** The customer intents per card and amount: from the journal's sales, or without one from the intents the bench keyed in. */
export function saleIntents(c: Case): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const sales = c.hasJournal ? c.journal.filter((j) => j.kind === 'sale') : (c.input.intents ?? []).filter((i) => i.kind === 'sale');
  for (const j of sales) {
    const k = `${j.maskedPan}|${j.amountMinor}`;
    out.set(k, (out.get(k) ?? new Set<string>()).add(j.intentId));
  }
  return out;
}
