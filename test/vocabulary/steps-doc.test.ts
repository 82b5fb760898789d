/** docs/steps.md is generated from the step definitions and cannot drift from them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { stepsDocument } from '../../src/cli/commands/steps';
import { loadVocabulary, VocabularyDriftError } from '../../src/vocabulary/load';

test('docs/steps.md is what `npm run docs:steps` generates from the step definitions today', async () => {
  const expected = await stepsDocument('markdown');
  const actual = readFileSync(join(PROJECT_ROOT, 'docs', 'steps.md'), 'utf8');
  assert.ok(actual === expected, 'docs/steps.md is out of date with steps/*.ts or steps/vocabulary.ts: run `npm run docs:steps` and commit the result');
});

test('every step definition is in the vocabulary with an example that its own definition matches', async () => {
  const v = await loadVocabulary(PROJECT_ROOT);
  assert.ok(v.steps.length >= 50, `only ${v.steps.length} steps loaded`);
  for (const s of v.steps) {
    const text = s.example.replace(/^(Given|When|Then|And|But) /, '');
    assert.ok(s.matches(text), `the example of "${s.expression}" does not match it: ${s.example}`);
    assert.equal(v.steps.filter((x) => x.matches(text)).length, 1, `the example of "${s.expression}" is ambiguous`);
    assert.ok(s.example.startsWith(`${s.keyword} `), `the example of "${s.expression}" does not start with ${s.keyword}`);
  }
  const json = JSON.parse(await stepsDocument('json')) as { steps: unknown[]; cards: { name: string }[] };
  assert.equal(json.steps.length, v.steps.length);
  assert.ok(json.cards.some((c) => c.name === 'UNIONPAY_CHIP'));
});

test('a step definition added without an entry in steps/vocabulary.ts is refused, naming the file', async () => {
  // A throw-away project under the repo (so tsx and Cucumber resolve) with one documented and one undocumented step.
  const root = mkdtempSync(join(PROJECT_ROOT, 'node_modules', '.vocabulary-test-'));
  try {
    mkdirSync(join(root, 'steps'));
    writeFileSync(join(root, 'cucumber.js'), "module.exports = { default: { require: ['steps/**/*.ts'], requireModule: ['tsx/cjs'] } };\n");
    writeFileSync(
      join(root, 'steps', 'a.steps.ts'),
      "import { Given } from '@cucumber/cucumber';\nGiven('a documented step', () => undefined);\nGiven('a brand new step', () => undefined);\n",
    );
    writeFileSync(
      join(root, 'steps', 'vocabulary.ts'),
      "export const SECTIONS = [{ title: 'S' }];\nexport const TAG_DOCS = [];\nexport const STEP_DOCS = [{ section: 'S', keyword: 'Given', expression: 'a documented step', description: 'd', example: 'Given a documented step' }];\n",
    );
    await assert.rejects(loadVocabulary(root), (e: Error) => {
      assert.ok(e instanceof VocabularyDriftError, String(e));
      assert.match(e.message, /step definition without an entry in steps\/vocabulary\.ts: steps\/a\.steps\.ts:3 a brand new step/);
      return true;
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
