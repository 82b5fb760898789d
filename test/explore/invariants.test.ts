import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explained, KNOWN_GAPS, pan, repaired, slips } from '../../src/explore/invariants';
import type { Desync } from '../../src/explore/oracle';
import type { JournalEntry } from '../../src/protocols/ecr/contract';

const FORMAT = { trace: 'TRACE NO[:：]?\\s*(\\d{6})', amount: 'AMOUNT:\\s*[A-Z]{3}\\s*(-?\\d+\\.\\d{2})', reprint: 'DUPLICATE' };

function entry(stan: string, over: Partial<JournalEntry> = {}): JournalEntry {
  return { intentId: `sale-${stan}`, kind: 'sale', stan, batch: '000001', amountMinor: 100, currency: 'CNY', status: 'approved', receiptsPrinted: 1, receiptPending: false, at: '', updatedAt: '', ...over };
}

test('explained: a desync blamed on the firmware is a violation, one with an injected cause is not', () => {
  const ds: Desync[] = [
    { type: 'approved-without-receipt', cause: 'printer-failure', stan: '000002', detail: 'x' },
    { type: 'receipt-without-approval', cause: 'firmware-defect', stan: '000003', detail: 'y' },
  ];
  const v = explained(ds);
  assert.equal(v.length, 1);
  assert.match(v[0]!.detail, /receipt-without-approval \(firmware-defect\) STAN 000003/);
});

test('repaired: an owed reversal, a double charge or an unbalanced settlement is left whatever its cause; a missing slip is not repairable', () => {
  const ds: Desync[] = [
    { type: 'unreversed-timeout', cause: 'bank-delay', detail: 'a' },
    { type: 'duplicate-charge', cause: 'network-failure', detail: 'b' },
    { type: 'settlement-mismatch', cause: 'bank-delay', detail: 'c' },
    { type: 'approved-without-receipt', cause: 'printer-failure', detail: 'd' },
  ];
  const v = repaired(ds);
  assert.deepEqual(v.violations.map((x) => x.detail.split(':')[1]!.trim().split(' ')[0]), ['unreversed-timeout', 'duplicate-charge', 'settlement-mismatch']);
  assert.deepEqual(v.gaps, []);
});

test('repaired: a refund the host booked while the terminal recorded it failed is no longer excused (the known gap refund-lost-on-timeout is closed)', () => {
  const ds: Desync[] = [
    { type: 'unreversed-timeout', cause: 'bank-delay', stan: '000003', detail: 'refund' },
    { type: 'settlement-mismatch', cause: 'bank-delay', detail: 'batch' },
  ];
  const v = repaired(ds);
  assert.equal(v.violations.length, 2);
  assert.deepEqual(v.gaps, []);
  assert.deepEqual(Object.keys(KNOWN_GAPS), []);
});

test('slips: a slip the journal counts as printed must be on the paper, complete', () => {
  const paper = [{ text: 'SALE\nTRACE NO: 000002\n', complete: true }, { text: 'SALE\nTRACE NO: 000003\n', complete: false }];
  const v = slips({ journal: [entry('000002'), entry('000003'), entry('000004', { receiptsPrinted: 0, receiptPending: true })], paper, receiptFormat: FORMAT, receiptCopies: 1 });
  assert.equal(v.length, 1);
  assert.match(v[0]!.detail, /sale STAN 000003 and none owed, but no complete slip/);
});

test('slips: a slip printed again without the reprint mark passes for a second original', () => {
  const original = { text: 'TRACE NO: 000002', complete: true };
  assert.deepEqual(slips({ journal: [entry('000002')], paper: [original, { text: 'TRACE NO: 000002 DUPLICATE', complete: true }], receiptFormat: FORMAT, receiptCopies: 1 }), []);
  const v = slips({ journal: [entry('000002')], paper: [original, original], receiptFormat: FORMAT, receiptCopies: 1 });
  assert.match(v[0]!.detail, /2 slips for STAN 000002 carry no reprint mark/);
  // two copies configured: two originals are right
  assert.deepEqual(slips({ journal: [entry('000002')], paper: [original, original], receiptFormat: FORMAT, receiptCopies: 2 }), []);
});

test('pan: a full card number on paper, in the journal or in what the terminal said is found, and named by first 6 / last 4 only', () => {
  const p = '6210947000000021';
  const clean = { pans: [p], paper: [{ text: 'CARD 621094******0021', complete: true }], journal: [entry('000002', { maskedPan: '621094******0021' })], events: [] };
  assert.deepEqual(pan(clean), []);
  const spaced = pan({ ...clean, paper: [{ text: 'CARD 6210 9470 0000 0021', complete: true }] });
  assert.equal(spaced.length, 1);
  assert.match(spaced[0]!.detail, /receipt #1 shows the full card number 621094…0021/);
  assert.ok(!spaced[0]!.detail.includes(p));
  const said = pan({ ...clean, events: [{ seq: 9, atMs: 1, at: '', source: 'ecr', kind: 'display', summary: `CARD ${p}` }] });
  assert.match(said[0]!.detail, /timeline event #9 \(ecr display\)/);
  // the bench's own records (the issuer sees the PAN by right) are not the terminal's output
  assert.deepEqual(pan({ ...clean, events: [{ seq: 3, atMs: 1, at: '', source: 'issuer', kind: 'x', summary: p }] }), []);
});
