/**
 * A history: what happens on the bench during one explore run, as data. Cashier actions,
 * fault injections and their recoveries, each of which is written with the canonical steps
 * of the vocabulary (docs/steps.md) — so a history IS a scenario: explore runs those steps
 * through the step definitions, and a failing one is written out as a `.feature` that
 * `posbench run` runs unchanged.
 *
 * A scenario is the history framed by a fixed opening (defects, sign-on, an approving
 * issuer) and a fixed ending (every fault still active cleared, the terminal's chance to
 * recover — its next online sale, then a settlement — and the invariant checks). Shrinking
 * works on the history only; the frame is derived from it again.
 */

/** Fault families, as `--faults` names them. */
export const FAULT_FAMILIES = ['network', 'bank', 'printer', 'power', 'operator'] as const;
export type FaultFamily = (typeof FAULT_FAMILIES)[number];

/** How a fault that stays until it is cleared is cleared: one step per kind. */
export const RECOVERIES = {
  network: 'the network recovers',
  bank: 'the issuer responds normally',
  declines: 'the issuer approves all transactions',
  paper: 'the technician loads paper',
  cover: 'the technician closes the printer cover',
  printer: 'the printer comes back online',
} as const;
export type Recovery = keyof typeof RECOVERIES;

/** One injectable fault: its family, the recovery that clears it, its step (ms given when it takes one). */
export interface FaultSpec {
  family: FaultFamily;
  recovery: Recovery;
  /** The range of the step's one number, when it has one: [min, max] (ms or lines). */
  range?: readonly [number, number];
  step(n: number): string;
}

/**
 * The faults explore injects. Each step is a canonical Given of docs/steps.md, which records
 * the injection with its cause; the ranges keep runs short on the reference profile
 * (host_timeout_ms 1500).
 */
export const FAULTS = {
  'network-latency': { family: 'network', recovery: 'network', range: [20, 300], step: (n) => `the network adds ${n} ms of latency` },
  'network-drop-response': { family: 'network', recovery: 'network', step: () => 'the network drops the response to the next request' },
  'network-reset-after-request': { family: 'network', recovery: 'network', step: () => 'the network resets the connection after the next request is sent' },
  'network-down': { family: 'network', recovery: 'network', step: () => 'the network is down' },
  'network-late-response': { family: 'network', recovery: 'network', range: [50, 400], step: (n) => `the network delivers the response to the next request ${n} ms after the terminal's host timeout` },
  'network-duplicate-response': { family: 'network', recovery: 'network', step: () => 'the network duplicates the response to the next request' },
  'network-reset-after-approval': { family: 'network', recovery: 'network', step: () => 'the network resets the connection right after the next approval' },
  'network-corrupt-mac': { family: 'network', recovery: 'network', step: () => 'the network corrupts the MAC of the next response' },
  'network-drop-request': { family: 'network', recovery: 'network', step: () => 'the network drops the next request' },
  'bank-delay': { family: 'bank', recovery: 'bank', range: [50, 600], step: (n) => `the issuer responds after ${n} ms` },
  'bank-late': { family: 'bank', recovery: 'bank', range: [50, 400], step: (n) => `the issuer responds ${n} ms after the terminal's host timeout` },
  'bank-silent': { family: 'bank', recovery: 'bank', step: () => 'the issuer does not respond' },
  'bank-bad-mac': { family: 'bank', recovery: 'bank', step: () => 'the issuer sends responses with a bad MAC' },
  'bank-declines': { family: 'bank', recovery: 'declines', step: () => 'the issuer declines transactions with response code "51"' },
  // A decline whose code starts with 0, as the approval 00 does ("05": do not honour).
  'bank-declines-05': { family: 'bank', recovery: 'declines', step: () => 'the issuer declines transactions with response code "05"' },
  'printer-no-paper': { family: 'printer', recovery: 'paper', step: () => 'the printer has no paper' },
  'printer-paper-runs-out': { family: 'printer', recovery: 'paper', range: [2, 12], step: (n) => `the printer runs out of paper after ${n} lines` },
  'printer-cover-open': { family: 'printer', recovery: 'cover', step: () => 'the printer cover is open' },
  'printer-offline': { family: 'printer', recovery: 'printer', step: () => 'the printer is offline' },
} as const satisfies Record<string, FaultSpec>;
export type FaultName = keyof typeof FAULTS;

/**
 * The catalog cards a sale picks from (src/cards/cards.yaml): chip, swipe and tap, and the
 * cards a terminal must refuse or the host declines. (A chip card swiped, a chip that fails,
 * a tap over the limit need a second card within the sale: CARD_MISHAPS.)
 */
export const SALE_CARDS = [
  'UNIONPAY_CHIP',
  'UNIONPAY_MAGSTRIPE',
  'VISA_CHIP',
  'MASTERCARD_CONTACTLESS',
  'EXPIRED_CARD',
  'BAD_LUHN_CARD',
  'CARD_PULLED_EARLY',
] as const;
export type SaleCard = (typeof SALE_CARDS)[number];

export type Action =
  | { do: 'sale'; amountMinor: number; card: SaleCard }
  | { do: 'void' }
  | { do: 'refund'; amountMinor: number }
  | { do: 'reprint' }
  | { do: 'settle' }
  /** Operator error: the cashier starts a sale and cancels it before a card is presented. */
  | { do: 'cancel'; amountMinor: number }
  /** The power fails at `at` (a point the next transaction reaches, or at once) and comes back. */
  | { do: 'power-loss'; at: PowerCutPoint; amountMinor?: number }
  | { do: 'fault'; fault: FaultName; n?: number }
  /** A terminal setting: one of FRAME_SETTINGS before anything else happens (normalize keeps it only at the start), or of CARD_SETTINGS anywhere. */
  | { do: 'setting'; setting: FrameSetting | CardSetting; value: string }
  /** A sale whose card is presented the way a customer may get wrong, then the card the terminal must ask for (CARD_MISHAPS). */
  | { do: 'present'; way: CardMishap; amountMinor: number }
  | { do: 'recover'; recovery: Recovery };

/**
 * Terminal settings a history may start with, and the values drawn: each is a setting the
 * terminal's slips or checks depend on. Only at the start: the oracle and the slips
 * invariant read the terminal's settings at the end, as if they had held all along.
 */
export const FRAME_SETTINGS = {
  receipt_copies: ['2'],
} as const satisfies Record<string, readonly string[]>;
export type FrameSetting = keyof typeof FRAME_SETTINGS;

/**
 * Terminal settings a history may change anywhere: the card policy's (docs/domain.md §3),
 * allow_fallback on / off and contactless_limit (an amount, or off). The card-policy
 * invariant (card-policy.ts) reads them as they were when each request reached the host,
 * so, unlike FRAME_SETTINGS, they need not hold all along.
 */
export const CARD_SETTINGS = ['allow_fallback', 'contactless_limit'] as const;
export type CardSetting = (typeof CARD_SETTINGS)[number];

/**
 * Cards presented the way a customer may get them wrong, as features/cards/ phrases them:
 * the cashier starts a sale, the customer presents `first`, then `then` when the terminal
 * asks for another card (steps/cashier.steps.ts: a sale that took `first` asks for none).
 * - `chip-swiped`: a chip card swiped — the terminal must ask for the chip;
 * - `dead-chip`: a chip that does not answer, then the fallback swipe — taken only with
 *   allow_fallback on;
 * - `tap-over-limit`: a tap (at or over a contactless_limit, when the history set one) —
 *   the terminal must ask for the chip.
 */
export const CARD_MISHAPS = {
  'chip-swiped': { first: 'CHIP_CARD_SWIPED', then: 'UNIONPAY_CHIP' },
  'dead-chip': { first: 'CHIP_READ_FAILURE', then: 'CHIP_CARD_SWIPED' },
  'tap-over-limit': { first: 'MASTERCARD_CONTACTLESS', then: 'VISA_CHIP' },
} as const satisfies Record<string, { first: string; then: string }>;
export type CardMishap = keyof typeof CARD_MISHAPS;
export const CARD_MISHAP_WAYS = Object.keys(CARD_MISHAPS) as CardMishap[];

const isFrameSetting = (name: string): name is FrameSetting => Object.prototype.hasOwnProperty.call(FRAME_SETTINGS, name);

export type Keyword = 'Given' | 'When' | 'Then';

export interface ScenarioStep {
  keyword: Keyword;
  text: string;
}

export interface HistoryFrame {
  /** Seeded firmware defects switched on for the run (the terminal setting "defects"). */
  defects?: readonly string[];
}

export function formatAmount(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/**
 * Where explore cuts the power (src/bench/power.ts POWER_POINTS), each with its canonical
 * step (docs/steps.md, Power). A point other than `now` is armed before the transaction that
 * reaches it — a sale for the first three, a settlement for `during-settlement`.
 */
export const POWER_CUTS = {
  now: { keyword: 'When', text: 'the power fails', through: 'none' },
  'waiting-for-host': { keyword: 'Given', text: 'the power fails while the terminal waits for the host', through: 'sale' },
  'before-print': { keyword: 'Given', text: 'the power fails after the approval, before the receipt is printed', through: 'sale' },
  'mid-slip': { keyword: 'Given', text: 'the power fails in the middle of a receipt', through: 'sale' },
  'during-settlement': { keyword: 'Given', text: 'the power fails during settlement', through: 'settle' },
} as const satisfies Record<string, { keyword: Keyword; text: string; through: 'none' | 'sale' | 'settle' }>;
export type PowerCutPoint = keyof typeof POWER_CUTS;
export const POWER_CUT_POINTS = Object.keys(POWER_CUTS) as PowerCutPoint[];

/** The card of the sale a cut is armed for: one the host approves and the terminal prints for, so the sale reaches every point. */
export const POWER_CUT_CARD: SaleCard = 'UNIONPAY_CHIP';

/**
 * The steps of a power loss: the cut (armed at its point, then the transaction that reaches
 * it; or at once) and the power coming back.
 */
export function powerLossSteps(a: Extract<Action, { do: 'power-loss' }>): ScenarioStep[] {
  const cut = POWER_CUTS[a.at];
  const steps: ScenarioStep[] = [{ keyword: cut.keyword, text: cut.text }];
  if (cut.through === 'sale') steps.push({ keyword: 'When', text: `a sale of ${formatAmount(a.amountMinor ?? 100)} is paid with the card ${POWER_CUT_CARD}` });
  if (cut.through === 'settle') steps.push({ keyword: 'When', text: 'the cashier attempts to settle the batch' });
  steps.push({ keyword: 'When', text: 'the power comes back' });
  return steps;
}

/** A card that is the same account every time: the recovery sale's. */
const RECOVERY_CARD: SaleCard = 'UNIONPAY_MAGSTRIPE';
const RECOVERY_AMOUNT_MINOR = 100;

/** The canonical steps one action is written as. */
export function actionSteps(a: Action): ScenarioStep[] {
  switch (a.do) {
    case 'sale':
      return [{ keyword: 'When', text: `a sale of ${formatAmount(a.amountMinor)} is paid with the card ${a.card}` }];
    case 'void':
      return [{ keyword: 'When', text: 'the cashier voids the last transaction' }];
    case 'refund':
      return [{ keyword: 'When', text: `the cashier refunds ${formatAmount(a.amountMinor)} of the last transaction` }];
    case 'reprint':
      return [{ keyword: 'When', text: 'the cashier reprints the last receipt' }];
    case 'settle':
      return [{ keyword: 'When', text: 'the cashier attempts to settle the batch' }];
    case 'cancel':
      return [
        { keyword: 'When', text: `the cashier starts a sale of ${formatAmount(a.amountMinor)}` },
        { keyword: 'When', text: 'the cashier cancels the transaction' },
        { keyword: 'Then', text: 'the transaction fails' },
      ];
    case 'power-loss':
      return powerLossSteps(a);
    case 'fault': {
      const spec: FaultSpec = FAULTS[a.fault];
      return [{ keyword: 'Given', text: spec.step(a.n ?? spec.range?.[0] ?? 0) }];
    }
    case 'recover':
      return [{ keyword: 'When', text: RECOVERIES[a.recovery] }];
    case 'setting':
      return [{ keyword: 'Given', text: `the terminal setting "${a.setting}" is "${a.value}"` }];
    case 'present': {
      const m = CARD_MISHAPS[a.way];
      return [
        { keyword: 'When', text: `the cashier starts a sale of ${formatAmount(a.amountMinor)}` },
        { keyword: 'When', text: `the customer presents the card ${m.first}` },
        { keyword: 'When', text: `the customer presents the card ${m.then}` },
        // Waits for the sale, and judges how its card was taken while the settings are fresh.
        { keyword: 'Then', text: INVARIANT_STEPS.cards },
      ];
    }
  }
}

/**
 * A history as the bench can play it: a fault injected again while it is still active (no
 * recovery of its kind in between) is dropped — the proxy holds one fault of a kind at a
 * time, and a second one would say nothing new.
 */
export function normalize(history: readonly Action[]): Action[] {
  const active = new Set<FaultName>();
  const out: Action[] = [];
  const set = new Set<FrameSetting>();
  for (const a of history) {
    if (a.do === 'setting' && isFrameSetting(a.setting)) {
      // Frame settings only before anything else happens, each once.
      if (out.some((b) => b.do !== 'setting') || set.has(a.setting)) continue;
      set.add(a.setting);
    }
    // An armed cut needs its transaction to reach its point: with a fault active it might
    // never (the host unreachable, the printer out), so the power goes at once instead.
    if (a.do === 'power-loss' && a.at !== 'now' && active.size) {
      out.push({ do: 'power-loss', at: 'now' });
      continue;
    }
    if (a.do === 'fault') {
      if (active.has(a.fault)) continue;
      active.add(a.fault);
    }
    if (a.do === 'recover') {
      for (const f of [...active]) {
        const r = FAULTS[f].recovery;
        if (r === a.recovery || (a.recovery === 'declines' && r === 'bank')) active.delete(f);
      }
    }
    out.push(a);
  }
  return out;
}

/** The recoveries still owed at the end of a history, in a fixed order. */
export function activeAtEnd(history: readonly Action[]): Recovery[] {
  const active = new Set<Recovery>();
  for (const a of history) {
    if (a.do === 'fault') active.add(FAULTS[a.fault].recovery);
    if (a.do === 'recover') {
      active.delete(a.recovery);
      // Approving everything clears delays and silence too.
      if (a.recovery === 'declines') active.delete('bank');
    }
  }
  return (Object.keys(RECOVERIES) as Recovery[]).filter((r) => active.has(r));
}

/** The invariant checks (steps/explore.steps.ts, src/explore/invariants.ts), as steps. */
export const INVARIANT_STEPS = {
  explained: 'every desync the bench reports is explained by an injected fault',
  repaired: 'nothing the terminal could have repaired is left',
  slips: 'the terminal accounts truthfully for every slip',
  pan: 'no card number appears in full',
  rules: 'the terminal keeps the rules of voids, refunds and reversals',
  cards: "every approval was taken the way the card and the terminal's settings allow",
} as const;

/** The whole scenario of a history: opening, the history, recovery, the invariant checks. */
export function scenarioSteps(history: readonly Action[], frame: HistoryFrame = {}): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  if (frame.defects?.length) steps.push({ keyword: 'Given', text: `the terminal setting "defects" is "${frame.defects.join(',')}"` });
  steps.push({ keyword: 'Given', text: 'the terminal is signed on' }, { keyword: 'Given', text: 'the issuer approves all transactions' });
  for (const a of history) steps.push(...actionSteps(a));
  // While the faults are still active: every desync so far has an injected cause.
  steps.push({ keyword: 'Then', text: INVARIANT_STEPS.explained });
  for (const r of activeAtEnd(history)) steps.push({ keyword: 'When', text: RECOVERIES[r] });
  // The terminal's chance to recover: its next online transaction, then a settlement.
  steps.push(
    { keyword: 'When', text: `a sale of ${formatAmount(RECOVERY_AMOUNT_MINOR)} is paid with the card ${RECOVERY_CARD}` },
    { keyword: 'When', text: 'the cashier attempts to settle the batch' },
    { keyword: 'Then', text: INVARIANT_STEPS.explained },
    { keyword: 'Then', text: INVARIANT_STEPS.repaired },
    { keyword: 'Then', text: INVARIANT_STEPS.slips },
    { keyword: 'Then', text: INVARIANT_STEPS.pan },
    { keyword: 'Then', text: INVARIANT_STEPS.rules },
    { keyword: 'Then', text: INVARIANT_STEPS.cards },
  );
  return steps;
}

/** The faults a history injects (with power losses and operator errors), for the report. */
export function faultsOf(history: readonly Action[]): string[] {
  const out: string[] = [];
  for (const a of history) {
    if (a.do === 'fault') out.push(a.fault);
    if (a.do === 'power-loss') out.push(a.at === 'now' ? 'power-loss' : `power-loss-${a.at}`);
    if (a.do === 'cancel') out.push('operator-cancel');
    if (a.do === 'present') out.push(`operator-${a.way}`);
  }
  return out;
}
