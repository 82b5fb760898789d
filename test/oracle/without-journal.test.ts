/**
 * The oracle without a journal (src/oracle/without-journal.ts; a terminal keyed in by an
 * operator): host against paper still names its desyncs, the journal's claims go unjudged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile, checksWithoutJournal, type Injection, type OracleInput } from '../../src/oracle';
import { hold, input, printed } from './oracle.helpers';

function noJournal(p: Partial<OracleInput>): OracleInput {
  const i = input(p);
  delete i.journal;
  return i;
}

const types = (i: OracleInput) => reconcile(i).map((d) => [d.type, d.cause, d.stan]);
const bankDelay: Injection = { atMs: 1, cause: 'bank-delay', affects: ['host'], what: 'the bank answered late' };
const paperOut: Injection = { atMs: 2, cause: 'printer-failure', affects: ['paper'], what: 'the printer has no paper' };

test('an approval with its slip is in sync; its slip fields are still checked against the host', () => {
  assert.deepEqual(types(noJournal({ ledger: [hold()], paper: [printed()] })), []);
  assert.deepEqual(types(noJournal({ ledger: [hold()], paper: [printed({ rrn: '633510000009' })] })), [['receipt-field-mismatch', 'firmware-defect', '000002']]);
  assert.deepEqual(types(noJournal({ ledger: [hold('000002', 1205)], paper: [printed({ amountMinor: 1250 })] })), [['amount-mismatch', 'firmware-defect', '000002']]);
});

test('money moved, no receipt: approved-without-receipt after a paper fault (or none), unreversed-timeout after a host fault', () => {
  assert.deepEqual(types(noJournal({ ledger: [hold()], injections: [paperOut] })), [['approved-without-receipt', 'printer-failure', '000002']]);
  assert.deepEqual(types(noJournal({ ledger: [hold()] })), [['approved-without-receipt', 'firmware-defect', '000002']]);
  const d = reconcile(noJournal({ ledger: [hold()], injections: [bankDelay] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['unreversed-timeout', 'bank-delay']]);
  assert.match(d[0]!.detail, /after the bank answered late, no reversal reached it.*journal cannot be read/);
  assert.deepEqual(types(noJournal({ ledger: [hold()], injections: [bankDelay, paperOut] })), [['approved-without-receipt', 'printer-failure', '000002']], 'the latest fault on either area decides');
});

test('a receipt without an approval, and a double charge counted against the intents keyed in', () => {
  assert.deepEqual(types(noJournal({ ledger: [], paper: [printed()] })), [['receipt-without-approval', 'firmware-defect', '000002']]);
  const twice = { ledger: [hold('000002'), hold('000003', 1205, { rrn: '633510000002' })], paper: [printed(), printed({ stan: '000003', rrn: '633510000002' })] };
  const one = [{ intentId: 'sale-1', kind: 'sale', amountMinor: 1205, maskedPan: '621094******0021' }];
  assert.deepEqual(types(noJournal({ ...twice, intents: one })).map((t) => t[0]), ['duplicate-charge']);
  assert.deepEqual(types(noJournal({ ...twice, intents: [...one, { ...one[0]!, intentId: 'sale-2' }] })), [], 'two sales keyed in: two charges');
});

test("the journal's claims are not judged, and the checks not made are named", () => {
  // With a journal claiming approval of a STAN the host never saw, the oracle objects; without one it cannot.
  assert.deepEqual(types(input({ journal: [{ intentId: 's', kind: 'sale', stan: '000009', batch: '000001', amountMinor: 5, status: 'approved' }] })).map((t) => t[0]), ['approval-not-given']);
  assert.deepEqual(types(noJournal({})), []);
  assert.ok(checksWithoutJournal().some((c) => c.startsWith('approval-not-given')));
  assert.ok(checksWithoutJournal().some((c) => c.startsWith('receipt-count-mismatch')));
});
