/**
 * The sale a void or refund acts on: the last approved one. A void reaches the open batch
 * only — a settled sale is the host's already, and only a refund gives its money back; a
 * refund may act on a settled sale but never for more than is left of it after earlier
 * refunds (docs/domain.md §1.6). Both refusals are local: no card asked for, nothing sent.
 */
import type { JournalEntry, TerminalStore } from './journal';
import { DISPLAY } from './display';

export type OriginalLookup =
  /** The original to act on, or none at all (nothing approved yet). */
  | { original?: JournalEntry }
  /** Refused: the ECR error (`code` ORIGINAL_SETTLED / REFUND_EXCEEDS_ORIGINAL) and what to show. */
  | { refused: Error & { code: string }; display: string };

export function findOriginal(store: TerminalStore, kind: 'void' | 'refund', amountMinor: number): OriginalLookup {
  const batch = store.batch;
  const last = store.find((e) => e.kind === 'sale' && e.status === 'approved');
  if (!last) return {};
  if (kind === 'void') {
    const inBatch = store.find((e) => e.kind === 'sale' && e.status === 'approved' && e.batch === batch);
    if (inBatch) return { original: inBatch };
    return {
      display: DISPLAY.originalSettled,
      refused: Object.assign(new Error(`void refused: the last approved sale (STAN ${last.stan}, batch ${last.batch}) was settled; the open batch is ${batch} — refund it instead`), { code: 'ORIGINAL_SETTLED' }),
    };
  }
  const refunded = store
    .select((e) => e.kind === 'refund' && e.status === 'approved' && e.originalStan === last.stan && (e.originalBatch ?? e.batch) === last.batch)
    .reduce((a, e) => a + e.amountMinor, 0);
  const left = last.amountMinor - refunded;
  if (amountMinor > left) {
    return {
      display: DISPLAY.refundExceedsOriginal,
      refused: Object.assign(new Error(`refund refused: ${amountMinor} exceeds what is left of the original sale (STAN ${last.stan}, batch ${last.batch}: ${last.amountMinor}, refunded ${refunded}, left ${left})`), { code: 'REFUND_EXCEEDS_ORIGINAL' }),
    };
  }
  return { original: last };
}
