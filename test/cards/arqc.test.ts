import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ArqcVerifier, checkArqc, computeArqc, encodeTlvPairs, bcd, loadCardCatalog, verifyArqc } from '../../src/cards';

const catalog = loadCardCatalog();
const card = catalog.get('UNIONPAY_CHIP');
const key = card.emv!.arqcKey;
const base = { amountMinor: 2500, currencyCode: 156, date: '261126', unpredictableNumber: Buffer.from('A1B2C3D4', 'hex'), atc: 7 };

function field55(over: Partial<typeof base> = {}, cryptogram?: Buffer): Buffer {
  const d = { ...base, ...over };
  const atc = Buffer.alloc(2);
  atc.writeUInt16BE(d.atc);
  return encodeTlvPairs([
    ['9F26', cryptogram ?? computeArqc(key, d)],
    ['9F27', Buffer.from([0x80])],
    ['9F37', d.unpredictableNumber],
    ['9F36', atc],
    ['9A', bcd(d.date, 3)],
    ['9F02', bcd(d.amountMinor, 6)],
    ['5F2A', bcd(d.currencyCode, 2)],
  ]);
}

describe('ARQC', () => {
  it('is deterministic, 8 bytes, and bound to every input and the key', () => {
    const a = computeArqc(key, base);
    assert.equal(a.length, 8);
    assert.deepEqual(computeArqc(Buffer.from(key, 'hex'), base), a);
    assert.deepEqual(computeArqc(key, { ...base, date: new Date(Date.UTC(2026, 10, 26, 23)) }), a);
    assert.deepEqual(computeArqc(key, { ...base, unpredictableNumber: 0xa1b2c3d4 }), a);
    for (const changed of [{ amountMinor: 2501 }, { currencyCode: 840 }, { date: '261127' }, { unpredictableNumber: Buffer.from('A1B2C3D5', 'hex') }, { atc: 8 }]) {
      assert.notDeepEqual(computeArqc(key, { ...base, ...changed }), a, JSON.stringify(changed));
    }
    assert.notDeepEqual(computeArqc(catalog.get('VISA_CHIP').emv!.arqcKey, base), a);
  });

  it('verifies from field 55 and refuses a wrong cryptogram, tampered data or another card', () => {
    assert.equal(verifyArqc(card, field55()), true);
    const wrong = Buffer.from(computeArqc(key, base));
    wrong[0] ^= 1;
    assert.equal(verifyArqc(card, field55({}, wrong)), false);
    // amount changed after the card signed it
    const tampered = field55({}, computeArqc(key, { ...base, amountMinor: 100 }));
    assert.equal(checkArqc(card, tampered).verdict, 'bad-cryptogram');
    assert.equal(verifyArqc(catalog.get('VISA_CHIP'), field55()), false);
    assert.equal(verifyArqc(catalog.get('UNIONPAY_MAGSTRIPE'), field55()), false, 'no chip, no key');
  });

  it('reports missing tags and malformed TLV instead of throwing', () => {
    const noAtc = encodeTlvPairs([['9F26', computeArqc(key, base)], ['9F02', bcd(2500, 6)]]);
    assert.equal(checkArqc(card, noAtc).verdict, 'missing-tag');
    assert.equal(checkArqc(card, Buffer.from('9F2608AABB', 'hex')).verdict, 'bad-format');
    assert.equal(verifyArqc(card, Buffer.alloc(0)), false);
  });

  it('an issuer-side ArqcVerifier refuses a replay (same or lower ATC) but accepts the next ATC', () => {
    const v = new ArqcVerifier();
    assert.equal(v.check(card, field55({ atc: 7 })).verdict, 'ok');
    assert.equal(v.check(card, field55({ atc: 7 })).verdict, 'replay', 'the same cryptogram twice');
    assert.equal(v.check(card, field55({ atc: 6, amountMinor: 99 })).verdict, 'replay', 'an older ATC');
    // a forged cryptogram does not burn ATCs
    const forged = Buffer.alloc(8, 0x11);
    assert.equal(v.check(card, field55({ atc: 9 }, forged)).verdict, 'bad-cryptogram');
    assert.equal(v.check(card, field55({ atc: 8 })).verdict, 'ok');
    // another PAN has its own ATC sequence
    const visa = catalog.get('VISA_CHIP');
    const visaKey = visa.emv!.arqcKey;
    const atc = Buffer.from([0, 7]);
    const visa55 = encodeTlvPairs([
      ['9F26', computeArqc(visaKey, base)],
      ['9F37', base.unpredictableNumber],
      ['9F36', atc],
      ['9A', bcd(base.date, 3)],
      ['9F02', bcd(base.amountMinor, 6)],
      ['5F2A', bcd(base.currencyCode, 2)],
    ]);
    assert.equal(v.verify(visa, visa55), true);
  });
});
