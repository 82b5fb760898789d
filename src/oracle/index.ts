/**
 * The oracle: reconciliation of the bank's ledger, the terminal's journal and the printed
 * paper. It checks every claim the terminal makes — each approval, each journal status and
 * receipts-printed count, each field of each slip, each reversal — and returns every desync
 * it finds (docs/desyncs.md), each with a probable cause taken from what was injected
 * (causes.ts) and links to its evidence (timeline message, slip, journal line).
 *
 * The oracle reads only plain records (ledger events, journal entries, paper texts, host
 * messages and timeline injections), so it judges a physical terminal exactly as it judges
 * the reference terminal. Its parts: case.ts (records matched by terminal + batch + STAN),
 * slip-reader.ts (slips read back from paper), money.ts, slip-checks.ts and closing-slips.ts
 * (the rules; the last for settlement and fault slips),
 * without-journal.ts (what is judged when the journal cannot be read).
 */
import { Case } from './case';
import { moneyChecks } from './money';
import { slipChecks } from './slip-checks';
import { closingSlipChecks } from './closing-slips';
import type { Desync, DesyncEvidence, OracleInput } from './types';

export * from './types';
export { causeFor, contentCause } from './causes';
export { hostMessagesFrom } from './evidence';
export { DEFAULT_RECEIPT_FORMAT, readSlips, type ReadSlip } from './slip-reader';
export { CLOCK_TOLERANCE_MS } from './case';
export { checksWithoutJournal } from './without-journal';

export function reconcile(input: OracleInput): Desync[] {
  const c = new Case(input);
  return [...moneyChecks(c), ...slipChecks(c), ...closingSlipChecks(c)];
}

function evidenceText(e: DesyncEvidence | undefined): string {
  if (!e) return '';
  const parts: string[] = [];
  if (e.messages?.length) parts.push(`timeline #${e.messages.join(', #')}`);
  if (e.slips?.length) parts.push(`slip ${e.slips.map((n) => `#${n}`).join(', ')}`);
  if (e.journal?.length) parts.push(`journal line ${e.journal.join(', ')}`);
  return parts.join('; ');
}

export function formatDesyncTable(desyncs: Desync[]): string {
  if (desyncs.length === 0) return 'ledger, journal and receipts are in sync';
  const rows = desyncs.map((d) => `| ${d.type} | ${d.cause} | ${d.stan ?? ''} | ${d.amountMinor ?? ''} | ${d.detail} | ${evidenceText(d.evidence)} |`);
  return ['| desync | cause | STAN | amount | detail | evidence |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
