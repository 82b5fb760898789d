/**
 * Journal integrity: what a technician checks in a terminal's journal at the start of a day
 * (features/maintenance/): every line well-formed, nothing left half-done, every void and
 * refund naming a sale the journal knows, no card number in clear. Works on the ECR journal
 * (docs/ecr.md), so it judges any terminal, not only the reference one.
 */
import type { JournalEntry } from '../protocols/ecr/contract';

/** One thing wrong with a journal, naming the line (index, kind, batch/STAN). */
export interface JournalProblem {
  index: number;
  entry: string;
  problem: string;
}

const MASKED_PAN = /^\d{6}\*+\d{4}$/;

export function journalProblems(journal: readonly JournalEntry[]): JournalProblem[] {
  const out: JournalProblem[] = [];
  const seen = new Set<string>();
  journal.forEach((e, index) => {
    const name = `${e.kind} ${e.batch}/${e.stan}`;
    const add = (problem: string) => out.push({ index, entry: name, problem });
    if (!/^\d{6}$/.test(e.stan)) add(`STAN "${e.stan}" is not 6 digits`);
    if (!/^\d{6}$/.test(e.batch)) add(`batch "${e.batch}" is not 6 digits`);
    const key = `${e.kind}|${e.batch}|${e.stan}`;
    if (seen.has(key)) add('the same kind, batch and STAN appear twice');
    seen.add(key);
    if (!Number.isInteger(e.amountMinor) || e.amountMinor < 0) add(`amount ${e.amountMinor} is not a whole number of minor units`);
    if (e.maskedPan !== undefined && !MASKED_PAN.test(e.maskedPan)) add(`card number "${e.maskedPan.slice(0, 6)}…" is not masked to first 6 / last 4`);
    if (e.status === 'pending') add('still pending: a transaction left half-done');
    if (!Number.isInteger(e.receiptsPrinted) || e.receiptsPrinted < 0) add(`receiptsPrinted ${e.receiptsPrinted} is not a count`);
    if (e.kind === 'settlement') return;
    if (e.status === 'approved' && (!e.authCode || !e.rrn) && e.kind !== 'refund') add('approved without an auth code and RRN from the host');
    if ((e.kind === 'void' || e.kind === 'refund') && e.status === 'approved') {
      const original = journal.find((o) => o.kind === 'sale' && o.stan === e.originalStan && o.batch === (e.originalBatch ?? e.batch));
      if (!original) add(`names an original sale ${e.originalBatch ?? e.batch}/${e.originalStan ?? '?'} the journal does not hold`);
    }
  });
  return out;
}

export function formatJournalProblems(problems: readonly JournalProblem[]): string {
  return problems.map((p) => `journal line ${p.index + 1} (${p.entry}): ${p.problem}`).join('\n');
}
