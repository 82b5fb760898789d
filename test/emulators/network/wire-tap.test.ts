import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TappedFrame } from '../../../emulators/network';
import { cup, frame, request, within } from './network.helpers';
import { setup } from './fixture.helpers';

/** The tap's frames, decoded to "direction MTI STAN". */
function seen(frames: TappedFrame[]): string[] {
  return frames.map((f) => {
    const m = cup.unpack(f.body);
    return `${f.direction} ${m.mti} ${String(m.fields[11])}`;
  });
}

test('the wire tap sees each frame as the host did: a response the proxy drops was still sent; a request it drops never arrived', async (t) => {
  const frames: TappedFrame[] = [];
  const f = await setup(t, { tap: (fr) => frames.push(fr) });
  f.proxy.addFault({ type: 'drop_response', attributes: { count: 1 } });
  f.proxy.addFault({ type: 'drop_message', stream: 'upstream', attributes: { nth: 2, count: 1 } });
  const term = await f.terminal();
  term.send(request('000001'));
  await within(f.issuer.requests.next(), 2000, 'request 1 at the issuer');
  term.send(request('000002')); // dropped on its way to the host
  term.send(request('000003'));
  const reply = await term.next();
  assert.equal(cup.unpack(reply.body).fields[11], '000003');
  assert.deepEqual(seen(frames), ['upstream 0200 000001', 'downstream 0210 000001', 'upstream 0200 000003', 'downstream 0210 000003']);
  assert.ok(frames.every((fr) => fr.connection === 1));
});

test('the wire tap reassembles frames split across chunks and several frames in one chunk, on the fast path', async (t) => {
  const frames: TappedFrame[] = [];
  const f = await setup(t, { tap: (fr) => frames.push(fr) });
  const term = await f.terminal();
  const a = frame(request('000011'));
  const b = frame(request('000012'));
  term.sendRaw(a.subarray(0, 5));
  await new Promise((r) => setImmediate(r));
  term.sendRaw(Buffer.concat([a.subarray(5), b]));
  await term.next();
  await term.next();
  assert.deepEqual(seen(frames).filter((s) => s.startsWith('upstream')), ['upstream 0200 000011', 'upstream 0200 000012']);
  assert.equal(frames.filter((fr) => fr.direction === 'downstream').length, 2);
});
