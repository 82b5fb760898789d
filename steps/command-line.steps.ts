/**
 * The terminal's command line (docs/benches.md): a terminal the bench starts itself, started
 * a second time from its command line changed, must refuse what it cannot take and name it —
 * never start half configured (src/dut/command-line-check.ts).
 */
import { Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import type { PosbenchWorld } from './world';
import type { CommandLineChange } from '../src/dut/types';
import { matchesWithEllipsis } from '../src/bench/receipt-layout';

async function refusesToStart(world: PosbenchWorld, change: CommandLineChange, what: string, says: string): Promise<'skipped' | undefined> {
  const dut = world.bench.dut;
  if (!dut?.commandLineCheck) return world.skipped(`the bench does not start this terminal from a command line (dut.run ${dut?.kind ?? 'none'}): it cannot start it again with ${what}`);
  const v = await dut.commandLineCheck(change);
  world.log(`the terminal started with ${what}: ${v.refused ? 'refused' : 'started'}${v.exitCode === undefined ? '' : `, exit code ${v.exitCode}`}; it said: ${v.said || '(nothing)'}`);
  assert.ok(v.refused, `the terminal started with ${what}: it should have refused and named the option`);
  // The first line is the error (a process writes its usage after it); "…" stands for any text.
  const first = v.said.split('\n')[0]!.replace(/^reference terminal: /, '');
  assert.ok(matchesWithEllipsis(says, first), `the terminal refused ${what}, saying "${first}", not "${says}"`);
  // The contract (docs/ecr.md, Starting the terminal): a usage error exits 64, EX_USAGE.
  if (v.exitCode !== undefined) assert.equal(v.exitCode, 64, `the terminal refused ${what} but exited with code ${v.exitCode}, not 64 (EX_USAGE)`);
  return undefined;
}

Then('the terminal started with the extra options {string} refuses to start, saying {string}', function (this: PosbenchWorld, options: string, says: string) {
  return refusesToStart(this, { add: options.split(/\s+/).filter(Boolean) }, `the extra options "${options}"`, says);
});

Then('the terminal started without the option {string} refuses to start, saying {string}', function (this: PosbenchWorld, option: string, says: string) {
  return refusesToStart(this, { drop: option }, `no option ${option}`, says);
});
