import { Given } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import type { Amount } from './parameters';
import { emulatedIssuer } from './real-host';

const FINANCIAL = ['0200', '0220'];


Given('the issuer approves all transactions', function (this: PosbenchWorld) {
  if (!this.bench.issuer && this.bench.wireLedger) {
    // A real test host is expected to approve the bench's cards; what it answers is judged later.
    this.bench.timeline.record({ source: 'bench', kind: 'bench.assumed', summary: `the real host ${this.bench.profile.issuer.address} is expected to approve: not enforced (issuer.emulated false); the outcome steps and the oracle judge what it answered` });
    return;
  }
  // Everything: no rule, and no magic amounts (12.05 is approved like 12.00).
  const issuer = emulatedIssuer(this, 'an issuer rule');
  if (issuer === 'skipped') return issuer;
  issuer.clearRules();
  issuer.setMagicAmounts(false);
});

Given('the issuer declines by magic amounts', function (this: PosbenchWorld) {
  // The cents of a purchase pick the answer (emulators/issuer-bank/README.md, "Magic amounts").
  const issuer = emulatedIssuer(this, 'magic amounts');
  if (issuer === 'skipped') return issuer;
  issuer.setMagicAmounts(true);
});

Given('the issuer declines transactions with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, `a decline rule (${code})`);
  if (issuer === 'skipped') return issuer;
  issuer.addRule({ description: `decline with ${code}`, match: { mti: FINANCIAL }, action: { responseCode: code } });
});

Given('the issuer refuses the next sign-on with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, `a sign-on refusal (${code})`);
  if (issuer === 'skipped') return issuer;
  issuer.addRule({ description: `sign-on refused with ${code}`, match: { mti: ['0800'] }, action: { responseCode: code }, times: 'once' });
  return undefined;
});

Given('the issuer refuses the next echo test with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, `an echo test refusal (${code})`);
  if (issuer === 'skipped') return issuer;
  // An echo is an 0800 as a sign-on is; the next 0800 the host receives is refused.
  issuer.addRule({ description: `echo test refused with ${code}`, match: { mti: ['0800'] }, action: { responseCode: code }, times: 'once' });
  return undefined;
});

Given('the issuer answers the next sale with a reply that does not decode', function (this: PosbenchWorld) {
  const issuer = emulatedIssuer(this, 'a reply that does not decode');
  if (issuer === 'skipped') return issuer;
  // The host books the sale, then its answer's fields are cut in the middle (the issuer's `malformed` action).
  this.bench.disturb('bank-delay', ['host'], 'the issuer answers the next sale with a frame whose fields are cut short', () =>
    issuer.addRule({ description: 'answer the next sale malformed', match: { mti: ['0200'], processingCode: '000000' }, action: { malformed: true }, times: 'once' }),
  );
  return undefined;
});

Given('the issuer responds after {int} ms', function (this: PosbenchWorld, ms: number) {
  const issuer = emulatedIssuer(this, 'an issuer rule');
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('bank-delay', ['host'], `the issuer responds after ${ms} ms`, () => issuer.addRule({ description: `respond after ${ms} ms`, match: { mti: FINANCIAL }, action: { delayMs: ms } }));
});

Given("the issuer responds {int} ms after the terminal's host timeout", function (this: PosbenchWorld, ms: number) {
  const delayMs = this.bench.terminalConfig.hostTimeoutMs + ms;
  const issuer = emulatedIssuer(this, 'an issuer rule');
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('bank-delay', ['host'], `the issuer responds ${delayMs} ms after a request (${ms} ms after the terminal's host timeout)`, () => issuer.addRule({ description: `respond ${ms} ms after the host timeout`, match: { mti: FINANCIAL }, action: { delayMs } }));
});

Given('the issuer does not respond', function (this: PosbenchWorld) {
  // A silent bank is silent to reversals too (it still processes them).
  const issuer = emulatedIssuer(this, 'an issuer rule');
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('bank-delay', ['host'], 'the issuer processes requests but never answers', () => issuer.addRule({ description: 'never respond', match: { mti: [...FINANCIAL, '0400'] }, action: { noResponse: true } }));
});

Given('the issuer responds normally', function (this: PosbenchWorld) {
  // Clears delays, silence and bad MACs; a decline rule stays (docs/steps.md).
  const issuer = emulatedIssuer(this, 'an issuer rule');
  if (issuer === 'skipped') return issuer;
  for (const r of issuer.rules()) {
    if (r.action.delayMs !== undefined || r.action.noResponse || r.action.badMac) issuer.removeRule(r.id);
  }
});

Given('the issuer sends responses with a bad MAC', function (this: PosbenchWorld) {
  const issuer = emulatedIssuer(this, 'an issuer rule');
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('misconfiguration', ['host'], 'the issuer MACs responses with a key the terminal does not share', () => issuer.addRule({ description: 'bad MAC', match: { mti: FINANCIAL }, action: { badMac: true } }));
});

// One phrasing, two meanings (docs/steps.md): under Given it sets the balance, under Then it
// checks it. Cucumber matches text only, so the step looks at its Gherkin keyword's type.
Given('the cardholder account of {card} has a balance of {amount}', async function (this: PosbenchWorld, card: string, amount: Amount) {
  const pan = this.bench.catalog.get(card).pan;
  const issuer = emulatedIssuer(this, 'a cardholder balance');
  if (issuer === 'skipped') return issuer;
  const ledger = issuer.ledger;
  if (this.stepType !== 'Outcome') {
    ledger.setBalance(pan, amount.minor);
    return;
  }
  if (this.pending) await this.settle();
  const balance = ledger.account(pan)?.availableMinor;
  assert.equal(balance, amount.minor, `the cardholder account of ${card} has ${(balance ?? 0) / 100} available, not ${amount.text}`);
});
