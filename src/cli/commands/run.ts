/**
 * `posbench run`: the main job. Runs the feature suite against a hardware profile in a
 * child Cucumber process (cucumber-run.ts: the run's configuration goes in as world
 * parameters, paths, tags and workers), writes reports/<run-id>/ and refreshes reports/latest/.
 * An interrupted run (SIGINT/SIGTERM) still finalises what it has: summary, latest/,
 * and the Allure report from the results written so far.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadProfile, PROJECT_ROOT } from '../../bench/profile';
import { junitFromMessagesFile } from './junit-from-messages';
import { writeCertificate } from '../../certificate/build';
import type { CucumberRun } from '../cucumber-run';

export interface RunOptions {
  profile: string;
  tags?: string;
  parallel: number;
  reportsDir: string;
  featurePaths: string[];
}

export interface RunSummary {
  runId: string;
  profile: string;
  interrupted: boolean;
  exitCode: number;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  startedAt: string;
  finishedAt: string;
  reports: Record<string, string>;
  allure: string;
}

function runId(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');
}

/** Counts from a JUnit XML file (the testsuite attributes). */
export function junitCounts(file: string): { tests: number; failures: number; errors: number; skipped: number } {
  if (!existsSync(file)) return { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const xml = readFileSync(file, 'utf8');
  const count = (re: RegExp) => (xml.match(re) ?? []).length;
  return {
    tests: count(/<testcase\b/g),
    failures: count(/<failure\b/g),
    errors: count(/<error\b/g),
    skipped: count(/<skipped\b/g),
  };
}

/**
 * The Allure HTML report with Allure 3 (the `allure` npm package: pure JS, no Java), one
 * self-contained index.html (allurerc.mjs: awesome plugin, singleFile). Run with this Node
 * so no `node` on PATH is needed either.
 */
export function generateAllure(runDir: string): string {
  const results = join(runDir, 'allure-results');
  if (!existsSync(results)) return 'no allure-results were written';
  let cli: string;
  try {
    // the package exports only dist/index.js; its CLI sits beside dist/
    cli = join(dirname(require.resolve('allure')), '..', 'cli.js');
    if (!existsSync(cli)) throw new Error(cli);
  } catch {
    return 'the allure package is not installed (npm install), so the Allure HTML report was not generated; the raw results are in allure-results/';
  }
  const r = spawnSync(process.execPath, [cli, 'generate', results, '--config', join(PROJECT_ROOT, 'allurerc.mjs'), '-o', join(runDir, 'allure-report')], {
    cwd: runDir,
    env: { ...process.env, ALLURE_NO_ANALYTICS: 'true', NO_COLOR: '1' },
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(join(runDir, 'allure-report', 'index.html'))) {
    return `allure generate failed (exit ${r.status}): ${(r.stderr || r.stdout || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`;
  }
  return 'generated';
}

export async function runSuite(opts: RunOptions, io: { out: (s: string) => void; err: (s: string) => void } = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  // Fail fast on a bad profile, before anything starts.
  const profile = loadProfile(opts.profile);
  const id = runId();
  const reportsDir = resolve(opts.reportsDir);
  const runDir = join(reportsDir, id);
  mkdirSync(join(runDir, 'allure-results'), { recursive: true });
  const startedAt = new Date().toISOString();
  const cucumberChild = join(PROJECT_ROOT, 'src', 'cli', 'cucumber-run.ts');
  const run: CucumberRun = { runDir, profile: profile.file, parallel: opts.parallel, ...(opts.tags ? { tags: opts.tags } : {}), paths: opts.featurePaths.map((p) => resolve(p)) };
  const args = ['--import', 'tsx', cucumberChild, JSON.stringify(run)];
  io.out(`posbench run ${id}: profile ${profile.name} (${relative(process.cwd(), profile.file)})${opts.tags ? `, tags ${opts.tags}` : ''}${opts.parallel ? `, ${opts.parallel} workers` : ''}\n`);

  let interrupted = false;
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const onSignal = (sig: NodeJS.Signals) => {
    interrupted = true;
    io.err(`\nposbench: ${sig} — stopping the suite and keeping what it has so far\n`);
    if (child.exitCode === null) child.kill(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const exitCode: number = await new Promise((res) => {
    child.on('exit', (code, signal) => res(code ?? (signal ? 130 : 1)));
    child.on('error', (e) => {
      io.err(`posbench: cannot start Cucumber (${process.execPath} ${cucumberChild}): ${e.message}\n`);
      res(2);
    });
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  const junitFile = join(runDir, 'junit.xml');
  const messagesFile = join(runDir, 'cucumber-messages.ndjson');
  if (junitCounts(junitFile).tests === 0 && existsSync(messagesFile)) {
    // Cucumber writes JUnit only at the end: after an interruption, rebuild it from the message stream.
    const rebuilt = junitFromMessagesFile(messagesFile);
    if (rebuilt.tests > 0) writeFileSync(junitFile, rebuilt.xml);
  }
  writeCertificate({ runDir, runId: id, startedAt, profile });
  const allure = generateAllure(runDir);
  const counts = junitCounts(junitFile);
  const summary: RunSummary = {
    runId: id,
    profile: profile.name,
    interrupted,
    exitCode: interrupted ? 130 : exitCode,
    ...counts,
    startedAt,
    finishedAt: new Date().toISOString(),
    reports: {
      junit: join(runDir, 'junit.xml'),
      cucumberHtml: join(runDir, 'cucumber.html'),
      allureResults: join(runDir, 'allure-results'),
      allureHtml: join(runDir, 'allure-report', 'index.html'),
      evidence: join(runDir, 'evidence'),
    },
    allure,
  };
  writeFileSync(join(runDir, 'summary.json'), JSON.stringify(summary, null, 2));
  const latest = join(reportsDir, 'latest');
  rmSync(latest, { recursive: true, force: true });
  cpSync(runDir, latest, { recursive: true });

  const passed = counts.tests - counts.failures - counts.errors - counts.skipped;
  io.out(`\n${interrupted ? 'INTERRUPTED' : summary.exitCode === 0 ? 'PASSED' : 'FAILED'} on profile ${profile.name}\n`);
  io.out(`scenarios: ${passed} passed, ${counts.failures + counts.errors} failed, ${counts.skipped} skipped\n`);
  io.out(`reports: ${relative(process.cwd(), runDir)}/  (copied to ${relative(process.cwd(), latest)}/)\n`);
  io.out(`  junit        ${relative(process.cwd(), join(latest, 'junit.xml'))}\n`);
  io.out(`  cucumber     ${relative(process.cwd(), join(latest, 'cucumber.html'))}\n`);
  io.out(`  allure       ${allure === 'generated' ? relative(process.cwd(), join(latest, 'allure-report', 'index.html')) : allure}\n`);
  io.out(`  evidence     ${relative(process.cwd(), join(latest, 'evidence'))}/\n`);
  return summary.exitCode;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the feature suite against a hardware profile and write the reports')
    .option('--profile <name>', 'hardware profile name (hardware-profiles/NAME.yaml) or a path to a profile', 'reference')
    .option('--tags <expr>', 'Cucumber tag expression, e.g. "@purchase and not @slow"')
    .option('--parallel <n>', 'parallel workers (each scenario still owns its bench)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`--parallel wants a whole number, got "${v}"`);
      return n;
    }, 0)
    .option('--reports-dir <dir>', 'where runs are written', join(PROJECT_ROOT, 'reports'))
    .argument('[featurePaths...]', 'feature files or folders (default: all of features/)')
    .action(async (featurePaths: string[], o: { profile: string; tags?: string; parallel: number; reportsDir: string }) => {
      process.exitCode = await runSuite({ profile: o.profile, tags: o.tags, parallel: o.parallel, reportsDir: o.reportsDir, featurePaths });
    });
}
