/**
 * Magic amounts are an explicit option: off unless asked for (constructor, run-time switch,
 * control API, standalone runner flag), and `reset()` goes back to the constructed value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerBankEmulator, MAGIC_AMOUNTS } from '../../../emulators/issuer-bank';
import { serveControlApi } from '../../../emulators/issuer-bank/control-api';
import { runIssuerCli } from '../../../emulators/issuer-bank/main';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { cup, sale, TestClient } from './issuer.helpers';

async function code(port: number, amountMinor: number): Promise<string> {
  const c = await TestClient.connect(port);
  try {
    return String((await c.request(sale(amountMinor))).fields[39]);
  } finally {
    await c.close();
  }
}

test('magic amounts are off by default: 12.05 and 10.51 are approved', async () => {
  const issuer = new IssuerBankEmulator({ dialect: cup() });
  const { port } = await issuer.start();
  try {
    assert.equal(issuer.magicAmounts, false);
    assert.equal(await code(port, 1205), '00');
    assert.equal(await code(port, 1051), '00');
  } finally {
    await issuer.stop();
  }
});

test('setMagicAmounts switches the table at run time (recorded as evidence); reset() restores the constructed value', async () => {
  const evidence = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup(), evidence });
  const { port } = await issuer.start();
  try {
    issuer.setMagicAmounts(true);
    assert.equal(await code(port, 1205), '05');
    assert.equal(await code(port, 1212), '12');
    assert.equal(await code(port, 1200), '00', 'cents without a meaning are approved');
    assert.ok(evidence.all().some((e) => e.kind === 'magic-amounts.on'));
    issuer.setMagicAmounts(false);
    assert.equal(await code(port, 1205), '00');
    issuer.setMagicAmounts(true);
    issuer.reset();
    assert.equal(issuer.magicAmounts, false, 'reset goes back to the option (off)');
  } finally {
    await issuer.stop();
  }
  const on = new IssuerBankEmulator({ dialect: cup(), magicAmounts: true });
  on.setMagicAmounts(false);
  on.reset();
  assert.equal(on.magicAmounts, true, 'reset goes back to the option (on)');
});

test('control API: GET /magic-amounts shows the switch and the table; PUT switches it; a bad body is 400', async () => {
  const issuer = new IssuerBankEmulator({ dialect: cup() });
  const { port } = await issuer.start();
  const served = await serveControlApi(issuer);
  const url = `http://127.0.0.1:${served.address.port}/magic-amounts`;
  const put = (body: unknown) => fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  try {
    const got = (await (await fetch(url)).json()) as { enabled: boolean; table: typeof MAGIC_AMOUNTS };
    assert.equal(got.enabled, false);
    assert.equal(got.table[51]?.responseCode, '51');
    const r = await put({ enabled: true });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { enabled: true });
    assert.equal(await code(port, 1051), '51');
    const bad = await put({ enabled: 'yes' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /enabled/);
    assert.equal((await put({ enabled: false, extra: 1 })).status, 400, 'unknown keys are errors');
    assert.equal(issuer.magicAmounts, true);
  } finally {
    await served.close();
    await issuer.stop();
  }
});

test('standalone runner: magic amounts only with --magic-amounts', async () => {
  // (Each prints its addresses on stdout, as it does for a parent process.)
  const off = await runIssuerCli([]);
  const on = await runIssuerCli(['--magic-amounts']);
  try {
    assert.equal(off.issuer.magicAmounts, false);
    assert.equal(on.issuer.magicAmounts, true);
  } finally {
    await off.stop();
    await on.stop();
  }
});
