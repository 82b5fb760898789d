/**
 * Property test: arbitrary and mutated bytes never crash the decoder. Every input either
 * decodes to a message that packs and decodes again to the same message, or raises
 * UnpackError — nothing else. 100,000+ inputs in total, seeded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { builtinSpec, createDialect, getDialect, SpecDialect, UnpackError, type FieldSpec, type IsoMessage, type MessageSpec } from '../../../src/protocols/iso8583';
import { SeededRandom } from '../../../src/util/random';
import { randomMessage } from './random-messages.helpers';

/** ascii87 turned into EBCDIC throughout (MTI, bitmap, text, prefixes), with binary LL/LLL prefixes on b fields. */
function ebcdic87(): SpecDialect {
  const base = builtinSpec('ascii87');
  const fields: Record<string, FieldSpec> = {};
  for (const [k, f] of Object.entries(base.fields)) {
    const g: FieldSpec = { ...f };
    if (g.encoding === 'ascii') g.encoding = 'ebcdic';
    if (g.prefixEncoding === 'ascii') g.prefixEncoding = g.type === 'b' ? 'binary' : 'ebcdic';
    fields[k] = g;
  }
  const spec: MessageSpec = { ...base, name: 'ebcdic87', mti: { encoding: 'ebcdic' }, bitmap: { encoding: 'ebcdic' }, fields };
  return createDialect(spec);
}

const DIALECTS: SpecDialect[] = [
  getDialect('cup') as SpecDialect,
  getDialect('ascii87') as SpecDialect,
  getDialect('ascii87', { bitmap: 'binary' }) as SpecDialect,
  // the readings the decode CLI falls back to
  getDialect('ascii87', { binaryFields: 'hex', lenient: true }) as SpecDialect,
  getDialect('cup', { tpduLength: 0, headerLength: 0, lenient: true }) as SpecDialect,
  ebcdic87(),
];

const stats = { decoded: 0, rejected: 0 };

/** Unpack; on success the result must survive pack → unpack unchanged. */
function check(d: SpecDialect, bytes: Buffer): boolean {
  let msg: IsoMessage;
  try {
    msg = d.unpack(bytes);
  } catch (err) {
    if (err instanceof UnpackError) {
      stats.rejected++;
      return typeof err.offset === 'number' && err.offset >= 0 && err.offset <= bytes.length && err.raw === bytes;
    }
    throw err;
  }
  stats.decoded++;
  const again = d.pack(msg);
  assert.deepEqual(d.unpack(again), msg);
  return true;
}

type Mutation = { kind: 'flip'; at: number; mask: number } | { kind: 'truncate'; at: number } | { kind: 'insert'; at: number; byte: number } | { kind: 'delete'; at: number } | { kind: 'set'; at: number; byte: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.constantFrom(0x00, 0x30, 0x39, 0x99, 0xff, 0x80, 0x0d) }),
);

function mutate(body: Buffer, ops: Mutation[]): Buffer {
  let b = Buffer.from(body);
  for (const op of ops) {
    const at = b.length ? op.at % (b.length + (op.kind === 'insert' ? 1 : 0)) : 0;
    if (op.kind === 'flip' && b.length) b[at]! ^= op.mask;
    else if (op.kind === 'set' && b.length) b[at] = op.byte;
    else if (op.kind === 'truncate') b = b.subarray(0, at);
    else if (op.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([op.byte]), b.subarray(at)]);
    else if (op.kind === 'delete' && b.length) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
  }
  return b;
}

test('random valid messages round-trip in every dialect (10,000)', () => {
  fc.assert(
    fc.property(fc.integer(), fc.nat(DIALECTS.length - 1), (seed, di) => {
      const d = DIALECTS[di]!;
      const msg = randomMessage(d, new SeededRandom(seed));
      const body = d.pack(msg);
      assert.deepEqual(d.unpack(body), msg);
      assert.deepEqual(d.pack(d.unpack(body)), body, 'pack(unpack(x)) == x');
    }),
    { numRuns: 10_000, seed: 8583 },
  );
});

test('random bytes: only UnpackError or valid messages (40,000)', () => {
  const header = fc.oneof(
    fc.uint8Array({ maxLength: 120 }),
    // plausible starts make the decoder go deeper than the MTI check
    fc.tuple(fc.constantFrom('0200', '0800', '0210', '1100'), fc.uint8Array({ maxLength: 120 })).map(([m, rest]) =>
      Uint8Array.from([...Buffer.from(m), ...rest]),
    ),
  );
  fc.assert(
    fc.property(header, fc.nat(DIALECTS.length - 1), (bytes, di) => check(DIALECTS[di]!, Buffer.from(bytes))),
    { numRuns: 40_000, seed: 1987 },
  );
});

test('mutated valid messages: only UnpackError or valid messages (60,000)', () => {
  fc.assert(
    fc.property(fc.integer(), fc.nat(DIALECTS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, di, ops) => {
      const d = DIALECTS[di]!;
      const body = d.pack(randomMessage(d, new SeededRandom(seed)));
      return check(d, mutate(body, ops));
    }),
    { numRuns: 60_000, seed: 2026 },
  );
  // the run must have exercised both outcomes
  assert.ok(stats.decoded > 1000, `decoded ${stats.decoded}`);
  assert.ok(stats.rejected > 1000, `rejected ${stats.rejected}`);
});
