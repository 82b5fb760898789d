/** Public vectors V2–V4 (docs/domain.md §5, with their sources), decoded field for field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDialect } from '../../../src/protocols/iso8583';

const ascii87 = getDialect('ascii87');

test('V2: ascii87, hex bitmap, secondary bitmap, LL 44 and LLL 105', () => {
  const text = '0200B2200000001000000000000000800000201234000000010000011072218012345606A5DFGR021ABCDEFGHIJ 1234567890';
  const msg = ascii87.unpack(Buffer.from(text, 'ascii'));
  assert.equal(msg.mti, '0200');
  assert.deepEqual(msg.fields, {
    3: '201234',
    4: '000000010000',
    7: '0110722180',
    11: '123456',
    44: 'A5DFGR',
    105: 'ABCDEFGHIJ 1234567890',
  });
  assert.equal(msg.secondaryBitmap, undefined, 'secondary bitmap derived from field 105');
  assert.equal(ascii87.pack(msg).toString('ascii'), text);
});

test('V3: ascii87, field 2 LL 10', () => {
  const text = '02004000000000000000101234567890';
  const msg = ascii87.unpack(Buffer.from(text, 'ascii'));
  assert.deepEqual(msg, { mti: '0200', fields: { 2: '1234567890' } });
  assert.equal(ascii87.pack(msg).toString('ascii'), text);
});

test('V3b: ascii87, field 39 = 05', () => {
  const text = '0210000000000200000005';
  const msg = ascii87.unpack(Buffer.from(text, 'ascii'));
  assert.deepEqual(msg, { mti: '0210', fields: { 39: '05' } });
  assert.equal(ascii87.pack(msg).toString('ascii'), text);
});

test('V4: ISO 8583:1993-style MTI 1100 decodes with the ascii87 layout', () => {
  const text = '1100700000000000000003123000011000000000012';
  const msg = ascii87.unpack(Buffer.from(text, 'ascii'));
  assert.deepEqual(msg, { mti: '1100', fields: { 2: '123', 3: '000011', 4: '000000000012' } });
  assert.equal(ascii87.pack(msg).toString('ascii'), text);
});
