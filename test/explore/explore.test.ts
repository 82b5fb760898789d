import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropSingleActions, explore, type RunScenario } from '../../src/explore/explore';
import { loadProfile } from '../../src/bench/profile';
import { INVARIANT_STEPS, type Action, type ScenarioStep } from '../../src/explore/history';
import type { RunOutcome } from '../../src/explore/runner';

const profile = loadProfile('reference');

function outcome(failure?: RunOutcome['failure']): RunOutcome {
  return { ...(failure ? { failure } : {}), stepsRun: 0, desyncs: [], knownGaps: [], timeline: [], ms: 1 };
}

/**
 * A stand-in for a bench with a defective terminal: a sale after a silent issuer leaves a
 * reversal owed — unless the issuer was told to respond normally in between.
 */
const fakeBench: RunScenario = async (steps: ScenarioStep[]) => {
  let silent = false;
  let owed = false;
  for (const s of steps) {
    if (s.text === 'the issuer does not respond') silent = true;
    if (s.text === 'the issuer responds normally') silent = false;
    if (silent && /^a sale of .* is paid with the card/.test(s.text)) owed = true;
    if (s.text === INVARIANT_STEPS.repaired && owed) {
      return outcome({ kind: 'invariant', step: s, stepIndex: steps.indexOf(s), message: 'invariant violated:\n- [repaired] left after recovery: unreversed-timeout' });
    }
  }
  return outcome();
};

const MINIMAL: Action[] = [
  { do: 'fault', fault: 'bank-silent' },
  { do: 'sale', amountMinor: 100, card: 'UNIONPAY_CHIP' },
];

test('a failing history shrinks to the minimal one: the fault, then the plainest sale', async () => {
  const r = await explore({ profile, runs: 300, seed: 11, maxLength: 12, faults: ['bank'], runScenario: fakeBench });
  assert.ok(r.failure, 'no failing history found');
  assert.ok(r.failure.original.length >= r.failure.minimal.length);
  assert.deepEqual(r.failure.minimal, MINIMAL);
  assert.equal(r.runs, r.failure.foundAtRun, 'the search stops at the first failure');
  assert.ok(r.records.filter((x) => x.phase === 'explore').slice(0, -1).every((x) => x.ok));
  assert.equal(r.failure.steps.find((s) => s.keyword === 'Then' && s.text === INVARIANT_STEPS.repaired)?.text, INVARIANT_STEPS.repaired);
});

test('shrinking is deterministic from the seed', async () => {
  const a = await explore({ profile, runs: 300, seed: 5, maxLength: 12, runScenario: fakeBench });
  const b = await explore({ profile, runs: 300, seed: 5, maxLength: 12, runScenario: fakeBench });
  assert.ok(a.failure && b.failure);
  assert.equal(a.failure.foundAtRun, b.failure.foundAtRun);
  assert.deepEqual(a.failure.original, b.failure.original);
  assert.deepEqual(a.failure.minimal, b.failure.minimal);
  assert.equal(a.failure.shrinkRuns, b.failure.shrinkRuns);
});

test('a shrink candidate that fails another way does not replace the failure being shrunk', async () => {
  // Every history with a power loss "hangs": never the same failure as the owed reversal.
  const hangs: RunScenario = async (steps) =>
    steps.some((s) => s.text === 'the power comes back') ? outcome({ kind: 'hang', message: 'hung' }) : fakeBench(steps, '');
  const r = await explore({ profile, runs: 300, seed: 11, maxLength: 12, faults: ['bank', 'power'], runScenario: hangs });
  assert.ok(r.failure);
  const kind = r.failure.outcome.failure!.kind;
  if (kind === 'invariant') assert.deepEqual(r.failure.minimal, MINIMAL);
  else assert.deepEqual(r.failure.minimal, [{ do: 'power-loss', at: 'now' }]);
});

test('without shrinking the search stops at the first failing history, as drawn', async () => {
  const r = await explore({ profile, runs: 300, seed: 11, maxLength: 12, faults: ['bank'], runScenario: fakeBench, shrink: false });
  const shrunk = await explore({ profile, runs: 300, seed: 11, maxLength: 12, faults: ['bank'], runScenario: fakeBench });
  assert.ok(r.failure && shrunk.failure);
  assert.equal(r.failure.shrinkRuns, 0);
  assert.equal(r.failure.foundAtRun, shrunk.failure.foundAtRun);
  assert.deepEqual(r.failure.minimal, shrunk.failure.original);
});

test('a clean terminal: every run passes, the search runs to --runs', async () => {
  const r = await explore({ profile, runs: 40, seed: 3, maxLength: 8, runScenario: async () => outcome() });
  assert.equal(r.failure, undefined);
  assert.equal(r.runs, 40);
  assert.equal(r.records.length, 40);
  // Seven at the end (explained twice), one more after each card presented wrong.
  assert.ok(r.records.every((x) => x.invariantChecks >= 7));
});

test('the single-action pass drops every action the failure does not need, first to last', async () => {
  const sale: Action = { do: 'sale', amountMinor: 100, card: 'UNIONPAY_CHIP' };
  const h: Action[] = [{ do: 'reprint' }, sale, { do: 'settle' }, { do: 'void' }, { do: 'reprint' }];
  const tried: number[] = [];
  const kept = await dropSingleActions(h, async (c) => {
    tried.push(c.length);
    return c.some((a) => a.do === 'sale') && c.some((a) => a.do === 'void') ? outcome({ kind: 'step', message: 'x' }) : undefined;
  });
  assert.deepEqual(kept?.history, [sale, { do: 'void' }]);
  assert.equal(await dropSingleActions([sale], async () => outcome({ kind: 'step', message: 'x' })), undefined, 'a single action is already minimal');
});
