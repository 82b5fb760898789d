import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CardCatalogError, DEFAULT_CARD_CATALOG_PATH, isExpired, loadCardCatalog, parseCardCatalog } from '../../src/cards';
import { luhnValid } from '../../src/util/mask';

/** The canonical card table of the step vocabulary (docs/steps.md): name, PAN, presentation. */
const STEPS_CARDS: [string, string, 'chip' | 'swipe' | 'tap'][] = [
  ['UNIONPAY_CHIP', '6210947000000021', 'chip'],
  ['UNIONPAY_MAGSTRIPE', '6200000000000005', 'swipe'],
  ['VISA_CHIP', '4761739001010010', 'chip'],
  ['MASTERCARD_CONTACTLESS', '5413330089010434', 'tap'],
  ['CHIP_CARD_SWIPED', '6210947000000021', 'swipe'],
  ['CHIP_READ_FAILURE', '6210947000000021', 'chip'],
  ['EXPIRED_CARD', '6200000000000005', 'swipe'],
  ['BAD_LUHN_CARD', '6200000000000006', 'swipe'],
];

const NOW = new Date(Date.UTC(2026, 10, 26));
const text = readFileSync(DEFAULT_CARD_CATALOG_PATH, 'utf8');

describe('card catalog', () => {
  const catalog = loadCardCatalog();

  it('holds every canonical card of the vocabulary with the same PAN and presentation', () => {
    for (const [name, pan, presentation] of STEPS_CARDS) {
      const card = catalog.get(name);
      assert.equal(card.pan, pan, name);
      assert.equal(card.presentation, presentation, name);
    }
  });

  it('has the flags and facts the flows rely on', () => {
    assert.equal(catalog.get('UNIONPAY_CHIP').serviceCode, '220');
    assert.equal(catalog.get('UNIONPAY_MAGSTRIPE').serviceCode, '101');
    assert.equal(catalog.get('VISA_CHIP').serviceCode, '201');
    assert.equal(catalog.get('CHIP_CARD_SWIPED').hasChip, true);
    assert.equal(catalog.get('CHIP_READ_FAILURE').behaviour.chipFails, true);
    assert.equal(catalog.get('UNIONPAY_CHIP').behaviour.chipFails, false);
    assert.equal(catalog.get('BAD_LUHN_CARD').luhnValid, false);
    assert.equal(isExpired(catalog.get('EXPIRED_CARD'), NOW), true);
    for (const card of catalog.all()) {
      if (card.name !== 'BAD_LUHN_CARD') assert.ok(card.luhnValid && luhnValid(card.pan), `${card.name} passes Luhn`);
      if (card.name !== 'EXPIRED_CARD') assert.equal(isExpired(card, NOW), false, `${card.name} is valid now`);
      assert.ok(card.track2.startsWith(`${card.pan}=${card.expiry}${card.serviceCode}`));
      assert.ok(card.track2.length <= 37);
      assert.ok(!card.maskedPan.includes(card.pan.slice(6, -4)));
      if (card.presentation !== 'swipe') assert.ok(card.emv, `${card.name} has EMV data`);
    }
  });

  it('treats cards that share a PAN as one account and one chip', () => {
    const a = catalog.get('UNIONPAY_CHIP');
    const b = catalog.get('CHIP_READ_FAILURE');
    assert.deepEqual(a.emv, b.emv);
    assert.equal(a.cardholder.startingBalanceMinor, b.cardholder.startingBalanceMinor);
    assert.equal(catalog.byPan('6210947000000021')?.emv?.aid, a.emv?.aid);
  });

  it('an unknown card name lists the known ones', () => {
    assert.throws(() => catalog.get('NOPE'), (e: unknown) => e instanceof CardCatalogError && /NOPE.*UNIONPAY_CHIP/.test(e.message));
  });

  it('expiry is the end of the month', () => {
    assert.equal(isExpired({ expiry: '2611' }, new Date(Date.UTC(2026, 10, 30, 23, 59))), false);
    assert.equal(isExpired({ expiry: '2611' }, new Date(Date.UTC(2026, 11, 1))), true);
  });
});

describe('card catalog validation', () => {
  const bad = (mutate: (t: string) => string, file = 'my-cards.yaml') => () => parseCardCatalog(mutate(text), file);

  it('an unknown key is an error naming the file and the key path', () => {
    assert.throws(
      bad((t) => t.replace('  VISA_CHIP:\n', '  VISA_CHIP:\n    colour: blue\n')),
      (e: unknown) => e instanceof CardCatalogError && e.message.startsWith('my-cards.yaml: cards.VISA_CHIP.colour: unknown key'),
    );
    assert.throws(
      bad((t) => t.replace('      aip: "3800"', '      aip: "3800"\n      aipp: "1"')),
      (e: unknown) => e instanceof CardCatalogError && e.keyPath === 'cards.VISA_CHIP.emv.aipp',
    );
  });

  it('a bad value names the key path', () => {
    assert.throws(
      bad((t) => t.replace('aip: "3800"', 'aip: "38"')),
      (e: unknown) => e instanceof CardCatalogError && e.keyPath === 'cards.VISA_CHIP.emv.aip',
    );
    assert.throws(
      bad((t) => t.replace('presentation: tap', 'presentation: wave')),
      (e: unknown) => e instanceof CardCatalogError && e.keyPath === 'cards.MASTERCARD_CONTACTLESS.presentation',
    );
  });

  it('track 2 must agree with PAN, expiry and service code', () => {
    assert.throws(
      bad((t) => t.replace('track2: "4761739001010010=30122011143878089"', 'track2: "4761739001010010=30121011143878089"')),
      (e: unknown) => e instanceof CardCatalogError && e.keyPath === 'cards.VISA_CHIP.track2' && /service code/.test(e.message),
    );
  });

  it('cards sharing a PAN must agree on the balance', () => {
    assert.throws(
      bad((t) => t.replace(/(CHIP_READ_FAILURE:[\s\S]*?startingBalanceMinor: )1000000/, '$11'), 'x.yaml'),
      (e: unknown) => e instanceof CardCatalogError && /CHIP_READ_FAILURE\.cardholder\.startingBalanceMinor/.test(e.message),
    );
  });

  it('a chip card without EMV data is refused', () => {
    assert.throws(
      bad((t) => t.replace(/(VISA_CHIP:[\s\S]*?)    emv:\n(      .*\n)+/, '$1')),
      (e: unknown) => e instanceof CardCatalogError && e.keyPath === 'cards.VISA_CHIP.emv',
    );
  });

  it('a missing file and bad YAML are CardCatalogErrors naming the file', () => {
    assert.throws(() => loadCardCatalog('/nonexistent/cards.yaml'), (e: unknown) => e instanceof CardCatalogError && e.message.startsWith('/nonexistent/cards.yaml'));
    assert.throws(() => parseCardCatalog('cards: [1, 2', 'broken.yaml'), (e: unknown) => e instanceof CardCatalogError && e.message.startsWith('broken.yaml'));
  });
});
