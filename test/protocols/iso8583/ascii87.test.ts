import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDialect, UnpackError, PackError } from '../../../src/protocols/iso8583';
import { frameMessage, LengthPrefixedDecoder } from '../../../src/protocols/framing/length-prefix';
import { ICC } from './messages.helpers';

const sale = () => ({
  mti: '0200',
  fields: {
    2: '4761739001010010',
    3: '000000',
    4: '000000001000',
    7: '1126101530',
    11: '000123',
    14: '2512',
    22: '051',
    35: '4761739001010010=25122011758928889',
    41: 'TERM0001',
    42: '898100012340003',
    49: '840',
    52: Buffer.from('0123456789ABCDEF', 'hex'),
    55: ICC,
    64: Buffer.alloc(8, 0xab),
  },
});

test('ascii87 defaults: hex bitmap, no length header; ASCII MTI and numerics', () => {
  const d = getDialect('ascii87');
  assert.equal(d.lengthHeader, 'none');
  const body = d.pack(sale());
  assert.equal(body.subarray(0, 4).toString('ascii'), '0200');
  assert.match(body.subarray(4, 20).toString('ascii'), /^[0-9A-F]{16}$/);
  assert.equal(body.subarray(20, 38).toString('ascii'), '164761739001010010');
  assert.deepEqual(d.unpack(body), sale());
});

test('ascii87 binary bitmap option', () => {
  const hex = getDialect('ascii87');
  const bin = getDialect('ascii87', { bitmap: 'binary' });
  const a = hex.pack(sale());
  const b = bin.pack(sale());
  assert.equal(a.length, b.length + 8);
  assert.equal(b.subarray(4, 12).toString('hex').toUpperCase(), a.subarray(4, 20).toString('ascii'));
  assert.deepEqual(bin.unpack(b), sale());
  assert.throws(() => hex.unpack(b), UnpackError);
});

test('ascii87 length header options are reported for framing', () => {
  for (const lh of ['none', 'binary2', 'ascii4'] as const) {
    const d = getDialect('ascii87', { lengthHeader: lh });
    assert.equal(d.lengthHeader, lh);
    if (lh === 'none') continue;
    const framed = frameMessage(lh, d.pack(sale()));
    const frames = new LengthPrefixedDecoder(lh).push(framed);
    assert.equal(frames.length, 1);
    assert.deepEqual(d.unpack(frames[0]!.body), sale());
  }
});

test('ascii87 secondary bitmap present but empty round-trips', () => {
  const d = getDialect('ascii87');
  const text = '0800' + '8220000000000000' + '0000000000000000' + '1126101530' + '000001';
  const msg = d.unpack(Buffer.from(text));
  assert.equal(msg.secondaryBitmap, true);
  assert.deepEqual(msg.fields, { 7: '1126101530', 11: '000001' });
  assert.equal(d.pack(msg).toString(), text);
});

test('ascii87 errors: non-hex bitmap, bad LL prefix, non-digit numeric', () => {
  const d = getDialect('ascii87');
  assert.throws(() => d.unpack(Buffer.from('0200XX00000000000000')), (e: unknown) => e instanceof UnpackError && e.offset === 4);
  assert.throws(() => d.unpack(Buffer.from('02004000000000000000A1234567890')), (e: unknown) => e instanceof UnpackError && e.field === 2 && e.offset === 20);
  assert.throws(() => d.unpack(Buffer.from('02002000000000000000 00000')), (e: unknown) => e instanceof UnpackError && e.field === 3 && e.offset === 20);
  assert.throws(() => d.unpack(Buffer.from('0200200000000000000000000')), (e: unknown) => e instanceof UnpackError && e.field === 3);
  assert.throws(() => d.pack({ mti: '0200', fields: { 44: 'x'.repeat(26) } }), (e: unknown) => e instanceof PackError && e.field === 44);
});

test('DialectOptions: fixed binary fields as hex characters; TPDU/header overrides; lenient lengths', () => {
  const hexBin = getDialect('ascii87', { binaryFields: 'hex' });
  const body = hexBin.pack({ mti: '0200', fields: { 52: Buffer.from('0123456789abcdef', 'hex'), 55: Buffer.from('9C0100', 'hex') } });
  assert.equal(body.subarray(20, 36).toString('ascii'), '0123456789ABCDEF');
  assert.equal(body.subarray(36).toString('hex'), Buffer.from('003').toString('hex') + '9c0100', 'variable b fields stay raw');
  assert.deepEqual(hexBin.unpack(body).fields[52], Buffer.from('0123456789abcdef', 'hex'));
  const bare = getDialect('cup', { tpduLength: 0, headerLength: 0 });
  assert.equal(bare.pack({ mti: '0800', fields: { 11: '000001' } }).toString('hex'), '0800' + '0020000000000000' + '000001');
  const strict = getDialect('ascii87');
  const lenient = getDialect('ascii87', { lenient: true });
  const long44 = Buffer.from('0200' + '0000000000100000' + '30' + 'x'.repeat(30));
  assert.throws(() => strict.unpack(long44), (e: unknown) => e instanceof UnpackError && e.field === 44 && /exceeds the maximum of 25/.test(e.reason));
  assert.equal(lenient.unpack(long44).fields[44], 'x'.repeat(30));
  const spaced = Buffer.from('0200' + '1000000000000000' + '     1000000');
  assert.throws(() => strict.unpack(spaced), UnpackError);
  assert.equal(lenient.unpack(spaced).fields[4], '     1000000');
  assert.throws(() => getDialect('ascii87', { binaryFields: 'base64' as never }), /binaryFields/);
});
