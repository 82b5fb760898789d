import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeActions, RuleEngine, RuleError, magicAmount, issuerRuleSchema, type IssuerRule } from '../../../emulators/issuer-bank/rules';
import { RULE_ACTIONS, describeAction } from '../../../emulators/issuer-bank/actions';
import { decodeWorkingKeys, decryptPinBlock, encodeWorkingKeys, encryptPinBlock, keyCheckValue } from '../../../emulators/issuer-bank/keys';
import { SeededRandom } from '../../../src/util/random';

test('rules match on MTI, processing code prefix, amount, PAN, BIN; once rules are spent', () => {
  const r = new RuleEngine();
  const a = r.add({ match: { mti: '0200', processingCode: '00' }, action: { responseCode: '51' }, times: 'once' });
  const b = r.add({ match: { bin: '621094', amountMinor: { min: 100, max: 200 } }, action: { delayMs: 50 } });
  const c = r.add({ match: { pan: '4111111111111111' }, action: { noResponse: true } });
  const sale = { mti: '0200', processingCode: '000000', amountMinor: 150, pan: '6210947000000021' };
  const first = r.evaluate(sale);
  assert.deepEqual(first.map((f) => f.id), [a, b]);
  assert.deepEqual(mergeActions(first), { responseCode: '51', delayMs: 50 });
  assert.deepEqual(r.evaluate(sale).map((f) => f.id), [b], 'the once rule is gone');
  assert.deepEqual(r.evaluate({ ...sale, amountMinor: 201 }), []);
  assert.deepEqual(r.evaluate({ mti: '0201', processingCode: '200000', pan: '4111111111111111' }).map((f) => f.id), [c]);
  assert.deepEqual(r.list().map((x) => x.id), [b, c]);
  assert.equal(r.remove(b), true);
  assert.equal(r.remove(b), false);
});

test('an nth rule fires on exactly the n-th matching request', () => {
  const r = new RuleEngine();
  r.add({ match: { mti: '0200', nth: 3 }, action: { closeConnection: true } });
  const fired = [1, 2, 3, 4, 5].map(() => r.evaluate({ mti: '0200' }).length);
  assert.deepEqual(fired, [0, 0, 1, 0, 0]);
  assert.equal(r.evaluate({ mti: '0800' }).length, 0);
});

test('later rules win on conflicting actions; bad rules are typed errors naming the key', () => {
  const r = new RuleEngine();
  r.add({ action: { responseCode: '05', delayMs: 10 } });
  r.add({ action: { responseCode: '91' } });
  assert.deepEqual(mergeActions(r.evaluate({ mti: '0200' })), { responseCode: '91', delayMs: 10 });
  assert.throws(() => r.add({ action: { responseCode: '5' } }), (e: unknown) => e instanceof RuleError && e.key === 'action.responseCode');
  assert.throws(() => r.add({ action: {} }), (e: unknown) => e instanceof RuleError && e.key === 'action');
  assert.throws(() => r.add({ match: { nth: 0 }, action: { badMac: true } }), (e: unknown) => e instanceof RuleError && e.key === 'match.nth');
  assert.throws(() => r.add({ action: { delayMs: -1 } }), (e: unknown) => e instanceof RuleError && e.key === 'action.delayMs');
  assert.throws(() => r.add({ action: { responseCode: '5' } }), { message: /"action.responseCode": "5" is not two characters 0-9\/A-Z/ });
  assert.throws(() => r.add({} as IssuerRule), (e: unknown) => e instanceof RuleError && e.key === 'action' && /required/.test(e.message));
  // The schema is the whole truth of a rule: an action the registry does not know is an error.
  assert.throws(() => r.add({ action: { explode: true } } as unknown as IssuerRule), (e: unknown) => e instanceof RuleError && e.key === 'action');
});

test('every rule action in the registry is in the rule schema and describes itself', () => {
  const samples: Record<string, unknown> = { responseCode: '51', delayMs: 20, answerFields: { '4': '000000009999' } };
  const described: Record<string, string> = { answerFields: 'answerFields=4:000000009999' };
  for (const key of Object.keys(RULE_ACTIONS)) {
    const value = samples[key] ?? true;
    const rule = issuerRuleSchema.parse({ action: { [key]: value } });
    assert.deepEqual(rule.action, { [key]: value }, key);
    assert.equal(describeAction(rule.action), described[key] ?? (value === true ? key : `${key}=${String(value)}`));
  }
});

test('magic amounts: the cents pick the answer', () => {
  assert.equal(magicAmount(1051)?.responseCode, '51');
  assert.equal(magicAmount(54)?.responseCode, '54');
  assert.equal(magicAmount(2598)?.noResponse, true);
  assert.equal(magicAmount(2500), undefined);
});

test('field 62 carries PIK then MAK (clear, or under the TMK); PIN blocks round-trip', () => {
  const rnd = new SeededRandom(7);
  const keys = { pinKey: rnd.bytes(16), macKey: rnd.bytes(16) };
  const clear = encodeWorkingKeys(keys);
  assert.equal(clear.length, 32);
  assert.deepEqual(clear.subarray(16), keys.macKey, 'the MAC key is the last 16 bytes');
  assert.deepEqual(decodeWorkingKeys(clear), keys);
  const tmk = rnd.bytes(16);
  const wrapped = encodeWorkingKeys(keys, tmk);
  assert.notDeepEqual(wrapped.subarray(16), keys.macKey);
  assert.deepEqual(decodeWorkingKeys(wrapped, tmk), keys);
  assert.equal(keyCheckValue(keys.macKey).length, 4);
  const pan = '6210947000000021';
  const block = encryptPinBlock(keys.pinKey, '1234', pan);
  assert.equal(block.length, 8);
  assert.equal(decryptPinBlock(keys.pinKey, block, pan), '1234');
  assert.notEqual(decryptPinBlock(keys.pinKey, block, '6200000000000005'), '1234', 'the PAN is part of the block');
  assert.notEqual(decryptPinBlock(rnd.bytes(16), block, pan), '1234');
});
