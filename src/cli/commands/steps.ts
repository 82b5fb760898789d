/**
 * `posbench steps`: the step vocabulary — every step definition with its parameters, what it
 * does or asserts, and an example. The same source as docs/steps.md (`--markdown` writes it;
 * `npm run docs:steps` regenerates the file).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../../bench/profile';
import { loadCardCatalog } from '../../cards';
import { loadVocabulary } from '../../vocabulary/load';
import { renderMarkdown, renderText, toJson } from '../../vocabulary/render';

export type StepsFormat = 'text' | 'json' | 'markdown';

/** The vocabulary of the project at `root`, rendered. */
export async function stepsDocument(format: StepsFormat, root = PROJECT_ROOT): Promise<string> {
  const vocabulary = await loadVocabulary(root);
  const catalog = loadCardCatalog();
  if (format === 'json') return JSON.stringify(toJson(vocabulary, catalog), null, 2) + '\n';
  if (format === 'markdown') return renderMarkdown(vocabulary, catalog);
  return renderText(vocabulary, catalog);
}

export function registerSteps(program: Command): void {
  program
    .command('steps')
    .description('list the step vocabulary: every step, its parameters and an example (docs/steps.md in full)')
    .option('--json', 'machine-readable: parameter types, cards, steps, tags')
    .option('--markdown', 'the docs/steps.md text')
    .option('--output <file>', 'write to a file instead of the console')
    .action(async (o: { json?: boolean; markdown?: boolean; output?: string }) => {
      const text = await stepsDocument(o.json ? 'json' : o.markdown ? 'markdown' : 'text');
      if (o.output) writeFileSync(o.output, text);
      else process.stdout.write(text);
    });
}
