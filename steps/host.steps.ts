/**
 * Host-side steps: the issuer acknowledging a repeated refund advice with 94 (duplicate
 * transmission, docs/domain.md §1.6 refund advice), and the terminal's diagnostic log, where
 * it says why a reversal or an advice did not go through.
 */
import { Given, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { emulatedIssuer } from './real-host';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';

Given('the issuer answers the next refund advice with 94, duplicate transmission', function (this: PosbenchWorld) {
  const issuer = emulatedIssuer(this, 'a refund advice answered with 94');
  if (issuer === 'skipped') return issuer;
  // The answer's field 39 is 94 and its MAC is made again (the answerFields action): what a
  // host answers to a repeat it has booked already. Its ledger is what the request made it.
  this.bench.disturb('bank-delay', ['host'], 'the issuer answers the next refund advice (0221) with 94, duplicate transmission', () =>
    issuer.addRule({ description: 'refund advice answered with 94 (duplicate transmission)', match: { mti: ['0221'] }, action: { answerFields: { '39': '94' } }, times: 'once' }),
  );
  return undefined;
});

Then("the terminal's log says {string}", async function (this: PosbenchWorld, line: string) {
  if (this.bench.profile.dut.run === 'external') {
    const reason = `the terminal's log is read from the reference terminal, but profile ${this.bench.profile.name} drives an external terminal: the step does not apply to it`;
    this.bench.timeline.record({ source: 'bench', kind: 'bench.skipped', summary: reason });
    this.log(`skipped: ${reason}`);
    return 'skipped';
  }
  if (this.pending) await this.finish();
  // A terminal process writes its log to stderr as "[terminal] <line>" (src/terminal/main.ts).
  const logged = this.bench.timeline.filter((e) => e.kind === 'terminal.log').map((e) => e.summary.replace(/^\[terminal\] /, ''));
  assert.ok(
    logged.some((l) => matchesWithEllipsis(line, l)),
    `the terminal never logged "${line}"; it logged:\n${logged.slice(-12).map((l) => `  ${l}`).join('\n') || '  (nothing)'}`,
  );
  return undefined;
});

Given('the network drops the next refund advice', function (this: PosbenchWorld) {
  const proxy = this.bench.requireProxy();
  this.bench.disturb('network-failure', ['host'], 'the network drops the next refund advice (0221) on its way to the host', () =>
    proxy.addFault({ name: 'drop_refund_advice_upstream', type: 'drop_message', stream: 'upstream', attributes: { nth: 1, mti: '0221', count: 1 } }),
  );
});

Given("the network delivers the host's answers in pieces of {int} bytes", function (this: PosbenchWorld, bytes: number) {
  const proxy = this.bench.requireProxy();
  // TCP promises a byte stream, not messages: a slow or segmenting link hands the terminal an
  // answer in several reads, 2 ms apart, and the terminal must put the frame back together.
  this.bench.disturb('network-failure', ['host'], `the network delivers the host's answers in pieces of ${bytes} bytes, 2 ms apart`, () =>
    proxy.addFault({ type: 'slicer', stream: 'downstream', attributes: { averageSize: bytes, delayUs: 2000 } }),
  );
});

Then('the settlement failed, saying {string}', function (this: PosbenchWorld, why: string) {
  // `the cashier attempts to settle the batch` records the till's SETTLEMENT_FAILED message on the timeline (steps/explore.steps.ts).
  const failed = this.bench.timeline.filter((e) => e.source === 'step' && e.kind === 'settlement.failed').at(-1);
  assert.ok(failed, 'no settlement failed in this scenario (the step reads what `the cashier attempts to settle the batch` recorded)');
  const said = failed.summary.replace(/^the settlement failed: /, '');
  assert.ok(matchesWithEllipsis(why, said), `the terminal told the till "${said}", not "${why}"`);
});

Then('the till is told {string} for the settlement', function (this: PosbenchWorld, text: string) {
  // The ECR settle result's display (docs/ecr.md): what the till shows the cashier, which may differ from the terminal's own screen.
  assert.ok(this.settlement, 'no settlement was run in this scenario');
  const said = String(this.settlement.display);
  assert.ok(matchesWithEllipsis(`${text}…`, said), `the till was told "${said}" for the settlement, not "${text}"`);
});
