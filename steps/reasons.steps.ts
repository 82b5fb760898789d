/**
 * Why a transaction did not go through, as the terminal tells the till: the ECR result's
 * `reason`, a failed sign-on's reason (docs/ecr.md, TxnResult; a refusal's message: steps/outcome.steps.ts).
 * `…` in the expected text stands for any run of characters (a timeout's milliseconds, a STAN).
 */
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';

Then('the terminal tells the till the reason {string}', async function (this: PosbenchWorld, reason: string) {
  if (this.withoutEcr('the reason the terminal gives the till') === 'skipped') return 'skipped';
  const r = await this.settle();
  const got = r.reason ?? '';
  assert.ok(matchesWithEllipsis(reason, got), `the ${r.kind} ended ${r.outcome} with the reason "${got}", not "${reason}" (terminal shows "${r.display}")`);
  return undefined;
});

Then('the sign-on fails, the terminal telling the till the reason {string}', function (this: PosbenchWorld, reason: string) {
  const r = this.signOn;
  assert.ok(r, 'no sign-on was tried in this scenario (When the terminal tries to sign on)');
  assert.equal(r.ok, false, `the sign-on succeeded, terminal shows "${r.display}"`);
  assert.ok(matchesWithEllipsis(reason, r.reason ?? ''), `the failed sign-on gives the reason "${r.reason ?? ''}", not "${reason}" (terminal shows "${r.display}")`);
});
