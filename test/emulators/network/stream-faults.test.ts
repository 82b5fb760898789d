import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { NetworkProxy } from '../../../emulators/network';
import { connectError, cup, evidenceEvent, frame, request, StubTerminal, within } from './network.helpers';
import { setup } from './fixture.helpers';

test('no fault: requests and responses pass byte for byte, also when split and batched', async (t) => {
  const f = await setup(t);
  const term = await f.terminal();
  const a = frame(request('000001'));
  const b = frame(request('000002'));
  // first frame split in three writes, then two frames in one write
  term.sendRaw(a.subarray(0, 1));
  term.sendRaw(a.subarray(1, 30));
  term.sendRaw(a.subarray(30));
  const r1 = await within(f.issuer.requests.next(), 2000, 'request 1');
  assert.deepEqual(r1.body, a.subarray(2));
  assert.equal((await term.next()).body.length > 0, true);
  term.sendRaw(Buffer.concat([b, frame(request('000003'))]));
  const r2 = await within(f.issuer.requests.next(), 2000, 'request 2');
  const r3 = await within(f.issuer.requests.next(), 2000, 'request 3');
  assert.equal(r2.msg?.fields[11], '000002');
  assert.equal(r3.msg?.fields[11], '000003');
  const reply = await term.next();
  assert.equal(cup.unpack(reply.body).fields[11], '000002');
  assert.equal(f.proxy.firedFaults().length, 0);
});

test('a closed terminal connection closes the issuer side too', async (t) => {
  const f = await setup(t);
  const term = await f.terminal();
  const issuerSide = await within(f.issuer.connections.next(), 2000, 'issuer connection');
  term.socket.end();
  await within(once(issuerSide, 'close'), 2000, 'issuer side close');
  await within(term.closed, 2000, 'terminal close');
  assert.equal(f.proxy.connectionCount, 0);
});

test('latency: delays the response by latencyMs; removing the fault releases data in flight', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'slow', type: 'latency', stream: 'downstream', attributes: { latencyMs: 60 } });
  const term = await f.terminal();
  const sentAt = term.send(request('000001'));
  const reply = await term.next();
  const rtt = reply.at - sentAt;
  assert.ok(rtt >= 59, `round trip ${rtt} ms should include 60 ms of latency`);
  assert.ok(rtt < 1000, `round trip ${rtt} ms`);
  const fired = f.proxy.firedFaults();
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.action, 'delay');
  assert.equal(fired[0]?.message?.mti, '0210');

  f.proxy.removeFault('slow');
  f.proxy.addFault({ name: 'very-slow', type: 'latency', stream: 'downstream', attributes: { latencyMs: 60_000 } });
  const sent2 = term.send(request('000002'));
  await within(f.issuer.requests.next(), 2000, 'request');
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired' && (e.data as { name: string }).name === 'very-slow');
  f.proxy.removeFault('very-slow');
  const reply2 = await term.next();
  assert.ok(reply2.at - sent2 < 1000, 'released at once when the fault is removed');
  assert.equal(cup.unpack(reply2.body).fields[11], '000002');
});

test('latency on the upstream stream delays the request on its way to the issuer', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'latency', stream: 'upstream', attributes: { latencyMs: 40 } });
  const term = await f.terminal();
  const sentAt = term.send(request('000001'));
  const got = await within(f.issuer.requests.next(), 2000, 'request');
  assert.ok(got.at - sentAt >= 39, `request took ${got.at - sentAt} ms`);
});

async function toxicConnections(seed: number): Promise<string> {
  const { StubIssuer } = await import('./network.helpers');
  const issuer = new StubIssuer();
  const port = await issuer.start();
  const proxy = new NetworkProxy({ targetHost: '127.0.0.1', targetPort: port, dialect: cup, seed });
  const addr = await proxy.start();
  proxy.addFault({ name: 'j', type: 'latency', toxicity: 0.5, attributes: { latencyMs: 5, jitterMs: 4 } });
  try {
    for (let i = 0; i < 12; i++) {
      const term = await StubTerminal.connect(addr.port);
      term.send(request(String(i + 1).padStart(6, '0')));
      await term.next();
      term.close();
      await term.closed;
    }
    return proxy
      .firedFaults()
      .map((x) => `${x.connection}:${String(x.detail?.delayMs)}`)
      .join(',');
  } finally {
    await proxy.stop();
    await issuer.stop();
  }
}

test('toxicity and jitter are drawn from the seed: the same seed picks the same connections and delays', async () => {
  const a = await toxicConnections(42);
  const b = await toxicConnections(42);
  const c = await toxicConnections(43);
  assert.equal(a, b);
  const hit = a.split(',').length;
  assert.ok(hit > 0 && hit < 12, `toxicity 0.5 should hit some but not all of 12 connections (hit ${hit}: ${a})`);
  assert.notEqual(a, c, 'another seed gives another draw');
});

test('bandwidth: 4 KB at 20 KB/s takes about 200 ms', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'bandwidth', stream: 'upstream', attributes: { rateKBps: 20 } });
  const term = await f.terminal();
  // One 4 KB frame of junk upstream (the issuer double counts it as a request it cannot decode).
  const body = Buffer.alloc(4096, 0x41);
  const start = performance.now();
  term.sendRaw(Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]));
  const got = await within(f.issuer.requests.next(), 3000, 'the big frame');
  const took = got.at - start;
  assert.equal(got.body.length, 4096);
  assert.ok(took >= 190 && took < 1500, `took ${took} ms`);
});

test('bandwidth: removing the fault mid-transfer forwards the rest at once', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'thin', type: 'bandwidth', stream: 'upstream', attributes: { rateKBps: 1 } });
  const term = await f.terminal();
  const body = Buffer.alloc(4096, 0x41); // 4 s at 1 KB/s
  term.sendRaw(Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body]));
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  const removedAt = performance.now();
  f.proxy.removeFault('thin');
  const got = await within(f.issuer.requests.next(), 2000, 'the rest of the frame');
  assert.equal(got.body.length, 4096);
  assert.ok(got.at - removedAt < 500, `arrived ${got.at - removedAt} ms after the removal`);
});

test('timeout with timeoutMs 0: a blackhole — data is dropped until the fault is removed', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'hole', type: 'timeout', stream: 'upstream', attributes: { timeoutMs: 0 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired' && (e.data as { action: string }).action === 'drop');
  f.proxy.removeFault('hole');
  term.send(request('000002'));
  const got = await within(f.issuer.requests.next(), 2000, 'request after the blackhole');
  assert.equal(got.msg?.fields[11], '000002', 'the first request was swallowed');
  assert.equal(f.issuer.all.length, 1);
  assert.equal(cup.unpack((await term.next()).body).fields[11], '000002');
});

test('timeout with timeoutMs: the connection is closed after the timeout', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'timeout', stream: 'downstream', attributes: { timeoutMs: 50 } });
  const term = await f.terminal();
  const start = performance.now();
  term.send(request('000001'));
  await within(term.closed, 2000, 'close');
  const took = performance.now() - start;
  assert.ok(took >= 45, `closed after ${took} ms`);
  assert.equal(term.frames.size, 0, 'the response was swallowed');
  assert.equal(f.proxy.firedFaults().some((x) => x.action === 'close'), true);
});

test('reset_peer: the terminal sees ECONNRESET after timeoutMs', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'reset_peer', attributes: { timeoutMs: 30 } });
  const term = await f.terminal();
  await within(term.closed, 2000, 'reset');
  assert.equal(term.error?.code, 'ECONNRESET');
  const fired = f.proxy.firedFaults();
  assert.equal(fired[0]?.action, 'reset');
});

test('slow_close: the close reaches the terminal delayMs after the issuer closed', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'slow_close', stream: 'downstream', attributes: { delayMs: 80 } });
  const term = await f.terminal();
  const issuerSide = await within(f.issuer.connections.next(), 2000, 'issuer connection');
  const start = performance.now();
  issuerSide.end();
  await within(once(term.socket, 'end'), 2000, 'end at the terminal');
  const took = performance.now() - start;
  assert.ok(took >= 78 && took < 1000, `close delayed ${took} ms`);
});

test('slow_close: removing the fault passes the held close on at once', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'lingering', type: 'slow_close', stream: 'downstream', attributes: { delayMs: 60_000 } });
  const term = await f.terminal();
  const issuerSide = await within(f.issuer.connections.next(), 2000, 'issuer connection');
  issuerSide.end();
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  assert.equal(term.ended, false);
  f.proxy.removeFault('lingering');
  await within(once(term.socket, 'end'), 1000, 'end at the terminal');
});

test('slicer: the response arrives in pieces and intact', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'slicer', stream: 'downstream', attributes: { averageSize: 8, sizeVariation: 3, delayUs: 3000 } });
  const term = await f.terminal();
  const req = request('000001');
  term.send(req);
  const reply = await term.next();
  assert.equal(cup.unpack(reply.body).fields[11], '000001');
  assert.ok(term.chunks.length >= 4, `arrived in ${term.chunks.length} chunks`);
  assert.ok(term.chunks.every((c) => c.length <= 11 * 2), 'pieces are small');
});

test('limit_data: forwards exactly `bytes` bytes, then closes', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'limit_data', stream: 'downstream', attributes: { bytes: 10 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await within(term.closed, 2000, 'close');
  assert.equal(Buffer.concat(term.chunks).length, 10);
  assert.equal(term.frames.size, 0);
});

test('down: cuts open connections, refuses new ones, and comes back when removed', async (t) => {
  const f = await setup(t);
  const term = await f.terminal();
  term.send(request('000001'));
  await term.next();
  f.proxy.addFault({ name: 'outage', type: 'down' });
  await within(term.closed, 2000, 'cut');
  await f.proxy.settled();
  assert.equal(await connectError(f.port), 'ECONNREFUSED');
  assert.equal(f.proxy.isDown, true);
  f.proxy.removeFault('outage');
  await f.proxy.settled();
  const term2 = await f.terminal();
  term2.send(request('000002'));
  assert.equal(cup.unpack((await term2.next()).body).fields[11], '000002');
  const fired = f.proxy.firedFaults();
  assert.deepEqual(fired.map((x) => x.action), ['down']);
  assert.equal(fired[0]?.detail?.cutConnections, 1);
});

test('down before start: the port is still bound once, refused while down, served after', async () => {
  const { StubIssuer } = await import('./network.helpers');
  const issuer = new StubIssuer();
  const target = await issuer.start();
  const proxy = new NetworkProxy({ targetHost: '127.0.0.1', targetPort: target, dialect: cup });
  try {
    proxy.addFault({ name: 'off', type: 'down' });
    const { port } = await proxy.start();
    assert.ok(port > 0);
    assert.equal(await connectError(port), 'ECONNREFUSED');
    proxy.removeFault('off');
    await proxy.settled();
    const term = await StubTerminal.connect(port);
    term.send(request('000001'));
    assert.equal(cup.unpack((await term.next()).body).fields[11], '000001');
    term.close();
  } finally {
    await proxy.stop();
    await issuer.stop();
  }
});

test('stop() closes the listener, every connection and every pending fault timer', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'latency', attributes: { latencyMs: 60_000 } });
  f.proxy.addFault({ type: 'reset_peer', stream: 'upstream', attributes: { timeoutMs: 60_000 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await within(f.issuer.requests.next(), 2000, 'request');
  await f.proxy.stop();
  await within(term.closed, 2000, 'terminal closed by stop');
  assert.equal(await connectError(f.port), 'ECONNREFUSED');
  // A second stop is harmless.
  await f.proxy.stop();
});

test('an issuer that refuses the connection: the terminal connection is closed and the error is on the timeline', async (t) => {
  const f = await setup(t, { targetPort: 1 });
  const term = await f.terminal();
  term.send(request('000001'));
  await within(term.closed, 2000, 'close');
  const e = await evidenceEvent(f.timeline, (x) => x.kind === 'connection.error');
  assert.match(e.summary, /issuer side ECONNREFUSED/);
});

test('unframed links (lengthHeader none): stream faults work, message faults are refused', async (t) => {
  const f = await setup(t, { lengthHeader: 'none' });
  assert.throws(() => f.proxy.addFault({ name: 'm', type: 'drop_response' }), /m\.type/);
  f.proxy.addFault({ type: 'latency', attributes: { latencyMs: 30 } });
  const term = await f.terminal();
  const sentAt = term.send(request('000001'));
  const reply = await term.next();
  assert.ok(reply.at - sentAt >= 29);
  assert.equal(f.proxy.firedFaults()[0]?.message, undefined, 'no framing, no message to name');
});
