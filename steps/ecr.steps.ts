/**
 * The ECR contract itself (docs/ecr.md, src/protocols/ecr/contract.ts): requests a till may
 * get wrong, sent as they are, and the typed answer the terminal must give.
 */
import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import type { EcrCommand } from '../src/protocols/ecr';

When('the till sends the ECR request {string} with the arguments {string}', async function (this: PosbenchWorld, cmd: string, json: string) {
  if (this.withoutEcr('an ECR request') === 'skipped') return 'skipped';
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(json) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`the arguments of the ECR request "${cmd}" are not JSON: ${(e as Error).message} (write them as an object, e.g. '{"amountMinor": 100}')`);
  }
  // Off the contract on purpose: the step sends what a till might, typed or not.
  const request = this.bench.driver.request as (c: EcrCommand, a?: Record<string, unknown>) => Promise<unknown>;
  this.ecrAnswer = await request.call(this.bench.driver, cmd as EcrCommand, args).then(
    (result) => ({ ok: true as const, result }),
    (e: Error & { code?: string }) => ({ ok: false as const, code: e.code ?? '', message: e.message }),
  );
  return undefined;
});

Then('the terminal answers the ECR error {string}, saying {string}', function (this: PosbenchWorld, code: string, text: string) {
  const a = this.ecrAnswer;
  assert.ok(a, 'no ECR request was sent in this scenario');
  assert.ok(!a.ok, `the terminal answered the request: ${JSON.stringify(a.ok ? a.result : undefined)}`);
  assert.equal(a.code.replace(/^ECR_/, ''), code, `the terminal answered the error ${a.code} (${a.message}), not ${code}`);
  assert.ok(a.message.includes(text), `the terminal's error says "${a.message}", which does not contain "${text}"`);
});

Then('the terminal answers the ECR request with {int} journal entr(y)(ies)', function (this: PosbenchWorld, count: number) {
  const a = this.ecrAnswer;
  assert.ok(a, 'no ECR request was sent in this scenario');
  assert.ok(a.ok, `the terminal refused the request: ${a.ok ? '' : `${a.code} ${a.message}`}`);
  const entries = a.result;
  assert.ok(Array.isArray(entries), `the answer is not a list of journal entries: ${JSON.stringify(a.result)}`);
  assert.equal(entries.length, count, `the answer holds ${entries.length} journal entr${entries.length === 1 ? 'y' : 'ies'}, not ${count}`);
});
