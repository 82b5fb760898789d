/**
 * `posbench run`: the main job. Runs the feature suite against a hardware profile in a
 * child Cucumber process (cucumber-run.ts: the run's configuration goes in as world
 * parameters, paths, tags and workers) and writes reports/<run-id>/, with reports/latest a
 * link to it.
 *
 * Every report file posbench writes is valid at every instant, whatever kills the run
 * (src/util/atomic-write.ts). From the start summary.json says `"state": "running"` and
 * junit.xml holds one error, "the run did not finish"; both are replaced at the end. An
 * interrupted run (SIGINT/SIGTERM) still finalises what it has — JUnit rebuilt from the
 * message stream with the cut-off scenario as an error and the suite marked interrupted,
 * the summary, the Allure report from the results written so far. The Cucumber child runs
 * as its own process group with the bench's temporary state under one per-run root, so
 * stopping the run stops every process it started and removes that root.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, mkdirSync, rmSync, readlinkSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadProfile, physicalDevices, PROJECT_ROOT, type HardwareProfile } from '../../bench/profile';
import { PosbenchError } from '../../util/errors';
import { featureNames, loadDurations, parseShardSpec, shardRecord, splitPlan, ShardError, type ShardRecord, type ShardSpec } from '../../shard/split';
import { removeAbandonedTemps, replaceSymlink, writeFileAtomic } from '../../util/atomic-write';
import { createRunTempRoot, sweepStaleRunRoots, TEMP_ROOT_ENV } from '../../util/temp-root';
import { OPERATOR_TTY_ENV } from '../../bench/operator';
import { CUCUMBER_JUNIT, provisionalJunit, writeFinalJunit, type Interruption } from './junit-from-messages';
import { writeCertificate } from '../../certificate/build';
import type { CucumberRun } from '../cucumber-run';
import { parseDefectOption, TERMINAL_DEFECT_HELP, withDefects } from '../terminal-defects';

export interface RunOptions {
  profile: string;
  /** Seeded firmware defects for the whole run, "NAME[,NAME…]" (src/cli/terminal-defects.ts). */
  terminalDefect?: string;
  tags?: string;
  parallel: number;
  reportsDir: string;
  featurePaths: string[];
  /** Run only this shard of the plan (src/shard/split.ts). */
  shard?: ShardSpec;
  /** Recorded durations to balance the shards: a junit.xml or durations.json; 'none' for none. Default <reportsDir>/durations.json when present. */
  durations?: string;
}

export interface RunSummary {
  runId: string;
  profile: string;
  /** `running` until the run ends (a run killed outright leaves it so); `interrupted` when it was cut short. */
  state: 'running' | 'finished' | 'interrupted';
  /** True unless the run got to its end: a provisional summary says true. */
  interrupted: boolean;
  /** Why it was cut short, e.g. "interrupted by SIGINT". */
  interruption?: string;
  exitCode: number;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  startedAt: string;
  finishedAt: string;
  reports: Record<string, string>;
  allure: string;
  /** A sharded run (--shard I/N): its part of the plan. */
  shard?: ShardRecord;
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

/**
 * reports/latest → reports/<id>, as a relative symbolic link replaced in one rename: a kill
 * at any instant leaves the old link or the new one. Returns false where links cannot be
 * made (then latest is a copy, swapped in at the end by `copyLatest`).
 */
export function pointLatestAt(reportsDir: string, id: string): boolean {
  try {
    replaceSymlink(id, join(reportsDir, 'latest'));
    return true;
  } catch {
    return false;
  }
}

/** Where symbolic links are refused: a copy built beside latest, then swapped in by renames. */
function copyLatest(reportsDir: string, runDir: string): void {
  const latest = join(reportsDir, 'latest');
  const fresh = join(reportsDir, `.latest.${process.pid}.new`);
  const old = join(reportsDir, `.latest.${process.pid}.old`);
  rmSync(fresh, { recursive: true, force: true });
  cpSync(runDir, fresh, { recursive: true });
  if (existsSync(latest)) renameSync(latest, old);
  renameSync(fresh, latest);
  rmSync(old, { recursive: true, force: true });
}

/**
 * A signal to the child's whole process group (Cucumber, workers, terminal processes,
 * socat). A group's id is not reused while any member lives, so this is safe after the
 * leader has exited too.
 */
function signalGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // the group is gone
  }
}

/** A tag expression no scenario matches: a shard with nothing to run runs nothing (no paths would mean every feature). */
const NOTHING = '@posbench-empty-shard and not @posbench-empty-shard';

/** The scenarios this shard runs, as `file:line` paths for Cucumber, and what its summary records. */
async function planShard(opts: RunOptions, shard: ShardSpec, reportsDir: string): Promise<{ paths: string[]; record: ShardRecord; tags?: string }> {
  // loaded only for a sharded run: Cucumber's API is not needed otherwise
  const { planRun } = require('../cucumber-run') as typeof import('../cucumber-run');
  const plan = await planRun({ runDir: reportsDir, profile: opts.profile, parallel: 0, ...(opts.tags ? { tags: opts.tags } : {}), paths: opts.featurePaths.map((p) => resolve(p)) }, PROJECT_ROOT);
  const names = featureNames([...new Set(plan.map((p) => p.uri))].map((uri) => ({ uri, path: resolve(PROJECT_ROOT, uri) })));
  const defaultFile = join(reportsDir, 'durations.json');
  const file = opts.durations === 'none' ? undefined : (opts.durations ?? (existsSync(defaultFile) ? defaultFile : undefined));
  const split = splitPlan(
    plan.map((p) => ({ ...p, uri: p.uri.split('\\').join('/'), feature: names.get(p.uri) ?? '' })),
    shard,
    file ? loadDurations(file) : undefined,
    file ? relative(process.cwd(), file) : 'none: every scenario weighs the same (stable order)',
  );
  const record = shardRecord(split);
  const paths = split.scenarios.map((s) => `${resolve(PROJECT_ROOT, s.uri)}:${s.line}`);
  return { paths, record, ...(paths.length ? {} : { tags: NOTHING }) };
}

/** One worker per physical bench: two scenarios at once would share its devices. */
function checkWorkers(profile: HardwareProfile, parallel: number): void {
  const physical = physicalDevices(profile);
  if (parallel > 1 && physical.length) {
    throw new PosbenchError('RUN', `--parallel ${parallel}: profile ${profile.name} has physical devices (${physical.join('; ')}), which two scenarios at once would share. One worker per bench: --parallel 0 here, and spread the suite over benches with --shard I/N`);
  }
}

type Io = { out: (s: string) => void; err: (s: string) => void };

export async function runSuite(opts: RunOptions, io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  return withDefects(opts.profile, opts.terminalDefect, (profile) => {
    if (profile !== opts.profile) io.out(`posbench: terminal defects ${opts.terminalDefect} (profile copy ${profile})\n`);
    return runOnProfile({ ...opts, profile }, io);
  });
}

async function runOnProfile(opts: RunOptions, io: Io): Promise<number> {
  // Fail fast on a bad profile, before anything starts.
  const profile = loadProfile(opts.profile);
  checkWorkers(profile, opts.parallel);
  if (opts.durations && !opts.shard) throw new PosbenchError('RUN', '--durations balances the shards of a split: give --shard I/N too');
  const id = runId();
  const reportsDir = resolve(opts.reportsDir);
  const shard = opts.shard ? await planShard(opts, opts.shard, reportsDir) : undefined;
  const runDir = join(reportsDir, id);
  mkdirSync(join(runDir, 'allure-results'), { recursive: true });
  const startedAt = new Date().toISOString();
  const junitFile = join(runDir, 'junit.xml');
  const summaryFile = join(runDir, 'summary.json');
  const reports = {
    junit: junitFile,
    cucumberHtml: join(runDir, 'cucumber.html'),
    allureResults: join(runDir, 'allure-results'),
    allureHtml: join(runDir, 'allure-report', 'index.html'),
    evidence: join(runDir, 'evidence'),
  };
  // Until the run ends, its summary and its JUnit say it has not finished: a run killed outright leaves them so.
  const provisional = { runId: id, profile: profile.name, state: 'running', interrupted: true, interruption: 'the run has not finished (or was killed before it could say so)', pid: process.pid, startedAt, reports, ...(shard ? { shard: shard.record } : {}) };
  writeFileAtomic(summaryFile, JSON.stringify(provisional, null, 2));
  writeFileAtomic(junitFile, provisionalJunit(id));
  removeAbandonedTemps(reportsDir); // a half-made latest link of a run killed mid-swap
  const linked = pointLatestAt(reportsDir, id);

  const swept = sweepStaleRunRoots();
  if (swept.length) io.err(`posbench: removed ${swept.length} temporary folder(s) left by runs that were killed: ${swept.join(', ')}\n`);
  const tempRoot = createRunTempRoot();
  const cucumberChild = join(PROJECT_ROOT, 'src', 'cli', 'cucumber-run.ts');
  const run: CucumberRun = {
    runDir,
    profile: profile.file,
    parallel: opts.parallel,
    ...(shard?.tags ? { tags: shard.tags } : opts.tags ? { tags: opts.tags } : {}),
    paths: shard ? shard.paths : opts.featurePaths.map((p) => resolve(p)),
    junitFile: join(runDir, CUCUMBER_JUNIT),
    watchParent: true,
  };
  const args = ['--import', 'tsx', cucumberChild, JSON.stringify(run)];
  io.out(`posbench run ${id}: profile ${profile.name} (${relative(process.cwd(), profile.file)})${opts.tags ? `, tags ${opts.tags}` : ''}${opts.parallel ? `, ${opts.parallel} workers` : ''}\n`);
  if (shard) io.out(`shard ${shard.record.index}/${shard.record.total}: ${shard.record.scenarios.length} of ${shard.record.planned} scenarios, about ${shard.record.estimatedSeconds} ${shard.record.durations.startsWith('none') ? 'units' : 's'} (durations: ${shard.record.durations})\n`);

  let signalled: NodeJS.Signals | undefined;
  // Its own process group (detached), so a stop reaches every process the suite started;
  // stdin a pipe whose end tells the child this process is gone.
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['pipe', 'inherit', 'inherit'], detached: true, env: { ...process.env, [TEMP_ROOT_ENV]: tempRoot, ...operatorTty() } });
  child.stdin?.on('error', () => undefined);
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = sig;
    io.err(`\nposbench: ${sig} — stopping the suite and keeping what it has so far\n`);
    if (child.exitCode === null) signalGroup(child.pid, sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ended: { code: number | null; signal: NodeJS.Signals | null; error?: string } = await new Promise((res) => {
    child.on('exit', (code, signal) => res({ code, signal }));
    child.on('error', (e) => res({ code: null, signal: null, error: e.message }));
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  child.stdin?.destroy();
  // whatever is left of the group (a worker, a terminal process) goes too, then its temporary state
  signalGroup(child.pid, 'SIGTERM');
  rmSync(tempRoot, { recursive: true, force: true });
  if (ended.error) io.err(`posbench: cannot start Cucumber (${process.execPath} ${cucumberChild}): ${ended.error}\n`);

  // A path, line or tag that selects nothing is a mistake, not a green run (Cucumber passes
  // it); a shard the split left empty runs nothing on purpose.
  const selectedNone = !signalled && !ended.signal && ended.code === 0 && !(shard && shard.paths.length === 0) && !scenarioStarted(runDir);
  const interruption: Interruption | undefined = signalled
    ? { reason: `interrupted by ${signalled}`, runId: id }
    : ended.signal
      ? { reason: `Cucumber was killed by ${ended.signal}`, runId: id }
      : ended.code !== 0 && ended.code !== 1
        ? { reason: ended.error ? `Cucumber could not start: ${ended.error}` : `Cucumber stopped before the end (exit code ${ended.code})`, runId: id }
        : selectedNone
          ? { reason: 'the feature paths, lines and tags given select no scenario', runId: id }
          : undefined;
  writeFinalJunit(runDir, interruption);
  for (const d of [runDir, join(runDir, 'evidence')]) removeAbandonedTemps(d); // a worker killed mid-write
  writeCertificate({ runDir, runId: id, startedAt, profile });
  const allure = generateAllure(runDir);
  const counts = junitCounts(junitFile);
  const sig = signalled ?? ended.signal;
  const exitCode = sig ? 128 + (constants.signals[sig] ?? 2) : selectedNone ? 1 : ended.code === 0 || ended.code === 1 ? ended.code : 2;
  const summary: RunSummary = {
    runId: id,
    profile: profile.name,
    state: interruption ? 'interrupted' : 'finished',
    interrupted: interruption !== undefined,
    ...(interruption ? { interruption: interruption.reason } : {}),
    exitCode,
    ...counts,
    startedAt,
    finishedAt: new Date().toISOString(),
    reports,
    allure,
    ...(shard ? { shard: shard.record } : {}),
  };
  writeFileAtomic(summaryFile, JSON.stringify(summary, null, 2));
  if (!linked) copyLatest(reportsDir, runDir);
  const latest = join(reportsDir, 'latest');

  const passed = counts.tests - counts.failures - counts.errors - counts.skipped;
  io.out(`\n${selectedNone ? `NOTHING RAN (${interruption!.reason})` : interruption ? `INTERRUPTED (${interruption.reason})` : exitCode === 0 ? 'PASSED' : 'FAILED'} on profile ${profile.name}\n`);
  io.out(`scenarios: ${passed} passed, ${counts.failures + counts.errors} failed, ${counts.skipped} skipped\n`);
  io.out(`reports: ${relative(process.cwd(), runDir)}/  (${relative(process.cwd(), latest)}/ ${linked ? 'links to it' : 'is a copy'})\n`);
  io.out(`  junit        ${relative(process.cwd(), join(latest, 'junit.xml'))}\n`);
  io.out(`  cucumber     ${relative(process.cwd(), join(latest, 'cucumber.html'))}\n`);
  io.out(`  allure       ${allure === 'generated' ? relative(process.cwd(), join(latest, 'allure-report', 'index.html')) : allure}\n`);
  io.out(`  evidence     ${relative(process.cwd(), join(latest, 'evidence'))}/\n`);
  return exitCode;
}

/** `--shard I/N` (commander shows the message with the option). */
export function parseShard(v: string): ShardSpec {
  try {
    return parseShardSpec(v);
  } catch (e) {
    if (e instanceof ShardError) throw new InvalidArgumentError(e.message.replace(/^--shard "[^"]*": /, ''));
    throw e;
  }
}

/** `--parallel N`: a whole number of workers, 0 for none (commander shows the message with the option). */
export function parseWorkers(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`a whole number of workers (0: none), got "${v}"`);
  return n;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the feature suite against a hardware profile and write the reports')
    .option('--profile <name>', 'hardware profile name (hardware-profiles/NAME.yaml) or a path to a profile', 'reference')
    .option('--tags <expr>', 'Cucumber tag expression, e.g. "@purchase and not @slow"')
    .option('--terminal-defect <names>', TERMINAL_DEFECT_HELP, parseDefectOption)
    .option('--parallel <n>', 'parallel workers (each scenario still owns its bench)', parseWorkers, 0)
    .option('--reports-dir <dir>', 'where runs are written', join(PROJECT_ROOT, 'reports'))
    .option('--shard <I/N>', 'run only shard I of N of the scenarios (a stable split; merge the shards with posbench merge)', parseShard)
    .option('--durations <file>', 'recorded durations to balance the shards: a junit.xml or the durations.json posbench merge writes; "none" for none (default: REPORTS_DIR/durations.json when present)')
    .argument('[featurePaths...]', 'feature files or folders (default: all of features/)')
    .action(async (featurePaths: string[], o: { profile: string; tags?: string; terminalDefect?: string; parallel: number; reportsDir: string; shard?: ShardSpec; durations?: string }) => {
      process.exitCode = await runSuite({ profile: o.profile, tags: o.tags, terminalDefect: o.terminalDefect, parallel: o.parallel, reportsDir: o.reportsDir, featurePaths, ...(o.shard ? { shard: o.shard } : {}), ...(o.durations ? { durations: o.durations } : {}) });
    });
}

/**
 * An interactive run (stdin and stdout are TTYs): the Cucumber child, whose stdin is a pipe,
 * is told which TTY the operator types on, for operator prompts (src/bench/operator.ts).
 */
function operatorTty(): Record<string, string> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return {};
  try {
    return { [OPERATOR_TTY_ENV]: readlinkSync('/proc/self/fd/0') };
  } catch {
    return {};
  }
}

/** Whether Cucumber started any scenario in this run (its message stream, cucumber-messages.ndjson). */
function scenarioStarted(runDir: string): boolean {
  const file = join(runDir, 'cucumber-messages.ndjson');
  return existsSync(file) && readFileSync(file, 'utf8').includes('"testCaseStarted"');
}
