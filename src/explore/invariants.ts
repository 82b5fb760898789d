/**
 * The invariants an explore run checks at its end (and the steps of steps/explore.steps.ts
 * assert, so a written feature checks the same): pure functions over what the bench
 * recorded — the oracle's desyncs, the terminal's journal, the paper, the timeline.
 *
 * - explained: every desync has an injected cause; on a correct terminal the oracle never
 *   blames `firmware-defect` (docs/desyncs.md, The causes);
 * - repaired: once every fault is cleared and the terminal has had its next online sale and
 *   a settlement, nothing it could have repaired is left — no money held without a record
 *   and no owed reversal (`unreversed-timeout`), no double charge (`duplicate-charge`), no
 *   unbalanced settlement (`settlement-mismatch`);
 * - slips: the terminal accounts truthfully for its slips — every slip its journal counts as
 *   printed is complete on the paper, and a slip printed again is marked as a reprint
 *   (docs/domain.md, receipts);
 * - pan: no full card number on the paper, the display, the journal or the terminal's log
 *   (first 6 / last 4 only);
 * - rules: voids, refunds and reversals act on the transaction they must (rules.ts);
 * - cards: every approval was taken the way the card and the terminal's settings allow
 *   (card-policy.ts).
 */
import type { JournalEntry } from '../protocols/ecr/contract';
import type { EvidenceEvent } from '../evidence/types';
import type { Desync, DesyncType, PaperRecord, ReceiptFormat } from './oracle';

export type InvariantName = 'explained' | 'repaired' | 'slips' | 'pan' | 'rules' | 'cards';

export interface Violation {
  invariant: InvariantName;
  detail: string;
}

/** Desyncs a correct terminal repairs once it has had its chance. */
export const REPAIRABLE: readonly DesyncType[] = ['unreversed-timeout', 'duplicate-charge', 'settlement-mismatch'];

function describe(d: Desync): string {
  return `${d.type} (${d.cause})${d.stan ? ` STAN ${d.stan}` : ''}: ${d.detail}`;
}

export function explained(desyncs: readonly Desync[]): Violation[] {
  return desyncs.filter((d) => d.cause === 'firmware-defect').map((d) => ({ invariant: 'explained', detail: `no injected fault explains ${describe(d)}` }));
}

/**
 * Gaps of the reference terminal that explore found and the terminal's owner has not closed
 * yet. A run that hits one is not a failure, but every hit is named: on the timeline
 * (`explore.known-gap`), in the run's record and in the explore report. Remove an entry
 * when the terminal closes its gap, and explore finds it again wherever it is left open.
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
  // None open. `refund-lost-on-timeout` (a refund booked by the host after the terminal gave
  // up on it) was closed by the refund advice (src/terminal/refund-advice.ts).
};
export type KnownGap = keyof typeof KNOWN_GAPS;

export interface RepairVerdict {
  violations: Violation[];
  /** Desyncs left that are a known gap, with its name. */
  gaps: { gap: KnownGap; detail: string }[];
}

/** What is left that the terminal could have repaired (no known gap is open: KNOWN_GAPS). */
export function repaired(desyncs: readonly Desync[]): RepairVerdict {
  const verdict: RepairVerdict = { violations: [], gaps: [] };
  for (const d of desyncs.filter((x) => REPAIRABLE.includes(x.type))) verdict.violations.push({ invariant: 'repaired', detail: `left after recovery: ${describe(d)}` });
  return verdict;
}

export interface SlipInput {
  journal: readonly JournalEntry[];
  paper: readonly PaperRecord[];
  receiptFormat: ReceiptFormat;
  /** The terminal's receipt_copies: the originals one transaction may print. */
  receiptCopies: number;
}

export function slips(input: SlipInput): Violation[] {
  const trace = new RegExp(input.receiptFormat.trace);
  const reprint = new RegExp(input.receiptFormat.reprint);
  const complete = input.paper.filter((p) => p.complete).map((p) => ({ stan: trace.exec(p.text)?.[1], reprint: reprint.test(p.text) }));
  const out: Violation[] = [];
  for (const e of input.journal) {
    if (e.kind === 'settlement' || e.receiptsPrinted <= 0) continue;
    const onPaper = complete.filter((r) => r.stan === e.stan).length;
    if (onPaper === 0) out.push({ invariant: 'slips', detail: `the journal counts ${e.receiptsPrinted} slip(s) printed for ${e.kind} STAN ${e.stan}${e.receiptPending ? '' : ' and none owed'}, but no complete slip for it is on the paper` });
  }
  const originals = new Map<string, number>();
  for (const r of complete) if (r.stan && !r.reprint) originals.set(r.stan, (originals.get(r.stan) ?? 0) + 1);
  for (const [stan, n] of originals) {
    if (n > input.receiptCopies) out.push({ invariant: 'slips', detail: `${n} slips for STAN ${stan} carry no reprint mark (receipt_copies ${input.receiptCopies}): a copy printed again passes for an original` });
  }
  return out;
}

export interface PanInput {
  pans: readonly string[];
  paper: readonly PaperRecord[];
  journal: readonly JournalEntry[];
  /** The timeline: what the terminal showed (ecr), answered (ecr) and logged (terminal). */
  events: readonly EvidenceEvent[];
}

const TERMINAL_SOURCES = ['ecr', 'terminal'];

export function pan(input: PanInput): Violation[] {
  const out: Violation[] = [];
  const look = (where: string, text: string) => {
    const digits = text.replace(/[\s-]/g, '');
    for (const p of input.pans) if (digits.includes(p)) out.push({ invariant: 'pan', detail: `${where} shows the full card number ${p.slice(0, 6)}…${p.slice(-4)}` });
  };
  input.paper.forEach((p, i) => look(`receipt #${i + 1}`, p.text));
  look('the journal', JSON.stringify(input.journal));
  for (const e of input.events) if (TERMINAL_SOURCES.includes(e.source)) look(`timeline event #${e.seq} (${e.source} ${e.kind})`, `${e.summary} ${JSON.stringify(e.data ?? '')}`);
  return out;
}

export function formatViolations(vs: readonly Violation[]): string {
  return vs.map((v) => `- [${v.invariant}] ${v.detail}`).join('\n');
}
