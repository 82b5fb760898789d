import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeTlv, findTag, parseTlv, tlvFromMap, tlvToMap, TlvError, isConstructed } from '../../../src/protocols/tlv';
import { PosbenchError } from '../../../src/util/errors';

test('multi-byte tags, short lengths, round trip', () => {
  const hex = '9F2608112233445566778895050000000000' + '5F2A020156' + '9F1A020156';
  const nodes = parseTlv(Buffer.from(hex, 'hex'));
  assert.deepEqual(
    nodes.map((n) => [n.tag, n.value.toString('hex').toUpperCase()]),
    [
      ['9F26', '1122334455667788'],
      ['95', '0000000000'],
      ['5F2A', '0156'],
      ['9F1A', '0156'],
    ],
  );
  assert.equal(encodeTlv(nodes).toString('hex').toUpperCase(), hex);
});

test('81 and 82 long lengths parse and are produced', () => {
  const v200 = Buffer.alloc(200, 7);
  const v300 = Buffer.alloc(300, 9);
  const enc = encodeTlv([
    { tag: '9F10', value: v200 },
    { tag: 'DF01', value: v300 },
  ]);
  assert.equal(enc.subarray(0, 4).toString('hex').toUpperCase(), '9F1081C8');
  assert.equal(enc.subarray(204, 209).toString('hex').toUpperCase(), 'DF0182012C');
  const back = parseTlv(enc);
  assert.deepEqual(back[0]!.value, v200);
  assert.deepEqual(back[1]!.value, v300);
  assert.deepEqual(encodeTlv(back), enc);
});

test('constructed tags are parsed into children and re-encoded', () => {
  const inner = '5A086210947000000021' + '5F2403301231' + '9F26081122334455667788';
  const buf = Buffer.from('70' + (inner.length / 2).toString(16).padStart(2, '0') + inner + '9F2701' + '80', 'hex');
  const nodes = parseTlv(buf);
  assert.equal(nodes.length, 2);
  assert.equal(nodes[0]!.tag, '70');
  assert.ok(isConstructed('70'));
  assert.deepEqual(
    nodes[0]!.children!.map((n) => n.tag),
    ['5A', '5F24', '9F26'],
  );
  assert.equal(findTag(nodes, '9f26')!.value.toString('hex').toUpperCase(), '1122334455667788');
  assert.deepEqual(encodeTlv(nodes), buf);
  assert.deepEqual(tlvToMap(buf), { '5A': '6210947000000021', '5F24': '301231', '9F26': '1122334455667788', '9F27': '80' });
});

test('tlvFromMap builds primitive objects in order', () => {
  assert.equal(tlvFromMap({ '9C': '00', '9F02': Buffer.from('000000001000', 'hex') }).toString('hex').toUpperCase(), '9C01009F0206000000001000');
  assert.equal(tlvFromMap([['9F27', '80'], ['95', '0000000000']]).toString('hex').toUpperCase(), '9F270180950500000000' + '00');
});

test('TlvError with offsets for truncated and malformed data', () => {
  const cases: Array<[string, number]> = [
    ['9F', 0], // tag runs past the end
    ['9F26', 2], // length missing
    ['9F2608112233', 2], // value shorter than length
    ['9F2681', 2], // 81 without its length byte
    ['9F2684000000000000', 2], // unsupported length form
    ['9F268080', 2], // indefinite length 80 is not supported
    ['5A02AABB9F', 4], // second object truncated
    ['7003' + '9F2605', 4], // child runs past its parent
  ];
  for (const [hex, offset] of cases) {
    assert.throws(
      () => parseTlv(Buffer.from(hex, 'hex')),
      (e: unknown) => e instanceof TlvError && e instanceof PosbenchError && e.offset === offset,
      hex,
    );
  }
});

test('padding bytes between objects are skipped; encodeTlv validates tags', () => {
  assert.deepEqual(
    parseTlv(Buffer.from('00FF9C0100', 'hex')).map((n) => n.tag),
    ['9C'],
  );
  assert.throws(() => encodeTlv([{ tag: '9F', value: Buffer.alloc(1) }]), TlvError);
  assert.throws(() => encodeTlv([{ tag: '9A01', value: Buffer.alloc(1) }]), TlvError);
  assert.throws(() => encodeTlv([{ tag: 'xyz', value: Buffer.alloc(1) }]), TlvError);
});

test('random TLV lists round-trip (seeded)', async () => {
  const { SeededRandom } = await import('../../../src/util/random');
  const rnd = new SeededRandom(42);
  const tags = ['9F26', '95', '5F2A', '82', 'DF8101', '9F10', '57', '5A'];
  for (let i = 0; i < 500; i++) {
    const nodes = Array.from({ length: rnd.int(0, 6) }, () => ({ tag: tags[rnd.int(0, tags.length - 1)]!, value: rnd.bytes(rnd.int(0, 300)) }));
    const enc = encodeTlv(nodes);
    assert.deepEqual(parseTlv(enc, { allowPadding: false }), nodes);
  }
});

test('tags: 4 bytes parse and re-encode; a 5-byte tag is a TlvError at parse (encodeTlv could not write it back)', () => {
  const four = Buffer.from('DF81810101AA', 'hex');
  assert.equal(parseTlv(four)[0]!.tag, 'DF818101');
  assert.deepEqual(encodeTlv(parseTlv(four)), four);
  assert.throws(
    () => parseTlv(Buffer.from('DF8181810101AA', 'hex')),
    (e: unknown) => e instanceof TlvError && e.offset === 0 && /longer than 4 bytes/.test(e.reason),
  );
});
