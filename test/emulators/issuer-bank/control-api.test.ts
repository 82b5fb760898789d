import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerBankEmulator } from '../../../emulators/issuer-bank';
import { serveControlApi } from '../../../emulators/issuer-bank/control-api';
import { CARD, cup, sale, TestClient } from './issuer.helpers';

test('control API: health, rules, ledger, messages, balance, reset — JSON on 127.0.0.1', async () => {
  const issuer = new IssuerBankEmulator({ dialect: cup() });
  const { port } = await issuer.start();
  const served = await serveControlApi(issuer);
  const api = served.address;
  assert.equal(api.host, '127.0.0.1');
  const url = (p: string) => `http://127.0.0.1:${api.port}${p}`;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (p: string, init?: RequestInit): Promise<{ status: number; body: any }> => {
    const r = await fetch(url(p), { ...init, headers: { 'content-type': 'application/json' } });
    return { status: r.status, body: r.status === 204 ? undefined : await r.json() };
  };
  const c = await TestClient.connect(port);
  try {
    const h = await json('/health');
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    assert.equal(h.body.dialect, 'cup');

    // balance
    const put = await json(`/accounts/${CARD}/balance`, { method: 'PUT', body: JSON.stringify({ balanceMinor: 5000 }) });
    assert.equal(put.status, 200);
    assert.equal(put.body.availableMinor, 5000);
    assert.equal((await json(`/accounts/${CARD}/balance`, { method: 'PUT', body: JSON.stringify({ balance: 1 }) })).status, 400);

    // rules
    const bad = await json('/rules', { method: 'POST', body: JSON.stringify({ action: { responseCode: '5' } }) });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.issues.some((i: { path: string }) => i.path === 'action.responseCode'));
    assert.equal((await json('/rules', { method: 'POST', body: JSON.stringify({ action: { responseCode: '51' }, unknown: 1 }) })).status, 400, 'unknown keys are errors');
    const created = await json('/rules', { method: 'POST', body: JSON.stringify({ match: { mti: '0200' }, action: { responseCode: '51' }, times: 'once' }) });
    assert.equal(created.status, 201);
    assert.equal((await json('/rules')).body.length, 1);
    assert.equal((await c.request(sale(100))).fields[39], '51');
    assert.equal((await json('/rules')).body.length, 0, 'the once rule is spent');
    const r2 = await json('/rules', { method: 'POST', body: JSON.stringify({ action: { delayMs: 1 } }) });
    assert.equal((await json(`/rules/${r2.body.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await json(`/rules/${r2.body.id}`, { method: 'DELETE' })).status, 404);
    await json('/rules', { method: 'POST', body: JSON.stringify({ action: { delayMs: 1 } }) });
    assert.equal((await json('/rules', { method: 'DELETE' })).status, 204);
    assert.equal((await json('/rules')).body.length, 0);

    // ledger + messages
    assert.equal((await c.request(sale(1200))).fields[39], '00');
    const l = await json('/ledger');
    assert.deepEqual(l.body.events.map((e: { kind: string }) => e.kind), ['balance-set', 'decline', 'hold']);
    assert.equal(l.body.holds[0].amountMinor, 1200);
    assert.equal(l.body.accounts.find((a: { maskedPan: string }) => a.maskedPan === '621094******0021').availableMinor, 3800);
    const m = await json('/messages?limit=2');
    assert.equal(m.body.length, 2);
    assert.deepEqual(m.body.map((x: { direction: string; mti: string }) => `${x.direction} ${x.mti}`), ['in 0200', 'out 0210']);
    const raw = JSON.stringify(l.body) + JSON.stringify((await json('/messages')).body);
    assert.ok(!raw.includes(CARD), 'no clear PAN over the API');

    // reset
    assert.equal((await json('/reset', { method: 'POST' })).status, 200);
    assert.equal((await json('/ledger')).body.events.length, 0);
    assert.equal((await json(`/accounts/${CARD}`)).body.availableMinor, 1_000_000, 'back to the initial balance');
    assert.equal((await json('/nope')).status, 404);
  } finally {
    await c.close();
    await served.close();
    await issuer.stop();
  }
  // close() closed the control API and its connections; the issuer never owned it
  await assert.rejects(fetch(url('/health')));
});
