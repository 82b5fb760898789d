import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originalRules, refundsWithinOriginal, reversalFirst } from '../../src/explore/rules';
import type { EvidenceEvent } from '../../src/evidence/types';

const sale = (stan: string, amountMinor: number, status = 'approved', batch = '000001') => ({ kind: 'sale' as const, stan, batch, amountMinor, status: status as never });
const voidOf = (stan: string, original: string, batch = '000001', originalBatch = batch) => ({ kind: 'void' as const, stan, batch, amountMinor: 0, status: 'approved' as never, originalStan: original, originalBatch });
const refundOf = (stan: string, original: string, amountMinor: number) => ({ kind: 'refund' as const, stan, batch: '000001', amountMinor, status: 'approved' as never, originalStan: original, originalBatch: '000001' });

test('rules: a void of the last approved sale holds; one that hits an older sale or a settled one does not', () => {
  assert.deepEqual(originalRules([sale('000001', 500, 'approved'), sale('000002', 700, 'voided'), voidOf('000003', '000002')]), []);
  // Two voids in a row: the second one takes the sale before the one the first voided.
  assert.deepEqual(originalRules([sale('000001', 500, 'voided'), sale('000002', 700, 'voided'), voidOf('000003', '000002'), voidOf('000004', '000001')]), []);
  const oldest = originalRules([sale('000001', 500, 'voided'), sale('000002', 700), voidOf('000003', '000001')]);
  assert.equal(oldest.length, 1);
  assert.match(oldest[0]!.detail, /void STAN 000003 \(approved\) of "the last transaction" was sent for sale STAN 000001, but the last approved sale of the batch was STAN 000002/);
  // Declined by the host (the card differs from the older sale's) is still sent for the wrong sale.
  assert.equal(originalRules([sale('000001', 500), sale('000002', 700), { ...voidOf('000003', '000001'), status: 'declined' as never }]).length, 1);
  const settled = originalRules([sale('000001', 500, 'voided', '000001'), voidOf('000003', '000001', '000002', '000001')]);
  assert.match(settled[0]!.detail, /already settled/);
  // Sent is enough: the host declining it (12) does not make the terminal's missing refusal right.
  const declined = originalRules([sale('000001', 500, 'approved', '000001'), { ...voidOf('000003', '000001', '000002', '000001'), status: 'declined' as never }]);
  assert.match(declined[0]!.detail, /void STAN 000003 \(batch 000002, declined\) was sent for sale STAN 000001 of batch 000001, already settled/);
});

test('rules: refunds of a sale may add up to the sale, not beyond', () => {
  assert.deepEqual(originalRules([sale('000001', 500), refundOf('000002', '000001', 300), refundOf('000003', '000001', 200)]), []);
  const over = originalRules([sale('000001', 500), refundOf('000002', '000001', 300), refundOf('000003', '000001', 201)]);
  assert.match(over[0]!.detail, /refunds of 501 were approved against sale STAN 000001 \(batch 000001\) of 500/);
});

let seq = 0;
const req = (mti: string, stan: string): EvidenceEvent => ({ seq: ++seq, source: 'issuer', kind: 'iso8583.in', summary: mti, data: { mti, fields: { '11': stan } } }) as unknown as EvidenceEvent;

test('rules: an owed reversal goes before the next financial request; after it, it is late', () => {
  assert.deepEqual(reversalFirst([req('0200', '000001'), req('0400', '000001'), req('0400', '000001'), req('0200', '000002'), req('0500', '000003')]), []);
  const late = reversalFirst([req('0200', '000001'), req('0200', '000002'), req('0400', '000001')]);
  assert.equal(late.length, 1);
  assert.match(late[0]!.detail, /reversal \(0400\) of STAN 000001 reached the host after the 0200 of STAN 000002/);
  // A reversal whose original never reached the host (dropped on the way) has nothing to be late for.
  assert.deepEqual(reversalFirst([req('0200', '000002'), req('0400', '000001')]), []);
});

const inRefund = (stan: string, amountMinor: number): EvidenceEvent => ({ seq: ++seq, source: 'issuer', kind: 'iso8583.in', summary: '0220', data: { mti: '0220', fields: { '4': String(amountMinor).padStart(12, '0'), '11': stan, '60': '25000001000' } } }) as unknown as EvidenceEvent;
const told = (stan: string, outcome: string): EvidenceEvent => ({ seq: ++seq, source: 'ecr', kind: 'ecr.response', summary: 'refund', data: { kind: 'refund', outcome, stan } }) as unknown as EvidenceEvent;

test('rules: no refund reaches the host for more than is left of its sale after the refunds the terminal reported approved', () => {
  const journal = [sale('000001', 1000), refundOf('000002', '000001', 600), { ...refundOf('000003', '000001', 600), status: 'declined' as never }];
  const v = refundsWithinOriginal(journal, [inRefund('000002', 600), told('000002', 'approved'), inRefund('000003', 600), told('000003', 'declined')]);
  assert.equal(v.length, 1);
  assert.match(v[0]!.detail, /refund STAN 000003 of 600 reached the host for sale STAN 000001 \(batch 000001\) of 1000, with 400 left of it/);
  // The first refund's answer was lost and an advice approved it later: the terminal could not count it yet.
  assert.deepEqual(refundsWithinOriginal(journal, [inRefund('000002', 600), told('000002', 'failed'), inRefund('000003', 600), inRefund('000002', 600)]), []);
});
