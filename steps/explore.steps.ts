/**
 * The steps `posbench explore` writes beyond the cashier, fault and recovery steps: a
 * settlement that may fail under a fault, and the invariant checks of src/explore/invariants.ts,
 * so a feature explore writes checks exactly what the explore run checked.
 */
import { Then, When } from '@cucumber/cucumber';
import type { PosbenchWorld } from './world';
import { EcrError } from '../src/protocols/ecr';
import { explained, formatViolations, pan, repaired, slips, type Violation } from '../src/explore/invariants';
import { rules } from '../src/explore/rules';
import { cardPolicy } from '../src/explore/card-policy';

function holds(violations: Violation[]): void {
  if (violations.length) throw new Error(`invariant violated:\n${formatViolations(violations)}`);
}

When('the cashier attempts to settle the batch', async function (this: PosbenchWorld) {
  this.cutShort = undefined;
  try {
    this.settlement = await this.bench.driver.settle();
  } catch (e) {
    if (this.cutByPower(e)) {
      // A power cut armed for the settlement (steps/power.steps.ts): the settlement is cut short.
      this.settlement = undefined;
      return;
    }
    if (!(e instanceof EcrError && e.code === 'ECR_SETTLEMENT_FAILED')) throw e;
    this.settlement = undefined;
    this.bench.timeline.record({ source: 'step', kind: 'settlement.failed', summary: `the settlement failed: ${e.message}` });
  }
});

Then('every desync the bench reports is explained by an injected fault', async function (this: PosbenchWorld) {
  if (this.pending) await this.finish();
  const desyncs = await this.bench.reconcile();
  this.lastDesyncs = desyncs;
  holds(explained(desyncs));
  // Explained desyncs are expected: they do not fail the scenario at its end.
  for (const d of desyncs) if (!this.expectedDesyncs.some((x) => x.type === d.type && x.cause === d.cause)) this.expectedDesyncs.push({ type: d.type, cause: d.cause });
});

Then('nothing the terminal could have repaired is left', async function (this: PosbenchWorld) {
  const verdict = repaired(await this.bench.reconcile());
  for (const g of verdict.gaps) this.bench.timeline.record({ source: 'step', kind: 'explore.known-gap', summary: `known gap ${g.gap}: ${g.detail}`, data: g });
  holds(verdict.violations);
});

Then('the terminal accounts truthfully for every slip', async function (this: PosbenchWorld) {
  const b = this.bench;
  holds(slips({ journal: await b.journal(), paper: await b.paper(), receiptFormat: b.profile.receipt_format, receiptCopies: b.terminalConfig.receiptCopies }));
});

Then('no card number appears in full', async function (this: PosbenchWorld) {
  const b = this.bench;
  holds(pan({ pans: [...new Set(b.catalog.all().map((c) => c.pan))], paper: await b.paper(), journal: await b.journal(), events: b.timeline.all() }));
});

Then('the terminal keeps the rules of voids, refunds and reversals', async function (this: PosbenchWorld) {
  holds(rules(await this.bench.journal(), this.bench.timeline.all()));
});

Then("every approval was taken the way the card and the terminal's settings allow", async function (this: PosbenchWorld) {
  // Right after a card presented the wrong way too: the sale it started is over first.
  if (this.pending) await this.finish();
  holds(cardPolicy(this.bench.timeline.all(), this.bench.terminalConfig));
});
