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
