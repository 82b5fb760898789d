import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerBankEmulator } from '../../../emulators/issuer-bank';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { setMac, verifyMac, UnpackError } from '../../../src/protocols/iso8583';
import { CARD, cup, sale, TestClient, TID } from './issuer.helpers';

async function setup(): Promise<{ issuer: IssuerBankEmulator; c: TestClient; ev: EvidenceTimeline; done: () => Promise<void> }> {
  const ev = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup(), evidence: ev, seed: 5 });
  const { port } = await issuer.start();
  const c = await TestClient.connect(port);
  return { issuer, c, ev, done: async () => (await c.close(), await issuer.stop()) };
}

test('responseCode rule declines (no hold); "00" approves even without funds', async () => {
  const { issuer, c, done } = await setup();
  try {
    const id = issuer.addRule({ match: { mti: '0200', processingCode: '00' }, action: { responseCode: '51' } });
    assert.equal((await c.request(sale(100))).fields[39], '51');
    assert.equal(issuer.ledger.holds().length, 0);
    issuer.removeRule(id);
    issuer.ledger.setBalance(CARD, 10);
    issuer.addRule({ action: { responseCode: '00' } });
    assert.equal((await c.request(sale(100))).fields[39], '00');
    assert.equal(issuer.ledger.balanceOf(CARD), -90);
  } finally {
    await done();
  }
});

test('delayMs delays the answer; nth fires on the n-th request only', async () => {
  const { issuer, c, done } = await setup();
  try {
    issuer.addRule({ action: { delayMs: 120 }, times: 'once' });
    const t0 = performance.now();
    assert.equal((await c.request(sale(100))).fields[39], '00');
    assert.ok(performance.now() - t0 >= 110, 'delayed');
    issuer.addRule({ match: { mti: '0200', nth: 2 }, action: { responseCode: '05' } });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await c.request(sale(100))).fields[39]);
    assert.deepEqual(codes, ['00', '05', '00']);
  } finally {
    await done();
  }
});

test('noResponse: the request is processed (hold placed) but nothing comes back; a repeat gets the stored answer once the rule is gone', async () => {
  const { issuer, c, ev, done } = await setup();
  try {
    issuer.addRule({ action: { noResponse: true }, times: 'once' });
    const msg = sale(300);
    c.send(msg);
    assert.equal(await c.silentFor(100), true);
    assert.equal(issuer.ledger.holds().length, 1);
    assert.ok(ev.all().some((e) => e.kind === 'iso8583.withheld'));
    const again = await c.request(msg);
    assert.equal(again.fields[39], '00');
    assert.equal(issuer.ledger.holds().length, 1, 'no second hold');
  } finally {
    await done();
  }
});

test('badMac: the answer carries a MAC that does not verify (with and without a MACed request)', async () => {
  const { issuer, c, done } = await setup();
  try {
    const d = cup();
    const key = issuer.keysFor(TID).macKey;
    issuer.addRule({ action: { badMac: true } });
    const r = await c.request(setMac(d, sale(100), key));
    assert.equal(r.fields[39], '00');
    assert.ok(Buffer.isBuffer(r.fields[64]));
    assert.equal(verifyMac(d, r, key), false);
    const r2 = await c.request(sale(100));
    assert.ok(Buffer.isBuffer(r2.fields[64]));
    assert.equal(verifyMac(d, r2, key), false);
  } finally {
    await done();
  }
});

test('answerFields: the answer carries the given values, MACed again so that the MAC verifies; the ledger books what the host decided', async () => {
  const { issuer, c, done } = await setup();
  try {
    const d = cup();
    const key = issuer.keysFor(TID).macKey;
    issuer.addRule({ action: { answerFields: { '4': '000000009999', '11': '999999' } }, times: 'once' });
    const r = await c.request(setMac(d, sale(100), key));
    assert.equal(r.fields[4], '000000009999');
    assert.equal(r.fields[11], '999999');
    assert.equal(verifyMac(d, r, key), true);
    assert.deepEqual(issuer.ledger.holds().map((h) => h.amountMinor), [100]);
    // The MAC is the action's to recompute; a field number outside 2-127 is no field: both typed errors naming the key.
    assert.throws(() => issuer.addRule({ action: { answerFields: { '64': 'x' } } }), /action\.answerFields\.64/);
    assert.throws(() => issuer.addRule({ action: { answerFields: { '200': 'x' } } }), /action\.answerFields\.200/);
  } finally {
    await done();
  }
});

test('malformed: the answer frame does not unpack; duplicate: the answer comes twice', async () => {
  const { issuer, c, done } = await setup();
  try {
    issuer.addRule({ action: { malformed: true }, times: 'once' });
    c.send(sale(100));
    const body = await c.nextBody();
    assert.throws(() => cup().unpack(body), UnpackError);
    issuer.addRule({ action: { duplicate: true }, times: 'once' });
    c.send(sale(200));
    const a = await c.next();
    const b = await c.next();
    assert.deepEqual(a, b);
    assert.equal(issuer.ledger.holds().length, 2);
  } finally {
    await done();
  }
});

test('closeConnection: the request is processed, then the connection is closed without an answer', async () => {
  const { issuer, c, done } = await setup();
  try {
    issuer.addRule({ match: { amountMinor: 777 }, action: { closeConnection: true } });
    c.send(sale(777));
    await c.closed;
    assert.equal(issuer.ledger.holds().length, 1);
  } finally {
    await done();
  }
});

test('stop() closes connections and drops pending delayed answers at once', async () => {
  const { issuer, c } = await setup();
  issuer.addRule({ action: { delayMs: 60_000 } });
  c.send(sale(100));
  while (issuer.ledger.holds().length === 0) await new Promise((r) => setTimeout(r, 5));
  const t0 = performance.now();
  await issuer.stop();
  await c.closed;
  assert.ok(performance.now() - t0 < 1000);
  assert.equal(issuer.connectionCount, 0);
});
