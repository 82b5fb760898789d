/**
 * The Stryker ignorer of seeded-defect switches (stryker-plugins/defect-switch-ignorer.mjs),
 * run over the terminal's own slip code as Stryker's instrumenter walks it (Babel, the
 * parser Stryker uses, from its dependencies): which lines it keeps from mutation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The little of Babel's API this test uses (@babel/core comes with Stryker's instrumenter, without type declarations here). */
interface NodePath {
  node: { loc?: { start: { line: number } } };
  skip(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const babel = require('@babel/core') as {
  parseSync(code: string, opts: object): object | null;
  traverse(ast: object, visitor: { enter(path: NodePath): void }): void;
};

async function ignoredLines(source: string): Promise<Set<number>> {
  const { strykerPlugins } = (await import(join(__dirname, '..', '..', 'stryker-plugins', 'defect-switch-ignorer.mjs'))) as { strykerPlugins: { value: { shouldIgnore(p: NodePath): string | undefined } }[] };
  const ignorer = strykerPlugins[0]!.value;
  const ast = babel.parseSync(source, { filename: 'x.ts', presets: [require.resolve('@babel/preset-typescript')], babelrc: false, configFile: false })!;
  const lines = new Set<number>();
  babel.traverse(ast, {
    enter(path) {
      if (ignorer.shouldIgnore(path)) {
        lines.add(path.node.loc!.start.line);
        path.skip();
      }
    },
  });
  return lines;
}

const lineOf = (source: string, text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;

test('the statements after a guard `if (!defects.includes(…)) return …;` run only with the defect on: not mutated; the guard and its clean return are', async () => {
  const source = readFileSync(join(__dirname, '..', '..', 'src', 'terminal', 'slip.ts'), 'utf8');
  const ignored = await ignoredLines(source);
  const guard = lineOf(source, "if (!defects.includes('amount-cents-unpadded')) return formatAmount(minor);");
  assert.ok(guard > 0);
  // The switch in the guard is ignored; the clean path's `return formatAmount(minor)` is mutated.
  assert.ok(ignored.has(guard), 'the switch itself is a seeded-defect switch');
  assert.ok(ignored.has(guard + 1) && ignored.has(guard + 2), 'the defect branch after the guard');
  const clean = lineOf(source, 'export function formatAmount');
  for (let l = clean; l < clean + 4; l++) assert.ok(!ignored.has(l), `line ${l} of formatAmount is clean terminal code`);
});

test('an if taken only with a defect on is not mutated, its else and an unrelated if are', async () => {
  const source = [
    'function f(defects: string[], x: number) {',
    "  if (defects.includes('d')) x++;",
    '  else x--;',
    '  if (x > 1) x = 0;',
    "  if (x && defects.includes('e')) { x = 2; }",
    '  return x;',
    '}',
  ].join('\n');
  const ignored = await ignoredLines(source);
  assert.deepEqual([...ignored].sort(), [2, 5]);
});
