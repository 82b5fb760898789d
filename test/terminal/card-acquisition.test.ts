/**
 * Card acquisition's local checks (src/terminal/card-acquisition.ts) against a scripted card
 * source: the contactless limit, the service code of a swiped card, fallback only when
 * allowed — and the seeded defects that skip each (src/terminal/defects.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { CardAcquisition, type Acquired } from '../../src/terminal/card-acquisition';
import type { CardData, CardEvent, CardSource } from '../../src/terminal/card-source';
import { DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../src/terminal/config';
import { systemClock } from '../../src/util/clock';

const CHIP: CardData = { pan: '6210947000000021', expiry: '3012', serviceCode: '220', presentation: 'chip' };
const CHIP_STRIPE: CardData = { ...CHIP, presentation: 'swipe', track2: '6210947000000021D30122200000000000' };

/** A card source that answers the chip as told; `present` hands the terminal the next card event. */
function source(chipFails = false) {
  const s = new EventEmitter() as EventEmitter<{ card: [e: CardEvent] }> & CardSource;
  s.readCard = async () => {
    if (chipFails) throw Object.assign(new Error('no answer to reset'), { code: 'CHIP_ERROR' });
    return CHIP;
  };
  s.generateAc = async () => ({ tlv: Buffer.from('9f2608', 'hex') });
  return s;
}

async function acquire(settings: Partial<TerminalConfig>, amountMinor: number, events: CardEvent[], chipFails = false): Promise<{ got: Acquired; shown: string[] }> {
  const src = source(chipFails);
  const shown: string[] = [];
  const config = { ...DEFAULT_TERMINAL_CONFIG, cardWaitTimeoutMs: 200, ...settings };
  const cards = new CardAcquisition(src, () => config, systemClock, (t) => shown.push(t), () => undefined);
  const pending = cards.acquire(amountMinor);
  for (const e of events) {
    await new Promise((r) => setImmediate(r));
    src.emit('card', e);
  }
  const got = await pending;
  cards.detach();
  return { got, shown };
}

const entry = (a: Acquired) => ('fail' in a ? `fail: ${a.fail}` : `${a.card.presentation}${a.fallback ? ' (fallback)' : ''}`);

test('a tap at the contactless limit is refused and the inserted card taken; under the limit the tap is taken', async () => {
  const limit = { contactlessLimitMinor: 10000 };
  const at = await acquire(limit, 10000, [{ event: 'tapped' }, { event: 'inserted' }]);
  assert.equal(entry(at.got), 'chip');
  assert.ok(at.shown.some((t) => t.startsWith('OVER CONTACTLESS LIMIT, INSERT CARD')), at.shown.join(' | '));
  assert.equal(entry((await acquire(limit, 9999, [{ event: 'tapped' }])).got), 'tap');
  assert.equal(entry((await acquire({}, 10_000_000, [{ event: 'tapped' }])).got), 'tap', 'no limit by default');
  assert.equal(entry((await acquire({ ...limit, defects: ['no-contactless-limit'] }, 10000, [{ event: 'tapped' }])).got), 'tap', 'the defect takes the tap');
});

test("a chip card's swipe is sent to the chip, unless the defect ignores the service code", async () => {
  const sent = await acquire({}, 1000, [{ event: 'swiped', card: CHIP_STRIPE }, { event: 'inserted' }]);
  assert.equal(entry(sent.got), 'chip');
  assert.ok(sent.shown.some((t) => t.startsWith('PLEASE INSERT CHIP')));
  assert.equal(entry((await acquire({ defects: ['swipe-ignores-service-code'] }, 1000, [{ event: 'swiped', card: CHIP_STRIPE }])).got), 'swipe');
});

test('after a chip failure the swipe is a fallback only when allow_fallback is on, unless the defect ignores the setting', async () => {
  assert.equal(entry((await acquire({}, 1000, [{ event: 'inserted' }, { event: 'swiped', card: CHIP_STRIPE }], true)).got), 'swipe (fallback)');
  const off = await acquire({ allowFallback: false }, 1000, [{ event: 'inserted' }], true);
  assert.equal(entry(off.got), 'fail: chip read failed');
  assert.equal(entry((await acquire({ allowFallback: false, defects: ['fallback-ignores-setting'] }, 1000, [{ event: 'inserted' }, { event: 'swiped', card: CHIP_STRIPE }], true)).got), 'swipe (fallback)');
});
