import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameSplitter } from '../../../emulators/network/framing';
import type { Segment } from '../../../emulators/network/framing';
import { FramingError } from '../../../src/protocols/framing/length-prefix';
import { sniffMti, isResponseTo } from '../../../emulators/network';
import { cup, frame, request } from './network.helpers';

function frames(kind: 'binary2' | 'ascii4', bodies: Buffer[]): Buffer {
  return Buffer.concat(
    bodies.map((b) => Buffer.concat([kind === 'binary2' ? Buffer.from([b.length >> 8, b.length & 0xff]) : Buffer.from(String(b.length).padStart(4, '0')), b])),
  );
}

test('splitter: segments of a stream cut at every possible point rebuild the same frames', () => {
  const bodies = [Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(300, 7), Buffer.from('x')];
  for (const kind of ['binary2', 'ascii4'] as const) {
    const wire = frames(kind, bodies);
    for (let cut1 = 0; cut1 <= wire.length; cut1 += 3) {
      const cut2 = Math.min(wire.length, cut1 + 1);
      const sp = new FrameSplitter(kind);
      const segs: Segment[] = [];
      for (const c of [wire.subarray(0, cut1), wire.subarray(cut1, cut2), wire.subarray(cut2)]) if (c.length) sp.process(c, segs);
      const rebuilt: Buffer[] = [];
      let cur: Buffer[] = [];
      for (const s of segs) {
        if (s.start) assert.equal(cur.length, 0, 'a frame starts only after the previous ended');
        cur.push(s.data);
        if (s.end) {
          rebuilt.push(Buffer.concat(cur));
          cur = [];
        }
      }
      assert.equal(sp.atBoundary, true);
      assert.deepEqual(rebuilt, bodies.map((b) => frames(kind, [b])), `${kind} cut at ${cut1}`);
    }
  }
});

test('splitter: knows when it is inside a frame, without output', () => {
  const sp = new FrameSplitter('binary2');
  const wire = frame(request('000001'));
  sp.process(wire.subarray(0, 1));
  assert.equal(sp.atBoundary, false);
  sp.process(wire.subarray(1, 20));
  assert.equal(sp.atBoundary, false);
  sp.process(wire.subarray(20));
  assert.equal(sp.atBoundary, true);
});

test('splitter: a bad ascii4 header raises FramingError with the stream offset', () => {
  const sp = new FrameSplitter('ascii4');
  sp.process(Buffer.from('0002ok'));
  assert.throws(
    () => sp.process(Buffer.from('00x1abc')),
    (e: unknown) => e instanceof FramingError && e.offset === 6 && /not 4 digits/.test(e.message),
  );
  const sp2 = new FrameSplitter('binary2', 10);
  assert.throws(() => sp2.process(Buffer.from([0, 11])), (e: unknown) => e instanceof FramingError && /exceeds the limit of 10/.test(e.message));
});

test('MTI sniffing from bytes and response matching', () => {
  assert.equal(sniffMti(cup.pack(request('000001'))), '0200');
  assert.equal(sniffMti(Buffer.from('0810abc')), '0810');
  assert.equal(sniffMti(Buffer.from([1, 2, 3])), undefined);
  assert.equal(isResponseTo('0200', '0210'), true);
  assert.equal(isResponseTo('0400', '0410'), true);
  assert.equal(isResponseTo('0200', '0410'), false);
  assert.equal(isResponseTo('0200', '0200'), false);
});
