/**
 * Random histories, as fast-check arbitraries: fast-check draws them from a seed (the same
 * seed, the same histories, in the same order) and shrinks a failing one — shorter arrays,
 * simpler actions, smaller numbers — deterministically too.
 */
import fc from 'fast-check';
import { FAULTS, FAULT_FAMILIES, FRAME_SETTINGS, POWER_CUT_POINTS, SALE_CARDS, normalize, type Action, type FaultFamily, type FaultName, type FaultSpec, type Recovery } from './history';
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

function faultArbitrary(name: FaultName): fc.Arbitrary<Action> {
  const spec: FaultSpec = FAULTS[name];
  if (!spec.range) return fc.constant<Action>({ do: 'fault', fault: name });
  const [min, max] = spec.range;
  return fc.integer({ min, max }).map((n): Action => ({ do: 'fault', fault: name, n }));
}

/** One action: mostly sales, the other cashier operations, faults of the chosen families and their recoveries. */
export function actionArbitrary(families: readonly FaultFamily[] = FAULT_FAMILIES): fc.Arbitrary<Action> {
  const on = (f: FaultFamily) => families.includes(f);
  const faults = (Object.keys(FAULTS) as FaultName[]).filter((n) => on(FAULTS[n].family));
  const recoveries = [...new Set(faults.map((n): Recovery => FAULTS[n].recovery))];
  const choices: { arbitrary: fc.Arbitrary<Action>; weight: number }[] = [
    // The first choice is what fast-check shrinks towards: a plain sale.
    { arbitrary: fc.record({ do: fc.constant('sale' as const), amountMinor: amount, card: fc.constantFrom(...SALE_CARDS) }), weight: 8 },
    { arbitrary: fc.constant<Action>({ do: 'void' }), weight: 2 },
    { arbitrary: amount.map((amountMinor): Action => ({ do: 'refund', amountMinor })), weight: 2 },
    { arbitrary: fc.constant<Action>({ do: 'reprint' }), weight: 2 },
    { arbitrary: fc.constant<Action>({ do: 'settle' }), weight: 1 },
  ];
  if (on('operator')) choices.push({ arbitrary: amount.map((amountMinor): Action => ({ do: 'cancel', amountMinor })), weight: 1 });
  if (on('power')) {
    // A cut at once first (what shrinking goes for), then the points a transaction reaches.
    const cut = fc.record({ at: fc.constantFrom(...POWER_CUT_POINTS), amountMinor: amount }).map(({ at, amountMinor }): Action => (at === 'now' || at === 'during-settlement' ? { do: 'power-loss', at } : { do: 'power-loss', at, amountMinor }));
    choices.push({ arbitrary: cut, weight: 2 });
  }
  if (faults.length) {
    choices.push({ arbitrary: fc.oneof(...faults.map(faultArbitrary)), weight: 5 });
    choices.push({ arbitrary: fc.constantFrom(...recoveries).map((recovery): Action => ({ do: 'recover', recovery })), weight: 2 });
  }
  return fc.oneof(...choices);
}

export function historyArbitrary(opts: GenerateOptions): fc.Arbitrary<Action[]> {
  if (!Number.isInteger(opts.maxLength) || opts.maxLength < 1) throw new ExploreError(`--length: expected a whole number ≥ 1, got ${opts.maxLength}`);
  // One history in four starts with a terminal setting (history.ts FRAME_SETTINGS).
  const settings = (Object.keys(FRAME_SETTINGS) as (keyof typeof FRAME_SETTINGS)[]).flatMap((setting) => FRAME_SETTINGS[setting].map((value): Action => ({ do: 'setting', setting, value })));
  const setting = fc.option(fc.constantFrom(...settings), { freq: 4, nil: undefined });
  return fc
    .tuple(setting, fc.array(actionArbitrary(opts.faults), { minLength: 1, maxLength: opts.maxLength }))
    .map(([s, history]) => normalize(s ? [s, ...history.slice(0, opts.maxLength - 1)] : history));
}

/** The first `count` histories fast-check draws from `seed` (for tests and for replaying one run). */
export function sampleHistories(opts: GenerateOptions, seed: number, count: number): Action[][] {
  return fc.sample(historyArbitrary(opts), { seed, numRuns: count });
}
