/**
 * Random histories, as fast-check arbitraries: fast-check draws them from a seed (the same
 * seed, the same histories, in the same order) and shrinks a failing one — shorter arrays,
 * simpler actions, smaller numbers — deterministically too.
 */
import fc from 'fast-check';
import { CARD_MISHAP_WAYS, FAULTS, FAULT_FAMILIES, FRAME_SETTINGS, POWER_CUT_POINTS, SALE_CARDS, normalize, type Action, type FaultFamily, type FaultName, type FaultSpec, type Recovery, type SaleCard } from './history';
import { ExploreError } from './runner';

export interface GenerateOptions {
  /** The longest history (actions, before the fixed opening and ending). */
  maxLength: number;
  /** Fault families to inject (all when absent). */
  faults?: readonly FaultFamily[];
}

/** Parse `--faults network,bank,…`; an unknown family is an error naming the known ones. */
export function parseFaultFamilies(list: string): FaultFamily[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!(FAULT_FAMILIES as readonly string[]).includes(n)) throw new ExploreError(`--faults: unknown fault family "${n}" (known: ${FAULT_FAMILIES.join(', ')})`);
  }
  return names as FaultFamily[];
}

/** Amounts in minor units: 1.00 … 300.00. */
const amount = fc.integer({ min: 100, max: 30000 });

/**
 * What the arbitraries draw before the history is resolved (`resolve`): actions, and two
 * drafts that depend on what came before them — a refund of a share of a sale drawn earlier
 * (`back` sales back, 0 the last; `percent` of its amount: under 100 partial, over 100 more
 * than the sale), and a tap `overMinor` at or over the contactless_limit then in force.
 */
export type Draft = Action | { do: 'refund-of'; back: number; percent: number } | { do: 'tap-at-limit'; overMinor: number };

/** The cards a sale of a scene is paid with: ones the host approves. */
const APPROVED_CARDS: readonly SaleCard[] = ['UNIONPAY_CHIP', 'VISA_CHIP', 'UNIONPAY_MAGSTRIPE', 'MASTERCARD_CONTACTLESS'];
const approvedSale = fc.record({ do: fc.constant('sale' as const), amountMinor: amount, card: fc.constantFrom(...APPROVED_CARDS) });
const refundOf = (back: number, min: number, max: number) => fc.integer({ min, max }).map((percent): Draft => ({ do: 'refund-of', back, percent }));
const setting = (setting: 'allow_fallback' | 'contactless_limit', value: string): Draft => ({ do: 'setting', setting, value });

/**
 * Short sequences the rules of voids, refunds and cards are about, drawn as one element
 * (fast-check drops or keeps them whole; explore's single-action pass takes them apart):
 * a void or refund right after a settlement, two partial refunds of one sale, a refund of a
 * share of an older sale (or a void) while a newer one is open, and the card settings around
 * a card presented wrong.
 */
function scenes(operator: boolean): { arbitrary: fc.Arbitrary<Draft[]>; weight: number }[] {
  const out: { arbitrary: fc.Arbitrary<Draft[]>; weight: number }[] = [
    { arbitrary: fc.tuple(approvedSale, fc.oneof(fc.constant<Draft>({ do: 'void' }), refundOf(0, 20, 100))).map(([sale, after]): Draft[] => [sale, { do: 'settle' }, after]), weight: 1 },
    { arbitrary: fc.tuple(approvedSale, refundOf(0, 30, 80), refundOf(0, 30, 80)), weight: 1 },
    { arbitrary: fc.tuple(approvedSale, approvedSale, fc.oneof(refundOf(1, 30, 100), fc.constant<Draft>({ do: 'void' }))), weight: 1 },
  ];
  if (operator) {
    const limit = fc.integer({ min: 10, max: 200 }).map((n) => `${n}.00`);
    out.push(
      { arbitrary: fc.tuple(limit, fc.integer({ min: 0, max: 5000 })).map(([l, overMinor]): Draft[] => [setting('contactless_limit', l), { do: 'tap-at-limit', overMinor }, setting('contactless_limit', 'off')]), weight: 1 },
      { arbitrary: amount.map((amountMinor): Draft[] => [setting('allow_fallback', 'off'), { do: 'present', way: 'dead-chip', amountMinor }, setting('allow_fallback', 'on')]), weight: 1 },
    );
  }
  return out;
}

function faultArbitrary(name: FaultName): fc.Arbitrary<Action> {
  const spec: FaultSpec = FAULTS[name];
  if (!spec.range) return fc.constant<Action>({ do: 'fault', fault: name });
  const [min, max] = spec.range;
  return fc.integer({ min, max }).map((n): Action => ({ do: 'fault', fault: name, n }));
}

/** One element of a history: mostly sales, the other cashier operations, faults of the chosen families and their recoveries, and scenes. */
function draftArbitrary(families: readonly FaultFamily[]): fc.Arbitrary<Draft[]> {
  const on = (f: FaultFamily) => families.includes(f);
  const faults = (Object.keys(FAULTS) as FaultName[]).filter((n) => on(FAULTS[n].family));
  const recoveries = [...new Set(faults.map((n): Recovery => FAULTS[n].recovery))];
  const choices: { arbitrary: fc.Arbitrary<Draft>; weight: number }[] = [
    // The first choice is what fast-check shrinks towards: a plain sale.
    { arbitrary: fc.record({ do: fc.constant('sale' as const), amountMinor: amount, card: fc.constantFrom(...SALE_CARDS) }), weight: 8 },
    { arbitrary: fc.constant<Draft>({ do: 'void' }), weight: 2 },
    // A refund of a share of a recent sale, sometimes of any amount.
    { arbitrary: fc.oneof(fc.integer({ min: 0, max: 2 }).chain((back) => refundOf(back, 10, 150)), amount.map((amountMinor): Draft => ({ do: 'refund', amountMinor }))), weight: 2 },
    { arbitrary: fc.constant<Draft>({ do: 'reprint' }), weight: 2 },
    { arbitrary: fc.constant<Draft>({ do: 'settle' }), weight: 1 },
  ];
  if (on('operator')) {
    choices.push({ arbitrary: amount.map((amountMinor): Draft => ({ do: 'cancel', amountMinor })), weight: 1 });
    // A card presented wrong (history.ts CARD_MISHAPS), and allow_fallback switched.
    choices.push({ arbitrary: fc.record({ do: fc.constant('present' as const), way: fc.constantFrom(...CARD_MISHAP_WAYS), amountMinor: amount }), weight: 2 });
    choices.push({ arbitrary: fc.constantFrom('off', 'on').map((value) => setting('allow_fallback', value)), weight: 1 });
  }
  if (on('power')) {
    // A cut at once first (what shrinking goes for), then the points a transaction reaches.
    const cut = fc.record({ at: fc.constantFrom(...POWER_CUT_POINTS), amountMinor: amount }).map(({ at, amountMinor }): Action => (at === 'now' || at === 'during-settlement' ? { do: 'power-loss', at } : { do: 'power-loss', at, amountMinor }));
    choices.push({ arbitrary: cut, weight: 2 });
  }
  if (faults.length) {
    choices.push({ arbitrary: fc.oneof(...faults.map(faultArbitrary)), weight: 5 });
    choices.push({ arbitrary: fc.constantFrom(...recoveries).map((recovery): Action => ({ do: 'recover', recovery })), weight: 2 });
  }
  return fc.oneof(...choices.map((c) => ({ arbitrary: c.arbitrary.map((d) => [d]), weight: c.weight })), ...scenes(on('operator')));
}

/** The amount of each sale a history draws, in order (the sales a refund-of counts back through). */
function saleAmount(a: Action): number | undefined {
  if (a.do === 'sale' || a.do === 'present') return a.amountMinor;
  if (a.do === 'power-loss') return a.amountMinor;
  return undefined;
}

/** The drafts as actions: each refund-of and tap-at-limit given its amount from what was drawn before it. */
export function resolve(drafts: readonly Draft[]): Action[] {
  const sales: number[] = [];
  let limitMinor = 0;
  return drafts.map((d): Action => {
    let a: Action;
    if (d.do === 'refund-of') {
      const sale = sales[sales.length - 1 - d.back] ?? sales[0] ?? 10000;
      a = { do: 'refund', amountMinor: Math.max(1, Math.round((sale * d.percent) / 100)) };
    } else if (d.do === 'tap-at-limit') a = { do: 'present', way: 'tap-over-limit', amountMinor: (limitMinor || 100) + d.overMinor };
    else a = d;
    if (a.do === 'setting' && a.setting === 'contactless_limit') limitMinor = a.value === 'off' ? 0 : Math.round(Number(a.value) * 100);
    const s = saleAmount(a);
    if (s !== undefined) sales.push(s);
    return a;
  });
}

export function historyArbitrary(opts: GenerateOptions): fc.Arbitrary<Action[]> {
  if (!Number.isInteger(opts.maxLength) || opts.maxLength < 1) throw new ExploreError(`--length: expected a whole number ≥ 1, got ${opts.maxLength}`);
  // One history in four starts with a terminal setting (history.ts FRAME_SETTINGS).
  const settings = (Object.keys(FRAME_SETTINGS) as (keyof typeof FRAME_SETTINGS)[]).flatMap((setting) => FRAME_SETTINGS[setting].map((value): Action => ({ do: 'setting', setting, value })));
  const frame = fc.option(fc.constantFrom(...settings), { freq: 4, nil: undefined });
  return fc
    .tuple(frame, fc.array(draftArbitrary(opts.faults ?? FAULT_FAMILIES), { minLength: 1, maxLength: opts.maxLength }))
    .map(([s, elements]) => {
      const history = resolve(elements.flat()).slice(0, s ? opts.maxLength - 1 : opts.maxLength);
      return normalize(s ? [s, ...history] : history);
    });
}

/** The first `count` histories fast-check draws from `seed` (for tests and for replaying one run). */
export function sampleHistories(opts: GenerateOptions, seed: number, count: number): Action[][] {
  return fc.sample(historyArbitrary(opts), { seed, numRuns: count });
}
