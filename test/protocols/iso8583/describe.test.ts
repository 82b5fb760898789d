import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, getDialect, fieldText, tlvFieldMap } from '../../../src/protocols/iso8583';
import { sale } from './messages.helpers';

const cup = getDialect('cup');

test('describe names fields and masks 2, 35, 52 and the PAN/track tags in 55', () => {
  const msg = sale();
  msg.fields[36] = '996210947000000021D3012000000000000000000000000000000000000000000';
  msg.fields[45] = 'B6210947000000021^DAVID/ZHANG^3012201';
  const text = describe(msg, cup);
  assert.match(text, /^cup 0200/);
  assert.match(text, /F002 Primary Account Number: "621094\*{6}0021"/);
  assert.match(text, /F035 Track 2 Data: "621094\*{6}0021D\*{11}"/);
  assert.match(text, /F052 Personal Identification Number Data: \*{16}/);
  assert.match(text, /F022 Point of Service Entry Mode: "071"/);
  assert.match(text, /9F26 Application Cryptogram: 1122334455667788/);
  assert.match(text, /5A Application PAN: 621094\*{6}0021/);
  assert.match(text, /57 Track 2 Equivalent Data: 621094\*{6}0021D\*+/);
  // no full PAN anywhere, in ASCII or in hex
  assert.ok(!text.includes('6210947000000021'), text);
  assert.ok(!text.includes('ZHANG') && !text.includes('DAVID'), 'track 1 name masked');
  assert.match(text, /F045 Track 1 Data: "B621094\*{6}0021\^\*{11}\^\*{7}"/);
  assert.ok(!text.includes('0123456789ABCDEF'), 'PIN block masked');
});

test('describe unmasked shows everything', () => {
  const text = describe(sale(), cup, { unmasked: true });
  assert.ok(text.includes('"6210947000000021"'));
  assert.ok(text.includes('0123456789ABCDEF'));
  assert.match(text, /5A Application PAN: 6210947000000021/);
});

test('fieldText and tlvFieldMap mask by default; a TLV field is shown with masked hex', () => {
  const msg = sale();
  assert.equal(fieldText(cup, 2, msg.fields[2]!), '621094******0021');
  assert.equal(fieldText(cup, 2, msg.fields[2]!, true), '6210947000000021');
  assert.equal(fieldText(cup, 64, Buffer.from('0102030405060708', 'hex')), '0102030405060708');
  const f55 = fieldText(cup, 55, msg.fields[55]!);
  assert.ok(!f55.includes('6210947000000021'));
  assert.ok(f55.includes('9F26081122334455667788'));
  const map = tlvFieldMap(msg.fields[55] as Buffer);
  assert.equal(map['5A'], '621094******0021');
  assert.equal(map['9F26'], '1122334455667788');
  assert.equal(tlvFieldMap(msg.fields[55] as Buffer, true)['5A'], '6210947000000021');
  // a field 55 that is not TLV is shown as hex with long digit runs masked
  assert.equal(fieldText(cup, 55, Buffer.from('5A096210947000000021', 'hex')), '5A096210********0021');
  const notTlv = describe({ ...msg, fields: { 55: Buffer.from('5A0F6210947000000021', 'hex') } }, cup);
  assert.match(notTlv, /not BER-TLV/);
  assert.ok(!notTlv.includes('6210947000000021'));
  // field 55 carried as ASCII hex characters (moov-io / iso_8583 style) is still read as TLV
  const asText = Buffer.from((msg.fields[55] as Buffer).toString('hex').toUpperCase(), 'ascii');
  assert.equal(tlvFieldMap(asText)['9F26'], '1122334455667788');
  assert.equal(tlvFieldMap(asText)['5A'], '621094******0021');
  assert.equal(fieldText(cup, 55, asText, true), asText.toString('latin1'));
  assert.ok(fieldText(cup, 55, asText).includes('9F26081122334455667788'));
  assert.ok(!fieldText(cup, 55, asText).includes('6210947000000021'));
});

test('cup text above 0x7F is shown as GB18030 (values stay Latin-1 and round-trip)', async () => {
  const iconv = await import('iconv-lite');
  const f63 = 'CUP' + iconv.encode('中国银行', 'gb18030').toString('latin1');
  const msg = { mti: '0210', tpdu: Buffer.alloc(5), header: Buffer.alloc(6), fields: { 39: '00', 63: f63 } };
  const back = cup.unpack(cup.pack(msg));
  assert.equal(back.fields[63], f63);
  assert.match(describe(back, cup), /F063 .*: "CUP中国银行"/);
  assert.equal(fieldText(cup, 63, f63), 'CUP中国银行');
  // bytes that are not valid GB18030 stay as they are
  assert.equal(fieldText(cup, 63, 'A\u00ff'), 'A\u00ff');
  // ascii87 has no text charset: Latin-1
  assert.equal(fieldText(getDialect('ascii87'), 63, 'caf\u00e9'), 'caf\u00e9');
});
