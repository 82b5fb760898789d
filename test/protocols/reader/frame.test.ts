import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACK, ETX, NAK, STX, ReaderFrameDecoder, encodeFrame, lrc, type ReaderUnit } from '../../../src/protocols/reader';
import { SeededRandom } from '../../../src/util/random';
import fc from 'fast-check';

function frames(units: ReaderUnit[]): string[] {
  return units.filter((u) => u.kind === 'frame').map((u) => (u as { payload: Buffer }).payload.toString('hex'));
}

describe('reader framing', () => {
  it('encodes STX · LEN · PAYLOAD · ETX · LRC with LRC = XOR of LEN..ETX', () => {
    const f = encodeFrame(Buffer.from([0x01, 0x02, 0x03]));
    assert.deepEqual([...f], [STX, 0x00, 0x03, 0x01, 0x02, 0x03, ETX, 0x00 ^ 0x03 ^ 0x01 ^ 0x02 ^ 0x03 ^ ETX]);
    assert.equal(lrc(f.subarray(1, -1)), f[f.length - 1]);
    assert.throws(() => encodeFrame(Buffer.alloc(0)), RangeError);
  });

  it('decodes a stream split at every byte boundary', () => {
    // payloads containing STX, ETX, ACK and NAK bytes themselves
    const payloads = [Buffer.from([1, STX, ETX, ACK, NAK, 0xff]), Buffer.from('hello'), Buffer.alloc(300, 0x02)];
    const stream = Buffer.concat([encodeFrame(payloads[0]!), Buffer.from([ACK]), encodeFrame(payloads[1]!), Buffer.from([NAK]), encodeFrame(payloads[2]!)]);
    const expectKinds = ['frame', 'ack', 'frame', 'nak', 'frame'];
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = new ReaderFrameDecoder();
      const units = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      assert.deepEqual(units.map((u) => u.kind), expectKinds, `cut at ${cut}`);
      assert.deepEqual(frames(units), payloads.map((p) => p.toString('hex')));
      assert.equal(d.pending, 0);
    }
    // and one byte at a time
    const d = new ReaderFrameDecoder();
    const units: ReaderUnit[] = [];
    for (const b of stream) units.push(...d.push(Buffer.from([b])));
    assert.deepEqual(units.map((u) => u.kind), expectKinds);
  });

  it('reports a bad LRC and resumes with the next frame', () => {
    const bad = encodeFrame(Buffer.from('abc'));
    bad[bad.length - 1] ^= 0x5a;
    const d = new ReaderFrameDecoder();
    const units = d.push(Buffer.concat([bad, encodeFrame(Buffer.from('ok'))]));
    assert.equal(units[0]!.kind, 'bad-lrc');
    assert.deepEqual(frames(units), [Buffer.from('ok').toString('hex')]);
  });

  it('skips garbage up to the next STX, including false starts', () => {
    const rnd = new SeededRandom(42);
    for (let round = 0; round < 200; round++) {
      // noise without STX/ACK/NAK, then a false start (STX with absurd length / missing ETX), then a real frame
      const noise = Buffer.from(rnd.bytes(rnd.int(0, 20)).map((b) => ([STX, ACK, NAK].includes(b) ? 0x41 : b)));
      const falseStart = round % 2 ? Buffer.from([STX, 0xff, 0xff]) : Buffer.from([STX, 0x00, 0x01, 0x99, 0x42]);
      const payload = rnd.bytes(rnd.int(1, 40));
      const stream = Buffer.concat([noise, falseStart, encodeFrame(payload)]);
      const d = new ReaderFrameDecoder();
      const cut = rnd.int(0, stream.length);
      const units = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      assert.deepEqual(frames(units), [payload.toString('hex')], `round ${round}`);
      const garbage = units.filter((u) => u.kind === 'garbage').reduce((n, u) => n + (u as { bytes: Buffer }).bytes.length, 0);
      assert.ok(garbage >= noise.length + 1, `round ${round}: noise and the false STX are skipped as garbage`);
    }
  });

  it('dropPartial() gives up on a truncated frame and rescans what follows its STX', () => {
    const d = new ReaderFrameDecoder();
    // a frame cut short (say the sender died), followed later by a whole frame
    const whole = encodeFrame(Buffer.from('next'));
    assert.deepEqual(d.push(Buffer.from([STX, 0x00, 0x20, 0x11, 0x12, 0x13])), []);
    assert.equal(d.inFrame, true);
    const units = [...d.push(whole), ...d.dropPartial()];
    assert.deepEqual(frames(units), [Buffer.from('next').toString('hex')]);
    assert.equal(d.pending, 0);
    // a false STX inside the dropped bytes waits again; a second drop gets past it too
    const d2 = new ReaderFrameDecoder();
    d2.push(Buffer.from([STX, 0x00, 0x20, 0x11, STX, 0x03, 0x00]));
    const u1 = [...d2.push(whole), ...d2.dropPartial()];
    assert.deepEqual(frames(u1), [], 'still waiting behind the false STX');
    assert.deepEqual(frames(d2.dropPartial()), [Buffer.from('next').toString('hex')]);
  });

  it('property: any payloads, any chunking, with noise between frames → the same payloads in order', () => {
    const noiseByte = fc.integer({ min: 0, max: 255 }).filter((b) => b !== STX && b !== ACK && b !== NAK);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.array(noiseByte, { maxLength: 5 })), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 20 }),
        (items, cuts) => {
          const stream = Buffer.concat(items.flatMap(([p, noise]) => [Buffer.from(noise), encodeFrame(Buffer.from(p))]));
          const d = new ReaderFrameDecoder();
          const units: ReaderUnit[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const n = cuts[i % cuts.length]!;
            units.push(...d.push(stream.subarray(at, at + n)));
            at += n;
          }
          assert.deepEqual(frames(units), items.map(([p]) => Buffer.from(p).toString('hex')));
          assert.equal(d.pending, 0);
        },
      ),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
