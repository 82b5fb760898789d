/** The oracle's claim checks: journal approvals, receipts-printed counts, copies, slip fields, malformed slips, reversals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDesyncTable, reconcile, type Injection, type LedgerRecord } from '../../src/oracle';
import { AT, entry, exchange, hold, input, printed } from './oracle.helpers';

const printerFault: Injection = { atMs: 1, cause: 'printer-failure', affects: ['paper'], what: 'paper runs out' };
const setting = (name: string): Injection => ({ atMs: 2, cause: 'misconfiguration', affects: ['paper'], what: `terminal setting ${name}`, setting: name });
const kinds = (p: Parameters<typeof input>[0]) => reconcile(input(p)).map((d) => [d.type, d.cause]);

test('a sale, its journal entry, its exchange and its slip agree: in sync', () => {
  assert.deepEqual(reconcile(input({ ledger: [hold()], journal: [entry()], paper: [printed()] })), []);
});

test('approval-not-given: the journal says approved, the host declined — with the journal line and the messages as evidence', () => {
  const decline: LedgerRecord = { ...hold(), kind: 'decline', responseCode: '05' };
  const d = reconcile(input({ ledger: [decline], journal: [entry('000001', 'declined', { receiptsPrinted: 0 }), entry('000002', 'approved', { receiptsPrinted: 0 })] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['approval-not-given', 'firmware-defect']]);
  assert.match(d[0]!.detail, /journal line 2 .* the host declined it \(05\)/);
  assert.deepEqual(d[0]!.evidence, { messages: [30, 31], journal: [2] });
});

test('approval-not-given: the journal says approved for a STAN the host reversed', () => {
  const rev: LedgerRecord = { ...hold(), kind: 'reversal', holdId: undefined };
  const d = reconcile(input({ ledger: [hold(), rev], journal: [entry('000002', 'approved', { receiptsPrinted: 0 })] }));
  assert.deepEqual(d.map((x) => x.type), ['approval-not-given']);
  assert.match(d[0]!.detail, /reversed it/);
});

test("a journal entry from before the scenario's clock window is not judged (a physical terminal's earlier days)", () => {
  const old = entry('000001', 'approved', { at: new Date(AT.getTime() - 86_400_000).toISOString() });
  assert.deepEqual(reconcile(input({ journal: [old] })), []);
});

test('receipt-count-mismatch: the journal says printed, the slip was cut short — the terminal is to blame, not the printer', () => {
  const cut = { ...printed(), complete: false, fault: 'paper-runs-out' };
  const d = reconcile(input({ ledger: [hold()], journal: [entry()], paper: [cut], injections: [printerFault] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['approved-without-receipt', 'printer-failure'], ['receipt-count-mismatch', 'firmware-defect']]);
  assert.match(d[1]!.detail, /says 1 receipt\(s\) printed .* 0 complete \(receipt #1 cut short\)/);
  assert.deepEqual(d[1]!.evidence!.slips, [1]);
  // Honest about it: the receipt is owed, none counted.
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 0, receiptPending: true })], paper: [cut], injections: [printerFault] }), [['approved-without-receipt', 'printer-failure']]);
});

test('receipt-count-mismatch from a printer link set wrong is a misconfiguration', () => {
  const garbled = { ...printed(), complete: false };
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry()], paper: [garbled], injections: [setting('printer_baud')] }).at(-1), ['receipt-count-mismatch', 'misconfiguration']);
});

test('copies: receipt_copies 2 needs the merchant and the cardholder copy, in that order', () => {
  const two = { receiptCopies: 2, printReceipts: true };
  const both = [printed(), printed({ copy: 'cardholder' })];
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 2 })], paper: both, printing: two }), []);
  const d = reconcile(input({ ledger: [hold()], journal: [entry()], paper: [printed()], printing: two, injections: [setting('receipt_copies')] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['receipt-count-mismatch', 'firmware-defect']]);
  assert.match(d[0]!.detail, /receipt_copies is 2: expected MERCHANT, CARDHOLDER .* the paper has MERCHANT/);
  const swapped = [printed({ copy: 'cardholder' }), printed()];
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 2 })], paper: swapped, printing: two }), [['receipt-count-mismatch', 'firmware-defect']]);
});

test('a reprint is marked: a second unmarked merchant copy is a field mismatch; a marked one is fine', () => {
  const marked = [printed(), printed({ reprint: true })];
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 2 })], paper: marked }), []);
  const d = reconcile(input({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 2 })], paper: [printed(), printed()] }));
  assert.ok(d.some((x) => x.type === 'receipt-field-mismatch' && /#2 is a second MERCHANT COPY .* without the reprint mark/.test(x.detail)), formatDesyncTable(d));
});

test('each slip field against the host: auth code, RRN, card number, type, date/time; the amount with two decimals', () => {
  const judge = (slip: Parameters<typeof printed>[0], defects: string[] = []) => reconcile(input({ ledger: [hold()], journal: [entry()], paper: [printed(slip, { defects })] }));
  const one = (slip: Parameters<typeof printed>[0], re: RegExp, defects: string[] = []) => {
    const d = judge(slip, defects);
    assert.equal(d.length, 1, formatDesyncTable(d));
    assert.equal(d[0]!.cause, 'firmware-defect');
    assert.match(d[0]!.detail, re);
    return d[0]!;
  };
  assert.equal(one({ authCode: '654321' }, /auth code printed "654321", expected "123456"/).type, 'receipt-field-mismatch');
  one({ rrn: '633510000009' }, /RRN printed "633510000009", expected "633510000001"/);
  one({ txnType: 'REFUND' }, /transaction type printed "REFUND", expected "SALE"/);
  // A full card number on a slip is named only masked in the oracle's words.
  const full = one({ maskedPan: '6210947000000021' }, /card number printed "621094\*\*\*\*\*\*0021", expected "621094\*\*\*\*\*\*0021"/);
  assert.doesNotMatch(full.detail, /6210947000000021/);
  one({ dateTime: new Date(2026, 0, 12, 10, 30, 5) }, /date\/time printed "2026\/01\/12 10:30:05", expected "a time between 2026\/12\/01 10:30:04 and 2026\/12\/01 10:30:10/);
  one({ dateTime: new Date(2026, 11, 1, 10, 30, 5) }, /date\/time printed "2026\/01\/12/, ['slip-date-day-month-swapped']);
  assert.equal(one({}, /receipt #1 shows "12.5" \(not an amount with two decimals\) but the host approved 1205/, ['amount-cents-unpadded']).type, 'amount-mismatch');
});

test('the auth code is judged against the host answer on the timeline, when there is one', () => {
  assert.deepEqual(reconcile(input({ ledger: [hold()], journal: [entry()], paper: [printed({ authCode: '999999' })], messages: [] })), []);
  assert.deepEqual(reconcile(input({ ledger: [hold()], journal: [entry('000002', 'approved', { authCode: '999999' })], paper: [printed({ authCode: '999999' })], messages: exchange('000002', 30, '999999') })), []);
});

test('malformed-receipt: a garbled slip is unreadable, the approval has no readable receipt, the count is not judged', () => {
  const d = reconcile(input({ ledger: [hold()], journal: [entry()], paper: [printed({}, { encoding: 'big5' })], injections: [setting('printer_encoding')] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['approved-without-receipt', 'misconfiguration'], ['malformed-receipt', 'misconfiguration']]);
  assert.match(d[0]!.detail, /receipt #1 is garbled/);
  assert.deepEqual(d[1]!.evidence, { slips: [1] });
});

test('malformed-receipt: a wrapped slip is still matched to its sale', () => {
  const d = reconcile(input({ ledger: [hold()], journal: [entry()], paper: [printed({}, { columns: 48 })], injections: [setting('paper_columns')] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause, x.stan]), [['malformed-receipt', 'misconfiguration', '000002']]);
  assert.match(d[0]!.detail, /line\(s\) wrapped: laid out wider than the paper/);
});

test('reversal-mismatch: every refusal of a reversal that does not repeat its original is one desync, with its messages', () => {
  const refusal: LedgerRecord = { ...hold(), kind: 'decline', responseCode: '13', originalStan: '000002', mismatch: [{ field: '4', sent: '12', original: '1205' }] };
  const d = reconcile(input({ ledger: [hold(), refusal, refusal, refusal], journal: [entry('000002', 'failed', { receiptsPrinted: 0 })], injections: [{ atMs: 1, cause: 'bank-delay', affects: ['host'], what: 'late' }] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['unreversed-timeout', 'bank-delay'], ['reversal-mismatch', 'firmware-defect']]);
  assert.match(d[1]!.detail, /refused the reversal of STAN 000002 \(13, 3 times\): field 4 says 12, the original 1205/);
  assert.deepEqual(d[1]!.evidence!.messages, [30, 31]);
});

test('the table shows each desync with its evidence', () => {
  const t = formatDesyncTable([{ type: 'receipt-count-mismatch', cause: 'firmware-defect', stan: '000002', amountMinor: 1205, detail: 'd', evidence: { messages: [3, 4], slips: [1], journal: [1] } }]);
  assert.match(t, /^\| desync \| cause \| STAN \| amount \| detail \| evidence \|/);
  assert.match(t, /\| receipt-count-mismatch \| firmware-defect \| 000002 \| 1205 \| d \| timeline #3, #4; slip #1; journal line 1 \|/);
});

test("journal-field-mismatch: the journal keeps an RRN or auth code the host did not give; one it does not keep is not judged", () => {
  const d = reconcile(input({ ledger: [hold()], journal: [entry('000002', 'approved', { rrn: '633510000009', authCode: '' })], paper: [printed()] }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['journal-field-mismatch', 'firmware-defect'], ['journal-field-mismatch', 'firmware-defect']]);
  assert.match(d[0]!.detail, /journal line 1 records sale STAN 000002 with RRN "633510000009", the host gave "633510000001"/);
  assert.match(d[1]!.detail, /with auth code "", the host gave "123456"/);
  assert.deepEqual(d[0]!.evidence!.journal, [1]);
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { rrn: undefined, authCode: undefined })], paper: [printed()] }), []);
  // After a power cut tore a journal record, what the journal lost is the power's doing.
  const torn: Injection = { atMs: 3, cause: 'power-loss', affects: ['journal'], what: "the power cut tore the journal's last record" };
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { rrn: '633510000009' })], paper: [printed()], injections: [torn] }), [['journal-field-mismatch', 'power-loss']]);
});

test('receipt-count-mismatch: the journal says a receipt is still owed, but every copy came out complete', () => {
  const owed = entry('000002', 'approved', { receiptsPrinted: 1, receiptPending: true });
  const d = reconcile(input({ ledger: [hold()], journal: [owed], paper: [printed()], printing: { receiptCopies: 1, printReceipts: true } }));
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['receipt-count-mismatch', 'firmware-defect']]);
  assert.match(d[0]!.detail, /journal line 1 says a receipt is still owed for STAN 000002, but all 1 copy came out complete/);
  // Owed honestly: two copies asked for, one on paper.
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 1, receiptPending: true })], paper: [printed()], printing: { receiptCopies: 2, printReceipts: true } }), []);
});

test("receipt-count-mismatch on a slip the printer flagged (its cutter jammed after the last line) is the printer's doing", () => {
  const jammed = { ...printed(), fault: 'cutter-jam' };
  const jam: Injection = { atMs: 1, cause: 'printer-failure', affects: ['paper'], what: 'the cutter jams at the next cut' };
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 0, receiptPending: true })], paper: [jammed], injections: [jam] }), [['receipt-count-mismatch', 'printer-failure']]);
  // The same count with no fault on the slip: the firmware's.
  assert.deepEqual(kinds({ ledger: [hold()], journal: [entry('000002', 'approved', { receiptsPrinted: 0, receiptPending: true })], paper: [printed()], injections: [jam] }), [['receipt-count-mismatch', 'firmware-defect']]);
});
