import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RECEIPT_FORMAT, readSlips } from '../../src/oracle';
import { moneyMinor, slipTime } from '../../src/oracle/slip-reader';
import { AT, PAN, printed } from './oracle.helpers';

test("every field of the reference terminal's slip is read back from the printer's paper", () => {
  const [s] = readSlips([printed()], DEFAULT_RECEIPT_FORMAT);
  assert.deepEqual(
    { ...s, dateTime: s!.dateTime },
    { index: 0, number: 1, complete: true, reprint: false, stan: '000002', batch: '000001', amountText: '12.05', amountMinor: 1205, maskedPan: PAN, authCode: '123456', rrn: '633510000001', txnType: 'SALE', dateTime: '2026/12/01 10:30:05', copy: 'MERCHANT' },
  );
  assert.equal(slipTime(s!.dateTime!), AT.getTime());
});

test('a void, a reprint, a copy label, a missing auth code: read as printed', () => {
  const [s] = readSlips([printed({ txnType: 'VOID', reprint: true, copy: 'bank', authCode: '' })], DEFAULT_RECEIPT_FORMAT);
  assert.equal(s!.txnType, 'VOID');
  assert.equal(s!.reprint, true);
  assert.equal(s!.copy, 'BANK');
  assert.equal(s!.authCode, '-');
  assert.equal(s!.amountText, '-12.05', 'a void prints its amount negative');
  assert.equal(s!.amountMinor, 1205, 'and the host books it as an amount: compared without the sign');
});

test('an amount printed without its two decimals is read as printed, not as money', () => {
  const [s] = readSlips([printed({}, { defects: ['amount-cents-unpadded'] })], DEFAULT_RECEIPT_FORMAT);
  assert.equal(s!.amountText, '12.5');
  assert.equal(s!.amountMinor, undefined);
  assert.equal(moneyMinor('12.05'), 1205);
  assert.equal(moneyMinor('-0.07'), 7);
  assert.equal(moneyMinor('12.5'), undefined);
});

test('a slip encoded in Big5 and printed in GB18030 is garbled: its trace cannot be read', () => {
  const [s] = readSlips([printed({}, { encoding: 'big5' })], DEFAULT_RECEIPT_FORMAT);
  assert.equal(s!.malformed, 'garbled');
  assert.equal(s!.stan, undefined);
  // UTF-8 bytes leave characters GB18030 cannot decode (U+FFFD)
  assert.equal(readSlips([printed({}, { encoding: 'utf8' })], DEFAULT_RECEIPT_FORMAT)[0]!.malformed, 'garbled');
});

test('a slip laid out for 48 columns on 32-column paper is wrapped, and still read', () => {
  const [s] = readSlips([printed({}, { columns: 48 })], DEFAULT_RECEIPT_FORMAT);
  assert.equal(s!.malformed, 'wrapped');
  assert.equal(s!.stan, '000002');
  assert.equal(s!.amountMinor, 1205);
  assert.equal(readSlips([printed({}, { columns: 32, paperColumns: 48 })], DEFAULT_RECEIPT_FORMAT)[0]!.malformed, undefined, 'a narrow slip on wide paper is fine');
});

test('a field whose pattern the profile does not give is not read', () => {
  const [s] = readSlips([printed()], { trace: DEFAULT_RECEIPT_FORMAT.trace, amount: DEFAULT_RECEIPT_FORMAT.amount, reprint: 'DUPLICATE' });
  assert.equal(s!.stan, '000002');
  assert.equal(s!.authCode, undefined);
  assert.equal(s!.dateTime, undefined);
});

test('slipTime: a real local date and time, or nothing', () => {
  assert.equal(slipTime('2026/12/01 10:30:05'), new Date(2026, 11, 1, 10, 30, 5).getTime());
  assert.equal(slipTime('2026/01/12 10:30:05'), new Date(2026, 0, 12, 10, 30, 5).getTime());
  assert.equal(slipTime('2026/13/01 10:30:05'), undefined, 'month 13');
  assert.equal(slipTime('2026/02/30 10:30:05'), undefined, 'February 30');
  assert.equal(slipTime('2026/12/01'), undefined);
});
