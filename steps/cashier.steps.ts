import { When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';
import type { Amount } from './parameters';

function checkCurrency(world: PosbenchWorld, amount: Amount): void {
  if (amount.currency && amount.currency !== world.bench.profile.currency) {
    throw new Error(`amount ${amount.text} ${amount.currency}: this bench works in ${world.bench.profile.currency}`);
  }
}

When('the cashier starts a sale of {amount}', async function (this: PosbenchWorld, amount: Amount) {
  checkCurrency(this, amount);
  this.pending = this.bench.driver.sale(amount.minor);
  this.pending.catch(() => undefined); // awaited by a later step; never an unhandled rejection
  await this.bench.waitForDisplay(/PRESENT CARD|SIGN ON/);
});

When('the customer presents the card {card}', async function (this: PosbenchWorld, card: string) {
  await this.bench.presentCard(card);
});

When('the customer removes the card before the transaction completes', async function (this: PosbenchWorld) {
  this.bench.inject('operator-error', ['host', 'paper'], 'the customer pulled the card before the transaction completed');
  await this.bench.waitForDisplay(/PROCESSING/);
  await this.bench.removeCard();
});

When('the cashier cancels the transaction', async function (this: PosbenchWorld) {
  this.bench.inject('operator-error', ['host', 'paper'], 'the cashier cancelled the transaction');
  await this.bench.driver.cancel();
});

When('a sale of {amount} is paid with the card {card}', async function (this: PosbenchWorld, amount: Amount, card: string) {
  checkCurrency(this, amount);
  this.pending = this.bench.driver.sale(amount.minor);
  this.pending.catch(() => undefined);
  await this.bench.waitForDisplay(/PRESENT CARD|SIGN ON/);
  if (/PRESENT CARD/.test(this.bench.driver.display)) await this.bench.presentCard(card);
  await this.settle();
  await this.bench.removeCardIfPresent();
});

When('the cashier voids the last transaction', async function (this: PosbenchWorld) {
  this.pending = this.bench.driver.voidLast();
  this.pending.catch(() => undefined);
  await this.bench.waitForDisplay(/PRESENT CARD|NO TRANSACTION|SIGN ON/);
  if (/PRESENT CARD/.test(this.bench.driver.display)) await this.bench.presentCard(this.bench.lastCardName ?? 'UNIONPAY_CHIP');
  await this.settle();
  await this.bench.removeCardIfPresent();
});

When('the cashier refunds {amount} of the last transaction', async function (this: PosbenchWorld, amount: Amount) {
  checkCurrency(this, amount);
  this.pending = this.bench.driver.refund(amount.minor);
  this.pending.catch(() => undefined);
  await this.bench.waitForDisplay(/PRESENT CARD|NO TRANSACTION|SIGN ON/);
  if (/PRESENT CARD/.test(this.bench.driver.display)) await this.bench.presentCard(this.bench.lastCardName ?? 'UNIONPAY_CHIP');
  await this.settle();
  await this.bench.removeCardIfPresent();
});

When('the cashier reprints the last receipt', async function (this: PosbenchWorld) {
  await this.bench.driver.reprint();
});

When('the cashier settles the batch', async function (this: PosbenchWorld) {
  this.settlement = await this.bench.driver.settle();
});
