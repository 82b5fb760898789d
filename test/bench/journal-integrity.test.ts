/** Journal integrity (src/bench/journal-integrity.ts): each problem named by its journal line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journalProblems } from '../../src/bench/journal-integrity';
import type { JournalEntry } from '../../src/protocols/ecr/contract';

const sale: JournalEntry = {
  intentId: 'sale-1',
  kind: 'sale',
  stan: '000002',
  batch: '000001',
  amountMinor: 1000,
  currency: 'CNY',
  maskedPan: '621094******0021',
  status: 'approved',
  authCode: '123456',
  rrn: '633510000001',
  receiptsPrinted: 1,
  receiptPending: false,
  at: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:01.000Z',
};

test('a well-formed day passes; a void naming its sale passes', () => {
  const v: JournalEntry = { ...sale, intentId: 'void-1', kind: 'void', stan: '000003', originalStan: '000002', originalBatch: '000001' };
  assert.deepEqual(journalProblems([{ ...sale, status: 'voided' }, v]), []);
});

test('each kind of damage is named with its line', () => {
  const problems = journalProblems([
    { ...sale, maskedPan: '6210947000000021' },
    { ...sale, stan: '2', status: 'pending' },
    { ...sale, stan: '000004', authCode: undefined },
    { ...sale, intentId: 'refund-1', kind: 'refund', stan: '000005', originalStan: '000077' },
    { ...sale },
  ]);
  const text = problems.map((p) => `${p.index + 1}: ${p.problem}`).join('\n');
  assert.match(text, /^1: card number "621094…" is not masked/m);
  assert.ok(!text.includes('6210947000000021'), 'the full card number is not repeated in the problem');
  assert.match(text, /^2: STAN "2" is not 6 digits/m);
  assert.match(text, /^2: still pending/m);
  assert.match(text, /^3: approved without an auth code and RRN/m);
  assert.match(text, /^4: names an original sale 000001\/000077 the journal does not hold/m);
  assert.match(text, /^5: the same kind, batch and STAN appear twice/m);
});
