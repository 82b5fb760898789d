/**
 * `npm run test:explore`: the bounded CI proof that explore works, both ways (≤ 3 minutes on
 * the reference profile).
 *
 * 1. Against every seeded firmware defect (src/terminal/defects.ts FIRMWARE_DEFECTS) explore,
 *    from a fixed seed, finds a failing history within DEFECT_RUNS runs and shrinks it; two
 *    defects are searched at a time (POSBENCH_EXPLORE_PARALLEL).
 * 2. Against the clean reference terminal, CLEAN_RUNS histories find nothing.
 * 3. The shrunk features pass `posbench check`; `posbench run` on them fails, one scenario
 *    per defect (the failure reproduces), and the same histories without the defect pass
 *    (each is a regression test a correct terminal passes).
 *
 * Prints one line per defect (runs needed, shrunk size) and, last, one JSON line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile, PROJECT_ROOT } from '../src/bench/profile';
import { FIRMWARE_DEFECTS } from '../src/terminal/defects';
import { explore } from '../src/explore/explore';
import { writeExploreReport } from '../src/explore/report';
import { featureText } from '../src/explore/feature';
import { scenarioSteps } from '../src/explore/history';

const SEED = 1;
const DEFECT_RUNS = 60;
const CLEAN_SEED = 2026;
const CLEAN_RUNS = Number(process.env.POSBENCH_EXPLORE_CLEAN_RUNS ?? 60);
const LENGTH = 10;
const PARALLEL = Math.max(1, Number(process.env.POSBENCH_EXPLORE_PARALLEL ?? 2));

/** Run `fn` over `items`, `n` at a time, results in the order of `items`. */
async function pool<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

function posbench(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'posbench.js'), ...args], { encoding: 'utf8', cwd: PROJECT_ROOT });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

function summaryOf(reportsDir: string): { tests: number; failures: number; errors: number } {
  return JSON.parse(readFileSync(join(reportsDir, 'latest', 'summary.json'), 'utf8')) as { tests: number; failures: number; errors: number };
}

async function main(): Promise<number> {
  const started = Date.now();
  const profile = loadProfile('reference');
  const dir = mkdtempSync(join(tmpdir(), 'posbench-test-explore-'));
  const problems: string[] = [];
  const found: Record<string, { runs: number; minimalActions: number; shrinkRuns: number }> = {};
  const features: string[] = [];
  const cleanFeatures: string[] = [];
  try {
    const searched = FIRMWARE_DEFECTS;
    const results = await pool(searched, PARALLEL, (defect) => explore({ profile, runs: DEFECT_RUNS, seed: SEED, maxLength: LENGTH, defects: [defect], shrinkBudget: 15 }));
    searched.forEach((defect, i) => {
      const r = results[i]!;
      if (!r.failure) {
        problems.push(`defect ${defect}: no failing history in ${r.runs} runs from seed ${SEED}`);
        return;
      }
      const report = writeExploreReport(r, join(dir, defect), PROJECT_ROOT);
      features.push(join(PROJECT_ROOT, report.failures[0]!.feature));
      const clean = join(dir, `${defect}-without-the-defect.feature`);
      writeFileSync(clean, featureText(scenarioSteps(r.failure.minimal), { seed: SEED, profile: profile.name, defects: [], foundAtRun: r.failure.foundAtRun, originalActions: r.failure.original.length, minimalActions: r.failure.minimal.length, shrinkRuns: r.failure.shrinkRuns, failure: r.failure.outcome.failure!, evidenceFile: '-', featurePath: clean }));
      cleanFeatures.push(clean);
      found[defect] = { runs: r.failure.foundAtRun, minimalActions: r.failure.minimal.length, shrinkRuns: r.failure.shrinkRuns };
      process.stdout.write(`defect ${defect}: found at run ${r.failure.foundAtRun} (seed ${SEED}), shrunk ${r.failure.original.length} → ${r.failure.minimal.length} action(s) in ${r.failure.shrinkRuns} run(s): ${r.failure.outcome.failure!.kind} at "${r.failure.outcome.failure!.step?.text ?? 'the end'}"\n`);
    });

    const cleanStarted = Date.now();
    const c = await explore({ profile, runs: CLEAN_RUNS, seed: CLEAN_SEED, maxLength: LENGTH });
    const cleanMs = Date.now() - cleanStarted;
    if (c.failure) {
      const report = writeExploreReport(c, join(dir, 'clean'), PROJECT_ROOT);
      problems.push(`the clean terminal failed run ${c.failure.foundAtRun} of seed ${CLEAN_SEED}: ${report.failures[0]!.message} (feature ${report.failures[0]!.feature})`);
    } else if (c.runs !== CLEAN_RUNS) problems.push(`the clean search ran ${c.runs} of ${CLEAN_RUNS} runs`);
    process.stdout.write(`clean terminal: ${c.runs} run(s) from seed ${CLEAN_SEED}, ${c.failure ? 'a failure' : 'no failure'}, ${(cleanMs / 1000).toFixed(1)} s\n`);

    if (features.length) {
      const check = posbench(['check', ...features, ...cleanFeatures]);
      if (check.code !== 0) problems.push(`posbench check refuses a written feature:\n${check.out}`);
      const reports = join(dir, 'reports');
      const run = posbench(['run', '--profile', profile.name, '--reports-dir', reports, ...features]);
      const s = summaryOf(reports);
      if (run.code === 0 || s.tests !== features.length || s.failures + s.errors !== features.length) {
        problems.push(`posbench run of the ${features.length} shrunk feature(s) should fail each one: exit ${run.code}, ${s.tests} test(s), ${s.failures} failure(s), ${s.errors} error(s)\n${run.out.slice(-3000)}`);
      }
      const cleanReports = join(dir, 'reports-clean');
      const cleanRun = posbench(['run', '--profile', profile.name, '--reports-dir', cleanReports, ...cleanFeatures]);
      const cs = summaryOf(cleanReports);
      if (cleanRun.code !== 0 || cs.tests !== cleanFeatures.length) problems.push(`the same histories without the defect should pass on the clean terminal: exit ${cleanRun.code}\n${cleanRun.out.slice(-3000)}`);
      process.stdout.write(`posbench run: ${s.failures + s.errors} of ${s.tests} shrunk feature(s) reproduce their failure; without the defect ${cs.tests - cs.failures - cs.errors} of ${cs.tests} pass\n`);
    }
    for (const p of problems) process.stderr.write(`test:explore: ${p}\n`);
    process.stdout.write(JSON.stringify({ ok: problems.length === 0, defects: found, cleanRuns: c.runs, cleanRunsPerSec: Math.round((c.runs / cleanMs) * 1000 * 100) / 100, totalMs: Date.now() - started }) + '\n');
    return problems.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`test:explore: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  },
);
