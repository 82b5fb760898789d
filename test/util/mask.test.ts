import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskPan, maskPansInText, luhnValid, maskDeep } from '../../src/util/mask';

test('maskPan keeps the first 6 and last 4 digits', () => {
  assert.equal(maskPan('6210947000000021'), '621094******0021');
  assert.equal(maskPan('6205500000000000004'), '620550*********0004');
});

test('luhnValid accepts published test PANs and rejects a bad check digit', () => {
  for (const pan of ['6210947000000021', '6200000000000005', '4761739001010010', '5413330089010434']) assert.ok(luhnValid(pan), pan);
  assert.equal(luhnValid('6200000000000006'), false);
  assert.equal(luhnValid('12a4'), false);
});

test('maskPansInText masks card numbers in free text, including ones that fail Luhn', () => {
  const s = maskPansInText('card 6210947000000021 and 6200000000000006, rrn 633011000001, amount 000000002500');
  assert.equal(s, 'card 621094******0021 and 620000******0006, rrn 633011000001, amount 000000002500');
});

test('maskDeep walks objects and arrays', () => {
  const v = maskDeep({ a: ['4761739001010010'], b: { c: 'x 5413330089010434 y' }, n: 5 });
  assert.deepEqual(v, { a: ['476173******0010'], b: { c: 'x 541333******0434 y' }, n: 5 });
});

test('maskPansInText: a card number inside a longer digit run (hex dump of a packed message, LL prefix, track 3) is masked', async () => {
  const { getDialect } = await import('../../src/protocols/iso8583');
  const { sale } = await import('../protocols/iso8583/messages.helpers');
  // what the evidence timeline stores for a Buffer: its hex (BCD field 2, track 2 and tag 5A inside)
  const hex = getDialect('cup').pack(sale()).toString('hex').toUpperCase();
  assert.match(hex, /6210947000000021/);
  assert.doesNotMatch(maskPansInText(hex), /6210947000000021|6210947\d*0021/);
  // an ASCII LL prefix glued to the PAN, and track 3 ("99" + PAN)
  assert.doesNotMatch(maskPansInText('0164761739001010010'), /4761739001010010/);
  assert.doesNotMatch(maskPansInText('0016 4761739001010010'.replace(' ', '')), /4761739001010010/);
  assert.doesNotMatch(maskPansInText('track3 996210947000000021=1561560000'), /6210947000000021/);
  // ordinary numbers stay readable
  assert.equal(maskPansInText('stan 000123 amount 000000002500 rrn 633011000001 at 1764158400000'), 'stan 000123 amount 000000002500 rrn 633011000001 at 1764158400000');
});
