import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectError, cup, request, within } from './network.helpers';
import { setup } from './fixture.helpers';
import { fromToxiproxyAttributes, serveControlApi } from '../../../emulators/network';

async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

test('control API: add (Toxiproxy names accepted), list, get, update, delete, reset', async (t) => {
  const f = await setup(t);
  const served = await serveControlApi(f.proxy);
  t.after(() => served.close());
  const { host, port } = served.address;
  assert.equal(host, '127.0.0.1');
  const base = `http://${host}:${port}`;

  const proxies = await api(base, 'GET', '/proxies');
  assert.equal(proxies.status, 200);
  assert.deepEqual(Object.keys(proxies.json as object), ['issuer']);
  assert.equal((proxies.json as { issuer: { enabled: boolean } }).issuer.enabled, true);

  const added = await api(base, 'POST', '/proxies/issuer/toxics', { name: 'lag', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 40, jitter: 0 } });
  assert.equal(added.status, 200);
  assert.deepEqual((added.json as { attributes: unknown }).attributes, { latency: 40, jitter: 0 }, "listed with Toxiproxy's names");
  assert.deepEqual(f.proxy.faults()[0]?.attributes, { latencyMs: 40, jitterMs: 0 }, "stored with posbench's");
  assert.equal(f.proxy.faults()[0]?.name, 'lag');

  const term = await f.terminal();
  const sentAt = term.send(request('000001'));
  const reply = await term.next();
  assert.ok(reply.at - sentAt >= 39, 'the fault added over HTTP acts on traffic');

  const dup = await api(base, 'POST', '/proxies/issuer/toxics', { name: 'lag', type: 'latency', attributes: { latencyMs: 1 } });
  assert.deepEqual([dup.status, (dup.json as { error: string }).error], [409, 'toxic already exists']);

  const bad = await api(base, 'POST', '/proxies/issuer/toxics', { name: 'x', type: 'latency', attributes: { latencyMs: -1 } });
  assert.equal(bad.status, 400);
  assert.equal((bad.json as { key: string }).key, 'x.attributes.latencyMs');

  const unknownKey = await api(base, 'POST', '/proxies/issuer/toxics', { name: 'y', type: 'slicer', attributes: { averageSize: 4, colour: 'red' } });
  assert.equal(unknownKey.status, 400);
  assert.match((unknownKey.json as { error: string }).error, /colour/);

  const unknownType = await api(base, 'POST', '/proxies/issuer/toxics', { type: 'gremlins' });
  assert.equal(unknownType.status, 400);
  assert.equal((unknownType.json as { key: string }).key, 'type');

  const updated = await api(base, 'POST', '/proxies/issuer/toxics/lag', { attributes: { latency: 5 } });
  assert.equal(updated.status, 200);
  assert.equal((updated.json as { attributes: { latency: number } }).attributes.latency, 5);

  assert.equal((await api(base, 'GET', '/proxies/issuer/toxics/lag')).status, 200);
  assert.deepEqual((await api(base, 'GET', '/proxies/issuer/toxics/nope')).json, { error: 'toxic not found', status: 404, detail: 'no fault named "nope"' });
  assert.deepEqual((await api(base, 'GET', '/proxies/other/toxics')).json, { error: 'proxy not found', status: 404, detail: 'no proxy named "other"' });
  assert.equal((await api(base, 'GET', '/proxies/issuer/toxics')).json instanceof Array, true);

  const fired = await api(base, 'GET', '/proxies/issuer/fired');
  assert.equal((fired.json as Array<{ name: string }>)[0]?.name, 'lag');

  assert.equal((await api(base, 'DELETE', '/proxies/issuer/toxics/lag')).status, 204);
  assert.equal(f.proxy.faults().length, 0);
  assert.equal((await api(base, 'DELETE', '/proxies/issuer/toxics/lag')).status, 404);

  await api(base, 'POST', '/proxies/issuer/toxics', { type: 'drop_response' });
  assert.equal((await api(base, 'POST', '/reset')).status, 204);
  assert.equal(f.proxy.faults().length, 0);
});

test('control API: enabled false takes the network down, true brings it back', async (t) => {
  const f = await setup(t);
  const served = await serveControlApi(f.proxy);
  t.after(() => served.close());
  const { host, port } = served.address;
  const base = `http://${host}:${port}`;
  const off = await api(base, 'POST', '/proxies/issuer', { enabled: false });
  assert.equal((off.json as { enabled: boolean }).enabled, false);
  await f.proxy.settled();
  assert.equal(await connectError(f.port), 'ECONNREFUSED');
  const on = await api(base, 'POST', '/proxies/issuer', { enabled: true });
  assert.equal((on.json as { enabled: boolean }).enabled, true);
  await f.proxy.settled();
  const term = await f.terminal();
  term.send(request('000009'));
  assert.equal(cup.unpack((await term.next()).body).fields[11], '000009');
  // /reset also brings a downed proxy back.
  await api(base, 'POST', '/proxies/issuer', { enabled: false });
  await api(base, 'POST', '/reset');
  await f.proxy.settled();
  await within(f.terminal(), 2000, 'connect after reset');
});

test('Toxiproxy attribute names map to posbench names per type', () => {
  assert.deepEqual(fromToxiproxyAttributes('slicer', { average_size: 10, size_variation: 2, delay: 5 }), { averageSize: 10, sizeVariation: 2, delayUs: 5 });
  assert.deepEqual(fromToxiproxyAttributes('slow_close', { delay: 5 }), { delayMs: 5 });
  assert.deepEqual(fromToxiproxyAttributes('bandwidth', { rate: 100 }), { rateKBps: 100 });
  assert.deepEqual(fromToxiproxyAttributes('drop_response', { count: 2 }), { count: 2 });
});

test('addFault from code: defaults, validation errors name the key, unknown names throw', async (t) => {
  const f = await setup(t);
  assert.equal(f.proxy.addFault({ type: 'latency', attributes: { latencyMs: 1 } }), 'latency_downstream');
  assert.deepEqual(f.proxy.faults()[0], { name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latencyMs: 1 } });
  assert.throws(() => f.proxy.addFault({ type: 'latency', attributes: { latencyMs: 1 } }), /already exists/);
  assert.throws(() => f.proxy.addFault({ name: 'z', type: 'latency', toxicity: 2, attributes: { latencyMs: 1 } }), /z\.toxicity/);
  assert.throws(() => f.proxy.addFault({ name: 'r', type: 'reset_after_request', stream: 'downstream' }), /r\.stream/);
  assert.throws(() => f.proxy.addFault({ name: 'l', type: 'latency', attributes: {} as { latencyMs: number } }), /l\.attributes\.latencyMs/);
  assert.throws(() => f.proxy.removeFault('nope'), /no fault named "nope"/);
  f.proxy.resetFaults();
  assert.deepEqual(f.proxy.faults(), []);
});
