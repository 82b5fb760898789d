/**
 * What the terminal keeps on disk, read and rewritten by the bench while the power is off:
 * a state directory as older firmware left it, and what is readable there without the data
 * key (src/bench/old-state.ts; docs/domain.md §6).
 */
import { When, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import { clearTextInState } from '../src/bench/old-state';

When("the terminal's stored data is rewritten as firmware before sealing kept it, in clear", async function (this: PosbenchWorld) {
  const r = await this.bench.power.tamperWhileOff('state-in-clear');
  return r ? this.skipped(`a state directory in the older, clear format: ${r.skipped}`) : undefined;
});

Then("the terminal's stored data holds no card number and no key in clear", function (this: PosbenchWorld) {
  const stateDir = this.bench.dut?.addresses?.stateDir;
  if (!stateDir) return this.skipped("what the terminal stores in clear is read from its state directory, and the bench does not know this terminal's (an external or operator terminal keeps its own storage)");
  const found = clearTextInState(stateDir, this.bench.catalog.all().map((c) => c.pan));
  assert.deepEqual(found, [], `the terminal's ${stateDir} holds, readable without its data key: ${found.join('; ')}`);
  return undefined;
});
