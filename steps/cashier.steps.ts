import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import type { Amount } from './parameters';
import { presentCardAction } from '../src/bench/operator';
import { OperatorTerminalDriver } from '../src/bench/operator-driver';
import { EcrError } from '../src/protocols/ecr';

function checkCurrency(world: PosbenchWorld, amount: Amount): void {
  if (amount.currency && amount.currency !== world.bench.profile.currency) {
    throw new Error(`amount ${amount.text} ${amount.currency}: this bench works in ${world.bench.profile.currency}`);
  }
}

/** Start a transaction over ECR; it is awaited by a later step (never an unhandled rejection). */
function begin(world: PosbenchWorld, txn: ReturnType<PosbenchWorld['bench']['driver']['sale']>): void {
  world.pending = txn;
  txn.catch(() => undefined);
}

/**
 * Start a transaction, present `card` when the terminal asks for one, and wait for the result.
 * On a real reader nobody can present the card in a run that is not interactive: 'skipped'
 * before the transaction starts (src/bench/operator.ts).
 */
export async function payWith(world: PosbenchWorld, start: () => ReturnType<PosbenchWorld['bench']['driver']['sale']>, card: string): Promise<'skipped' | undefined> {
  if (!world.bench.profile.reader.emulated) {
    const action = presentCardAction(card, world.bench.catalog.get(card));
    const why = world.bench.operator.unavailable(action);
    if (why) return world.skipped(world.bench.operator.skip(action, why).reason);
  }
  const driver = world.bench.driver;
  if (driver instanceof OperatorTerminalDriver) {
    // No ECR: one prompt keys the transaction in and presents the card (src/bench/operator-driver.ts).
    driver.useCard(card, world.bench.catalog.get(card));
    begin(world, start());
    await world.finish();
    world.bench.lastCardName = card;
    if (world.last?.stan) world.cardByStan.set(world.last.stan, card);
    return undefined;
  }
  const txn = start();
  // Only what this transaction shows counts: a refusal left on the display by the one
  // before must not pass for this one's.
  const from = world.bench.driver.displayHistory.length;
  begin(world, txn);
  const asked = /PRESENT CARD|NO TRANSACTION|SIGN ON|BATCH FULL|ORIGINAL SETTLED|REFUND EXCEEDS|DUPLICATE/;
  const shown = await world.bench.waitFor(() => world.bench.driver.displayHistory.slice(from).some((d) => asked.test(d)), 10000);
  if (!shown) throw new Error(`the terminal did not show ${asked} within 10000 ms; it shows "${world.bench.driver.display}"`);
  if (/PRESENT CARD/.test(world.bench.driver.display)) await world.bench.presentCard(card);
  await world.finish();
  if (world.last?.stan && world.bench.lastCardName) world.cardByStan.set(world.last.stan, world.bench.lastCardName);
  return undefined;
}

When('the cashier starts a sale of {amount}', async function (this: PosbenchWorld, amount: Amount) {
  checkCurrency(this, amount);
  if (this.bench.driver instanceof OperatorTerminalDriver) {
    // No ECR: the operator keys the sale in with the card, in one prompt, when the customer presents it.
    this.keyedWithCard = amount.minor;
    return;
  }
  if (this.pending) {
    // A second sale while one runs (an ECR that sends twice): the terminal must answer it at
    // once with BUSY; the first goes on, still pending.
    try {
      const r = await this.bench.driver.sale(amount.minor);
      throw new Error(`the terminal took a second sale while one was running (${r.outcome}, STAN ${r.stan ?? '-'})`);
    } catch (e) {
      if (!(e instanceof EcrError && e.code === 'ECR_BUSY')) throw e;
      this.refusedWhileBusy = e;
      return;
    }
  }
  begin(this, this.bench.driver.sale(amount.minor));
  await this.bench.waitForDisplay(/PRESENT CARD|SIGN ON/);
});

/** How a terminal asks for a card: the first prompt, or again after a swiped chip card, a dead chip, a tap over the limit (docs/domain.md §3). */
const CARD_PROMPT = /PRESENT CARD|INSERT CHIP|INSERT CARD|PLEASE SWIPE/;

/**
 * While `txn` runs: wait until the terminal asks for a card since the customer last presented
 * one (true), or until the transaction ends without asking (false). True too when neither
 * happens within 10 s: the card is then presented as the step says.
 */
async function cardAsked(world: PosbenchWorld, txn: Promise<unknown>): Promise<boolean> {
  let ended = false;
  const end = txn.then(
    () => (ended = true),
    () => (ended = true),
  );
  const from = world.displaysAtPresentation;
  const asked = await world.bench.waitFor(() => world.bench.driver.displayHistory.slice(from).some((d) => CARD_PROMPT.test(d)), 10000, end);
  return asked || !ended;
}

When('the customer presents the card {card}', async function (this: PosbenchWorld, card: string) {
  const keyed = this.keyedWithCard;
  if (keyed !== undefined) {
    this.keyedWithCard = undefined;
    return payWith(this, () => this.bench.driver.sale(keyed), card);
  }
  // The customer answers the terminal: while a transaction runs, a card goes in when it asks
  // for one; a transaction that ends without asking (it took the card before) gets no other.
  if (this.pending && !(await cardAsked(this, this.pending))) {
    this.bench.timeline.record({ source: 'step', kind: 'card.not-presented', summary: `the terminal asked for no other card: ${card} stays with the customer`, data: { card } });
    return undefined;
  }
  this.displaysAtPresentation = this.bench.driver.displayHistory.length;
  const skipped = await this.bench.presentCard(card);
  if (!skipped) return undefined;
  // Nobody presents the card: the transaction waiting for one is cancelled, so nothing hangs.
  if (this.pending) await this.bench.driver.cancel().catch(() => undefined);
  await this.finish().catch(() => undefined);
  return this.skipped(skipped);
});

When('the customer removes the card before the transaction completes', async function (this: PosbenchWorld) {
  await this.bench.disturb('operator-error', ['host', 'paper'], 'the customer pulled the card before the transaction completed', async () => {
    await this.bench.waitForDisplay(/PROCESSING/);
    await this.bench.removeCard();
  });
});

When('the cashier cancels the transaction', async function (this: PosbenchWorld) {
  const answer = await this.bench.disturb('operator-error', ['host', 'paper'], 'the cashier cancelled the transaction', () => this.bench.driver.cancel());
  this.cancelled = answer.cancelled;
});

Then('the terminal had nothing to cancel', function (this: PosbenchWorld) {
  assert.ok(this.cancelled !== undefined, 'the cashier cancelled nothing in this scenario');
  assert.equal(this.cancelled, false, 'the terminal answered the cancel as if a transaction was waiting');
});

Then('the terminal confirms the cancel', function (this: PosbenchWorld) {
  assert.ok(this.cancelled !== undefined, 'the cashier cancelled nothing in this scenario');
  assert.equal(this.cancelled, true, 'the terminal answered the cancel as if nothing was waiting to be cancelled');
});

When('a sale of {amount} is paid with the card {card}', async function (this: PosbenchWorld, amount: Amount, card: string) {
  checkCurrency(this, amount);
  return payWith(this, () => this.bench.driver.sale(amount.minor), card);
});

When('the cashier voids the last transaction', async function (this: PosbenchWorld) {
  return payWith(this, () => this.bench.driver.voidLast(), this.bench.lastCardName ?? 'UNIONPAY_CHIP');
});

When('the cashier refunds {amount} of the last transaction', async function (this: PosbenchWorld, amount: Amount) {
  checkCurrency(this, amount);
  return payWith(this, () => this.bench.driver.refund(amount.minor), this.bench.lastCardName ?? 'UNIONPAY_CHIP');
});

When('the cashier starts a refund of {amount} of the last transaction', async function (this: PosbenchWorld, amount: Amount) {
  checkCurrency(this, amount);
  // Without ECR the operator keys a refund in with its card in one prompt: nothing can come between.
  if (this.bench.driver instanceof OperatorTerminalDriver) return this.skipped('a refund started apart from its card needs the ECR; this profile drives a terminal without one (dut.run operator)');
  begin(this, this.bench.driver.refund(amount.minor));
  return undefined;
});

When('the cashier reprints the last receipt', async function (this: PosbenchWorld) {
  await reprintTruthfully(this, () => this.bench.driver.reprint());
});

When('the cashier settles the batch', async function (this: PosbenchWorld) {
  this.cutShort = undefined;
  // Settling while a slip is still owed closes the batch on a sale whose customer has no
  // receipt: the cashier's mistake, recorded as operator-error (docs/desyncs.md).
  const owed = this.bench.driver.hasJournal ? (await this.bench.journal()).filter((e) => e.receiptPending) : [];
  const settle = () => this.bench.driver.settle();
  const paperBefore = await paperSoFar(this);
  try {
    this.settlement = owed.length
      ? await this.bench.disturb('operator-error', ['paper'], `the cashier settled the batch while a slip was still owed (STAN ${owed.map((e) => e.stan).join(', ')})`, settle)
      : await settle();
  } catch (e) {
    // A power failure during settlement ends it here (steps/power.steps.ts asserts it).
    if (!this.cutByPower(e)) throw e;
    this.settlement = undefined;
    return;
  }
  await assertSlipClaimTruthful(this, paperBefore, this.settlement.slipPrinted);
});

/**
 * A reprint, its result held to the paper (docs/ecr.md reprint): `ok` when, and only when, a
 * complete slip came out, and its `display` one the terminal showed. Where the bench reads no
 * paper, or the terminal has no ECR (the operator's driver reads `ok` off the paper itself), the
 * result is taken as it is.
 */
export async function reprintTruthfully(world: PosbenchWorld, reprint: () => Promise<{ ok: boolean; display: string }>): Promise<void> {
  const before = await paperSoFar(world);
  const r = await reprint();
  if (before === undefined || world.bench.driver.kind === 'operator') return;
  const slips = await completeSince(world, before);
  assert.equal(r.ok, slips.length > 0, `the reprint tells the till ok ${r.ok}, but ${slips.length} complete slip(s) came out`);
  assert.ok(world.bench.driver.displayHistory.includes(r.display), `the reprint tells the till the terminal shows "${r.display}", which it never showed`);
}

/** How many paper records the bench has seen so far; undefined where it reads no paper (a real printer, not tapped). */
async function paperSoFar(world: PosbenchWorld): Promise<number | undefined> {
  return world.bench.printer || world.bench.tappedPrinter ? (await world.bench.paper()).length : undefined;
}

/** The complete slips printed since paper record `before` (those `pattern` matches, if given). */
async function completeSince(world: PosbenchWorld, before: number, pattern?: RegExp): Promise<{ text: string }[]> {
  return (await world.bench.paper()).slice(before).filter((p) => p.complete && (!pattern || pattern.test(p.text)));
}

/** The settlement result's `slipPrinted` says whether a complete settlement slip came out (docs/ecr.md SettlementResult). */
async function assertSlipClaimTruthful(world: PosbenchWorld, before: number | undefined, claimed: boolean): Promise<void> {
  const marker = world.bench.profile.receipt_format.settlement;
  if (before === undefined || !marker) return;
  const slips = await completeSince(world, before, new RegExp(marker));
  assert.equal(claimed, slips.length > 0, `the settlement tells the till slipPrinted ${claimed}, but ${slips.length} complete settlement slip(s) came out`);
}
