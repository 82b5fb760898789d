import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FramingError, frameMessage, LengthPrefixedDecoder } from '../../../src/protocols/framing/length-prefix';

test('a complete frame before a bad header in the same chunk is delivered; the error comes with the next bytes', () => {
  const good = frameMessage('ascii4', Buffer.from('hello'));
  const d = new LengthPrefixedDecoder('ascii4');
  const frames = d.push(Buffer.concat([good, Buffer.from('AB12xx')]));
  assert.deepEqual(
    frames.map((f) => [f.body.toString(), f.offset]),
    [['hello', 0]],
  );
  assert.equal(d.announcedLength(), undefined, 'no length can be read from a bad header, and asking does not throw');
  assert.throws(
    () => d.push(Buffer.from('more')),
    (e: unknown) => e instanceof FramingError && e.offset === good.length && /not 4 digits/.test(e.message),
  );
});

test('binary2: a frame followed by a header over the limit: the frame first, then the error', () => {
  const d = new LengthPrefixedDecoder('binary2', 10);
  const frames = d.push(Buffer.concat([frameMessage('binary2', Buffer.from('abc')), Buffer.from([0x00, 0x0b])]));
  assert.deepEqual(frames.map((f) => f.body.toString()), ['abc']);
  assert.throws(() => d.push(Buffer.alloc(1)), (e: unknown) => e instanceof FramingError && e.offset === 5 && /exceeds the limit of 10/.test(e.message));
});

test('a bad header with nothing before it still throws at once', () => {
  const d = new LengthPrefixedDecoder('ascii4');
  assert.throws(() => d.push(Buffer.from('AB12')), (e: unknown) => e instanceof FramingError && e.offset === 0);
});
