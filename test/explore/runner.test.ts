import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProfile } from '../../src/bench/profile';
import { hangAfterMs, ScenarioRunner } from '../../src/explore/runner';
import { INVARIANT_STEPS, scenarioSteps, type Action } from '../../src/explore/history';

const profile = loadProfile('reference');
const sale: Action = { do: 'sale', amountMinor: 2500, card: 'UNIONPAY_CHIP' };

test('a history runs through the step definitions on a fresh bench: a clean terminal holds every invariant', async () => {
  const runner = await ScenarioRunner.load();
  const steps = scenarioSteps([sale, { do: 'reprint' }]);
  const o = await runner.run(steps, { profile, scenario: 'runner test' });
  assert.equal(o.failure, undefined, JSON.stringify(o.failure));
  assert.equal(o.stepsRun, steps.length);
  assert.deepEqual(o.desyncs, []);
  const sales = o.timeline.filter((e) => e.kind === 'ecr.response' && e.summary.startsWith('sale → outcome=approved'));
  assert.equal(sales.length, 2, 'the history sale and the recovery sale were approved');
  assert.ok(o.timeline.some((e) => e.kind === 'bench.stop'), 'the bench was stopped');
});

test('a seeded defect fails the invariant step that catches it, and the run says which', async () => {
  const runner = await ScenarioRunner.load();
  const steps = scenarioSteps([sale, { do: 'reprint' }], { defects: ['reprint-without-marker'] });
  const o = await runner.run(steps, { profile, scenario: 'runner test' });
  assert.equal(o.failure?.kind, 'invariant');
  // The oracle itself names a second unmarked copy (receipt-field-mismatch, firmware-defect),
  // so the first invariant to fail is "explained", before the slip accounting is reached.
  assert.equal(o.failure?.step?.text, INVARIANT_STEPS.explained);
  assert.match(o.failure!.message, /receipt-field-mismatch \(firmware-defect\) STAN \d{6}/);
  assert.equal(o.stepsRun, o.failure!.stepIndex! + 1);
});

test('a step text with no definition is refused before any bench starts', async () => {
  const runner = await ScenarioRunner.load();
  assert.throws(() => runner.validate([{ keyword: 'When', text: 'the cashier dances' }]), /explore wrote the step "the cashier dances", which matches 0 step definitions/);
});

test("a hang is a step that outlasts every wait the terminal's own settings allow, twice over", () => {
  assert.equal(hangAfterMs({ hostTimeoutMs: 1500, connectTimeoutMs: 1000, reversalRetries: 3, cardWaitTimeoutMs: 5000 }), 50000);
});
