/**
 * Which messages the terminal MACs (docs/domain.md §1.3): in the CUP dialect field 64 goes
 * on the financial requests and their reversals, not on sign-on, settlement (0500) or
 * batch upload (0320) — as in the UnionPay terminal the domain facts cite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { swipeRig } from './swipe-rig.helpers';

test('CUP: sales and reversals carry a MAC; sign-on, settlement and batch upload do not', async () => {
  // The issuer never answers the first sale: the terminal reverses it (0400); the seeded
  // defect keeps the sale's money held so the settlement comes out unbalanced (0320).
  const r = await swipeRig({ hostTimeoutMs: 300, reversalRetries: 1 });
  try {
    const silent = r.issuer.addRule({ description: 'never respond', match: { mti: ['0200', '0400'] }, action: { noResponse: true } });
    assert.equal((await r.sale(1000)).outcome, 'failed');
    r.issuer.removeRule(silent);
    assert.equal((await r.sale(2000)).outcome, 'approved');
    await r.terminal.setConfig('defects', 'no-reversal-on-timeout');
    const slow = r.issuer.addRule({ description: 'answer late', match: { mti: ['0200'] }, action: { delayMs: 600 } });
    assert.equal((await r.sale(3000)).outcome, 'failed');
    r.issuer.removeRule(slow);
    const settled = await r.terminal.settle();
    assert.equal(settled.balanced, false, 'the settlement was meant to come out unbalanced');
    const macced = (mti: string) => r.issuer.messages().filter((m) => m.mti === mti).map((m) => m.fields?.['64'] !== undefined);
    for (const mti of ['0200', '0400']) {
      assert.ok(macced(mti).length > 0 && macced(mti).every(Boolean), `every ${mti} carries a MAC: ${JSON.stringify(macced(mti))}`);
    }
    for (const mti of ['0800', '0500', '0320']) {
      assert.ok(macced(mti).length > 0 && !macced(mti).some(Boolean), `no ${mti} carries a MAC: ${JSON.stringify(macced(mti))}`);
    }
  } finally {
    await r.close();
  }
});
