/**
 * The cashier names the original: voids, refunds and reprints by trace number (the voucher
 * number 凭证号 on the slip, docs/domain.md §1.6), and the cashier's mistakes around them —
 * the wrong trace number keyed in, the same sale sent twice, a cancel after the card, paper
 * not loaded. Each mistake is recorded as an operator-error injection (docs/desyncs.md).
 */
import { Given, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';
import type { Amount } from './parameters';
import { payWith, reprintTruthfully } from './cashier.steps';

function traceNumber(stan: string): string {
  if (!/^\d{6}$/.test(stan)) throw new Error(`trace number "${stan}": a trace number (凭证号) is 6 digits, as printed on the slip, e.g. "000002"`);
  return stan;
}

/** The card the sale with that trace number was paid with (the customer presents it again); else the last card presented. */
function cardOf(world: PosbenchWorld, stan?: string): string {
  return (stan && world.cardByStan.get(stan)) || world.bench.lastCardName || 'UNIONPAY_CHIP';
}

When('the cashier voids the sale with trace number {string}', async function (this: PosbenchWorld, stan: string) {
  return payWith(this, () => this.bench.driver.voidLast(traceNumber(stan)), cardOf(this, stan));
});

When('the cashier voids the sale with trace number {string} by mistake', async function (this: PosbenchWorld, stan: string) {
  const txn = () => this.bench.disturb('operator-error', ['host', 'paper'], `the cashier voided trace ${stan} by mistake`, () => this.bench.driver.voidLast(traceNumber(stan)));
  return payWith(this, txn, cardOf(this, stan));
});

When('the cashier refunds {amount} of the sale with trace number {string}', async function (this: PosbenchWorld, amount: Amount, stan: string) {
  return payWith(this, () => this.bench.driver.refund(amount.minor, traceNumber(stan)), cardOf(this, stan));
});

When('the cashier reprints the receipt with trace number {string}', async function (this: PosbenchWorld, stan: string) {
  await reprintTruthfully(this, () => this.bench.driver.reprint(traceNumber(stan)));
});

When('the cashier reprints the receipt with trace number {string} by mistake', async function (this: PosbenchWorld, stan: string) {
  await this.bench.disturb('operator-error', ['paper'], `the cashier reprinted trace ${stan} by mistake`, () => reprintTruthfully(this, () => this.bench.driver.reprint(traceNumber(stan))));
});

When('the cashier sends the same sale again', async function (this: PosbenchWorld) {
  const last = this.bench.driver.lastSale;
  if (!last) throw new Error('no sale was started in this scenario, so there is none to send again');
  const txn = () => this.bench.disturb('operator-error', ['host', 'paper'], `the cashier sent sale ${last.intentId} again`, () => this.bench.driver.sale(last.amountMinor, last.intentId));
  return payWith(this, txn, cardOf(this));
});

When('the cashier cancels the transaction while it is online', async function (this: PosbenchWorld) {
  await this.bench.disturb('operator-error', ['host', 'paper'], 'the cashier cancelled after the card was read, while the terminal was online', async () => {
    await this.bench.waitForDisplay(/PROCESSING/);
    const r = await this.bench.driver.cancel();
    this.log(`cancel while online: the terminal answered cancelled=${r.cancelled}`);
  });
});

Given('the paper roll was not loaded at the start of the day', function (this: PosbenchWorld) {
  // A real printer: a person takes the roll out (src/bench/operator.ts); skipped when nobody can be asked.
  if (!this.bench.profile.printer.emulated) {
    return this.byOperator('take the paper roll out of the real printer', { cause: 'operator-error', areas: ['paper'], what: 'nobody loaded the paper roll at the start of the day' });
  }
  const printer = this.bench.requirePrinter('a printer without a paper roll');
  this.bench.disturb('operator-error', ['paper'], 'nobody loaded the paper roll at the start of the day', () => printer.setFault({ kind: 'no-paper' }));
  return undefined;
});
