/**
 * `npm run test:defects`: the certification suite (`posbench certify`: every feature, the
 * profile, no tag filter) once on the clean terminal and once per seeded defect
 * (src/terminal/defects.ts), `--jobs` runs at a time (by default one per core —
 * `os.availableParallelism()`, 2 on the project's machine; each run is one Cucumber process). Passes only when the clean
 * run has no red scenario and every defect turns at least one red. Prints the defect ×
 * requirement matrix (defect-matrix.ts) and writes it to reports/defects-matrix.json.
 *
 *   node --import tsx src/certificate/defect-runs.ts [--jobs N] [--profile NAME]
 *        [--defects NAME[,NAME…]] [--reports-dir DIR] [--out FILE]
 *
 * Each run's reports are under <reports-dir>/defects/<name>/ (the clean one under
 * clean/), its console output in <name>.log beside them. Not part of `npm test`: it is the
 * suite 1 + N times over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { availableParallelism, constants } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { PROJECT_ROOT } from '../bench/profile';
import { writeFileAtomic } from '../util/atomic-write';
import { FIRMWARE_DEFECTS } from '../terminal/defects';
import { parseDefectOption } from '../cli/terminal-defects';
import { buildDefectMatrix, formatDefectMatrix, redOf, type DefectRunResult } from './defect-matrix';
import type { Certificate } from './types';

export interface DefectRunsOptions {
  profile: string;
  jobs: number;
  defects: readonly string[];
  reportsDir: string;
  out: string;
}

type Io = { out: (s: string) => void; err: (s: string) => void };

/** The certification runs in flight, so a stop reaches each; once stopped, no new run starts. */
class Runs {
  readonly live = new Set<ChildProcess>();
  stoppedBy?: NodeJS.Signals;
  stop(sig: NodeJS.Signals): void {
    this.stoppedBy ??= sig;
    for (const c of this.live) c.kill(sig);
  }
}

const latestRun = (dir: string) => (existsSync(join(dir, 'latest')) ? realpathSync(join(dir, 'latest')) : undefined);

/** One certification run in a child process, its output to a log file; resolves with its certificate. */
function certifyOnce(defect: string | null, o: DefectRunsOptions, runs: Runs): Promise<DefectRunResult> {
  const dir = join(o.reportsDir, 'defects', defect ?? 'clean');
  mkdirSync(dir, { recursive: true });
  if (runs.stoppedBy) return Promise.resolve({ defect, exitCode: 130, seconds: 0 });
  const before = latestRun(dir); // a run that never gets going leaves latest at an older run, which is not this one
  const log = createWriteStream(`${dir}.log`);
  const args = [join(PROJECT_ROOT, 'bin', 'posbench.js'), 'certify', '--profile', o.profile, '--reports-dir', dir, ...(defect ? ['--terminal-defect', defect] : [])];
  const started = Date.now();
  return new Promise((res) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    runs.live.add(child);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const done = (exitCode: number) => {
      runs.live.delete(child);
      log.end();
      const now = latestRun(dir);
      const runDir = now !== before ? now : undefined;
      const file = runDir && join(runDir, 'certification.json');
      const certificate = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Certificate) : undefined;
      res({ defect, exitCode, seconds: (Date.now() - started) / 1000, ...(runDir ? { runDir: relative(PROJECT_ROOT, runDir) } : {}), ...(certificate ? { certificate } : {}) });
    };
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 2)));
    child.on('error', (e) => {
      log.write(`cannot start: ${e.message}\n`);
      done(2);
    });
  });
}

/** Runs `tasks` with at most `jobs` in flight, results in the tasks' order. */
async function pool<T>(tasks: Array<() => Promise<T>>, jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

export async function runDefects(o: DefectRunsOptions, io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  const started = Date.now();
  io.out(`test:defects — the certification suite on profile ${o.profile}, clean and with each of ${o.defects.length} defect(s), ${o.jobs} at a time\n`);
  const names: Array<string | null> = [null, ...o.defects];
  // Ctrl-C or a CI timeout: each run in flight finalises its reports (posbench run does), none starts after.
  const inFlight = new Runs();
  const onSignal = (sig: NodeJS.Signals) => {
    io.err(`\ntest:defects: ${sig} — stopping the runs in flight; the matrix says what was not run\n`);
    inFlight.stop(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const runs = await pool(
    names.map((d) => async () => {
      const r = await certifyOnce(d, o, inFlight);
      if (inFlight.stoppedBy && !r.runDir) return r;
      const red = r.certificate ? `${redOf(r.certificate).scenariosRed.length} red` : `no certificate (exit ${r.exitCode})`;
      io.out(`  ${(d ?? 'clean terminal').padEnd(28)} ${red.padEnd(14)} ${r.seconds.toFixed(1)} s  ${r.runDir ?? ''}\n`);
      return r;
    }),
    o.jobs,
  ).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  const matrix = buildDefectMatrix({ clean: runs[0]!, defects: runs.slice(1), profile: o.profile, jobs: o.jobs, wallSeconds: (Date.now() - started) / 1000, ...(inFlight.stoppedBy ? { interrupted: `interrupted by ${inFlight.stoppedBy}` } : {}) });
  mkdirSync(resolve(o.out, '..'), { recursive: true });
  writeFileAtomic(o.out, JSON.stringify(matrix, null, 2) + '\n');
  io.out('\n' + formatDefectMatrix(matrix));
  io.out(`matrix: ${relative(process.cwd(), o.out)}\n`);
  if (inFlight.stoppedBy) return 128 + (constants.signals[inFlight.stoppedBy] ?? 2);
  return matrix.ok ? 0 : 1;
}

function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`a whole number of runs at a time (1 or more), got "${v}"`);
  return n;
}

if (require.main === module) {
  const reports = join(PROJECT_ROOT, 'reports');
  const program = new Command('test:defects')
    .description('the certification suite once clean and once per seeded defect; passes when the clean run is green and every defect turns a scenario red')
    .option('--jobs <n>', 'certification runs at a time (one per core by default)', parseJobs, availableParallelism())
    .option('--profile <name>', 'hardware profile name or path', 'reference')
    .option('--defects <names>', 'only these defects (comma-separated; default: every one)', parseDefectOption)
    .option('--reports-dir <dir>', 'where the runs are written (under defects/)', reports)
    .option('--out <file>', 'the matrix as JSON', join(reports, 'defects-matrix.json'))
    .action(async (o: { jobs: number; profile: string; defects?: string; reportsDir: string; out: string }) => {
      process.exitCode = await runDefects({ profile: o.profile, jobs: o.jobs, defects: o.defects ? o.defects.split(',') : FIRMWARE_DEFECTS, reportsDir: resolve(o.reportsDir), out: resolve(o.out) });
    });
  program.parseAsync(process.argv).catch((e: Error) => {
    process.stderr.write(`test:defects: ${e.message}\n`);
    process.exitCode = 2;
  });
}
