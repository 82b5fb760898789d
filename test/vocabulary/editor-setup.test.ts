/**
 * The repository is set up for the Cucumber editor extension (VS Code
 * "CucumberOpen.cucumber-official", powered by the Cucumber language server): it finds the
 * features and the glue from .vscode/settings.json, and reads step definitions and
 * parameter types from the glue's source text — so each must be written literally there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { loadVocabulary } from '../../src/vocabulary/load';
import { PARAMETER_TYPES } from '../../src/vocabulary/parameters';

const read = (p: string) => readFileSync(join(PROJECT_ROOT, p), 'utf8');

test('.vscode points the extension at the features and the step definitions, and recommends it', () => {
  const settings = JSON.parse(read('.vscode/settings.json')) as Record<string, string[]>;
  assert.deepEqual(settings['cucumber.features'], ['features/**/*.feature']);
  assert.deepEqual(settings['cucumber.glue'], ['steps/**/*.ts']);
  const extensions = JSON.parse(read('.vscode/extensions.json')) as { recommendations: string[] };
  assert.ok(extensions.recommendations.includes('CucumberOpen.cucumber-official'));
});

test('every step definition is written literally in a glue file, where the extension reads it', async () => {
  const v = await loadVocabulary(PROJECT_ROOT);
  for (const s of v.steps) {
    assert.match(s.uri, /^steps\/.*\.ts$/, `${s.expression} is defined outside the glue (steps/**/*.ts)`);
    const source = read(s.uri);
    const literal = s.expression.startsWith('/') ? `(${s.expression}` : [`('${s.expression}'`, `("${s.expression}"`].find((l) => source.includes(l));
    assert.ok(literal && source.includes(literal), `${s.uri}: "${s.expression}" is not a literal first argument of Given/When/Then`);
  }
});

test('every parameter type is a literal defineParameterType({ name, regexp }) in the glue', () => {
  const source = read('steps/parameters.ts');
  for (const p of PARAMETER_TYPES) {
    assert.match(source, new RegExp(`defineParameterType\\(\\{ name: '${p.name}', regexp: /`), `{${p.name}} is not defined literally in steps/parameters.ts`);
  }
});
