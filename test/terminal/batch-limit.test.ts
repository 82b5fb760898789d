/**
 * The batch limit: field 48 of a 0500 counts in n3, so the terminal refuses new records at
 * `batch_limit` (≤ 999) and the packer refuses a count it cannot carry. In-process: the
 * reference terminal with swiped cards against the real issuer emulator over TCP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settlementField48, SettlementTotalsError } from '../../src/terminal/host-messages';
import { DEFAULT_TERMINAL_CONFIG, MAX_SETTLEMENT_COUNT, TerminalConfigError, applySetting } from '../../src/terminal/config';
import { swipeRig as rig } from './swipe-rig.helpers';

test('field 48 packs the totals, and refuses a count over n3 or a total over n12 with a typed error naming the part', () => {
  assert.equal(settlementField48({ debitTotalMinor: 2500, debitCount: 999, creditTotalMinor: 500, creditCount: 1 }), '000000002500999000000000500001' + '0');
  assert.throws(
    () => settlementField48({ debitTotalMinor: 100_000, debitCount: 1000, creditTotalMinor: 0, creditCount: 0 }),
    (e: unknown) => e instanceof SettlementTotalsError && e.part === 'debit count' && e.offset === 12 && /field 48 debit count \(offset 12, n3\): 1000 does not fit 3 digits/.test(e.message),
  );
  assert.throws(() => settlementField48({ debitTotalMinor: 0, debitCount: 0, creditTotalMinor: 0, creditCount: 1000 }), (e: unknown) => e instanceof SettlementTotalsError && e.offset === 27);
  assert.throws(() => settlementField48({ debitTotalMinor: 10 ** 12, debitCount: 1, creditTotalMinor: 0, creditCount: 0 }), (e: unknown) => e instanceof SettlementTotalsError && e.part === 'debit total');
});

test('batch_limit is 1..999 (field 48 counts are n3), 500 by default', () => {
  assert.equal(DEFAULT_TERMINAL_CONFIG.batchLimit, 500);
  assert.equal(MAX_SETTLEMENT_COUNT, 999);
  assert.equal(applySetting(DEFAULT_TERMINAL_CONFIG, 'batch_limit', '3').batchLimit, 3);
  for (const bad of ['0', '1000', 'ten', '-1']) {
    assert.throws(() => applySetting(DEFAULT_TERMINAL_CONFIG, 'batch_limit', bad), (e: unknown) => e instanceof TerminalConfigError && e.setting === 'batch_limit', bad);
  }
});

test('at batch_limit the terminal refuses sales, voids and refunds with BATCH_FULL until the batch is settled', async () => {
  const r = await rig({ batchLimit: 3 });
  try {
    assert.equal((await r.sale(1000)).outcome, 'approved');
    assert.equal((await r.sale(2000)).outcome, 'approved');
    assert.equal((await r.swipe(r.terminal.void('void-1'))).outcome, 'approved', 'the void is the third record');
    for (const refused of [() => r.terminal.sale(3000, 'sale-3000'), () => r.terminal.void('void-2'), () => r.terminal.refund(100, 'refund-1')]) {
      await assert.rejects(refused(), (e: Error & { code?: string }) => e.code === 'BATCH_FULL' && /3 records \(batch_limit 3\)/.test(e.message));
      assert.match(r.terminal.display, /^BATCH FULL - SETTLE/);
    }
    assert.equal(r.issuer.messages().filter((m) => m.mti === '0200').length, 3, 'a refused transaction sends nothing');
    const s = await r.terminal.settle();
    assert.equal(s.balanced, true);
    assert.equal(s.debitCount, 1, 'the voided sale is a record but not a debit');
    assert.equal((await r.sale(3000)).outcome, 'approved', 'the new batch takes sales again');
    assert.equal((await r.terminal.settle()).balanced, true);
  } finally {
    await r.close();
  }
});

test('999 sales settle balanced with field 48 counting 999; the 1000th is refused and never packed', async () => {
  const r = await rig({ batchLimit: MAX_SETTLEMENT_COUNT });
  try {
    let total = 0;
    for (let i = 1; i <= MAX_SETTLEMENT_COUNT; i++) {
      const res = await r.sale(i);
      assert.equal(res.outcome, 'approved', `sale ${i}: ${JSON.stringify(res)}`);
      total += i;
    }
    await assert.rejects(r.sale(1000), (e: Error & { code?: string }) => e.code === 'BATCH_FULL');
    const s = await r.terminal.settle();
    assert.deepEqual({ balanced: s.balanced, debitCount: s.debitCount, debitTotalMinor: s.debitTotalMinor }, { balanced: true, debitCount: 999, debitTotalMinor: total });
    const [f48] = r.field48s();
    assert.equal(f48!.slice(0, 15), String(total).padStart(12, '0') + '999');
    assert.equal(r.settlements()[0]?.balanced, true, 'the host agrees');
    for (const f of r.field48s()) assert.match(f, /^\d{12}\d{3}\d{12}\d{3}\d/, 'every count fits n3');
  } finally {
    await r.close();
  }
});

test('a journal holding more records than field 48 can count fails the settlement (SETTLEMENT_FAILED) and sends no 0500', async () => {
  const r = await rig();
  try {
    // A batch no limit guarded (a journal kept from firmware without one).
    const at = new Date().toISOString();
    for (let i = 1; i <= 1000; i++) {
      r.terminal.store.put({ intentId: `old-${i}`, kind: 'sale', stan: String(i).padStart(6, '0'), batch: r.terminal.store.batch, amountMinor: 100, currency: 'CNY', status: 'approved', receiptsPrinted: 1, receiptPending: false, at, updatedAt: at });
    }
    await assert.rejects(r.terminal.settle(), (e: Error & { code?: string }) => e.code === 'SETTLEMENT_FAILED' && /field 48 debit count \(offset 12, n3\): 1000/.test(e.message));
    assert.match(r.terminal.display, /^SETTLEMENT FAILED/);
    assert.deepEqual(r.field48s(), [], 'nothing wrong went on the wire');
  } finally {
    await r.close();
  }
});
