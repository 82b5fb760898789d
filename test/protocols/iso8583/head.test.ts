import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDialect, isResponseTo, originalMti, readHead, responseMti, sniffMti } from '../../../src/protocols/iso8583';

test('the response MTI is the request + 10; a repeat is answered as its original (0221 → 0230)', () => {
  assert.equal(responseMti('0200'), '0210');
  assert.equal(responseMti('0401'), '0410');
  assert.equal(responseMti('0221'), '0230');
  assert.equal(responseMti('1203'), '1212');
  assert.equal(responseMti('0420'), '0430');
  assert.equal(responseMti('0800'), '0810');
  assert.equal(originalMti('0401'), '0400');
  assert.equal(originalMti('0200'), '0200');
  assert.equal(isResponseTo('0200', responseMti('0200')), true);
  assert.equal(isResponseTo('0200', '0410'), false);
});

test('the head of a body that does not unpack is read by the dialect layout', () => {
  const cup = getDialect('cup');
  const body = cup.pack({ mti: '0200', tpdu: Buffer.from('6000060000', 'hex'), header: Buffer.from('603100000000', 'hex'), fields: { 11: '000001', 41: 'T0000001' } });
  const cut = body.subarray(0, 15); // MTI and part of the bitmap
  assert.throws(() => cup.unpack(cut));
  const head = readHead(cup, cut)!;
  assert.equal(head.mti, '0200');
  assert.equal(head.tpdu!.toString('hex'), '6000060000');
  assert.equal(head.header!.toString('hex'), '603100000000');
  assert.equal(sniffMti(cut), '0200');
  assert.equal(readHead(cup, body.subarray(0, 12)), undefined, 'too short for the MTI');
  const ascii = getDialect('ascii87', { lengthHeader: 'ascii4' });
  assert.equal(readHead(ascii, Buffer.from('0800XY', 'latin1'))!.mti, '0800');
  assert.equal(readHead(ascii, Buffer.from('08X0', 'latin1')), undefined);
});
