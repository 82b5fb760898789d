/**
 * The fault slip (src/terminal/fault-slip.ts) of a reversal that failed every retry: what
 * it names, that it masks the card number, fits the paper, and that the oracle finds no
 * sale trace or amount on it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultSlipLines, type FaultSlipData } from '../../src/terminal/fault-slip';
import { displayWidth } from '../../src/terminal/slip';
import { loadProfile } from '../../src/bench/profile';
import { reconcile } from '../../src/bench/oracle';
import { TerminalStore } from '../../src/terminal/journal';
import { swipeRig } from './swipe-rig.helpers';

const PAN = '6222021234567890123';
const DATA: FaultSlipData = {
  merchantName: 'POSBENCH TEST SHOP',
  merchantId: '123456789012345',
  terminalId: '12345678',
  currencyName: 'CNY',
  dateTime: new Date(2026, 10, 30, 18, 5, 9),
  reversal: { stan: '000017', batch: '000003', amountMinor: 8205, fields: { 2: PAN }, processingCode: '000000', reasonCode: '98', attempts: 3 },
  testMode: false,
};

test('the fault slip names the held transaction with the card masked, and asks for manual handling', () => {
  const lines = faultSlipLines(DATA, 32).map((l) => l.text);
  const text = lines.join('\n');
  assert.ok(lines.includes('故障单 FAULT SLIP') && lines.includes('***故障单,非凭证联***'));
  assert.ok(lines.includes('卡号 CARD: 622202*********0123'), text);
  assert.ok(!text.includes(PAN));
  assert.ok(lines.includes('原凭证号 ORIG TRACE 000017') && lines.includes('批次号 BATCH: 000003'));
  assert.ok(lines.includes('冲正金额 REVERSAL: CNY 82.05'));
  assert.ok(lines.includes('原因 REASON: 98  尝试 TRIES: 3'));
  assert.ok(lines.includes('交易类型: 消费 SALE'));
  assert.ok(faultSlipLines({ ...DATA, reversal: { ...DATA.reversal, processingCode: '200000' } }, 32).some((l) => l.text === '交易类型: 撤销 VOID'));
  assert.ok(lines.includes('冲正不成功,请人工处理'));
  for (const columns of [32, 48]) for (const l of faultSlipLines(DATA, columns)) assert.ok(displayWidth(l.text) <= columns, `"${l.text}" is wider than ${columns}`);
});

test('the oracle finds no sale trace or amount on a fault slip, and reports no desync for it', () => {
  const fmt = loadProfile('reference').receipt_format;
  const slip = faultSlipLines(DATA, 32).map((l) => l.text).join('\n');
  assert.doesNotMatch(slip, new RegExp(fmt.trace));
  assert.doesNotMatch(slip, new RegExp(fmt.amount));
  assert.deepEqual(reconcile({ ledger: [], journal: [], paper: [{ text: slip, complete: true }], injections: [], receiptFormat: fmt }), []);
});

test('a reversal that fails a whole cycle is flagged for manual handling in state and journal, and stays owed', async () => {
  const r = await swipeRig({ hostTimeoutMs: 300, reversalRetries: 2 });
  try {
    r.issuer.addRule({ description: 'never respond', match: { mti: ['0200', '0400'] }, action: { noResponse: true } });
    const sale = await r.sale(4200);
    assert.equal(sale.outcome, 'failed');
    const stored = new TerminalStore(r.terminal.store.dir).state.pendingReversal;
    assert.equal(stored?.manualHandling, true, 'the reversal is not flagged for manual handling');
    assert.equal(stored?.faultSlipPrinted, false, 'receipts are off: no fault slip can have been printed');
    assert.equal(stored?.attempts, 2);
    const entry = r.terminal.journal().find((e) => e.stan === sale.stan);
    assert.match(entry?.reason ?? '', /reversal not acknowledged after 2 tries: manual handling/);
  } finally {
    await r.close();
  }
});
