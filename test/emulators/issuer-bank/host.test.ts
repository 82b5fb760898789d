import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerBankEmulator, decodeWorkingKeys, encryptPinBlock, type IssuerBankOptions } from '../../../emulators/issuer-bank';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { ManualClock } from '../../../src/util/clock';
import { getDialect, setMac, verifyMac } from '../../../src/protocols/iso8583';
import { base, CARD, cup, sale, TestClient, TID, nextStan } from './issuer.helpers';
import { reversalMismatches } from '../../../emulators/issuer-bank/reversal-match';

async function withIssuer(opts: Partial<IssuerBankOptions>, fn: (issuer: IssuerBankEmulator, client: TestClient, evidence: EvidenceTimeline) => Promise<void>): Promise<void> {
  const evidence = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup(), evidence, clock: new ManualClock(), seed: 3, ...opts });
  const { port } = await issuer.start();
  const client = await TestClient.connect(port);
  try {
    await fn(issuer, client, evidence);
  } finally {
    await client.close();
    await issuer.stop();
  }
}

test('sign-on: 0810 with host batch in 60.2, date/time, working keys in 62; TPDU swapped, header echoed', async () => {
  await withIssuer({ initialBatch: '000007' }, async (issuer, c) => {
    const r = await c.request(base('0800', { 11: '000001', 60: '00000001003' }));
    assert.equal(r.mti, '0810');
    assert.equal(r.fields[39], '00');
    assert.equal(r.fields[60], '00000007003');
    assert.equal(r.fields[12], '120000');
    assert.equal(r.fields[13], '1126');
    assert.equal(r.fields[41], TID);
    assert.deepEqual(r.tpdu, Buffer.from('6000000006', 'hex'));
    assert.deepEqual(r.header, Buffer.from('603100311003', 'hex'));
    const keys = decodeWorkingKeys(r.fields[62] as Buffer);
    assert.deepEqual(keys, issuer.keysFor(TID));
    // echo test
    const e = await c.request(base('0820', { 11: '000002', 60: '00000007301' }));
    assert.equal(e.mti, '0830');
    assert.equal(e.fields[39], '00');
  });
});

test('a sale is approved, places a hold and is recorded (masked) on the evidence timeline', async () => {
  await withIssuer({}, async (issuer, c, ev) => {
    const before = issuer.ledger.balanceOf(CARD)!;
    const r = await c.request(sale(2500, { stan: '000010' }));
    assert.equal(r.mti, '0210');
    assert.equal(r.fields[39], '00');
    assert.equal(r.fields[11], '000010');
    assert.equal(r.fields[3], '000000');
    assert.match(String(r.fields[38]), /^\d{6}$/);
    assert.match(String(r.fields[37]), /^\d{12}$/);
    assert.equal(issuer.ledger.balanceOf(CARD), before - 2500);
    const hold = issuer.ledger.events().find((e) => e.kind === 'hold')!;
    assert.equal(hold.terminalId, TID);
    assert.equal(hold.stan, '000010');
    assert.equal(hold.rrn, r.fields[37]);
    assert.equal(hold.amountMinor, 2500);
    const kinds = ev.all().map((e) => e.kind);
    assert.ok(kinds.includes('iso8583.in') && kinds.includes('iso8583.out') && kinds.includes('ledger.hold'));
    const text = JSON.stringify(ev.all()) + JSON.stringify(issuer.messages());
    assert.ok(!text.includes(CARD), 'no clear PAN in evidence or messages');
    const inbound = issuer.messages().find((m) => m.direction === 'in')!;
    assert.equal(inbound.fields!['2'], '621094******0021');
    assert.ok(!inbound.hex.includes('6210947000000021'));
    assert.ok(inbound.hex.includes('621094******0021'));
  });
});

test('host checks: unknown card 14, expired 54, insufficient funds 51, wrong PIN 55, bad Luhn 14, format error 30', async () => {
  await withIssuer({ accounts: [{ pan: CARD, balanceMinor: 1000, pin: '1234' }] }, async (issuer, c) => {
    const code = async (m: Parameters<TestClient['request']>[0]) => (await c.request(m)).fields[39];
    assert.equal(await code(sale(100, { pan: '4111111111111111' })), '14');
    assert.equal(await code(sale(100, { pan: '6200000000000006' })), '14');
    assert.equal(await code(sale(5000)), '51');
    const track = sale(100, { extra: { 35: `${CARD}D25012201234` } });
    delete track.fields[2];
    assert.equal(await code(track), '54', 'expiry 2501 is before the clock (2026-11)');
    const pinKey = issuer.keysFor(TID).pinKey;
    assert.equal(await code(sale(100, { extra: { 52: encryptPinBlock(pinKey, '9999', CARD) } })), '55');
    assert.equal(await code(sale(100, { extra: { 52: encryptPinBlock(pinKey, '1234', CARD) } })), '00');
    const noStan = sale(100);
    delete noStan.fields[11];
    assert.equal(await code(noStan), '30');
    assert.equal(issuer.ledger.balanceOf(CARD), 900, 'only the approved sale holds money');
    assert.deepEqual(
      issuer.ledger.events().filter((e) => e.kind === 'decline').map((e) => e.responseCode),
      ['14', '14', '51', '54', '55', '30'],
    );
  });
});

test('magic amounts, when switched on, decline (x.51 → 51); x.98 is approved and held but never answered', async () => {
  await withIssuer({ magicAmounts: true }, async (issuer, c) => {
    assert.equal((await c.request(sale(1051))).fields[39], '51');
    assert.equal((await c.request(sale(1005))).fields[39], '05');
    c.send(sale(1098));
    assert.equal(await c.silentFor(150), true);
    assert.equal(issuer.ledger.holds().length, 1);
    assert.equal(issuer.ledger.holds()[0]!.amountMinor, 1098);
  });
  await withIssuer({}, async (_issuer, c) => {
    assert.equal((await c.request(sale(1051))).fields[39], '00', 'off by default');
  });
});

test('duplicate detection: same terminal + STAN + batch → the original answer again, no second hold', async () => {
  await withIssuer({}, async (issuer, c) => {
    const msg = sale(700, { stan: '000123' });
    const a = await c.request(msg);
    const b = await c.request(msg);
    assert.equal(a.fields[39], '00');
    assert.deepEqual(b, a, 'the very same answer (RRN, auth code)');
    assert.equal(issuer.ledger.holds().length, 1);
    assert.equal(issuer.ledger.events().filter((e) => e.kind === 'duplicate').length, 1);
    // same STAN in another batch is a new transaction
    const other = await c.request(sale(700, { stan: '000123', batch: '000002' }));
    assert.notEqual(other.fields[37], a.fields[37]);
    assert.equal(issuer.ledger.holds().length, 2);
  });
});

test('void releases the hold; a second void is refused; reversal of the void restores the hold', async () => {
  await withIssuer({}, async (issuer, c) => {
    const start = issuer.ledger.balanceOf(CARD)!;
    const s = await c.request(sale(1500, { stan: '000001' }));
    assert.equal(s.fields[39], '00');
    const voidMsg = (stan: string) => base('0200', { 2: CARD, 3: '200000', 4: '000000001500', 11: stan, 25: '00', 37: s.fields[37]!, 38: s.fields[38]!, 60: '23000001000', 61: '000001000001' });
    // A void names its original by 61 and repeats its RRN (37) and auth code (38): another RRN or auth code is no original.
    const otherRrn = voidMsg('000005');
    otherRrn.fields[37] = '999999999999';
    assert.equal((await c.request(otherRrn)).fields[39], '25', "another RRN than the original's");
    const noRrn = voidMsg('000006');
    delete noRrn.fields[37];
    assert.equal((await c.request(noRrn)).fields[39], '25', 'no RRN');
    const otherAuth = voidMsg('000007');
    otherAuth.fields[38] = '000000';
    assert.equal((await c.request(otherAuth)).fields[39], '25', "another auth code than the original's");
    const v = await c.request(voidMsg('000002'));
    assert.equal(v.fields[39], '00');
    assert.equal(issuer.ledger.balanceOf(CARD), start);
    assert.equal((await c.request(voidMsg('000003'))).fields[39], '12', 'already voided');
    const wrongAmount = voidMsg('000004');
    wrongAmount.fields[61] = '000001000099';
    assert.equal((await c.request(wrongAmount)).fields[39], '25', 'no such original');
    // reverse the void (STAN 000002): the sale is held again
    const rev = await c.request(base('0400', { 2: CARD, 3: '200000', 4: '000000001500', 11: '000002', 39: '98', 60: '23000001000', 61: '000001000001' }));
    assert.equal(rev.mti, '0410');
    assert.equal(rev.fields[39], '00');
    assert.equal(issuer.ledger.balanceOf(CARD), start - 1500);
    const ev = issuer.ledger.events();
    const v1 = ev.find((e) => e.kind === 'void')!;
    assert.equal(v1.stan, '000002');
    assert.equal(v1.originalStan, '000001');
    assert.equal(ev.find((e) => e.kind === 'release')!.originalStan, '000001');
    const restored = ev.filter((e) => e.kind === 'hold').at(-1)!;
    assert.equal(restored.originalStan, '000001');
    assert.match(restored.note ?? '', /restored/);
  });
});

test('reversal releases the hold and is idempotent; a reversal of an unseen request is accepted and recorded', async () => {
  await withIssuer({}, async (issuer, c) => {
    const start = issuer.ledger.balanceOf(CARD)!;
    await c.request(sale(900, { stan: '000050' }));
    const rev = base('0400', { 2: CARD, 3: '000000', 4: '000000000900', 11: '000050', 39: '98', 60: '22000001000' });
    const r1 = await c.request(rev);
    assert.equal(r1.fields[39], '00');
    assert.equal(issuer.ledger.balanceOf(CARD), start);
    const r2 = await c.request(rev);
    assert.equal(r2.fields[39], '00');
    const r3 = await c.request({ ...rev, mti: '0401' });
    assert.equal(r3.mti, '0410');
    assert.equal(issuer.ledger.balanceOf(CARD), start, 'repeats change nothing');
    assert.equal(issuer.ledger.events().filter((e) => e.kind === 'release').length, 1);
    assert.equal(issuer.ledger.events().filter((e) => e.kind === 'reversal').length, 1);
    const unseen = await c.request(base('0400', { 2: CARD, 3: '000000', 4: '000000000333', 11: '000077', 39: '98', 60: '22000001000' }));
    assert.equal(unseen.fields[39], '00');
    const last = issuer.ledger.events().at(-1)!;
    assert.equal(last.kind, 'reversal');
    assert.equal(last.amountMinor, 333);
    assert.match(last.note ?? '', /not found/);
  });
});

test('refund credits the cardholder; balance inquiry answers field 54', async () => {
  await withIssuer({}, async (issuer, c) => {
    const start = issuer.ledger.balanceOf(CARD)!;
    const s = await c.request(sale(2000, { stan: '000001' }));
    const refund = base('0220', { 2: CARD, 3: '200000', 4: '000000000500', 11: '000002', 25: '00', 37: s.fields[37]!, 60: '25000001000', 61: '000001000001' });
    assert.equal((await c.request(refund)).fields[39], '00');
    assert.equal(issuer.ledger.balanceOf(CARD), start - 2000 + 500);
    const tooMuch = { ...refund, fields: { ...refund.fields, 4: '000000001600', 11: '000003' } };
    assert.equal((await c.request(tooMuch)).fields[39], '13', 'more than is left of the original');
    const bal = await c.request(base('0200', { 2: CARD, 3: '310000', 11: '000004', 25: '00', 49: '156', 60: '01000001000' }));
    assert.equal(bal.fields[39], '00');
    assert.equal(bal.fields[54], `0002156C${String(start - 1500).padStart(12, '0')}`);
  });
});

test('settlement: balanced when totals agree (money moves to the merchant), unbalanced otherwise; batch upload items are checked', async () => {
  await withIssuer({ merchantId: '123456789012345' }, async (issuer, c) => {
    const start = issuer.ledger.account(CARD)!.balanceMinor;
    await c.request(sale(1000, { stan: '000001' }));
    await c.request(sale(2000, { stan: '000002' }));
    const refund = base('0220', { 2: CARD, 3: '200000', 4: '000000000300', 11: '000003', 25: '00', 60: '25000001000' });
    assert.equal((await c.request(refund)).fields[39], '00');
    const totals = (d: number, dc: number, cr: number, cc: number) => `${String(d).padStart(12, '0')}${String(dc).padStart(3, '0')}${String(cr).padStart(12, '0')}${String(cc).padStart(3, '0')}0`;
    const r = await c.request(base('0500', { 11: '000004', 48: totals(3000, 2, 300, 1), 49: '156', 60: '00000001201' }));
    assert.equal(r.mti, '0510');
    assert.equal(r.fields[39], '00');
    assert.equal(String(r.fields[48]).slice(-1), '1', 'balanced');
    assert.deepEqual(issuer.ledger.merchantTotals(), [{ merchantId: '123456789012345', settledMinor: 2700, pendingMinor: 0, pendingRefundsMinor: 0, captureCount: 2 }]);
    assert.equal(issuer.ledger.account(CARD)!.balanceMinor, start - 3000 + 300);
    const settle = issuer.ledger.events().find((e) => e.kind === 'settlement')!;
    assert.equal(settle.balanced, true);
    assert.equal(issuer.hostBatch(TID), '000002', 'the host moves to the next batch');
    // batch 2: the terminal claims a sale the host never approved → unbalanced
    await c.request(sale(400, { stan: '000005', batch: '000002' }));
    const u = await c.request(base('0500', { 11: '000006', 48: totals(900, 2, 0, 0), 49: '156', 60: '00000002201' }));
    assert.equal(String(u.fields[48]).slice(-1), '2', 'unbalanced');
    const up = await c.request(base('0320', { 11: '000007', 48: '000099000000000500', 60: '00000002201' }));
    assert.equal(up.mti, '0330');
    assert.equal(up.fields[39], '00');
    const item = issuer.ledger.events().at(-1)!;
    assert.equal(item.kind, 'batch-upload');
    assert.match(item.note ?? '', /000099: unknown to the host/);
  });
});

test('a repeated settlement of a batch (its 0510 lost) is reconciled against what the first one closed, and moves no money twice', async () => {
  await withIssuer({ merchantId: '123456789012345' }, async (issuer, c) => {
    const start = issuer.ledger.account(CARD)!.balanceMinor;
    await c.request(sale(1000, { stan: '000001' }));
    const second = await c.request(sale(2000, { stan: '000002' }));
    assert.equal((await c.request(base('0200', { 2: CARD, 3: '200000', 4: '000000002000', 11: '000003', 25: '00', 37: second.fields[37]!, 60: '23000001000', 61: '000001000002' }))).fields[39], '00', 'void of the 20.00 sale');
    assert.equal((await c.request(base('0220', { 2: CARD, 3: '200000', 4: '000000000300', 11: '000004', 25: '00', 60: '25000001000' }))).fields[39], '00');
    const totals = (d: number, dc: number, cr: number, cc: number) => `${String(d).padStart(12, '0')}${String(dc).padStart(3, '0')}${String(cr).padStart(12, '0')}${String(cc).padStart(3, '0')}0`;
    const first = await c.request(base('0500', { 11: '000005', 48: totals(1000, 1, 300, 1), 49: '156', 60: '00000001201' }));
    assert.equal(String(first.fields[48]).slice(-1), '1');
    const once = { merchantId: '123456789012345', settledMinor: 700, pendingMinor: 0, pendingRefundsMinor: 0, captureCount: 1 };
    assert.deepEqual(issuer.ledger.merchantTotals(), [once]);
    // The terminal never saw that 0510: it settles batch 1 again, with one more sale in it.
    await c.request(sale(500, { stan: '000006' }));
    const again = await c.request(base('0500', { 11: '000007', 48: totals(1500, 2, 300, 1), 49: '156', 60: '00000001201' }));
    assert.equal(String(again.fields[48]).slice(-1), '1', 'balanced: the voided sale is not counted, the settled ones are');
    assert.deepEqual(issuer.ledger.merchantTotals(), [{ ...once, settledMinor: 1200, captureCount: 2 }], 'only the new sale is captured; the refund is not taken from the merchant twice');
    assert.equal(issuer.ledger.account(CARD)!.balanceMinor, start - 1500 + 300);
    // A terminal that leaves the settled sales out is still unbalanced.
    const short = await c.request(base('0500', { 11: '000008', 48: totals(0, 0, 0, 0), 49: '156', 60: '00000001201' }));
    assert.equal(String(short.fields[48]).slice(-1), '2');
  });
});

test('MAC: a request MACed with the sign-on key is answered with a MAC; a bad MAC gets A0 and no hold', async () => {
  await withIssuer({}, async (issuer, c) => {
    const d = cup();
    const key = issuer.keysFor(TID).macKey;
    const good = setMac(d, sale(100, { stan: '000001' }), key);
    const r = await c.request(good);
    assert.equal(r.fields[39], '00');
    assert.equal(verifyMac(d, r, key), true);
    const bad = setMac(d, sale(100, { stan: '000002' }), key);
    (bad.fields[64] as Buffer)[0]! ^= 1;
    const rb = await c.request(bad);
    assert.equal(rb.fields[39], 'A0');
    assert.equal(issuer.ledger.holds().length, 1);
    // the corrected retry with the same STAN is judged afresh (a MAC error is not remembered)
    const fixed = await c.request(setMac(d, sale(100, { stan: '000002' }), key));
    assert.equal(fixed.fields[39], '00');
    assert.equal(issuer.ledger.holds().length, 2);
  });
});

test('terminal and merchant acceptance: unknown terminal 97, unknown merchant 03', async () => {
  await withIssuer({ terminalIds: ['OTHER001'] }, async (_i, c) => {
    assert.equal((await c.request(sale(100))).fields[39], '97');
  });
  await withIssuer({ merchantId: '999999999999999' }, async (_i, c) => {
    assert.equal((await c.request(sale(100))).fields[39], '03');
  });
});

test('unknownCardsApproved opens an account for a card the issuer does not know', async () => {
  await withIssuer({ accounts: [], unknownCardsApproved: true, unknownCardBalanceMinor: 5000 }, async (issuer, c) => {
    assert.equal((await c.request(sale(100, { pan: '4111111111111111', stan: nextStan() }))).fields[39], '00');
    assert.equal(issuer.ledger.balanceOf('4111111111111111'), 4900);
  });
});

test('verifyCryptogram hook: a failing ARQC check declines with 05', async () => {
  let seen = '';
  await withIssuer({ verifyCryptogram: (pan) => ((seen = pan), false) }, async (_i, c) => {
    const r = await c.request(sale(100, { extra: { 55: Buffer.from('9F26080102030405060708', 'hex') } }));
    assert.equal(r.fields[39], '05');
    assert.equal(seen, CARD);
  });
});

test('ascii87 over binary2: 0800 with field 70 = 301 is an echo, 001 a sign-on with the keys as hex text', async () => {
  const d = getDialect('ascii87', { lengthHeader: 'binary2' });
  const issuer = new IssuerBankEmulator({ dialect: d, clock: new ManualClock() });
  const { port } = await issuer.start();
  const c = await TestClient.connect(port, d);
  try {
    const echo = await c.request({ mti: '0800', fields: { 7: '1126120000', 11: '000001', 41: TID, 70: '301' } });
    assert.equal(echo.mti, '0810');
    assert.equal(echo.fields[39], '00');
    assert.equal(echo.fields[70], '301');
    assert.equal(echo.fields[62], undefined);
    const so = await c.request({ mti: '0800', fields: { 7: '1126120000', 11: '000002', 41: TID, 70: '001' } });
    assert.equal(so.fields[39], '00');
    assert.deepEqual(decodeWorkingKeys(Buffer.from(String(so.fields[62]), 'hex')), issuer.keysFor(TID));
    const r = await c.request({ mti: '0200', fields: { 2: CARD, 3: '000000', 4: '000000000100', 11: '000003', 41: TID } });
    assert.equal(r.fields[39], '00');
  } finally {
    await c.close();
    await issuer.stop();
  }
});

test('a start() that cannot listen leaves the issuer stopped: it can be started again once the port is free', async () => {
  const net = await import('node:net');
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as import('node:net').AddressInfo).port;
  const issuer = new IssuerBankEmulator({ dialect: cup(), port });
  try {
    await assert.rejects(issuer.start(), /EADDRINUSE/);
    assert.equal(issuer.boundAddress, undefined);
    await new Promise<void>((r) => blocker.close(() => r()));
    assert.equal((await issuer.start()).port, port);
    const c = await TestClient.connect(port);
    assert.equal((await c.request(sale(100))).fields[39], '00');
    await c.close();
  } finally {
    blocker.close();
    await issuer.stop();
  }
});

test('field 55 whose Amount, Authorised (9F02) differs from field 4 is declined 05: the card did not authorise that amount', async () => {
  const icc = (amount: number) => Buffer.concat([Buffer.from('9F260801020304050607089F0206', 'hex'), Buffer.from(String(amount).padStart(12, '0'), 'hex')]);
  let hookCalls = 0;
  await withIssuer({ verifyCryptogram: () => (hookCalls++, true) }, async (issuer, c) => {
    const wrong = await c.request(sale(250000, { extra: { 55: icc(2500) } }));
    assert.equal(wrong.fields[39], '05');
    assert.equal(issuer.ledger.balanceOf(CARD), 1_000_000, 'nothing held');
    assert.match(issuer.ledger.events().at(-1)!.note ?? '', /9F02/);
    assert.equal((await c.request(sale(2500, { extra: { 55: icc(2500) } }))).fields[39], '00');
    assert.equal(hookCalls, 1, 'the ARQC hook judges only consistent requests');
  });
});

test('field 55 whose cryptogram (9F27) is a TC or an AAC, not an ARQC, is declined 05: the card did not ask for authorisation', async () => {
  const icc = (cid: string) => Buffer.from(`9F26080102030405060708${cid ? `9F2701${cid}` : ''}9F0206000000002500`, 'hex');
  await withIssuer({}, async (issuer, c) => {
    assert.equal((await c.request(sale(2500, { extra: { 55: icc('00') } }))).fields[39], '05');
    assert.match(issuer.ledger.events().at(-1)!.note ?? '', /an AAC \(9F27 00\), not an ARQC/);
    assert.equal((await c.request(sale(2500, { extra: { 55: icc('40') } }))).fields[39], '05');
    assert.match(issuer.ledger.events().at(-1)!.note ?? '', /a TC \(9F27 40\)/);
    assert.equal(issuer.ledger.balanceOf(CARD), 1_000_000, 'nothing held');
    // An ARQC (bits 8-7 = 10, whatever the low bits say), or no 9F27 at all, goes on to the other checks.
    assert.equal((await c.request(sale(2500, { extra: { 55: icc('81') } }))).fields[39], '00');
    assert.equal((await c.request(sale(2500, { extra: { 55: icc('') } }))).fields[39], '00');
  });
});

test('a reversal whose amount (field 4) differs from the original is refused with 13, the hold stays, the ledger names the field', async () => {
  await withIssuer({}, async (issuer, c) => {
    const start = issuer.ledger.balanceOf(CARD)!;
    await c.request(sale(2500, { stan: '000060' }));
    // 25 (yuan) instead of 2500 (fen): the original's amount in the wrong unit.
    const wrong = await c.request(base('0400', { 2: CARD, 3: '000000', 4: '000000000025', 11: '000060', 39: '98', 60: '22000001000' }));
    assert.equal(wrong.mti, '0410');
    assert.equal(wrong.fields[39], '13');
    assert.equal(issuer.ledger.balanceOf(CARD), start - 2500, 'the money stays held');
    const refused = issuer.ledger.events().at(-1)!;
    assert.equal(refused.kind, 'decline');
    assert.equal(refused.originalStan, '000060');
    assert.deepEqual(refused.mismatch, [{ field: '4', sent: '25', original: '2500' }]);
    assert.equal(issuer.ledger.events().filter((e) => e.kind === 'reversal').length, 0);
    // The right reversal still goes through afterwards.
    const right = await c.request(base('0400', { 2: CARD, 3: '000000', 4: '000000002500', 11: '000060', 39: '98', 60: '22000001000' }));
    assert.equal(right.fields[39], '00');
    assert.equal(issuer.ledger.balanceOf(CARD), start);
  });
});

test("a reversal whose processing code or original data (field 61) differ from the original's is refused with 12", async () => {
  await withIssuer({}, async (issuer, c) => {
    const s = await c.request(sale(1500, { stan: '000001' }));
    const voidMsg = base('0200', { 2: CARD, 3: '200000', 4: '000000001500', 11: '000002', 25: '00', 37: s.fields[37]!, 60: '23000001000', 61: '000001000001' });
    assert.equal((await c.request(voidMsg)).fields[39], '00');
    const otherOriginal = await c.request(base('0400', { 2: CARD, 3: '200000', 4: '000000001500', 11: '000002', 39: '98', 60: '23000001000', 61: '000001000009' }));
    assert.equal(otherOriginal.fields[39], '12');
    assert.deepEqual(issuer.ledger.events().at(-1)!.mismatch, [{ field: '61', sent: '000001000009', original: '000001000001' }]);
    const otherCode = await c.request(base('0400', { 2: CARD, 3: '000000', 4: '000000001500', 11: '000002', 39: '98', 60: '23000001000', 61: '000001000001' }));
    assert.equal(otherCode.fields[39], '12');
    assert.deepEqual(issuer.ledger.events().at(-1)!.mismatch, [{ field: '3', sent: '000000', original: '200000' }]);
  });
});

test('field 90 (original MTI and STAN) is checked when a reversal carries it', () => {
  const orig = { kind: 'sale', terminalId: TID, merchantId: '', batch: '000001', stan: '000005', rrn: '', authCode: '', pan: CARD, amountMinor: 100, responseCode: '00', state: 'approved', refundedMinor: 0, request: { mti: '0200', processingCode: '000000' } } as const;
  const good = base('0400', { 3: '000000', 4: '000000000100', 11: '000005', 90: '0200000005' + '0'.repeat(32) });
  assert.deepEqual(reversalMismatches({ ...orig }, good), []);
  const bad = base('0400', { 3: '000000', 4: '000000000100', 11: '000005', 90: '0200000004' + '0'.repeat(32) });
  assert.deepEqual(reversalMismatches({ ...orig }, bad), [{ field: '90', sent: '0200/000004', original: '0200/000005' }]);
});
