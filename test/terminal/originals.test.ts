/**
 * Which original a void or refund hits (src/terminal/originals.ts): the sale named by its
 * trace number, or the last approved one; and the same intent twice is refused
 * (DUPLICATE_INTENT). The reference terminal against the real issuer emulator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swipeRig as rig } from './swipe-rig.helpers';

test('a void by trace number hits that sale among several; an unknown or voided trace hits nothing', async () => {
  const r = await rig();
  try {
    const a = await r.sale(1000);
    const b = await r.sale(2000);
    await r.sale(3000);
    const v = await r.swipe(r.terminal.void('void-b', b.stan));
    assert.equal(v.outcome, 'approved');
    assert.equal(v.amountMinor, 2000, 'the void takes the named sale\'s amount');
    const journal = r.terminal.journal();
    assert.equal(journal.find((e) => e.kind === 'sale' && e.stan === b.stan)?.status, 'voided');
    assert.equal(journal.find((e) => e.kind === 'sale' && e.stan === a.stan)?.status, 'approved');
    for (const stan of [b.stan!, '000099']) {
      const again = await r.terminal.void(`void-${stan}`, stan);
      assert.equal(again.outcome, 'failed', stan);
      assert.match(again.display, /^NO TRANSACTION/);
    }
    assert.equal(r.issuer.messages().filter((m) => m.mti === '0200' && m.fields?.['3'] === '200000').length, 1, 'only one void went online');
  } finally {
    await r.close();
  }
});

test('a void by the trace number of a settled sale is refused ORIGINAL_SETTLED; a refund by trace counts that sale\'s refunds', async () => {
  const r = await rig();
  try {
    const a = await r.sale(1000);
    assert.equal((await r.terminal.settle()).balanced, true);
    await r.sale(5000);
    await assert.rejects(r.terminal.void('void-a', a.stan), (e: Error & { code?: string }) => e.code === 'ORIGINAL_SETTLED' && e.message.includes(`STAN ${a.stan}`));
    assert.equal((await r.swipe(r.terminal.refund(600, 'refund-1', a.stan))).outcome, 'approved');
    await assert.rejects(r.terminal.refund(401, 'refund-2', a.stan), (e: Error & { code?: string }) => e.code === 'REFUND_EXCEEDS_ORIGINAL');
    assert.equal((await r.swipe(r.terminal.refund(4000, 'refund-3'))).outcome, 'approved', 'without a trace number: the last approved sale (5000)');
  } finally {
    await r.close();
  }
});

test('a sale sent again with the intent of one already approved is refused DUPLICATE_INTENT, and nothing goes online', async () => {
  const r = await rig();
  try {
    assert.equal((await r.sale(1234)).outcome, 'approved');
    await assert.rejects(r.terminal.sale(1234, 'sale-1234'), (e: Error & { code?: string }) => e.code === 'DUPLICATE_INTENT' && /already carried out/.test(e.message));
    assert.match(r.terminal.display, /^DUPLICATE - ALREADY DONE/);
    assert.equal(r.issuer.messages().filter((m) => m.mti === '0200').length, 1);
    assert.equal((await r.swipe(r.terminal.sale(1234, 'sale-1234-b'))).outcome, 'approved', 'a new intent of the same amount is a new sale');
  } finally {
    await r.close();
  }
});
