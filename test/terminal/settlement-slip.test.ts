/**
 * The settlement slip (src/terminal/settlement-slip.ts): what it reports, that it fits the
 * paper, and that the oracle's sales-slip patterns find no trace number or amount on it —
 * so the oracle never takes it for a sale's receipt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settlementSlipLines, type SettlementSlipData } from '../../src/terminal/settlement-slip';
import { displayWidth } from '../../src/terminal/slip';
import { loadProfile } from '../../src/bench/profile';
import { reconcile } from '../../src/bench/oracle';

const DATA: SettlementSlipData = {
  merchantName: 'POSBENCH TEST SHOP',
  merchantId: '123456789012345',
  terminalId: '12345678',
  operatorId: '01',
  batch: '000042',
  dateTime: new Date(2026, 10, 30, 18, 5, 9),
  currencyName: 'CNY',
  debitCount: 12,
  debitTotalMinor: 123405,
  creditCount: 1,
  creditTotalMinor: 509,
  balanced: true,
  uploaded: 0,
  testMode: false,
};

const text = (d: SettlementSlipData, columns: number) => settlementSlipLines(d, columns).map((l) => l.text);

test('the settlement slip names the batch, the time, the outcome and the totals by count and amount', () => {
  const lines = text(DATA, 32);
  assert.equal(lines[0], '结算总计单');
  assert.ok(lines.includes('SETTLEMENT'));
  assert.ok(lines.includes('批次号 BATCH: 000042'));
  assert.ok(lines.includes('日期/时间: 2026/11/30 18:05:09'));
  assert.ok(lines.includes('对账平 BALANCED'));
  assert.match(lines.find((l) => l.startsWith('借记 DEBIT'))!, /\s12\s+CNY 1234\.05$/);
  assert.match(lines.find((l) => l.startsWith('贷记 CREDIT'))!, /\s1\s+CNY 5\.09$/);
  assert.ok(text({ ...DATA, balanced: false, uploaded: 13 }, 32).includes('对账不平 UNBALANCED - UPLOADED 13'));
  assert.ok(text({ ...DATA, testMode: true }, 32).includes('测试 TESTING 凭证无效'));
});

test('every line of the settlement slip fits 32 and 48 columns', () => {
  for (const columns of [32, 48]) {
    for (const l of text({ ...DATA, debitTotalMinor: 999999999999 }, columns)) assert.ok(displayWidth(l) <= columns, `"${l}" is wider than ${columns} columns`);
  }
});

test('the oracle finds no sale trace or amount on a settlement slip, and holds it to the host\'s settlement of its batch alone', () => {
  const fmt = loadProfile('reference').receipt_format;
  const slip = text(DATA, 32).join('\n');
  assert.doesNotMatch(slip, new RegExp(fmt.trace));
  assert.doesNotMatch(slip, new RegExp(fmt.amount));
  assert.doesNotMatch(slip, new RegExp(fmt.reprint));
  const settled = { kind: 'settlement', terminalId: '12345678', stan: '000050', batch: '000042', amountMinor: 122896, maskedPan: '', responseCode: '00', balanced: true, terminalTotals: { debitCount: 12, debitMinor: 123405, creditCount: 1, creditMinor: 509 } };
  const paper = [{ text: slip, complete: true }];
  assert.deepEqual(reconcile({ ledger: [settled], journal: [], paper, injections: [], receiptFormat: fmt }), []);
  // Without the host's settlement of batch 000042 the slip claims a closing that did not happen.
  assert.deepEqual(reconcile({ ledger: [], journal: [], paper, injections: [], receiptFormat: fmt }).map((d) => d.type), ['receipt-without-approval']);
});
