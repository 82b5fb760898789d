/**
 * Every entry of steps/vocabulary.ts is used by at least one scenario in features/: a step
 * nobody uses is a step nobody has seen work on the reference bench (issue: "every canonical
 * step used somewhere"). Steps are matched the way Cucumber matches them, against the
 * scenarios' pickles (Scenario Outline rows expanded).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { loadVocabulary } from '../../src/vocabulary/load';
import { featureFiles, type CheckProblem } from '../../src/vocabulary/check';

/** Every step text of every scenario under features/, with where it is written. */
function featureSteps(): { text: string; where: string }[] {
  const problems: CheckProblem[] = [];
  const files = featureFiles([join(PROJECT_ROOT, 'features')], problems, PROJECT_ROOT);
  assert.deepEqual(problems, []);
  const out: { text: string; where: string }[] = [];
  let id = 0;
  for (const path of files) {
    const envelopes = generateMessages(readFileSync(path, 'utf8'), path, 'text/x.cucumber.gherkin+plain' as never, { includePickles: true, newId: () => String(id++) });
    for (const e of envelopes) {
      for (const s of e.pickle?.steps ?? []) out.push({ text: s.text, where: relative(PROJECT_ROOT, path) });
    }
  }
  return out;
}

test('every step of the vocabulary is used by at least one scenario in features/', async () => {
  const v = await loadVocabulary(PROJECT_ROOT);
  const steps = featureSteps();
  assert.ok(steps.length > 500, `only ${steps.length} steps found in features/`);
  const unused = v.steps.filter((s) => !steps.some((f) => s.matches(f.text)));
  assert.deepEqual(
    unused.map((s) => `${s.keyword} ${s.expression}`),
    [],
    `steps of steps/vocabulary.ts that no scenario in features/ uses (write a scenario that does, or drop the step):\n${unused.map((s) => `  ${s.example}`).join('\n')}`,
  );
});

test('the usage check sees a step used only in a Scenario Outline row', async () => {
  // The declines are an outline: its expanded rows are what Cucumber runs, and what counts.
  const steps = featureSteps();
  assert.ok(steps.some((f) => f.text === 'the issuer declines transactions with response code "96"'), 'the outline row for 96 is not expanded');
  const v = await loadVocabulary(PROJECT_ROOT);
  assert.ok(v.steps.some((s) => s.matches('the issuer declines transactions with response code "96"')));
});
