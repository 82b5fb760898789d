/**
 * Settlement at the edges: the host refuses a settlement, its batch number wraps, and what
 * the terminal sent in the batch upload (docs/domain.md §1.6, settlement 0500 and batch
 * upload 0320).
 */
import { Given, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { emulatedIssuer } from './real-host';
import { hostRequests } from './host-requests';

Given('the issuer declines the settlement with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, 'a settlement refusal');
  if (issuer === 'skipped') return issuer;
  // A decision of the host, as a decline is (steps/issuer.steps.ts), not a fault: the batch stays open on both sides.
  issuer.addRule({ description: `settlement refused with ${code}`, match: { mti: ['0500'] }, action: { responseCode: code }, times: 'once' });
});

Given("the host's batch number is {string}", function (this: PosbenchWorld, batch: string) {
  const issuer = emulatedIssuer(this, "setting the host's batch number");
  if (issuer === 'skipped') return issuer;
  issuer.setHostBatch(this.bench.terminalConfig.terminalId, batch);
  this.bench.timeline.record({ source: 'step', kind: 'issuer.batch', summary: `the host hands the terminal batch ${batch} at its next sign-on` });
});

Given('the issuer refuses the next batch upload with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, `a batch upload refusal (${code})`);
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('bank-delay', ['host'], `the issuer answers the next batch upload (0320) with ${code}`, () => issuer.addRule({ description: `batch upload refused with ${code}`, match: { mti: ['0320'] }, action: { responseCode: code }, times: 'once' }));
  return undefined;
});

Then('the issuer receives {int} batch upload(s)', async function (this: PosbenchWorld, count: number) {
  if (this.pending) await this.finish();
  const uploads = hostRequests(this).filter((r) => r.mti.startsWith('032'));
  assert.equal(uploads.length, count, `the issuer received ${uploads.length} batch upload message(s) (0320), expected ${count}`);
});

// Reversals: what the terminal does with an answer to its 0400 that it must not accept.

/** The proxy flips the last byte (the MAC) of the next answer of this MTI. */
function corruptNextAnswerMac(world: PosbenchWorld, mti: string, what: string, count = 1): void {
  const proxy = world.bench.requireProxy();
  world.bench.disturb('network-failure', ['host'], `the network flips a byte in the MAC of ${count === 0 ? 'every' : 'the next'} ${what} (${mti})`, () => proxy.addFault({ type: 'flip_byte', stream: 'downstream', attributes: { nth: 1, offset: -1, mti, count } }));
}

Given('the network corrupts the MAC of the next reversal answer', function (this: PosbenchWorld) {
  corruptNextAnswerMac(this, '0410', 'reversal answer');
});

Given('the network corrupts the MAC of every refund answer', function (this: PosbenchWorld) {
  corruptNextAnswerMac(this, '0230', 'refund answer', 0);
});

Given('the network corrupts the MAC of the next refund advice answer', function (this: PosbenchWorld) {
  corruptNextAnswerMac(this, '0230', 'refund advice answer');
});

Given('the issuer refuses the next reversal with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, `a reversal refusal (${code})`);
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('bank-delay', ['host'], `the issuer answers the next reversal (0400) with ${code}, leaving the money held`, () => issuer.addRule({ description: `reversal refused with ${code}`, match: { mti: ['0400', '0401'] }, action: { responseCode: code }, times: 'once' }));
});

Then('the issuer receives {int} reversal message(s)', async function (this: PosbenchWorld, count: number) {
  if (this.pending) await this.finish();
  const reversals = hostRequests(this).filter((r) => r.mti.startsWith('040'));
  assert.equal(reversals.length, count, `the issuer received ${reversals.length} reversal message(s) (0400/0401), expected ${count}`);
});

// Refund advices (0221): the repeat of a refund whose answer never came (src/terminal/refund-advice.ts).

Given('the issuer refuses the next refund advice with response code {code}', function (this: PosbenchWorld, code: string) {
  const issuer = emulatedIssuer(this, `a refund advice refusal (${code})`);
  if (issuer === 'skipped') return issuer;
  this.bench.disturb('bank-delay', ['host'], `the issuer answers the next refund advice (0221) with ${code}: it books no credit`, () => issuer.addRule({ description: `refund advice refused with ${code}`, match: { mti: ['0221'] }, action: { responseCode: code }, times: 'once' }));
});

Then('the issuer receives {int} refund advice(s)', async function (this: PosbenchWorld, count: number) {
  if (this.pending) await this.finish();
  const advices = hostRequests(this).filter((r) => r.mti === '0221');
  assert.equal(advices.length, count, `the issuer received ${advices.length} refund advice(s) (0221), expected ${count}`);
});
