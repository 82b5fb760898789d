import { Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { restartBenchWithProfile } from './hooks';
import { PTY_TAG } from './scenario-profile';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';

// Explicit: switching away from the run's profile is recorded on the timeline and printed,
// never silent. (To run a scenario on the PTY profile, tag it @pty instead.)
Given('the bench uses the {string} hardware profile', async function (this: PosbenchWorld, name: string) {
  const from = this.bench.profile.name;
  if (from === name) {
    this.bench.timeline.record({ source: 'bench', kind: 'bench.profile', summary: `profile ${name}: already the scenario's profile` });
    return;
  }
  const why = `this scenario switches from profile ${from} to ${name} (step "the bench uses the "${name}" hardware profile"; ${PTY_TAG} is the tag for the PTY profile)`;
  await restartBenchWithProfile(this, name);
  this.bench.timeline.record({ source: 'bench', kind: 'bench.profile', summary: `profile ${name}: ${why}`, data: { from, to: name } });
  this.log(why);
  process.stderr.write(`\nposbench: ${why}\n`);
});

Given('the terminal is signed on', async function (this: PosbenchWorld) {
  const r = await this.bench.driver.signOn();
  if (!r.ok) throw new Error(`sign-on failed: ${r.display}${r.reason ? ` (${r.reason})` : ''}${r.responseCode ? ` response ${r.responseCode}` : ''}`);
});

When('the terminal tries to sign on', async function (this: PosbenchWorld) {
  this.signOn = await this.bench.driver.signOn();
});

Then('the sign-on fails and the terminal shows {string}', function (this: PosbenchWorld, text: string) {
  const r = this.signOn;
  assert.ok(r, 'no sign-on was tried in this scenario (When the terminal tries to sign on)');
  assert.equal(r.ok, false, `the sign-on succeeded, terminal shows "${r.display}"`);
  assert.ok(r.display.includes(text), `the failed sign-on shows "${r.display}", not "${text}"${r.reason ? ` (${r.reason})` : ''}`);
});

Then('the sign-on is refused with response code {code}', function (this: PosbenchWorld, code: string) {
  const r = this.signOn;
  assert.ok(r, 'no sign-on was tried in this scenario (When the terminal tries to sign on)');
  assert.equal(r.ok, false, `the sign-on succeeded, terminal shows "${r.display}"`);
  assert.equal(r.responseCode, code, `the sign-on failed with ${r.responseCode ? `response code ${r.responseCode}` : `no response code (${r.reason ?? r.display})`}, not ${code}`);
});

Given('the terminal setting {string} is {string}', async function (this: PosbenchWorld, name: string, value: string) {
  const notApplicable = this.bench.settingNotApplicable(name);
  if (notApplicable) {
    // Reported as skipped with the reason (timeline + log), never passed silently.
    this.bench.timeline.record({ source: 'bench', kind: 'bench.skipped', summary: notApplicable, data: { setting: name, value } });
    this.log(`skipped: ${notApplicable}`);
    return 'skipped';
  }
  await this.bench.setTerminalSetting(name, value);
});

Then('the terminal refuses {string} for the setting {string}, saying {string}', async function (this: PosbenchWorld, value: string, name: string, why: string) {
  let refusal: Error | undefined;
  try {
    await this.bench.driver.setSetting(name, value);
  } catch (e) {
    refusal = e as Error;
  }
  assert.ok(refusal, `the terminal took "${value}" for the setting "${name}"`);
  const code = (refusal as { code?: string }).code;
  assert.ok(matchesWithEllipsis(`…${why}…`, refusal.message), `the terminal refused "${value}" for "${name}"${code ? ` (${code})` : ''} saying "${refusal.message}", not "${why}"`);
});

When('the terminal is restarted', async function (this: PosbenchWorld) {
  await this.bench.restartTerminal();
});
