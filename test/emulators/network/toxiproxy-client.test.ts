/**
 * The network emulator driven by a Toxiproxy client nobody here wrote (toxiproxy-node-client
 * from the npm registry), as an existing chaos script would: every call goes through the
 * library, every effect is checked on real traffic through the proxies it made.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { Toxiproxy, ToxiproxyError, type Latency, type Timeout } from 'toxiproxy-node-client';
import { ProxyRegistry, serveControlApi } from '../../../emulators/network';
import { parseHostPort } from '../../../src/util/address';

/** A TCP echo server: what goes in comes back. */
async function echoServer(t: TestContext): Promise<number> {
  const server = net.createServer((s) => s.pipe(s));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return (server.address() as net.AddressInfo).port;
}

/** Connect to "host:port", send `text`, resolve with what came back, when, or how it ended. */
type Ending = 'data' | 'reset' | 'closed' | 'silent' | 'refused';
async function roundTrip(listen: string, text: string, timeoutMs = 2000): Promise<{ reply: string; ms: number; ended: Ending }> {
  const { host, port } = parseHostPort(listen);
  const s = net.connect({ host, port });
  const start = performance.now();
  s.write(text);
  return new Promise((resolve) => {
    let reply = '';
    const done = (ended: Ending) => {
      clearTimeout(timer);
      s.destroy();
      resolve({ reply, ms: performance.now() - start, ended });
    };
    const timer = setTimeout(() => done('silent'), timeoutMs);
    s.on('data', (c: Buffer) => {
      reply += c.toString();
      if (reply.length >= text.length) done('data');
    });
    s.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNRESET' ? 'reset' : e.code === 'ECONNREFUSED' ? 'refused' : 'closed'));
    s.on('end', () => done('closed'));
  });
}

async function setup(t: TestContext): Promise<{ client: Toxiproxy; upstream: string; registry: ProxyRegistry }> {
  const upstream = `127.0.0.1:${await echoServer(t)}`;
  const registry = new ProxyRegistry({ lengthHeader: 'none', seed: 3 });
  const api = await serveControlApi(registry);
  t.after(async () => {
    await api.close();
    await registry.close();
  });
  return { client: new Toxiproxy(`http://${api.address.host}:${api.address.port}`), upstream, registry };
}

test('toxiproxy-node-client: createProxy, latency measured on the wire, update, remove, delete', async (t) => {
  const { client, upstream } = await setup(t);
  const proxy = await client.createProxy({ name: 'echo', listen: '127.0.0.1:0', upstream });
  assert.equal(proxy.enabled, true);
  assert.match(proxy.listen, /^127\.0\.0\.1:[1-9]\d*$/, 'the bound port is reported, as Toxiproxy does for port 0');
  assert.equal((await roundTrip(proxy.listen, 'ping')).reply, 'ping');

  const toxic = await proxy.addToxic<Latency>({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 150, jitter: 0 } });
  assert.deepEqual(toxic.attributes, { latency: 150, jitter: 0 });
  const slow = await roundTrip(proxy.listen, 'slow');
  assert.equal(slow.reply, 'slow');
  assert.ok(slow.ms >= 145, `latency 150 ms seen on the wire (${slow.ms.toFixed(1)} ms)`);

  const updated = await toxic.update({ ...toxic.toJson(), attributes: { latency: 10, jitter: 0 } });
  assert.equal(updated.attributes.latency, 10);
  assert.equal((await proxy.getToxic<Latency>('lag')).attributes.latency, 10);
  const faster = await roundTrip(proxy.listen, 'fast');
  assert.ok(faster.ms >= 9 && faster.ms < 145, `updated latency on the wire (${faster.ms.toFixed(1)} ms)`);

  await updated.remove();
  await assert.rejects(proxy.getToxic('lag'), ToxiproxyError, 'a removed toxic is gone (404)');
  await assert.rejects(proxy.addToxic({ name: 'x', type: 'latency', stream: 'sideways' as 'upstream', toxicity: 1, attributes: { latency: 1 } }), /status code 400/);
  await assert.rejects(client.createProxy({ name: 'echo', listen: '127.0.0.1:0', upstream }), /status code 409/);

  await proxy.remove();
  await assert.rejects(client.get('echo'), /status code 404/);
  assert.equal((await roundTrip(proxy.listen, 'gone')).ended, 'refused', 'a deleted proxy no longer listens');
});

test('toxiproxy-node-client: timeout and reset_peer act on traffic; disable / enable; reset', async (t) => {
  const { client, upstream } = await setup(t);
  const proxy = await client.createProxy({ name: 'svc', listen: '127.0.0.1:0', upstream });

  const blackhole = await proxy.addToxic<Timeout>({ name: 'hole', type: 'timeout', stream: 'upstream', toxicity: 1, attributes: { timeout: 100 } });
  const held = await roundTrip(proxy.listen, 'lost');
  assert.equal(held.reply, '', 'timeout: nothing gets through');
  assert.equal(held.ended, 'closed');
  assert.ok(held.ms >= 95, `closed after the timeout (${held.ms.toFixed(1)} ms)`);
  await blackhole.remove();

  await proxy.addToxic<{ timeout: number }>({ name: 'rst', type: 'reset_peer', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } });
  assert.equal((await roundTrip(proxy.listen, 'cut')).ended, 'reset', 'reset_peer: connection reset by peer');

  const off = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
  assert.equal(off.enabled, false);
  assert.equal((await roundTrip(proxy.listen, 'x')).ended, 'refused', 'a disabled proxy refuses connections');

  await client.reset();
  const after = await client.get('svc');
  assert.equal(after.enabled, true, 'reset enables every proxy');
  assert.deepEqual((await client.getAll()).svc?.toJson().enabled, true);
  assert.equal((await roundTrip(after.listen, 'back')).reply, 'back', 'reset removes every toxic');
  assert.match(await client.getVersion(), /"version"/);
});

test('toxiproxy-node-client: populate is idempotent, replaces a proxy whose upstream changed, creates the missing', async (t) => {
  const { client, upstream } = await setup(t);
  const other = `127.0.0.1:${await echoServer(t)}`;
  const first = await client.populate([
    { name: 'a', listen: '127.0.0.1:0', upstream },
    { name: 'b', listen: '127.0.0.1:0', upstream },
  ]);
  const a = first.a!;
  await a.addToxic<Latency>({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 5, jitter: 0 } });
  const again = await client.populate([
    { name: 'a', listen: a.listen, upstream },
    { name: 'b', listen: '127.0.0.1:0', upstream: other },
    { name: 'c', listen: '127.0.0.1:0', upstream },
  ]);
  assert.deepEqual(Object.keys(again).sort(), ['a', 'b', 'c']);
  assert.equal(again.a!.listen, a.listen, 'unchanged proxy left alone');
  assert.equal((await client.get('a')).toJson().listen, a.listen);
  assert.equal((await (await client.get('a')).getToxic<Latency>('lag')).attributes.latency, 5, 'its toxics kept');
  assert.equal(again.b!.upstream, other, 'changed upstream: replaced');
  for (const p of Object.values(again)) assert.equal((await roundTrip(p.listen, p.name)).reply, p.name);
  await assert.rejects(client.populate([{ name: 'd', listen: '127.0.0.1:0' } as never]), /status code 400/);
  assert.equal(Object.keys(await client.getAll()).includes('d'), false, 'a bad populate changes nothing');
});
