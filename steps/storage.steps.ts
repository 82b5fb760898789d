/**
 * What the terminal keeps on disk, read and rewritten by the bench while the power is off:
 * a state directory as older firmware left it, its trace number counter, and what is
 * readable there without the data key (src/bench/old-state.ts; docs/domain.md §1.6, §6).
 * And a printer address that lands on a device that is no printer (src/bench/echo-device.ts).
 */
import { Given, When, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { clearTextInState, rewriteStateInClear, setStanCounter } from '../src/bench/old-state';
import { TamperError } from '../src/bench/storage-tamper';
import { startEchoDevice } from '../src/bench/echo-device';

/** The state directory the bench edits, or the TamperError saying why there is none. */
function ownedStateDir(stateDir: string | undefined): string {
  if (!stateDir) throw new TamperError("the bench does not know the terminal's state directory (an external or operator terminal keeps its own storage)");
  return stateDir;
}

When("the terminal's stored data is rewritten as firmware before sealing kept it, in clear", async function (this: PosbenchWorld) {
  const what = "state.json is rewritten as firmware before sealing kept it (the MAC key and a stored reversal's fields in clear) and terminal.key deleted";
  const r = await this.bench.power.editWhileOff(what, (dir) => rewriteStateInClear(ownedStateDir(dir)));
  return r ? this.skipped(`a state directory in the older, clear format: ${r.skipped}`) : undefined;
});

When("the terminal's trace number counter is set to {int} while the power is off", async function (this: PosbenchWorld, last: number) {
  if (!Number.isInteger(last) || last < 1 || last > 999999) throw new Error(`a trace number counter runs 1..999999, not ${last}`);
  const r = await this.bench.power.editWhileOff(`the trace number counter in state.json is set to ${last}`, (dir) => setStanCounter(ownedStateDir(dir), last));
  return r ? this.skipped(`setting the stored trace number counter: ${r.skipped}`) : undefined;
});

Then("the terminal's stored data holds no card number and no key in clear", function (this: PosbenchWorld) {
  const stateDir = this.bench.dut?.addresses?.stateDir;
  if (!stateDir) return this.skipped("what the terminal stores in clear is read from its state directory, and the bench does not know this terminal's (an external or operator terminal keeps its own storage)");
  const found = clearTextInState(stateDir, this.bench.catalog.all().map((c) => c.pan));
  assert.deepEqual(found, [], `the terminal's ${stateDir} holds, readable without its data key: ${found.join('; ')}`);
  return undefined;
});

Given("the terminal's printer address points at a network device that only echoes what it gets", async function (this: PosbenchWorld) {
  const device = await startEchoDevice();
  this.bench.onStop(() => device.close());
  const address = `tcp://${device.host}:${device.port}`;
  this.bench.timeline.record({ source: 'bench', kind: 'bench.echo-device', summary: `an echo device (not a printer) listens on ${address}`, data: { address } });
  await this.bench.setTerminalSetting('printer_port', address);
});

Then('the issuer received nothing from the terminal while its power was off', function (this: PosbenchWorld) {
  const events = this.bench.timeline.all();
  const cut = events.filter((e) => e.source === 'bench' && e.kind === 'power-cut').pop();
  assert.ok(cut, 'the power was never cut in this scenario');
  const on = events.find((e) => e.seq > cut.seq && e.source === 'bench' && e.kind === 'power-on');
  const whileOff = events.filter((e) => e.seq > cut.seq && (!on || e.seq < on.seq) && e.source === 'issuer' && e.kind === 'iso8583.in');
  const what = whileOff.map((e) => String((e.data as { mti?: string } | undefined)?.mti ?? '?')).join(', ');
  assert.equal(whileOff.length, 0, `with its power off the terminal still reached the issuer: ${what}`);
});

Then("the terminal's ECR port listens on {string}", function (this: PosbenchWorld, host: string) {
  const dut = this.bench.dut;
  if (!dut || dut.kind === 'external' || dut.kind === 'operator') return this.skipped(`the address a terminal's ECR port listens on is the bench's to check only for a terminal it starts itself (dut.run ${dut?.kind ?? 'none'})`);
  const ecr = dut.addresses?.ecr;
  assert.ok(ecr, 'the terminal reported no ECR address');
  assert.equal(ecr.host, host, `the terminal's ECR port listens on ${ecr.host}:${ecr.port}, not on ${host}`);
  return undefined;
});
