import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconcile, type LedgerRecord, type JournalRecord, type PaperRecord, type Injection, type OracleInput } from '../../src/bench/oracle';

const fmt = { trace: '(?:凭证号|TRACE NO)[:：]?\\s*(\\d{6})', amount: 'AMOUNT:\\s*[A-Z]{3}\\s*(-?\\d+\\.\\d{2})', reprint: 'DUPLICATE' };
const PAN = '621094******0021';

function hold(stan: string, amountMinor = 2500, extra: Partial<LedgerRecord> = {}): LedgerRecord {
  return { kind: 'hold', terminalId: 'PB000001', stan, batch: '000001', amountMinor, maskedPan: PAN, responseCode: '00', holdId: `H${stan}`, ...extra };
}
function entry(stan: string, status: string, extra: Partial<JournalRecord> = {}): JournalRecord {
  return { intentId: `sale-${stan}`, kind: 'sale', stan, batch: '000001', amountMinor: 2500, maskedPan: PAN, status, ...extra };
}
function slip(stan: string, amount = '25.00', complete = true): PaperRecord {
  return { text: `银联POS签购单\n批次号: 000001  凭证号: ${stan}\n金额 AMOUNT:   CNY ${amount}`, complete };
}
function judge(p: Partial<OracleInput>) {
  return reconcile({ terminalId: 'PB000001', ledger: [], journal: [], paper: [], injections: [], receiptFormat: fmt, ...p });
}
const printerFault: Injection = { atMs: 1, cause: 'printer-failure', affects: ['paper'], what: 'no paper' };
const bankDelay: Injection = { atMs: 1, cause: 'bank-delay', affects: ['host'], what: 'late' };

test('an approved sale with its journal entry and one slip is in sync', () => {
  assert.deepEqual(judge({ ledger: [hold('000002')], journal: [entry('000002', 'approved')], paper: [slip('000002')] }), []);
});

test('approved-without-receipt, caused by the injected printer fault', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'approved', { receiptPending: true })], paper: [], injections: [printerFault] });
  assert.equal(d.length, 1);
  assert.equal(d[0]!.type, 'approved-without-receipt');
  assert.equal(d[0]!.cause, 'printer-failure');
});

test('a receipt cut short does not count as a receipt', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'approved')], paper: [slip('000002', '25.00', false)], injections: [printerFault] });
  assert.deepEqual(d.map((x) => x.type), ['approved-without-receipt']);
});

test('with nothing injected, the cause is a firmware defect', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'approved')], paper: [] });
  assert.equal(d[0]!.cause, 'firmware-defect');
});

test('unreversed-timeout: host approved, terminal gave up, no reversal', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'failed', { reason: 'timeout' })], injections: [bankDelay] });
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['unreversed-timeout', 'bank-delay']]);
});

test('a reversed approval is not money held', () => {
  const rev: LedgerRecord = { kind: 'reversal', terminalId: 'PB000001', stan: '000002', batch: '000001', amountMinor: 2500, maskedPan: PAN, responseCode: '00' };
  assert.deepEqual(judge({ ledger: [hold('000002'), rev], journal: [entry('000002', 'reversed')] }), []);
});

test('receipt-without-approval: a slip for a reversed or never-approved STAN', () => {
  const rev: LedgerRecord = { kind: 'reversal', terminalId: 'PB000001', stan: '000002', batch: '000001', amountMinor: 2500, maskedPan: PAN, responseCode: '00' };
  const d = judge({ ledger: [hold('000002'), rev], journal: [entry('000002', 'failed')], paper: [slip('000002')] });
  assert.deepEqual(d.map((x) => x.type), ['receipt-without-approval']);
  assert.match(d[0]!.detail, /reversed/);
});

test('duplicate-charge: two live approvals for one customer intent', () => {
  const d = judge({
    ledger: [hold('000002'), hold('000003')],
    journal: [entry('000002', 'approved')],
    paper: [slip('000002')],
  });
  const types = d.map((x) => x.type).sort();
  assert.ok(types.includes('duplicate-charge'), JSON.stringify(d));
});

test('two intents for the same amount are two charges, not a duplicate', () => {
  const d = judge({
    ledger: [hold('000002'), hold('000003')],
    journal: [entry('000002', 'approved'), entry('000003', 'approved')],
    paper: [slip('000002'), slip('000003')],
  });
  assert.deepEqual(d, []);
});

test('amount-mismatch between the receipt and the host', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'approved')], paper: [slip('000002', '52.00')] });
  assert.deepEqual(d.map((x) => x.type), ['amount-mismatch']);
});

test('settlement-mismatch from an unbalanced settlement', () => {
  const s: LedgerRecord = { kind: 'settlement', terminalId: 'PB000001', stan: '000009', batch: '000001', amountMinor: 0, maskedPan: '', responseCode: '00', balanced: false };
  assert.deepEqual(judge({ ledger: [s] }).map((x) => x.type), ['settlement-mismatch']);
});

test('ledger records of another terminal are ignored', () => {
  assert.deepEqual(judge({ ledger: [hold('000002', 2500, { terminalId: 'OTHER001' })] }), []);
});

test('a host approval the journal calls reversed (the host never saw the reversal) is money held: unreversed', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'reversed')], injections: [bankDelay] });
  assert.deepEqual(d.map((x) => [x.type, x.cause]), [['unreversed-timeout', 'bank-delay']]);
});

test('a host approval the journal calls declined is money held with no terminal record of it', () => {
  const d = judge({ ledger: [hold('000002')], journal: [entry('000002', 'declined')] });
  assert.deepEqual(d.map((x) => x.type), ['unreversed-timeout']);
});
