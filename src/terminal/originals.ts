/**
 * The sale a void or refund acts on: the one whose trace number (STAN) the cashier keys in
 * — as [LY] asks for the original's voucher number (docs/domain.md §1.6, "Which original a
 * void or refund hits") — or, when none is keyed in, the last approved one. A void reaches the open batch
 * only — a settled sale is the host's already, and only a refund gives its money back; a
 * refund may act on a settled sale but never for more than is left of it after earlier
 * refunds (docs/domain.md §1.6). Both refusals are local: no card asked for, nothing sent.
 * Seeded defects (defects.ts, class original-selection) pick or cap against the wrong sale.
 */
import type { JournalEntry, TerminalStore } from './journal';
import { DISPLAY } from './display';
import type { FirmwareDefect } from './defects';

export type OriginalLookup =
  /** The original to act on, or none at all (nothing approved yet). */
  | { original?: JournalEntry }
  /** Refused: the ECR error (`code` ORIGINAL_SETTLED / REFUND_EXCEEDS_ORIGINAL) and what to show. */
  | { refused: Error & { code: string }; display: string };

const approvedSale = (e: JournalEntry) => e.kind === 'sale' && e.status === 'approved';

export function findOriginal(store: TerminalStore, kind: 'void' | 'refund', amountMinor: number, defects: readonly FirmwareDefect[] = [], originalStan?: string): OriginalLookup {
  const batch = store.batch;
  const keyed = (e: JournalEntry) => originalStan === undefined || e.stan === originalStan;
  // The store searches newest first; the defects read the journal front to back, oldest first.
  const oldest = (pred: (e: JournalEntry) => boolean) => store.all().find(pred);
  const last = store.find((e) => approvedSale(e) && keyed(e));
  if (!last) return {};
  if (kind === 'void') {
    const voidable = (e: JournalEntry) => approvedSale(e) && keyed(e) && (e.batch === batch || defects.includes('void-settled-sale'));
    const inBatch = defects.includes('void-oldest-sale') ? oldest(voidable) : store.find(voidable);
    if (inBatch) return { original: inBatch };
    return {
      display: DISPLAY.originalSettled,
      refused: Object.assign(new Error(`void refused: the ${originalStan === undefined ? 'last approved sale' : 'sale keyed in'} (STAN ${last.stan}, batch ${last.batch}) was settled; the open batch is ${batch} — refund it instead`), { code: 'ORIGINAL_SETTLED' }),
    };
  }
  const capped = defects.includes('refund-cap-oldest-sale') ? oldest(approvedSale)! : last;
  const refunded = defects.includes('refund-cap-not-summed')
    ? 0
    : store
        .select((e) => e.kind === 'refund' && e.status === 'approved' && e.originalStan === capped.stan && (e.originalBatch ?? e.batch) === capped.batch)
        .reduce((a, e) => a + e.amountMinor, 0);
  const left = capped.amountMinor - refunded;
  if (amountMinor > left) {
    return {
      display: DISPLAY.refundExceedsOriginal,
      refused: Object.assign(new Error(`refund refused: ${amountMinor} exceeds what is left of the original sale (STAN ${capped.stan}, batch ${capped.batch}: ${capped.amountMinor}, refunded ${refunded}, left ${left})`), { code: 'REFUND_EXCEEDS_ORIGINAL' }),
    };
  }
  return { original: last };
}
