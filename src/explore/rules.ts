/**
 * The invariant `rules`: the terminal keeps the rules of voids, refunds and reversals
 * (docs/domain.md §1.6), checked as pure functions over its journal and what reached the
 * host (the issuer's timeline events):
 *
 * - a void acts on the last approved sale of the open batch (explore voids "the last
 *   transaction", never by trace number) — not an older one, not a sale already settled;
 * - the refunds approved against a sale never add up to more than the sale;
 * - an owed reversal reaches the host before any other financial request: between the
 *   original request of STAN X and a 0400 of X, no 0200 / 0220 / 0500 of another
 *   transaction arrives (a correct terminal sends nothing online while the reversal is owed).
 */
import type { JournalEntry } from '../protocols/ecr/contract';
import type { EvidenceEvent } from '../evidence/types';
import type { Violation } from './invariants';

type Entry = Pick<JournalEntry, 'kind' | 'stan' | 'batch' | 'amountMinor' | 'status' | 'originalStan' | 'originalBatch'>;

const key = (stan: string | undefined, batch: string | undefined) => `${stan ?? ''}/${batch ?? ''}`;

/** Voids and refunds against the sale they must act on; `journal` oldest first. */
export function originalRules(journal: readonly Entry[]): Violation[] {
  const out: Violation[] = [];
  const voidsOf = new Map<string, number>(); // sale → index of the approved void that voided it
  journal.forEach((e, i) => {
    if (e.kind === 'void' && e.status === 'approved' && !voidsOf.has(key(e.originalStan, e.originalBatch ?? e.batch))) voidsOf.set(key(e.originalStan, e.originalBatch ?? e.batch), i);
  });
  journal.forEach((v, i) => {
    if (v.kind !== 'void' || v.status !== 'approved') return;
    const originalBatch = v.originalBatch ?? v.batch;
    if (originalBatch !== v.batch) {
      out.push({ invariant: 'rules', detail: `void STAN ${v.stan} (batch ${v.batch}) reached sale STAN ${v.originalStan} of batch ${originalBatch}, already settled: a settled sale is refunded, not voided` });
      return;
    }
    // The last sale of the open batch approved before the void and not voided by an earlier void.
    let last: Entry | undefined;
    for (let j = 0; j < i; j++) {
      const s = journal[j]!;
      if (s.kind !== 'sale' || s.batch !== v.batch || !(s.status === 'approved' || s.status === 'voided')) continue;
      const voidedAt = voidsOf.get(key(s.stan, s.batch));
      if (voidedAt !== undefined && voidedAt < i) continue;
      last = s;
    }
    if (last && last.stan !== v.originalStan) out.push({ invariant: 'rules', detail: `void STAN ${v.stan} of "the last transaction" voided sale STAN ${v.originalStan}, but the last approved sale of the batch was STAN ${last.stan}` });
  });
  const refunded = new Map<string, number>();
  for (const r of journal) if (r.kind === 'refund' && r.status === 'approved') refunded.set(key(r.originalStan, r.originalBatch ?? r.batch), (refunded.get(key(r.originalStan, r.originalBatch ?? r.batch)) ?? 0) + r.amountMinor);
  for (const s of journal) {
    if (s.kind !== 'sale') continue;
    const sum = refunded.get(key(s.stan, s.batch)) ?? 0;
    if (sum > s.amountMinor) out.push({ invariant: 'rules', detail: `refunds of ${sum} were approved against sale STAN ${s.stan} (batch ${s.batch}) of ${s.amountMinor}: more than the sale` });
  }
  return out;
}

interface HostRequest {
  seq: number;
  mti: string;
  stan: string;
}

/** The financial requests that reached the issuer, in order (sign-on and the like left out). */
export function hostRequests(events: readonly EvidenceEvent[]): HostRequest[] {
  return events
    .filter((e) => e.source === 'issuer' && e.kind === 'iso8583.in')
    .map((e) => {
      const d = (e.data ?? {}) as { mti?: string; fields?: Record<string, string> };
      return { seq: e.seq, mti: String(d.mti ?? ''), stan: String(d.fields?.['11'] ?? '') };
    })
    .filter((r) => ['0200', '0220', '0400', '0500'].includes(r.mti));
}

/** No other financial request reaches the host while a reversal is owed. */
export function reversalFirst(events: readonly EvidenceEvent[]): Violation[] {
  const reqs = hostRequests(events);
  const out: Violation[] = [];
  const seen = new Set<string>();
  reqs.forEach((rev, i) => {
    if (rev.mti !== '0400') return;
    let from = -1;
    for (let j = i - 1; j >= 0; j--) {
      if ((reqs[j]!.mti === '0200' || reqs[j]!.mti === '0220') && reqs[j]!.stan === rev.stan) {
        from = j;
        break;
      }
    }
    if (from < 0) return;
    const between = reqs.slice(from + 1, i).find((r) => r.mti !== '0400' && r.stan !== rev.stan);
    if (!between || seen.has(rev.stan)) return;
    seen.add(rev.stan);
    out.push({ invariant: 'rules', detail: `the reversal (0400) of STAN ${rev.stan} reached the host after the ${between.mti} of STAN ${between.stan}: an owed reversal goes before the next transaction` });
  });
  return out;
}

export function rules(journal: readonly Entry[], events: readonly EvidenceEvent[]): Violation[] {
  return [...originalRules(journal), ...reversalFirst(events)];
}
