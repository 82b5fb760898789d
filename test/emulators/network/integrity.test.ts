import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeededRandom } from '../../../src/util/random';
import { evidenceEvent, frame, request, within } from './network.helpers';
import { setup } from './fixture.helpers';

test('bytes stay intact across random chunking while faults that never match come and go mid-stream', async (t) => {
  const f = await setup(t, { seed: 3 });
  f.issuer.respond = () => null;
  const rnd = new SeededRandom(2026);
  const bodies: Buffer[] = [];
  for (let i = 0; i < 150; i++) {
    const body = rnd.bytes(rnd.int(0, 700));
    if (body.length > 0) body[0] = 0x30; // not a CUP TPDU, so nothing decodes as an MTI
    bodies.push(body);
  }
  const wire = Buffer.concat(bodies.map((b) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b])));
  // Faults that are active but must not change a byte: a message fault for an MTI that never
  // occurs (switches the link into message mode), 0 ms latency, a slicer.
  const togglers: Array<[string, () => void]> = [
    ['never', () => f.proxy.addFault({ name: 'never', type: 'drop_message', stream: 'upstream', attributes: { mti: '0999', count: 0 } })],
    ['zero-latency', () => f.proxy.addFault({ name: 'zero-latency', type: 'latency', stream: 'upstream', attributes: { latencyMs: 0 } })],
    ['slices', () => f.proxy.addFault({ name: 'slices', type: 'slicer', stream: 'upstream', attributes: { averageSize: 7, sizeVariation: 6 } })],
  ];
  const term = await f.terminal();
  let off = 0;
  let toggles = 0;
  while (off < wire.length) {
    const n = rnd.int(1, 400);
    term.sendRaw(wire.subarray(off, off + n));
    off += n;
    if (rnd.next() < 0.3) {
      const [name, add] = togglers[rnd.int(0, togglers.length - 1)] as [string, () => void];
      if (f.proxy.fault(name)) f.proxy.removeFault(name);
      else add();
      toggles++;
    }
    await new Promise((r) => setImmediate(r));
  }
  const received: Buffer[] = [];
  for (let i = 0; i < bodies.length; i++) received.push((await within(f.issuer.requests.next(), 5000, `frame ${i}`)).body);
  assert.ok(toggles > 20, `faults toggled ${toggles} times`);
  assert.equal(received.length, bodies.length);
  for (let i = 0; i < bodies.length; i++) assert.deepEqual(received[i], bodies[i], `frame ${i}`);
  assert.equal(f.proxy.firedFaults().filter((x) => x.type === 'drop_message').length, 0);
});

test('message faults see whole messages however the stream is chunked', async (t) => {
  const f = await setup(t, { seed: 4 });
  f.issuer.respond = () => null;
  f.proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { mti: '0200', count: 0 } });
  const rnd = new SeededRandom(77);
  const mtis: string[] = [];
  const frames: Buffer[] = [];
  for (let i = 0; i < 80; i++) {
    const mti = rnd.next() < 0.5 ? '0200' : '0800';
    mtis.push(mti);
    frames.push(frame(request(String(i + 1).padStart(6, '0'), mti)));
  }
  const wire = Buffer.concat(frames);
  const term = await f.terminal();
  for (let off = 0; off < wire.length; ) {
    const n = rnd.int(1, 90);
    term.sendRaw(wire.subarray(off, off + n));
    off += n;
    await new Promise((r) => setImmediate(r));
  }
  const expected = mtis.flatMap((m, i) => (m === '0800' ? [String(i + 1).padStart(6, '0')] : []));
  const got: string[] = [];
  for (let i = 0; i < expected.length; i++) got.push(String((await within(f.issuer.requests.next(), 5000, `message ${i}`)).msg?.fields[11]));
  assert.deepEqual(got, expected);
  const dropped = mtis.flatMap((m, i) => (m === '0200' ? [String(i + 1).padStart(6, '0')] : []));
  const lastStan = dropped[dropped.length - 1];
  await evidenceEvent(f.timeline, (e) => e.kind === 'fault.fired' && (e.data as { message: { stan: string } }).message.stan === lastStan);
  assert.deepEqual(
    f.proxy.firedFaults().map((x) => x.message?.stan),
    dropped,
  );
});
