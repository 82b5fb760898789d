import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeMac, getDialect, macInput, setMac, verifyMac, PackError } from '../../../src/protocols/iso8583';
import { sale, saleReply, signOn } from './messages.helpers';

const K1 = Buffer.from('0123456789ABCDEF', 'hex');
const K2 = Buffer.from('FEDCBA9876543210', 'hex');
const NOW = Buffer.from('Now is the time for all ', 'ascii');

test('single-DES CBC core matches the FIPS 81 CBC example (IV folded into block 1)', () => {
  const iv = Buffer.from('1234567890ABCDEF', 'hex');
  const data = Buffer.from(NOW);
  for (let i = 0; i < 8; i++) data[i]! ^= iv[i]!;
  assert.equal(computeMac(K1, data).toString('hex').toUpperCase(), '683788499A7C05F6');
});

test('X9.19 retail MAC matches the ISO 9797-1 MAC algorithm 3 example', () => {
  assert.equal(computeMac(Buffer.concat([K1, K2]), NOW).toString('hex').toUpperCase(), 'A1C72E74EA3FA9B6');
});

test('X9.19 with K1 = K2 equals X9.9; zero padding; wrong key sizes are rejected', () => {
  const data = Buffer.from('0200 some message bytes');
  assert.deepEqual(computeMac(Buffer.concat([K1, K1]), data), computeMac(K1, data));
  assert.deepEqual(computeMac(K1, Buffer.from('abc')), computeMac(K1, Buffer.from('abc\0\0\0\0\0')));
  assert.equal(computeMac(K1, Buffer.alloc(0)).length, 8);
  assert.throws(() => computeMac(Buffer.alloc(24), data), PackError);
});

test('macInput covers MTI..field before the MAC, with the MAC bit set, without TPDU/header', () => {
  const cup = getDialect('cup');
  const msg = sale();
  const input = macInput(cup, msg);
  const body = cup.pack(msg);
  assert.deepEqual(input, body.subarray(11, body.length - 8));
  assert.equal(input.subarray(0, 2).toString('hex'), '0200');
  // a message without field 64 still gets the MAC bit in the covered bitmap
  const noMac = sale();
  delete noMac.fields[64];
  assert.deepEqual(macInput(cup, noMac), input);
});

test('setMac / verifyMac: detects any change, wrong key, missing MAC', () => {
  const cup = getDialect('cup');
  const key = Buffer.concat([K1, K2]);
  for (const make of [sale, saleReply]) {
    const signed = setMac(cup, make(), key);
    assert.equal(signed.fields[64]!.length, 8);
    assert.ok(verifyMac(cup, signed, key));
    assert.ok(verifyMac(cup, cup.unpack(cup.pack(signed)), key), 'survives the wire');
    assert.equal(verifyMac(cup, { ...signed, fields: { ...signed.fields, 4: '000000001001' } }, key), false);
    assert.equal(verifyMac(cup, signed, Buffer.concat([K2, K1])), false);
    const flipped = Buffer.from(signed.fields[64] as Buffer);
    flipped[7]! ^= 1;
    assert.equal(verifyMac(cup, { ...signed, fields: { ...signed.fields, 64: flipped } }, key), false);
  }
  assert.equal(verifyMac(cup, signOn(), key), false);
});

test('with a secondary bitmap the MAC goes in field 128', () => {
  const a = getDialect('ascii87');
  const key = Buffer.concat([K1, K2]);
  const msg = { mti: '0200', fields: { 3: '000000', 4: '000000001000', 11: '000001', 100: '1234' } };
  const signed = setMac(a, msg, key);
  assert.ok(Buffer.isBuffer(signed.fields[128]));
  assert.equal(signed.fields[64], undefined);
  assert.ok(verifyMac(a, a.unpack(a.pack(signed)), key));
});
