import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDialect, PackError, UnpackError, buildField60, parseField60 } from '../../../src/protocols/iso8583';
import { PosbenchError } from '../../../src/util/errors';
import { HEADER, TPDU, reversal, reversalReply, sale, saleReply, signOn, signOnReply } from './messages.helpers';

const cup = getDialect('cup');

test('cup dialect: binary2 length header', () => {
  assert.equal(cup.name, 'cup');
  assert.equal(cup.lengthHeader, 'binary2');
});

for (const [name, make] of Object.entries({ signOn, signOnReply, sale, saleReply, reversal, reversalReply })) {
  test(`cup round trip: ${name}`, () => {
    const msg = make();
    const body = cup.pack(msg);
    const back = cup.unpack(body);
    assert.deepEqual(back, msg);
    assert.deepEqual(cup.pack(back), body);
  });
}

test('cup wire layout of a sign-on: TPDU, header, BCD MTI, binary bitmap, BCD/ASCII fields', () => {
  const body = cup.pack(signOn());
  const hex = body.toString('hex').toUpperCase();
  assert.equal(hex.slice(0, 10), '6000060000');
  assert.equal(hex.slice(10, 22), '603100311003');
  assert.equal(hex.slice(22, 26), '0800');
  // bitmap: fields 11, 41, 42, 60, 63
  assert.equal(hex.slice(26, 42), '0020000000C00012');
  let rest = hex.slice(42);
  assert.equal(rest.slice(0, 6), '000001'); // 11 BCD n6
  rest = rest.slice(6);
  assert.equal(rest.slice(0, 16), Buffer.from('TERM0001').toString('hex').toUpperCase()); // 41 ans8
  rest = rest.slice(16 + 30);
  assert.equal(rest.slice(0, 4 + 12), '0011' + '000000010030'); // 60: LLL BCD 0011, 11 digits left-aligned + pad 0
  rest = rest.slice(16);
  assert.equal(rest, '0003' + Buffer.from('001').toString('hex').toUpperCase()); // 63: LLL BCD, ASCII
});

test('cup odd-length numerics: 22 left-aligned, 23 right-aligned; LLVAR counts digits', () => {
  const body = cup.pack(sale());
  const hex = body.toString('hex').toUpperCase();
  assert.ok(hex.includes('000000' + '000000001000' + '000123' + '3012' + '0710' + '0001' + '00' + '12'), hex);
  // field 2: 1-byte BCD length 16, PAN digits
  assert.ok(hex.includes('166210947000000021'), 'field 2 LLVAR');
  // field 35: 28 digits → length 0x28, D separator nibble, 14 bytes
  assert.ok(hex.includes('286210947000000021D30122201234'), 'field 35 z with D');
  const odd = cup.pack({ mti: '0200', tpdu: TPDU, header: HEADER, fields: { 2: '6205500000000000004', 35: '6205500000000000004D3012220' } });
  const oddHex = odd.toString('hex').toUpperCase();
  assert.ok(oddHex.endsWith('19' + '62055000000000000040' + '27' + '6205500000000000004D30122200'), oddHex);
  const back = cup.unpack(odd);
  assert.equal(back.fields[2], '6205500000000000004');
  assert.equal(back.fields[35], '6205500000000000004D3012220');
});

test('cup accepts "=" as the track separator and normalises to D', () => {
  const msg = sale();
  msg.fields[35] = '6210947000000021=30122201234';
  const back = cup.unpack(cup.pack(msg));
  assert.equal(back.fields[35], '6210947000000021D30122201234');
});

test('cup field 59 (ans..999 LLLVAR) is accepted', () => {
  const msg = sale();
  msg.fields[59] = 'A2' + '0'.repeat(300) + 'SN:12345678;LAT:+31.2304;LON:+121.4737';
  const back = cup.unpack(cup.pack(msg));
  assert.equal(back.fields[59], msg.fields[59]);
});

test('cup fixed fields are padded: n with leading zeros, an/ans with trailing spaces', () => {
  const back = cup.unpack(cup.pack({ mti: '0200', tpdu: TPDU, header: HEADER, fields: { 4: '1000', 41: 'T1' } }));
  assert.equal(back.fields[4], '000000001000');
  assert.equal(back.fields[41], 'T1      ');
});

test('cup secondary bitmap, including one present but empty', () => {
  const msg = sale();
  msg.fields[100] = '1234';
  delete msg.fields[64];
  msg.fields[128] = Buffer.alloc(8, 1);
  const body = cup.pack(msg);
  assert.equal(body[13]! & 0x80, 0x80);
  assert.deepEqual(cup.unpack(body), msg);
  const empty = { ...signOn(), secondaryBitmap: true };
  const eBody = cup.pack(empty);
  assert.equal(eBody.length, cup.pack(signOn()).length + 8);
  const eBack = cup.unpack(eBody);
  assert.equal(eBack.secondaryBitmap, true);
  assert.deepEqual(cup.pack(eBack), eBody);
});

test('PackError names the field', () => {
  const cases: Array<[Record<number, unknown>, number]> = [
    [{ 3: '00000A' }, 3],
    [{ 4: '0000000010000' }, 4],
    [{ 2: '62109470000000212345' }, 2],
    [{ 52: '0123456789ABCDEF' }, 52],
    [{ 52: Buffer.alloc(7) }, 52],
    [{ 41: Buffer.from('TERM0001') }, 41],
    [{ 35: '6210947000000021X3012' }, 35],
  ];
  for (const [fields, field] of cases) {
    assert.throws(
      () => cup.pack({ mti: '0200', tpdu: TPDU, header: HEADER, fields: fields as never }),
      (err: unknown) => err instanceof PackError && err instanceof PosbenchError && err.field === field && typeof err.reason === 'string',
      `field ${field}`,
    );
  }
  assert.throws(() => cup.pack({ mti: '200', tpdu: TPDU, header: HEADER, fields: {} }), PackError);
  assert.throws(() => cup.pack({ mti: '0200', header: HEADER, fields: {} }), /tpdu/);
});

test('UnpackError names field and offset and keeps the raw body', () => {
  const body = cup.pack(sale());
  const cut = body.subarray(0, body.length - 3);
  try {
    cup.unpack(cut);
    assert.fail('no error');
  } catch (err) {
    assert.ok(err instanceof UnpackError);
    assert.equal(err.field, 64);
    assert.ok(err.offset > 0 && err.offset <= cut.length);
    assert.deepEqual(err.raw, cut);
    assert.match(err.message, /field 64/);
  }
  // a non-digit in a BCD numeric field
  const bad = Buffer.from(body);
  const f3 = 5 + 6 + 2 + 8 + 9; // TPDU, header, MTI, bitmap, field 2 (1 + 8 bytes)
  assert.equal(bad.subarray(f3, f3 + 3).toString('hex'), '000000');
  bad[f3] = 0x0a;
  assert.throws(() => cup.unpack(bad), (e: unknown) => e instanceof UnpackError && e.field === 3 && e.offset === f3);
  // trailing bytes
  assert.throws(() => cup.unpack(Buffer.concat([body, Buffer.from([0])])), (e: unknown) => e instanceof UnpackError && e.offset === body.length);
  assert.throws(() => cup.unpack(Buffer.alloc(5)), UnpackError);
});

test('field 60 helpers build and parse 60.1–60.5', () => {
  const v = buildField60({ type: '22', batch: '000001', networkCode: '000', readerCapability: '5', icCondition: '0' });
  assert.equal(v, '2200000100050');
  assert.deepEqual(parseField60(v), { type: '22', batch: '000001', networkCode: '000', readerCapability: '5', icCondition: '0' });
  assert.equal(buildField60({ type: '00', batch: '000001', networkCode: '003' }), '00000001003');
  assert.deepEqual(parseField60('00000001003'), { type: '00', batch: '000001', networkCode: '003' });
  assert.throws(() => buildField60({ type: '2', batch: '000001' }), PackError);
  assert.throws(() => buildField60({ type: '22', batch: '000001', readerCapability: '5' }), /networkCode/);
});
