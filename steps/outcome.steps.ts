import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import type { Amount } from './parameters';
import type { TxnResult } from '../src/protocols/ecr/contract';
import { formatDesyncTable, type Cause, type DesyncType } from '../src/bench/oracle';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';

function describeResult(r: { outcome: string; responseCode?: string; display: string; reason?: string }): string {
  return `${r.outcome}${r.responseCode ? ` (response ${r.responseCode})` : ''}, terminal shows "${r.display}"${r.reason ? `, reason: ${r.reason}` : ''}`;
}

/**
 * What the result tells the till must hold of any firmware (docs/ecr.md TxnResult): its
 * `display` is a text the terminal showed, and a transaction that did not go through owes no
 * receipt and printed none.
 */
function assertResultTruthful(world: PosbenchWorld, r: TxnResult): void {
  const driver = world.bench.driver;
  if (driver.kind !== 'operator') {
    assert.ok(driver.displayHistory.includes(r.display), `the result tells the till the terminal shows "${r.display}", which it never showed (recent: ${driver.displayHistory.slice(-5).map((d) => `"${d}"`).join(', ')})`);
  }
  if (r.outcome === 'approved') return;
  assert.equal(r.receiptPending, false, `the ${r.outcome} ${r.kind} tells the till a receipt is still owed`);
  assert.equal(r.receiptsPrinted, 0, `the ${r.outcome} ${r.kind} tells the till ${r.receiptsPrinted} receipt(s) were printed`);
}

Then('the transaction is approved', async function (this: PosbenchWorld) {
  const r = await this.settle();
  assert.equal(r.outcome, 'approved', `expected the transaction to be approved, but it was ${describeResult(r)}`);
  assertResultTruthful(this, r);
});

Then('the transaction is declined with response code {code}', async function (this: PosbenchWorld, code: string) {
  const r = await this.settle();
  assert.equal(r.outcome, 'declined', `expected a decline with ${code}, but the transaction was ${describeResult(r)}`);
  assert.equal(r.responseCode, code, `expected response code ${code}, got ${r.responseCode}`);
  assertResultTruthful(this, r);
});

Then('the transaction fails', async function (this: PosbenchWorld) {
  const r = await this.settle();
  assert.equal(r.outcome, 'failed', `expected the transaction to fail, but it was ${describeResult(r)}${r.outcome === 'cancelled' ? ' (a cancelled transaction is `the transaction is cancelled`)' : ''}`);
  assertResultTruthful(this, r);
});

Then('the transaction is cancelled', async function (this: PosbenchWorld) {
  const r = await this.settle();
  assert.equal(r.outcome, 'cancelled', `expected the transaction to be cancelled, but it was ${describeResult(r)}`);
  assertResultTruthful(this, r);
});

/** The refusal the till got for the last request (a second sale refused while the first runs is read without waiting for the first). */
async function refusedWith(world: PosbenchWorld, code: string, saying?: string): Promise<void> {
  const busy = world.refusedWhileBusy;
  world.refusedWhileBusy = undefined;
  if (!busy) await world.finish();
  const got = busy ?? world.refusal;
  assert.ok(got, `expected the terminal to refuse the transaction with ${code}, but it ran: ${world.last ? describeResult(world.last) : 'no transaction was started'}`);
  assert.equal(got.code, `ECR_${code}`, `expected the refusal ${code}, got ${got.code}: ${got.message}`);
  if (saying !== undefined) assert.ok(matchesWithEllipsis(saying, got.message), `the terminal refused with ${code} saying "${got.message}", not "${saying}"`);
  world.refusal = undefined;
}

Then('the transaction is refused with error {string}', async function (this: PosbenchWorld, code: string) {
  await refusedWith(this, code);
});

Then('the transaction is refused with error {string}, saying {string}', async function (this: PosbenchWorld, code: string, saying: string) {
  await refusedWith(this, code, saying);
});

Then('the terminal shows {string}', async function (this: PosbenchWorld, text: string) {
  // While a transaction runs the display moves on its own: wait for the text, or for the
  // transaction to end (its final display is what the cashier is left looking at).
  const ok = await this.bench.displayShows(text, this.pending);
  const shown = this.bench.driver.display;
  assert.ok(ok, `the terminal shows "${shown}", not "${text}" (recent: ${this.bench.driver.displayHistory.slice(-5).map((d) => `"${d}"`).join(', ')})`);
});

Then('the issuer has approved {amount}', async function (this: PosbenchWorld, amount: Amount) {
  if (this.pending) await this.settle();
  // The host's record: the emulated ledger, or a tapped real host's as the wire showed it.
  const approvals = this.bench.hostRecord().filter((e) => e.kind === 'hold' && e.responseCode === '00');
  assert.ok(
    approvals.some((e) => e.amountMinor === amount.minor),
    `the issuer approved ${approvals.map((e) => e.amountMinor / 100).join(', ') || 'nothing'}, not ${amount.text}`,
  );
});

Then('the issuer has received a reversal of {amount}', async function (this: PosbenchWorld, amount: Amount) {
  if (this.pending) await this.settle();
  const found = await this.bench.waitFor(() => this.bench.hostRecord().some((e) => e.kind === 'reversal' && e.amountMinor === amount.minor), 3000);
  const reversals = this.bench.hostRecord().filter((e) => e.kind === 'reversal');
  assert.ok(found, `the issuer received reversals of ${reversals.map((e) => e.amountMinor / 100).join(', ') || 'nothing'}, not ${amount.text}`);
});


Then(/^(\d+) receipts? (?:is|are) printed$/, async function (this: PosbenchWorld, n: string) {
  if (this.pending) await this.settle();
  const receipts = await this.bench.completeReceipts();
  assert.equal(receipts.length, Number(n), `${receipts.length} complete receipt(s) printed, expected ${n}:\n${receipts.map((r) => r.text).join('\n---\n')}`);
});

Then('no receipt is printed', async function (this: PosbenchWorld) {
  if (this.pending) await this.settle();
  const receipts = await this.bench.completeReceipts();
  assert.equal(receipts.length, 0, `${receipts.length} receipt(s) printed, expected none`);
});

Then('the last receipt shows {string}', async function (this: PosbenchWorld, text: string) {
  if (this.pending) await this.settle();
  const last = (await this.bench.paper()).at(-1);
  assert.ok(last, 'no receipt was printed');
  assert.ok(last.text.includes(text), `the last receipt does not show "${text}":\n${last.text}`);
});

Then('the last receipt is marked as a reprint', async function (this: PosbenchWorld) {
  const last = (await this.bench.paper()).at(-1);
  assert.ok(last, 'no receipt was printed');
  assert.match(last.text, new RegExp(this.bench.profile.receipt_format.reprint), `the last receipt carries no reprint mark:\n${last.text}`);
});

Then('every receipt masks the card number', async function (this: PosbenchWorld) {
  if (this.pending) await this.settle();
  const paper = await this.bench.paper();
  assert.ok(paper.length > 0, 'no receipt was printed, so nothing shows how the card number is printed');
  const pans = new Set(this.bench.catalog.all().map((c) => c.pan));
  for (const [i, r] of paper.entries()) {
    const digits = r.text.replace(/[\s-]/g, '');
    for (const pan of pans) assert.ok(!digits.includes(pan), `receipt #${i + 1} shows a full card number (${pan.slice(0, 6)}…)`);
    if (r.complete) assert.match(r.text, /\d{6}\*+\d{4}/, `receipt #${i + 1} shows no masked card number (first 6 / last 4):\n${r.text}`);
  }
});

Then('the settlement is balanced', function (this: PosbenchWorld) {
  assert.ok(this.settlement, 'no settlement was run in this scenario');
  assert.equal(this.settlement.balanced, true, `the settlement is unbalanced: terminal ${JSON.stringify(this.settlement)}`);
});

Then('the ledger, journal and receipts are in sync', async function (this: PosbenchWorld) {
  if (this.pending) await this.settle();
  const desyncs = await this.bench.reconcile();
  this.lastDesyncs = desyncs;
  const unexpected = desyncs.filter((d) => !this.expectedDesyncs.some((e) => e.type === d.type && e.cause === d.cause));
  assert.equal(unexpected.length, 0, `the oracle found desyncs:\n${formatDesyncTable(unexpected)}`);
});

Then('the bench reports the desync {desync} caused by {cause}', async function (this: PosbenchWorld, type: DesyncType, cause: Cause) {
  if (this.pending) await this.settle();
  const desyncs = await this.bench.reconcile();
  this.lastDesyncs = desyncs;
  const hit = desyncs.find((d) => d.type === type);
  assert.ok(hit, `the oracle did not report ${type}; it found:\n${formatDesyncTable(desyncs)}`);
  assert.ok(
    desyncs.some((d) => d.type === type && d.cause === cause),
    `the oracle reports ${type} caused by ${desyncs.filter((d) => d.type === type).map((d) => d.cause).join(', ')}, not ${cause}`,
  );
  this.expectedDesyncs.push({ type, cause });
});
