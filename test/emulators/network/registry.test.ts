/** The registry behind the Toxiproxy API: several proxies, updates that move them, Toxiproxy's error bodies. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './fixture.helpers';
import { ProxyRegistry, serveControlApi } from '../../../emulators/network';
import { StubIssuer, StubTerminal, cup, request } from './network.helpers';

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

test("around the bench's single proxy: a second proxy is created beside it, each its own listener → upstream", async (t) => {
  const f = await setup(t);
  const other = new StubIssuer();
  const otherPort = await other.start();
  t.after(() => other.stop());
  const api = await serveControlApi(f.proxy, {});
  t.after(() => api.close());
  const base = `http://127.0.0.1:${api.address.port}`;

  const created = await call(base, 'POST', '/proxies', { name: 'second', listen: '127.0.0.1:0', upstream: `127.0.0.1:${otherPort}` });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys((await call(base, 'GET', '/proxies')).json).sort(), ['issuer', 'second']);
  const port = Number(String(created.json.listen).split(':')[1]);
  const term = await StubTerminal.connect(port);
  t.after(() => term.close());
  term.send(request('000042'));
  assert.equal(cup.unpack((await term.next()).body).fields[11], '000042');
  assert.equal(other.all.length, 1, 'the second proxy forwards to its own upstream');
  assert.equal(f.issuer.all.length, 0);

  // Moving the bench's proxy to the other upstream (Toxiproxy: restart, toxics kept).
  f.proxy.addFault({ name: 'lag', type: 'latency', attributes: { latencyMs: 1 } });
  const moved = await call(base, 'POST', '/proxies/issuer', { upstream: `127.0.0.1:${otherPort}` });
  assert.equal(moved.status, 200);
  assert.equal(moved.json.upstream, `127.0.0.1:${otherPort}`);
  assert.deepEqual((moved.json.toxics as Array<{ name: string }>).map((x) => x.name), ['lag']);
  const t2 = await f.terminal();
  t2.send(request('000043'));
  await t2.next();
  assert.equal(other.all.length, 2);

  const newListen = await call(base, 'PATCH', '/proxies/second', { listen: '127.0.0.1:0', enabled: true });
  assert.equal(newListen.json.listen, created.json.listen, 'port 0 asks for no move');
});

test("Toxiproxy's status codes and error bodies", async (t) => {
  const registry = new ProxyRegistry();
  const api = await serveControlApi(registry);
  t.after(async () => {
    await api.close();
    await registry.close();
  });
  const base = `http://127.0.0.1:${api.address.port}`;
  assert.deepEqual(await call(base, 'POST', '/proxies', { name: 'x', listen: '127.0.0.1:0' }), {
    status: 400,
    json: { error: 'missing required field: upstream', status: 400, detail: 'proxy upstream: missing required field (a "host:port" text)', key: 'upstream' },
  });
  assert.equal((await call(base, 'POST', '/proxies', '{"name": ')).status, 400);
  assert.match(String((await call(base, 'POST', '/proxies', { name: 'x', upstream: 'nohost' })).json.detail), /expected host:port/);
  assert.equal((await call(base, 'POST', '/proxies', { name: 'x', upstream: '127.0.0.1:9' })).status, 201);
  assert.deepEqual((await call(base, 'POST', '/proxies', { name: 'x', upstream: '127.0.0.1:9' })).json.error, 'proxy already exists');
  assert.equal((await call(base, 'POST', '/proxies/x/toxics', { type: 'latency', stream: 'sideways', attributes: { latency: 1 } })).json.error, 'stream was invalid, can be either upstream or downstream');
  assert.equal((await call(base, 'POST', '/proxies/x/toxics', { type: 'gremlins' })).json.error, 'invalid toxic type');
  assert.deepEqual((await call(base, 'POST', '/proxies/x/toxics', { type: 'bandwidth', attributes: { rateKBps: 8 } })).json.attributes, { rate: 8 }, "posbench's names are aliases");
  assert.equal((await call(base, 'POST', '/populate', { name: 'not-an-array' })).status, 400);
  assert.equal((await call(base, 'DELETE', '/proxies/x')).status, 204);
  assert.deepEqual((await call(base, 'DELETE', '/proxies/x')).json.error, 'proxy not found');
  assert.equal((await call(base, 'POST', '/proxies/x', { enabled: false })).status, 404);
});
