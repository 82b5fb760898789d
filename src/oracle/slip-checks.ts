/**
 * What the paper says, against the host's record and the terminal's claims
 * (docs/desyncs.md, rules 7–10): every field of every complete slip, the copies printed
 * against receipt_copies, the journal's receipts-printed count against the complete slips,
 * and slips that did not reach the paper as laid out.
 */
import { maskPan } from '../util/mask';
import { causeFor, CLOCK_SETTINGS, contentCause, journalClaimCause, PRINTER_LINK_SETTINGS, SLIP_LAYOUT_SETTINGS } from './causes';
import { CLOCK_TOLERANCE_MS, type Case } from './case';
import { slipTime, type ReadSlip } from './slip-reader';
import type { Cause, Desync, JournalRecord, LedgerRecord } from './types';

/** The transaction type a slip prints for each kind of host record. */
export const TXN_TYPE: Record<string, string> = { hold: 'SALE', void: 'VOID', refund: 'REFUND' };
const COPIES = ['MERCHANT', 'CARDHOLDER', 'BANK'];

function shown(v: string): string {
  // A slip that printed more of the card number than first 6 / last 4 is named masked.
  return /^\d{11,19}$/.test(v) ? maskPan(v) : v;
}

function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The fields of one slip against the host's approval; one desync per field that differs. */
function fieldChecks(c: Case, a: LedgerRecord, s: ReadSlip): Desync[] {
  const out: Desync[] = [];
  const evidence = c.evidence.of(a.stan, a.batch, [s.number]);
  const cause = contentCause('paper', c.input.injections, SLIP_LAYOUT_SETTINGS);
  const field = (name: string, printed: string, expected: string, why = cause) =>
    out.push({ type: 'receipt-field-mismatch', cause: why, stan: a.stan, amountMinor: a.amountMinor, evidence, detail: `receipt #${s.number} (STAN ${a.stan}): ${name} printed "${printed}", expected "${expected}"` });
  if (s.amountText !== undefined && s.amountMinor !== a.amountMinor) {
    const how = s.amountMinor === undefined ? `"${s.amountText}" (not an amount with two decimals)` : String(s.amountMinor);
    out.push({ type: 'amount-mismatch', cause, stan: a.stan, amountMinor: a.amountMinor, evidence, detail: `receipt #${s.number} shows ${how} but the host approved ${a.amountMinor} for STAN ${a.stan}` });
  }
  if (s.maskedPan !== undefined && a.maskedPan && s.maskedPan !== a.maskedPan) field('card number', shown(s.maskedPan), a.maskedPan);
  const type = TXN_TYPE[a.kind];
  if (s.txnType !== undefined && type && s.txnType !== type) field('transaction type', s.txnType, type);
  if (s.rrn !== undefined && a.rrn && s.rrn !== a.rrn) field('RRN', s.rrn, a.rrn);
  const auth = c.evidence.authCodeOf(a.stan);
  if (s.authCode !== undefined && auth !== undefined && s.authCode !== (auth || '-')) field('auth code', s.authCode, auth || '-');
  const clock = s.dateTime === undefined ? undefined : clockProblem(c, s.dateTime);
  if (clock) field('date/time', s.dateTime!, clock.expected, clock.cause);
  return out;
}

/**
 * What is wrong with a slip's printed date and time, if anything: not a real date (the
 * layout's fault, as any other field), or outside the bench clock's window — which a
 * terminal whose clock was set wrong prints faithfully: that setting explains it.
 */
export function clockProblem(c: Case, printed: string): { expected: string; cause: Cause } | undefined {
  const t = slipTime(printed);
  const w = c.input.clockWindow;
  if (t === undefined) return { expected: 'a real date and time', cause: contentCause('paper', c.input.injections, SLIP_LAYOUT_SETTINGS) };
  if (w && (t < Math.floor(w.fromMs / 1000) * 1000 - CLOCK_TOLERANCE_MS || t > w.toMs + CLOCK_TOLERANCE_MS)) {
    return { expected: `a time between ${localTime(w.fromMs)} and ${localTime(w.toMs)} (the bench clock)`, cause: contentCause('paper', c.input.injections, CLOCK_SETTINGS) };
  }
  return undefined;
}

/** Copies and reprint marks of one transaction's slips: each copy once unmarked, and as many as receipt_copies. */
function copyChecks(c: Case, a: LedgerRecord, j: JournalRecord | undefined, slips: ReadSlip[]): Desync[] {
  const out: Desync[] = [];
  const evidence = c.evidence.of(a.stan, a.batch, slips.map((s) => s.number));
  const originals = slips.filter((s) => !s.reprint);
  const seen = new Set<string>();
  for (const s of originals) {
    if (s.copy === undefined) continue;
    if (seen.has(s.copy)) {
      out.push({ type: 'receipt-field-mismatch', cause: contentCause('paper', c.input.injections, SLIP_LAYOUT_SETTINGS), stan: a.stan, amountMinor: a.amountMinor, evidence: c.evidence.of(a.stan, a.batch, [s.number]), detail: `receipt #${s.number} is a second ${s.copy} COPY of STAN ${a.stan} without the reprint mark` });
    }
    seen.add(s.copy);
  }
  const p = c.input.printing;
  // Only a transaction printed in one go is held to receipt_copies: after a failure or a
  // reprint the copies on paper are whatever the retry gave.
  const interrupted = !!j?.receiptPending || slips.some((s) => s.reprint) || c.incomplete.some((s) => s.stan === undefined || s.stan === a.stan);
  if (!p || interrupted) return out;
  const expected = p.printReceipts ? COPIES.slice(0, p.receiptCopies) : [];
  const labels = originals.map((s) => s.copy ?? '?');
  const fits = labels.length === expected.length && labels.every((l, i) => l === '?' || l === expected[i]);
  // No receipt at all is approved-without-receipt's to say.
  if (!fits && originals.length > 0) {
    out.push({
      type: 'receipt-count-mismatch',
      // The copies are judged by the setting itself: no setting explains ignoring it.
      cause: contentCause('paper', c.input.injections, []),
      stan: a.stan,
      amountMinor: a.amountMinor,
      evidence,
      detail: `receipt_copies is ${p.printReceipts ? p.receiptCopies : '0 (print_receipts off)'}: expected ${expected.length ? expected.join(', ') : 'no copy'} for STAN ${a.stan}, the paper has ${labels.join(', ')} (receipt ${originals.map((s) => `#${s.number}`).join(', ')})`,
    });
  }
  return out;
}

export function slipChecks(c: Case): Desync[] {
  const out: Desync[] = [];
  const inj = c.input.injections;
  for (const a of c.approvals) {
    // Without a journal every approval the host stands by is held to its slips.
    const j = c.journalFor(a.batch, a.stan);
    if (c.hasJournal && (!j || !['approved', 'voided'].includes(j.status))) continue;
    const slips = c.slipsFor(a.batch, a.stan);
    for (const s of slips) out.push(...fieldChecks(c, a, s));
    out.push(...copyChecks(c, a, j, slips));
  }

  // The journal's claim of receipts printed, against the complete slips on paper. A garbled
  // slip cannot be told apart, so with one on paper the count is not judged.
  const unattributable = c.garbled.some((s) => s.stan === undefined);
  for (const [i, j] of c.journal.entries()) {
    if (unattributable || j.kind === 'settlement' || j.receiptsPrinted === undefined || !c.inWindow(j)) continue;
    const slips = c.slipsFor(j.batch, j.stan);
    const cut = c.incomplete.filter((s) => s.stan === undefined || s.stan === j.stan);
    if (slips.length === j.receiptsPrinted) {
      // A receipt still owed, says the journal, when every copy came out complete: the till
      // would prompt a reprint nobody needs (rule 9).
      const copies = c.input.printing ? (c.input.printing.printReceipts ? c.input.printing.receiptCopies : 0) : undefined;
      if (j.receiptPending && copies !== undefined && copies > 0 && cut.length === 0 && slips.filter((x) => !x.reprint).length >= copies) {
        out.push({
          type: 'receipt-count-mismatch',
          cause: journalClaimCause('paper', inj, PRINTER_LINK_SETTINGS),
          stan: j.stan,
          amountMinor: j.amountMinor,
          evidence: { ...c.evidence.of(j.stan, j.batch, slips.map((x) => x.number)), journal: [i + 1] },
          detail: `journal line ${i + 1} says a receipt is still owed for STAN ${j.stan}, but all ${copies} cop${copies === 1 ? 'y' : 'ies'} came out complete`,
        });
      }
      continue;
    }
    // A complete slip the printer itself flagged (its cutter jammed after the last line) may be
    // counted as failed by honest firmware: the printer's fault explains that undercount.
    const flagged = j.receiptsPrinted < slips.length && slips.some((s) => s.printerFault !== undefined);
    out.push({
      type: 'receipt-count-mismatch',
      cause: flagged ? causeFor('paper', inj) : journalClaimCause('paper', inj, PRINTER_LINK_SETTINGS),
      stan: j.stan,
      amountMinor: j.amountMinor,
      evidence: { ...c.evidence.of(j.stan, j.batch, [...slips, ...cut].map((s) => s.number).sort((x, y) => x - y)), journal: [i + 1] },
      detail: `journal line ${i + 1} says ${j.receiptsPrinted} receipt(s) printed for STAN ${j.stan}, the paper has ${slips.length} complete${cut.length ? ` (receipt ${cut.map((s) => `#${s.number}`).join(', ')} cut short)` : ''}`,
    });
  }

  for (const s of c.slips) {
    if (!s.complete || !s.malformed) continue;
    out.push({
      type: 'malformed-receipt',
      cause: causeFor('paper', inj),
      ...(s.stan !== undefined ? { stan: s.stan } : {}),
      ...(s.amountMinor !== undefined ? { amountMinor: s.amountMinor } : {}),
      evidence: s.stan !== undefined ? c.evidence.of(s.stan, s.batch, [s.number]) : { slips: [s.number] },
      detail:
        s.malformed === 'garbled'
          ? `receipt #${s.number} is unreadable: its text is garbled (decoded with another code page than it was encoded in)`
          : `receipt #${s.number} has ${c.input.paper[s.index]!.wrappedLines} line(s) wrapped: laid out wider than the paper`,
    });
  }
  return out;
}
