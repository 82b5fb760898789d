/**
 * `posbench check [FEATURES...]`: validate features without starting a bench — every step
 * matched against the step definitions, every parameter validated (cards, amounts, response
 * codes, desyncs and causes, terminal settings, profile names, tags), the nearest canonical
 * phrasing suggested for an undefined step. Exit 1 on any problem.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadProfile, PROJECT_ROOT } from '../../bench/profile';
import { loadVocabulary } from '../../vocabulary/load';
import { checkFeatures, formatCheckReport, type CheckReport } from '../../vocabulary/check';
import { loadRequirements } from '../../certificate/requirements';

export interface CheckCommandOptions {
  profile: string;
  json?: boolean;
}

export async function checkCommand(paths: string[], o: CheckCommandOptions, out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const profile = loadProfile(o.profile);
  const vocabulary = await loadVocabulary(PROJECT_ROOT);
  const targets = paths.length ? paths.map((p) => resolve(p)) : [join(PROJECT_ROOT, 'features')];
  const report: CheckReport = checkFeatures(targets, vocabulary, {
    root: process.cwd(),
    currency: profile.currency,
    requirements: loadRequirements(PROJECT_ROOT).map((r) => r.id),
  });
  out(o.json ? JSON.stringify(report, null, 2) + '\n' : formatCheckReport(report));
  return report.problems.length ? 1 : 0;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('dry-run features without a bench: every step and parameter validated, the nearest phrasing suggested')
    .option('--profile <name>', 'hardware profile whose currency amounts are checked against', 'reference')
    .option('--json', 'the problems as JSON')
    .argument('[features...]', 'feature files or folders (default: features/)')
    .action(async (paths: string[], o: CheckCommandOptions) => {
      process.exitCode = await checkCommand(paths, o);
    });
}
