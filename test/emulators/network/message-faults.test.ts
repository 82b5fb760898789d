import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { cup, evidenceEvent, frame, PAN, request, responseTo, within } from './network.helpers';
import { setup } from './fixture.helpers';

test('drop_response: the response to the next request is dropped, the one after passes', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'drop_response', attributes: { count: 1 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await within(f.issuer.requests.next(), 2000, 'request 1 at the issuer');
  const fired = await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  assert.match(fired.summary, /drop downstream 0210 STAN 000001/);
  term.send(request('000002'));
  const reply = await term.next();
  assert.equal(cup.unpack(reply.body).fields[11], '000002', 'the first response never arrived');
  assert.equal(f.proxy.firedFaults().length, 1);
});

test('drop_response with requestMti: only the response to that kind of request is dropped', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'drop_response', attributes: { requestMti: '0200' } });
  const term = await f.terminal();
  term.send(request('000001', '0800'));
  assert.equal(cup.unpack((await term.next()).body).mti, '0810');
  term.send(request('000002', '0200'));
  term.send(request('000003', '0400'));
  const reply = await term.next();
  assert.equal(cup.unpack(reply.body).mti, '0410', 'the 0210 was dropped, the 0410 passed');
  const fired = f.proxy.firedFaults();
  assert.equal(fired.length, 1);
  assert.equal(fired[0]?.message?.stan, '000002');
  assert.equal(fired[0]?.message?.direction, 'downstream');
});

test('drop_message: the nth upstream message never reaches the issuer', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { nth: 2 } });
  const term = await f.terminal();
  for (const stan of ['000001', '000002', '000003']) term.send(request(stan));
  const a = await within(f.issuer.requests.next(), 2000, 'first');
  const b = await within(f.issuer.requests.next(), 2000, 'third');
  assert.deepEqual([a.msg?.fields[11], b.msg?.fields[11]], ['000001', '000003']);
  assert.equal(f.proxy.firedFaults()[0]?.message?.stan, '000002');
});

test('hold_response: the response is delivered afterTimeoutMs after the host timeout', async (t) => {
  const f = await setup(t, { hostTimeoutMs: 100 });
  f.proxy.addFault({ type: 'hold_response', attributes: { afterTimeoutMs: 50 } });
  const term = await f.terminal();
  const sentAt = term.send(request('000001'));
  const reply = await term.next();
  const took = reply.at - sentAt;
  assert.ok(took >= 149 && took < 1000, `delivered ${took} ms after the request`);
  assert.equal(cup.unpack(reply.body).fields[39], '00');
  const released = await evidenceEvent(f.timeline, (e) => e.kind === 'fault.released');
  assert.equal((released.data as { delivered: boolean }).delivered, true);
});

test('hold_response: removing the fault delivers the held response at once', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'hold', type: 'hold_response', attributes: { holdMs: 60_000 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired' && (e.data as { action: string }).action === 'hold');
  const removedAt = performance.now();
  f.proxy.removeFault('hold');
  const reply = await term.next();
  assert.ok(reply.at - removedAt < 500);
  assert.equal(cup.unpack(reply.body).fields[11], '000001');
});

test('hold_response: the timeline says when the terminal had given up before the late response came', async (t) => {
  const f = await setup(t, { hostTimeoutMs: 40 });
  f.proxy.addFault({ type: 'hold_response', attributes: { afterTimeoutMs: 40 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  term.close(); // the terminal gives up and closes
  const released = await evidenceEvent(f.timeline, (e) => e.kind === 'fault.released');
  assert.equal((released.data as { outcome: string }).outcome, 'delivered-after-terminal-closed');
  assert.match(released.summary, /after the terminal had closed/);
  assert.equal(term.frames.size, 0);
});

test('hold_response: a held response is discarded when the connection is cut meanwhile', async (t) => {
  const f = await setup(t, { hostTimeoutMs: 60_000 });
  f.proxy.addFault({ type: 'hold_response', attributes: { afterTimeoutMs: 0 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  f.proxy.addFault({ type: 'reset_peer', attributes: { timeoutMs: 0 } });
  const released = await evidenceEvent(f.timeline, (e) => e.kind === 'fault.released');
  assert.equal((released.data as { outcome: string }).outcome, 'discarded');
  await within(term.closed, 2000, 'close');
  assert.equal(term.frames.size, 0);
});

test('hold_response without any host timeout is a configuration error naming the key', async (t) => {
  const f = await setup(t);
  assert.throws(() => f.proxy.addFault({ name: 'h', type: 'hold_response', attributes: { afterTimeoutMs: 10 } }), /h\.attributes\.hostTimeoutMs/);
});

test('duplicate_response: the terminal receives the same response twice', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'duplicate_response' });
  const term = await f.terminal();
  term.send(request('000001'));
  const a = await term.next();
  const b = await term.next();
  assert.deepEqual(a.body, b.body);
  term.send(request('000002'));
  const c = await term.next();
  assert.equal(cup.unpack(c.body).fields[11], '000002', 'only one response is duplicated');
});

test('reset_after_request: the issuer gets the request, the terminal gets a reset', async (t) => {
  const f = await setup(t);
  f.issuer.respond = () => null;
  f.proxy.addFault({ type: 'reset_after_request' });
  const term = await f.terminal();
  term.send(request('000001'));
  const got = await within(f.issuer.requests.next(), 2000, 'request');
  assert.equal(got.msg?.fields[11], '000001');
  await within(term.closed, 2000, 'reset');
  assert.equal(term.error?.code, 'ECONNRESET');
  assert.equal(f.proxy.firedFaults()[0]?.message?.mti, '0200');
});

test('reset_after_approval: the approval reaches the terminal, then the connection is reset', async (t) => {
  const f = await setup(t);
  f.issuer.respond = (req) => responseTo(req, req.fields[11] === '000001' ? '51' : '00');
  f.proxy.addFault({ type: 'reset_after_approval' });
  const term = await f.terminal();
  term.send(request('000001'));
  assert.equal(cup.unpack((await term.next()).body).fields[39], '51', 'a decline does not trigger it');
  term.send(request('000002'));
  const approval = await term.next();
  assert.equal(cup.unpack(approval.body).fields[39], '00');
  await within(term.closed, 2000, 'reset');
  // The RST may overtake the terminal's read of the approval: then Linux reports a plain end.
  assert.ok(term.error?.code === 'ECONNRESET' || term.ended, 'the connection was cut');
  assert.equal(f.proxy.firedFaults()[0]?.message?.responseCode, '00');
  assert.equal(f.proxy.connectionCount, 0);
});

test('reset_after_approval with delayMs: the terminal reads the approval, then sees ECONNRESET', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'reset_after_approval', attributes: { delayMs: 20 } });
  const term = await f.terminal();
  term.send(request('000001'));
  const approval = await term.next();
  assert.equal(cup.unpack(approval.body).fields[39], '00');
  await within(term.closed, 2000, 'reset');
  assert.equal(term.error?.code, 'ECONNRESET');
  assert.ok((f.proxy.firedFaults()[0]?.at ?? 0) > 0);
});

test('flip_byte: one bit of the MAC (last byte) of the response is flipped', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'flip_byte', attributes: {} });
  const term = await f.terminal();
  const req = request('000001');
  term.send(req);
  const got = await term.next();
  const expected = cup.pack(responseTo(req));
  assert.equal(got.body.length, expected.length);
  const diff = [...got.body].flatMap((byte, i) => (byte !== expected[i] ? [i] : []));
  assert.deepEqual(diff, [expected.length - 1]);
  assert.equal((got.body[expected.length - 1] as number) ^ (expected[expected.length - 1] as number), 0x01);
  const mac = cup.unpack(got.body).fields[64] as Buffer;
  assert.notDeepEqual(mac, Buffer.alloc(8, 0xcd));
});

test('flip_byte with an offset upstream: the issuer sees the changed byte', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'flip_byte', stream: 'upstream', attributes: { offset: -8, xor: 0xff } });
  const term = await f.terminal();
  term.send(request('000001'));
  const got = await within(f.issuer.requests.next(), 2000, 'request');
  assert.deepEqual(got.msg?.fields[64], Buffer.from([0x54, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab]));
});

test('evidence names the fault, the message (MTI, STAN, direction) and never the PAN', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'eat-request', type: 'drop_message', stream: 'upstream' });
  const term = await f.terminal();
  term.send(request('000042'));
  const e = await evidenceEvent(f.timeline, (x) => x.kind === 'fault.fired');
  const data = e.data as { name: string; type: string; action: string; at: number; message: { mti: string; stan: string; direction: string } };
  assert.equal(data.name, 'eat-request');
  assert.equal(data.type, 'drop_message');
  assert.equal(data.action, 'drop');
  assert.equal(typeof data.at, 'number');
  assert.deepEqual([data.message.mti, data.message.stan, data.message.direction], ['0200', '000042', 'upstream']);
  const all = JSON.stringify(f.timeline.all()) + JSON.stringify(f.proxy.firedFaults());
  assert.equal(all.includes(PAN), false);
  assert.equal(all.includes(PAN.slice(6, 12)), false, 'not even the middle digits');
});

test('a message fault added in the middle of a message starts with the next message', async (t) => {
  const f = await setup(t);
  f.issuer.respond = () => null;
  const term = await f.terminal();
  const first = frame(request('000001'));
  term.sendRaw(first.subarray(0, 20));
  // Wait until the proxy has forwarded the first part (the issuer's socket has bytes pending).
  const issuerSide = await within(f.issuer.connections.next(), 2000, 'issuer connection');
  await within(new Promise((r) => issuerSide.once('data', r)), 2000, 'first bytes');
  f.proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { count: 0 } });
  term.sendRaw(first.subarray(20));
  term.send(request('000002'));
  const got = await within(f.issuer.requests.next(), 2000, 'the split request');
  assert.equal(got.msg?.fields[11], '000001', 'the message in progress is not cut');
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  assert.equal(f.proxy.firedFaults()[0]?.message?.stan, '000002');
});

test('a body that does not unpack is forwarded; message faults still count it, by its bytes', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { nth: 2 } });
  const term = await f.terminal();
  const junk = Buffer.from('not an iso message');
  term.sendRaw(Buffer.concat([Buffer.from([0, junk.length]), junk]));
  term.send(request('000002'));
  term.send(request('000003'));
  const a = await within(f.issuer.requests.next(), 2000, 'junk');
  const b = await within(f.issuer.requests.next(), 2000, 'third');
  assert.deepEqual(a.body, junk);
  assert.equal(b.msg?.fields[11], '000003');
  assert.equal(f.proxy.firedFaults()[0]?.message?.decodedBy, 'dialect');
});

test('without a dialect, the MTI is sniffed from the bytes and faults still fire', async (t) => {
  const f = await setup(t, { dialect: undefined });
  f.proxy.addFault({ type: 'drop_response', attributes: { requestMti: '0200' } });
  const term = await f.terminal();
  term.send(request('000001'));
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired');
  const fired = f.proxy.firedFaults()[0];
  assert.equal(fired?.message?.mti, '0210');
  assert.equal(fired?.message?.decodedBy, 'bytes');
  assert.equal(fired?.message?.stan, undefined);
});

test('count 0 fires on every matching message until removed', async (t) => {
  const f = await setup(t);
  f.proxy.addFault({ name: 'all', type: 'drop_response', attributes: { count: 0 } });
  const term = await f.terminal();
  for (const stan of ['000001', '000002', '000003']) term.send(request(stan));
  for (let i = 0; i < 3; i++) await within(f.issuer.requests.next(), 2000, 'request');
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired' && (e.data as { message: { stan: string } }).message.stan === '000003');
  f.proxy.removeFault('all');
  term.send(request('000004'));
  assert.equal(cup.unpack((await term.next()).body).fields[11], '000004');
  assert.equal(f.proxy.firedFaults().length, 3);
});
