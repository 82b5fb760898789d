/** The nearest canonical phrasing for a step no definition matches, values abstracted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { loadVocabulary } from '../../src/vocabulary/load';
import { phrasingsOf } from '../../src/vocabulary/render';
import { abstractExpression, abstractStepText, editDistance, nearestPhrasings } from '../../src/vocabulary/suggest';

test('edit distance counts inserts, deletes and substitutions', () => {
  assert.equal(editDistance('approve', 'approves'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('same', 'same'), 0);
});

test('step texts and expressions abstract to the same form whatever the values', () => {
  assert.equal(abstractStepText('a sale of 25.00 CNY is paid with the card VISA_CHIP'), abstractExpression('a sale of {amount} is paid with the card {card}'));
  assert.equal(abstractStepText('the terminal setting "printer_baud" is "9600"'), abstractExpression('the terminal setting {string} is {string}'));
  assert.equal(
    abstractStepText('the bench reports the desync approved-without-receipt caused by printer-failure'),
    abstractExpression('the bench reports the desync {desync} caused by {cause}'),
  );
});

test('mistyped steps get the canonical phrasing a person meant', async () => {
  const phrasings = phrasingsOf(await loadVocabulary(PROJECT_ROOT));
  const best = (text: string) => nearestPhrasings(text, phrasings)[0]!.display;
  const top = (text: string) => nearestPhrasings(text, phrasings).map((s) => s.display);
  assert.equal(best('the issuer approve all transactions'), 'Given the issuer approves all transactions');
  assert.equal(best('a sale of 9.99 is paid with card UNIONPAY_CHIP'), 'When a sale of {amount} is paid with the card {card}');
  assert.equal(best('the bench report the desync duplicate-charge caused by bank-delay'), 'Then the bench reports the desync {desync} caused by {cause}');
  assert.equal(best('3 receipt are printed'), 'Then {int} receipt(s) is/are printed');
  assert.equal(best('the terminal show "APPROVED"'), 'Then the terminal shows {string}');
  assert.equal(best('teh transaction is aproved'), 'Then the transaction is approved');
  assert.ok(top('the printer has run out of paper').includes('Given the printer has no paper'), String(top('the printer has run out of paper')));
});
