import { test } from 'node:test';
import assert from 'node:assert/strict';
import { historyArbitrary, parseFaultFamilies, resolve, sampleHistories } from '../../src/explore/generate';
import { activeAtEnd, FAULTS, normalize, POWER_CUT_POINTS, scenarioSteps, type Action } from '../../src/explore/history';

test('the same seed draws the same histories; another seed draws others', () => {
  const a = sampleHistories({ maxLength: 12 }, 42, 50);
  const b = sampleHistories({ maxLength: 12 }, 42, 50);
  assert.deepEqual(a, b);
  assert.notDeepEqual(sampleHistories({ maxLength: 12 }, 43, 50), a);
  assert.ok(a.every((h) => h.length >= 1 && h.length <= 12));
});

test('histories mix cashier actions, faults and recoveries of every family', () => {
  const all = sampleHistories({ maxLength: 12 }, 7, 300).flat();
  const kinds = new Set(all.map((a) => a.do));
  for (const k of ['sale', 'void', 'refund', 'reprint', 'settle', 'cancel', 'power-loss', 'fault', 'recover', 'present', 'setting']) assert.ok(kinds.has(k as Action['do']), `no ${k} drawn`);
  const families = new Set(all.flatMap((a) => (a.do === 'fault' ? [FAULTS[a.fault].family] : [])));
  assert.deepEqual([...families].sort(), ['bank', 'network', 'printer']);
  const cards = new Set(all.flatMap((a) => (a.do === 'sale' ? [a.card] : [])));
  for (const c of ['UNIONPAY_CHIP', 'UNIONPAY_MAGSTRIPE', 'MASTERCARD_CONTACTLESS']) assert.ok(cards.has(c as never), `no sale with ${c}`);
});

test('--faults keeps to the families named', () => {
  const all = sampleHistories({ maxLength: 12, faults: parseFaultFamilies('network') }, 7, 200).flat();
  assert.ok(all.some((a) => a.do === 'fault'));
  for (const a of all) {
    if (a.do === 'fault') assert.equal(FAULTS[a.fault].family, 'network', `${a.fault} drawn under --faults network`);
    assert.ok(a.do !== 'power-loss' && a.do !== 'cancel', `${a.do} drawn under --faults network`);
  }
});

test('a bad --faults or --length is an error that names it', () => {
  assert.throws(() => parseFaultFamilies('network,weather'), /unknown fault family "weather" \(known: network, bank, printer, power, operator\)/);
  assert.throws(() => historyArbitrary({ maxLength: 0 }), /--length: expected a whole number ≥ 1, got 0/);
});

test('a fault injected again while it is active is dropped; after its recovery it is kept', () => {
  const down: Action = { do: 'fault', fault: 'network-down' };
  const sale: Action = { do: 'sale', amountMinor: 100, card: 'UNIONPAY_CHIP' };
  assert.deepEqual(normalize([down, sale, down]), [down, sale]);
  const recovered: Action[] = [down, { do: 'recover', recovery: 'network' }, down];
  assert.deepEqual(normalize(recovered), recovered);
  // approving everything clears the bank's delays too
  const silent: Action = { do: 'fault', fault: 'bank-silent' };
  assert.deepEqual(normalize([silent, { do: 'recover', recovery: 'declines' }, silent]).length, 3);
});

test('the scenario clears exactly the faults still active, then gives the terminal its sale and settlement, then checks', () => {
  const h: Action[] = [
    { do: 'fault', fault: 'printer-no-paper' },
    { do: 'fault', fault: 'network-down' },
    { do: 'recover', recovery: 'network' },
    { do: 'sale', amountMinor: 2500, card: 'VISA_CHIP' },
  ];
  assert.deepEqual(activeAtEnd(h), ['paper']);
  const texts = scenarioSteps(h, { defects: ['no-paper-check'] }).map((s) => `${s.keyword} ${s.text}`);
  assert.deepEqual(texts, [
    'Given the terminal setting "defects" is "no-paper-check"',
    'Given the terminal is signed on',
    'Given the issuer approves all transactions',
    'Given the printer has no paper',
    'Given the network is down',
    'When the network recovers',
    'When a sale of 25.00 is paid with the card VISA_CHIP',
    'Then every desync the bench reports is explained by an injected fault',
    'When the technician loads paper',
    'When a sale of 1.00 is paid with the card UNIONPAY_MAGSTRIPE',
    'When the cashier attempts to settle the batch',
    'Then every desync the bench reports is explained by an injected fault',
    'Then nothing the terminal could have repaired is left',
    'Then the terminal accounts truthfully for every slip',
    'Then no card number appears in full',
    'Then the terminal keeps the rules of voids, refunds and reversals',
    "Then every approval was taken the way the card and the terminal's settings allow",
  ]);
});

test('power cuts are drawn at every point, and written with the power steps: armed before the transaction that reaches it, then the power back', () => {
  const cuts = sampleHistories({ maxLength: 12, faults: ['power'] }, 7, 300).flat().filter((a) => a.do === 'power-loss');
  assert.deepEqual([...new Set(cuts.map((a) => (a.do === 'power-loss' ? a.at : '')))].sort(), [...POWER_CUT_POINTS].sort());
  const text = (h: Action[]) => scenarioSteps(h).map((s) => `${s.keyword} ${s.text}`);
  const host = text([{ do: 'power-loss', at: 'waiting-for-host', amountMinor: 4250 }]);
  const i = host.indexOf('Given the power fails while the terminal waits for the host');
  assert.ok(i > 0);
  assert.deepEqual(host.slice(i + 1, i + 3), ['When a sale of 42.50 is paid with the card UNIONPAY_CHIP', 'When the power comes back']);
  const settle = text([{ do: 'power-loss', at: 'during-settlement' }]);
  const j = settle.indexOf('Given the power fails during settlement');
  assert.deepEqual(settle.slice(j + 1, j + 3), ['When the cashier attempts to settle the batch', 'When the power comes back']);
  const now = text([{ do: 'power-loss', at: 'now' }]);
  const k = now.indexOf('When the power fails');
  assert.equal(now[k + 1], 'When the power comes back');
});

test('a cut armed while a fault is active goes at once instead (its transaction might never reach the point)', () => {
  const down: Action = { do: 'fault', fault: 'network-down' };
  const cut: Action = { do: 'power-loss', at: 'before-print', amountMinor: 500 };
  assert.deepEqual(normalize([down, cut]), [down, { do: 'power-loss', at: 'now' }]);
  assert.deepEqual(normalize([down, { do: 'recover', recovery: 'network' }, cut]), [down, { do: 'recover', recovery: 'network' }, cut]);
});

test('the histories the rules are about are drawn often: a void or refund after a settlement, two refunds of one sale, two sales and a void or refund', () => {
  const hs = sampleHistories({ maxLength: 10 }, 1, 60);
  const has = (pred: (h: Action[], i: number) => boolean) => hs.filter((h) => h.some((_, i) => pred(h, i))).length;
  const afterSettle = has((h, i) => h[i]!.do === 'settle' && i > 0 && h[i - 1]!.do === 'sale' && ['void', 'refund'].includes(h[i + 1]?.do ?? ''));
  const twoRefunds = has((h, i) => h[i]!.do === 'sale' && h[i + 1]?.do === 'refund' && h[i + 2]?.do === 'refund');
  const olderSale = has((h, i) => h[i]!.do === 'sale' && h[i + 1]?.do === 'sale' && ['void', 'refund'].includes(h[i + 2]?.do ?? ''));
  for (const [what, n] of Object.entries({ afterSettle, twoRefunds, olderSale })) assert.ok(n >= 5, `${what}: ${n} of 60 histories`);
});

test('a refund drawn as a share of a sale drawn before it, a tap at the limit then in force', () => {
  const sale = (amountMinor: number): Action => ({ do: 'sale', amountMinor, card: 'UNIONPAY_CHIP' });
  assert.deepEqual(resolve([sale(1000), sale(400), { do: 'refund-of', back: 1, percent: 60 }, { do: 'refund-of', back: 0, percent: 150 }]).slice(2), [
    { do: 'refund', amountMinor: 600 },
    { do: 'refund', amountMinor: 600 },
  ]);
  const limit: Action = { do: 'setting', setting: 'contactless_limit', value: '50.00' };
  assert.deepEqual(resolve([limit, { do: 'tap-at-limit', overMinor: 1 }])[1], { do: 'present', way: 'tap-over-limit', amountMinor: 5001 });
});

test('a card presented wrong is written as features/cards/ writes it, then judged at once; card settings may come anywhere', () => {
  const text = scenarioSteps([{ do: 'sale', amountMinor: 100, card: 'UNIONPAY_CHIP' }, { do: 'setting', setting: 'allow_fallback', value: 'off' }, { do: 'present', way: 'dead-chip', amountMinor: 1000 }]).map((s) => `${s.keyword} ${s.text}`);
  const i = text.indexOf('Given the terminal setting "allow_fallback" is "off"');
  assert.ok(i > 0, 'a card setting after a sale is kept');
  assert.deepEqual(text.slice(i + 1, i + 5), [
    'When the cashier starts a sale of 10.00',
    'When the customer presents the card CHIP_READ_FAILURE',
    'When the customer presents the card CHIP_CARD_SWIPED',
    "Then every approval was taken the way the card and the terminal's settings allow",
  ]);
  // receipt_copies is a frame setting: only at the start.
  assert.deepEqual(normalize([{ do: 'sale', amountMinor: 100, card: 'UNIONPAY_CHIP' }, { do: 'setting', setting: 'receipt_copies', value: '2' }]).length, 1);
});
