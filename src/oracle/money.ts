/**
 * Money: does every approval the host stands by have a terminal record and a receipt, does
 * every receipt and every journal approval have a host approval, one charge per intent,
 * balanced settlements (docs/desyncs.md, rules 1–5 and 6).
 */
import { causeFor, contentCause, journalClaimCause } from './causes';
import { key, type Case } from './case';
import type { Desync, LedgerRecord } from './types';
import { approvalWithoutReceipt, saleIntents } from './without-journal';

const NOT_STOOD_BY = ['failed', 'pending', 'cancelled', 'declined', 'reversed'];

export function moneyChecks(c: Case): Desync[] {
  const out: Desync[] = [];
  const inj = c.input.injections;
  for (const a of c.approvals) {
    const j = c.journalFor(a.batch, a.stan);
    const onPaper = c.slipsFor(a.batch, a.stan);
    const evidence = c.evidence.of(a.stan, a.batch, onPaper.map((s) => s.number));
    if (!c.hasJournal) {
      if (onPaper.length === 0) out.push(approvalWithoutReceipt(c, a, evidence));
      continue;
    }
    // The terminal does not stand by this approval (it gave up, was refused, or believes it
    // reversed it), yet the host holds the money.
    if (!j || NOT_STOOD_BY.includes(j.status)) {
      out.push({
        type: 'unreversed-timeout',
        cause: causeFor('host', inj),
        stan: a.stan,
        amountMinor: a.amountMinor,
        evidence,
        detail: j
          ? j.status === 'reversed'
            ? `the host approved STAN ${a.stan} (${a.amountMinor}) and the terminal recorded it as reversed, but the host never received that reversal`
            : `the host approved STAN ${a.stan} (${a.amountMinor}) but the terminal recorded it as ${j.status}${j.reason ? ` (${j.reason})` : ''} and never reversed it`
          : `the host approved STAN ${a.stan} (${a.amountMinor}) that the terminal's journal does not know, and it was never reversed`,
      });
      continue;
    }
    if (onPaper.length === 0) {
      const garbled = c.garbled.map((s) => `#${s.number}`);
      out.push({
        type: 'approved-without-receipt',
        cause: causeFor('paper', inj),
        stan: a.stan,
        amountMinor: a.amountMinor,
        evidence: { ...evidence, ...(garbled.length ? { slips: garbled.map((g) => Number(g.slice(1))) } : {}) },
        detail: `the host approved STAN ${a.stan} (${a.amountMinor}) and the journal says ${j.status}${j.receiptPending ? ' with a receipt pending' : ''}, but no complete${garbled.length ? ', readable' : ''} receipt for it was printed${garbled.length ? ` (receipt ${garbled.join(', ')} is garbled)` : ''}`,
      });
    }
    if (j.amountMinor !== a.amountMinor) {
      out.push({ type: 'amount-mismatch', cause: causeFor('host', inj), stan: a.stan, amountMinor: a.amountMinor, evidence, detail: `journal amount ${j.amountMinor} ≠ host amount ${a.amountMinor} for STAN ${a.stan}` });
    }
    // What the journal keeps of the host's answer (rule 13): a field it records must be the host's.
    const kept: [string, string | undefined, string | undefined][] = [
      ['RRN', j.rrn, a.rrn],
      ['auth code', j.authCode, c.evidence.authCodeOf(a.stan)],
    ];
    for (const [field, mine, host] of kept) {
      if (mine === undefined || !host || mine === host) continue;
      const line = c.journal.indexOf(j) + 1;
      out.push({ type: 'journal-field-mismatch', cause: journalClaimCause('host', inj), stan: a.stan, amountMinor: a.amountMinor, evidence: { ...evidence, journal: [line] }, detail: `journal line ${line} records ${j.kind} STAN ${a.stan} with ${field} "${mine}", the host gave "${host}"` });
    }
  }

  // A journal that says approved where the host never approved (or reversed what it had).
  for (const [i, j] of c.journal.entries()) {
    if (j.status !== 'approved' || j.kind === 'settlement' || !c.inWindow(j)) continue;
    if (c.approvalFor(j.batch, j.stan)) continue;
    const reversed = c.reversedKeys.has(key(j.batch, j.stan));
    const declined = c.ledger.find((l) => l.stan === j.stan && l.batch === j.batch && l.kind === 'decline');
    const unknown = !declined && c.ledger.find((l) => l.stan === j.stan && l.batch === j.batch && l.kind === 'unknown');
    const hostSays = reversed ? 'reversed it' : declined ? `declined it (${declined.responseCode})` : unknown ? 'gave no answer to it that the wire showed (its record is unknown)' : 'has no record of it';
    out.push({
      type: 'approval-not-given',
      cause: contentCause('host', inj),
      stan: j.stan,
      amountMinor: j.amountMinor,
      evidence: { ...c.evidence.of(j.stan, j.batch), journal: [i + 1] },
      detail: `journal line ${i + 1} says ${j.kind} STAN ${j.stan} (${j.amountMinor}) was approved, but the host ${hostSays}`,
    });
  }

  for (const r of c.readable) {
    if (!r.stan) continue;
    const approved = c.approvals.some((a) => a.stan === r.stan && (r.batch === undefined || a.batch === r.batch));
    if (!approved) {
      const reversed = c.ledger.some((l) => l.kind === 'reversal' && l.stan === r.stan);
      out.push({
        type: 'receipt-without-approval',
        cause: causeFor('host', inj),
        stan: r.stan,
        ...(r.amountMinor !== undefined ? { amountMinor: r.amountMinor } : {}),
        evidence: c.evidence.of(r.stan, r.batch, [r.number]),
        detail: `receipt #${r.number} is for STAN ${r.stan}, which the host ${reversed ? 'reversed' : 'never approved'}`,
      });
    }
  }

  // Two approvals for one customer intent: more live holds for (card, amount) than intents.
  const holdsByIntentKey = new Map<string, string[]>();
  for (const h of c.activeHolds) {
    const k = `${h.maskedPan}|${h.amountMinor}`;
    const stans = holdsByIntentKey.get(k);
    if (stans) stans.push(h.stan);
    else holdsByIntentKey.set(k, [h.stan]);
  }
  const intentsByKey = saleIntents(c);
  for (const [k, stans] of holdsByIntentKey) {
    const [pan, amount] = k.split('|');
    const intents = intentsByKey.get(k) ?? new Set<string>();
    if (stans.length > Math.max(1, intents.size)) {
      const messages = stans.flatMap((s) => c.evidence.messagesOf(s));
      out.push({ type: 'duplicate-charge', cause: causeFor('host', inj), amountMinor: Number(amount), evidence: messages.length ? { messages } : {}, detail: `${stans.length} live approvals of ${amount} on card ${pan} (STAN ${stans.join(', ')}) for ${intents.size} customer intent(s)` });
    }
  }

  for (const s of c.ledger.filter((l) => l.kind === 'settlement' && l.balanced === false)) {
    const messages = c.evidence.messagesOf(s.stan);
    out.push({ type: 'settlement-mismatch', cause: causeFor('host', inj), evidence: messages.length ? { messages } : {}, detail: `settlement of batch ${s.batch}: the terminal's totals differ from the host's` });
  }

  // A reversal the host refused because it does not repeat its original (reversal-match.ts in
  // the issuer emulator); each retry is refused again: one desync per original.
  const refusals = new Map<string, LedgerRecord[]>();
  for (const r of c.ledger.filter((l) => l.mismatch?.length)) {
    const k = key(r.batch, r.originalStan ?? r.stan);
    refusals.set(k, [...(refusals.get(k) ?? []), r]);
  }
  for (const rs of refusals.values()) {
    const r = rs[0]!;
    const stan = r.originalStan ?? r.stan;
    out.push({
      type: 'reversal-mismatch',
      cause: contentCause('host', inj),
      stan,
      amountMinor: r.amountMinor,
      evidence: c.evidence.of(stan, r.batch),
      detail: `the host refused the reversal of STAN ${stan} (${r.responseCode}${rs.length > 1 ? `, ${rs.length} times` : ''}): ${r.mismatch!.map((m) => `field ${m.field} says ${m.sent}, the original ${m.original}`).join('; ')}`,
    });
  }
  return out;
}
