/**
 * The invariant `rules`: the terminal keeps the rules of voids, refunds and reversals
 * (docs/domain.md §1.6), checked as pure functions over its journal and what reached the
 * host (the issuer's timeline events):
 *
 * - a void is sent for the last approved sale of the open batch (explore voids "the last
 *   transaction", never by trace number) — not an older one; a void of a sale already
 *   settled is refused by the terminal itself (ORIGINAL_SETTLED): none is ever sent. Sent
 *   is what counts (the journal holds a void from the moment it goes to the card and the
 *   host): the host's own checks — a card that differs, a settled original — would decline
 *   a wrong one and hide the terminal's mistake;
 * - the refunds approved against a sale never add up to more than the sale, and a refund
 *   for more than is left of its sale is refused by the terminal itself
 *   (REFUND_EXCEEDS_ORIGINAL): none reaches the host (the host's own check would decline it,
 *   so only what was sent shows the terminal's);
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
    if (v.kind !== 'void') return;
    const originalBatch = v.originalBatch ?? v.batch;
    if (originalBatch !== v.batch) {
      out.push({ invariant: 'rules', detail: `void STAN ${v.stan} (batch ${v.batch}, ${v.status}) was sent for sale STAN ${v.originalStan} of batch ${originalBatch}, already settled: a settled sale is refunded, not voided (ORIGINAL_SETTLED)` });
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
    if (last && last.stan !== v.originalStan) out.push({ invariant: 'rules', detail: `void STAN ${v.stan} (${v.status}) of "the last transaction" was sent for sale STAN ${v.originalStan}, but the last approved sale of the batch was STAN ${last.stan}` });
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

interface TxnData {
  mti?: string;
  fields?: Record<string, string>;
  kind?: string;
  outcome?: string;
  stan?: string;
}

/**
 * No refund reached the host for more than was left of its sale after the refunds approved
 * before it. "Approved before it" is what the terminal had told the cashier (ECR answers
 * with outcome approved): a refund whose answer was lost and that an advice repeat later
 * approved (src/terminal/refund-advice.ts) was not approved yet when the next one was keyed.
 */
export function refundsWithinOriginal(journal: readonly Entry[], events: readonly EvidenceEvent[]): Violation[] {
  const refundOf = (stan: string, batch?: string) => [...journal].reverse().find((e) => e.kind === 'refund' && e.stan === stan && (batch === undefined || e.batch === batch));
  const sale = (r: Entry) => journal.find((e) => e.kind === 'sale' && e.stan === r.originalStan && e.batch === (r.originalBatch ?? r.batch));
  const approved = new Map<string, number>();
  const sent = new Set<string>();
  const out: Violation[] = [];
  for (const e of events) {
    const d = (e.data ?? {}) as TxnData;
    if (e.source === 'ecr' && e.kind === 'ecr.response' && d.kind === 'refund' && d.outcome === 'approved' && d.stan) {
      const r = refundOf(d.stan);
      if (r) approved.set(key(r.originalStan, r.originalBatch ?? r.batch), (approved.get(key(r.originalStan, r.originalBatch ?? r.batch)) ?? 0) + r.amountMinor);
    }
    if (e.source !== 'issuer' || e.kind !== 'iso8583.in' || d.mti !== '0220' || !d.fields) continue;
    const stan = d.fields['11'] ?? '';
    const batch = d.fields['60']?.slice(2, 8);
    if (sent.has(key(stan, batch))) continue;
    sent.add(key(stan, batch));
    const r = refundOf(stan, batch);
    const s = r && sale(r);
    if (!r || !s) continue;
    const left = s.amountMinor - (approved.get(key(s.stan, s.batch)) ?? 0);
    if (r.amountMinor > left) out.push({ invariant: 'rules', detail: `refund STAN ${stan} of ${r.amountMinor} reached the host for sale STAN ${s.stan} (batch ${s.batch}) of ${s.amountMinor}, with ${left} left of it: the terminal refuses such a refund itself (REFUND_EXCEEDS_ORIGINAL)` });
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
  return [...originalRules(journal), ...refundsWithinOriginal(journal, events), ...reversalFirst(events)];
}
