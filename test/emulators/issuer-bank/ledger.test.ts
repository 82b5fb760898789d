import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ledger, type LedgerContext } from '../../../emulators/issuer-bank/ledger';
import { ManualClock } from '../../../src/util/clock';

const PAN = '6210947000000021';
const ctx = (stan: string, batch = '000001', terminalId = 'T1', merchantId = 'M1'): LedgerContext => ({ terminalId, merchantId, stan, batch, rrn: `RRN${stan}` });

test('a hold reduces the available balance, a release gives it back, every change is an event', () => {
  const l = new Ledger(new ManualClock(), [{ pan: PAN, balanceMinor: 10_000 }]);
  const id = l.placeHold(ctx('000001'), PAN, 2_500);
  assert.equal(l.balanceOf(PAN), 7_500);
  assert.deepEqual(l.account(PAN), { maskedPan: '621094******0021', balanceMinor: 10_000, heldMinor: 2_500, availableMinor: 7_500 });
  assert.equal(l.holds().length, 1);
  assert.equal(l.holds()[0]!.maskedPan, '621094******0021');
  assert.equal(l.releaseHold(id, ctx('000002')), true);
  assert.equal(l.releaseHold(id, ctx('000002')), false, 'a hold is released once');
  assert.equal(l.balanceOf(PAN), 10_000);
  const ev = l.events();
  assert.deepEqual(ev.map((e) => e.kind), ['hold', 'release']);
  assert.equal(ev[0]!.stan, '000001');
  assert.equal(ev[0]!.rrn, 'RRN000001');
  assert.equal(ev[0]!.amountMinor, 2_500);
  assert.equal(ev[0]!.maskedPan, '621094******0021');
  assert.ok(!JSON.stringify(ev).includes(PAN), 'no full PAN in events');
});

test('settlement captures the batch holds to the merchant; refunds credit the cardholder and debit the merchant at settlement', () => {
  const l = new Ledger(new ManualClock(), [{ pan: PAN, balanceMinor: 10_000 }]);
  l.placeHold(ctx('000001'), PAN, 1_000);
  l.placeHold(ctx('000002'), PAN, 2_000);
  l.placeHold(ctx('000003', '000002'), PAN, 500); // another batch: stays held
  l.refund(ctx('000004'), PAN, 300);
  assert.equal(l.balanceOf(PAN), 10_000 - 3_500 + 300);
  assert.deepEqual(l.merchantTotals(), [{ merchantId: 'M1', settledMinor: 0, pendingMinor: 3_500, pendingRefundsMinor: 300, captureCount: 0 }]);
  const captured = l.settleBatch(ctx('000005'), 'T1', '000001', 300);
  assert.equal(captured, 3_000);
  assert.deepEqual(l.account(PAN), { maskedPan: '621094******0021', balanceMinor: 10_000 - 3_000 + 300, heldMinor: 500, availableMinor: 6_800 });
  assert.deepEqual(l.merchantTotals(), [{ merchantId: 'M1', settledMinor: 2_700, pendingMinor: 500, pendingRefundsMinor: 0, captureCount: 2 }]);
  assert.deepEqual(
    l.events().filter((e) => e.kind === 'capture').map((e) => e.stan),
    ['000001', '000002'],
  );
});

test('reset restores the initial accounts and forgets events; setBalance opens accounts', () => {
  const l = new Ledger(new ManualClock(), [{ pan: PAN, balanceMinor: 100 }]);
  l.placeHold(ctx('000001'), PAN, 50);
  l.setBalance('4111111111111111', 7);
  assert.equal(l.balanceOf('4111111111111111'), 7);
  assert.equal(l.events().at(-1)!.kind, 'balance-set');
  l.reset();
  assert.equal(l.balanceOf(PAN), 100);
  assert.equal(l.balanceOf('4111111111111111'), undefined);
  assert.deepEqual(l.events(), []);
  assert.deepEqual(l.holds(), []);
});
