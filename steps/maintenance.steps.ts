/** What a technician runs at the start of a day (features/maintenance/, docs/ecr.md maintenance commands). */
import { Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';
import { formatJournalProblems, journalProblems } from '../src/bench/journal-integrity';

const PAPER = ['present', 'near-end', 'out', 'unknown'];

When('the technician prints a test page', async function (this: PosbenchWorld) {
  await this.bench.driver.request('testPage');
});

Then("the printer's paper sensor reports {string}", async function (this: PosbenchWorld, paper: string) {
  if (!PAPER.includes(paper)) throw new Error(`paper sensor "${paper}": the sensor reports ${PAPER.map((p) => `"${p}"`).join(', ')}`);
  if (this.withoutEcr('the printer status') === 'skipped') return 'skipped';
  const r = await this.bench.driver.request('printerStatus');
  assert.equal(r.paper, paper, `the paper sensor reports "${r.paper}" (printer ${r.condition}, display "${r.display}"), not "${paper}"`);
});

When('the technician runs a host echo test', async function (this: PosbenchWorld) {
  if (this.withoutEcr('the host echo test') === 'skipped') return 'skipped';
  this.echo = await this.bench.driver.request('echo');
});

Then('the host echo test passes', function (this: PosbenchWorld) {
  assert.ok(this.echo, 'no host echo test was run in this scenario');
  assert.ok(this.echo.ok, `the host echo test failed: ${this.echo.reason ?? `response ${this.echo.responseCode}`}, terminal shows "${this.echo.display}"`);
});

Then('the host echo test fails', function (this: PosbenchWorld) {
  assert.ok(this.echo, 'no host echo test was run in this scenario');
  assert.ok(!this.echo.ok, `the host echo test passed (response ${this.echo.responseCode})`);
});

When('the technician runs a line check', async function (this: PosbenchWorld) {
  if (this.withoutEcr('the line check') === 'skipped') return 'skipped';
  this.lineCheck = await this.bench.driver.request('lineCheck');
});

Then('the line check reports the {word} line {word}', function (this: PosbenchWorld, line: string, verdict: string) {
  assert.ok(this.lineCheck, 'no line check was run in this scenario');
  if (line !== 'host' && line !== 'printer') throw new Error(`line "${line}": the line check covers the host and printer lines`);
  if (verdict !== 'ok' && verdict !== 'failed') throw new Error(`verdict "${verdict}": a line is ok or failed`);
  const got = this.lineCheck[line];
  assert.equal(got.ok ? 'ok' : 'failed', verdict, `the line check reports the ${line} line ${got.ok ? 'ok' : 'failed'} (${got.detail}), not ${verdict}`);
});

Then('the line check reports the {word} line failed with {string}', function (this: PosbenchWorld, line: string, detail: string) {
  assert.ok(this.lineCheck, 'no line check was run in this scenario');
  if (line !== 'host' && line !== 'printer') throw new Error(`line "${line}": the line check covers the host and printer lines`);
  const got = this.lineCheck[line];
  assert.ok(!got.ok, `the line check reports the ${line} line ok (${got.detail})`);
  assert.ok(matchesWithEllipsis(detail, got.detail), `the line check reports the ${line} line failed with "${got.detail}", not "${detail}"`);
});

Then("the terminal's journal is intact", async function (this: PosbenchWorld) {
  if (this.withoutEcr('the journal') === 'skipped') return 'skipped';
  if (this.pending) await this.settle();
  const journal = await this.bench.journal();
  const problems = journalProblems(journal);
  assert.equal(problems.length, 0, `the journal (${journal.length} lines) is not intact:\n${formatJournalProblems(problems)}`);
});

Then("the terminal's clock is within {int} seconds of the bench's clock", async function (this: PosbenchWorld, seconds: number) {
  if (this.withoutEcr("the terminal's clock") === 'skipped') return 'skipped';
  const s = await this.bench.driver.status();
  assert.ok(s.time, 'the terminal does not report its time in ECR status');
  const off = Math.abs(new Date(s.time).getTime() - Date.now()) / 1000;
  assert.ok(off <= seconds, `the terminal's clock (${s.time}) is ${off.toFixed(1)} s from the bench's (${new Date().toISOString()})`);
});

Then('the terminal names its firmware {string} version {string}', async function (this: PosbenchWorld, name: string, version: string) {
  if (this.withoutEcr("the terminal's firmware id") === 'skipped') return 'skipped';
  const s = await this.bench.driver.status();
  assert.ok(s.firmware, 'the terminal does not name its firmware in ECR status (a certificate would say "unknown")');
  assert.equal(s.firmware.name, name, `the terminal names its firmware "${s.firmware.name}", not "${name}"`);
  assert.ok(matchesWithEllipsis(version, s.firmware.version), `the terminal names its firmware version "${s.firmware.version}", not "${version}"`);
  return undefined;
});

Then('the terminal reports {int} record(s) in the open batch', async function (this: PosbenchWorld, n: number) {
  if (this.withoutEcr("the open batch's record count") === 'skipped') return 'skipped';
  if (this.pending) await this.finish();
  const s = await this.bench.driver.status();
  assert.equal(s.batchRecords, n, `the terminal reports ${s.batchRecords ?? 'no count of'} record(s) in batch ${s.batch} (limit ${s.batchLimit ?? '?'}), not ${n}`);
});

/** Whether ECR `status` says a reversal is owed; 'skipped' without ECR. */
async function reversalOwed(world: PosbenchWorld): Promise<boolean | 'skipped'> {
  if (world.withoutEcr('a reversal owed') === 'skipped') return 'skipped';
  if (world.pending) await world.finish();
  return (await world.bench.driver.status()).pendingReversal;
}

Then('the terminal reports no reversal owed', async function (this: PosbenchWorld) {
  const owed = await reversalOwed(this);
  if (owed === 'skipped') return owed;
  assert.equal(owed, false, 'the terminal still owes a reversal');
  return undefined;
});

Then('the terminal reports a reversal owed', async function (this: PosbenchWorld) {
  const owed = await reversalOwed(this);
  if (owed === 'skipped') return owed;
  assert.equal(owed, true, 'the terminal owes no reversal');
  return undefined;
});
