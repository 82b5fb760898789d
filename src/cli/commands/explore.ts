/**
 * `posbench explore --profile NAME --runs N --seed S [--length L] [--faults LIST]
 * [--time-limit T] [--terminal-defect NAME] [--out DIR]`: seeded random histories of cashier
 * actions and faults, each run on a fresh bench and checked against the explore invariants;
 * the first failing one is shrunk and written as a feature (src/explore/README.md).
 * Exit 0 when every run held, 1 when one failed, 2 on bad input.
 */
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadProfile, PROJECT_ROOT } from '../../bench/profile';
import { applySetting, DEFAULT_TERMINAL_CONFIG } from '../../terminal/config';
import { loadVocabulary } from '../../vocabulary/load';
import { checkFeatures, formatCheckReport } from '../../vocabulary/check';
import { loadRequirements } from '../../certificate/requirements';
import { explore } from '../../explore/explore';
import { parseFaultFamilies } from '../../explore/generate';
import { reportText, writeExploreReport } from '../../explore/report';

export interface ExploreCommandOptions {
  profile: string;
  runs: number;
  seed?: number;
  length: number;
  faults?: string;
  timeLimit?: number;
  terminalDefect?: string;
  out?: string;
  quiet?: boolean;
}

function wholeNumber(name: string, min: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < min) throw new InvalidArgumentError(`${name}: expected a whole number ≥ ${min}, got "${v}"`);
    return Number(v);
  };
}

export async function exploreCommand(o: ExploreCommandOptions, io = { out: (s: string) => void process.stdout.write(s), err: (s: string) => void process.stderr.write(s) }): Promise<number> {
  const profile = loadProfile(o.profile);
  // The terminal parses the defect names: an unknown one is refused with the known names.
  const defects = o.terminalDefect ? applySetting(DEFAULT_TERMINAL_CONFIG, 'defects', o.terminalDefect).defects : [];
  const faults = o.faults ? parseFaultFamilies(o.faults) : undefined;
  const seed = o.seed ?? Date.now() % 2 ** 31;
  const out = resolve(o.out ?? join(PROJECT_ROOT, 'reports', 'explore', `seed-${seed}${defects.length ? `-${defects.join('+')}` : ''}`));
  io.out(`posbench explore: profile ${profile.name}, seed ${seed}, up to ${o.runs} run(s)${defects.length ? `, terminal defects ${defects.join(',')}` : ''}\n`);
  const result = await explore({
    profile,
    runs: o.runs,
    seed,
    maxLength: o.length,
    ...(faults ? { faults } : {}),
    ...(o.timeLimit ? { timeLimitMs: o.timeLimit * 1000 } : {}),
    defects,
    onRun: (r) => {
      if (o.quiet) return;
      if (r.phase === 'shrink') io.out(r.ok ? 's' : 'S');
      else io.out(r.ok ? '.' : 'F');
    },
  });
  if (!o.quiet) io.out('\n');
  const report = writeExploreReport(result, out);
  io.out(reportText(report));
  io.out(`report: ${join(out, 'explore-report.json')} (and .txt, .html)\n`);
  if (report.failures.length) {
    // The feature must be canonical: check it as `posbench check` would.
    const vocabulary = await loadVocabulary(PROJECT_ROOT);
    const checked = checkFeatures(
      report.failures.map((f) => resolve(f.feature)),
      vocabulary,
      { root: process.cwd(), currency: profile.currency, requirements: loadRequirements(PROJECT_ROOT).map((r) => r.id) },
    );
    if (checked.problems.length) {
      io.err(`posbench explore: the feature written does not pass posbench check:\n${formatCheckReport(checked)}`);
      return 2;
    }
    return 1;
  }
  return 0;
}

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('seeded random histories of cashier actions and faults, each on a fresh bench, checked against invariants; a failure is shrunk and written as a feature')
    .option('--profile <name>', 'hardware profile name or path', 'reference')
    .option('--runs <n>', 'histories to draw and run', wholeNumber('--runs', 1), 100)
    .option('--seed <s>', 'the seed (default: from the clock, printed)', wholeNumber('--seed', 0))
    .option('--length <l>', 'the longest history, in actions', wholeNumber('--length', 1), 12)
    .option('--faults <list>', 'fault families to inject, comma-separated: network, bank, printer, power, operator (default: all)')
    .option('--time-limit <seconds>', 'stop drawing new histories after this long', wholeNumber('--time-limit', 1))
    .option('--terminal-defect <names>', 'seed firmware defects (comma-separated; docs/desyncs.md), set as the terminal setting "defects" in every history')
    .option('--out <dir>', 'where the report and the failing features go (default reports/explore/seed-S)')
    .option('--quiet', 'no progress dots')
    .action(async (o: ExploreCommandOptions) => {
      process.exitCode = await exploreCommand(o);
    });
}
