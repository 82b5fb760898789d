/**
 * The Cucumber half of `posbench run`, in its own process (so an interrupted run can be
 * stopped without losing the parent that finalises the reports). It loads the project's
 * cucumber.js through Cucumber's programmatic API and applies the run's configuration on
 * top — feature paths, tag expression, workers, and the world parameters the hooks read
 * (`profile`, `runDir`) — instead of passing them through environment variables. Report
 * files cucumber.js places under its default run directory (worldParameters.runDir) are
 * written under the run's directory instead.
 *
 *   node --import tsx src/cli/cucumber-run.ts '{"runDir":"reports/X","profile":"reference","parallel":0,"paths":[]}'
 */
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { loadConfiguration, loadSources, runCucumber, type IRunConfiguration } from '@cucumber/cucumber/api';
import { rmSync } from 'node:fs';
import { writeFinalJunit } from './commands/junit-from-messages';
import { TEMP_ROOT_ENV } from '../util/temp-root';

/** What `posbench run` decides for one run. */
export interface CucumberRun {
  /** Where this run's reports go. */
  runDir: string;
  /** Hardware profile name or path. */
  profile: string;
  /** Parallel workers (0: none). */
  parallel: number;
  /** Tag expression, combined with any in cucumber.js. */
  tags?: string;
  /** Feature files or folders; empty: those cucumber.js (or Cucumber's default) names. */
  paths: string[];
  /**
   * Where Cucumber's JUnit formatter writes instead of the run's junit.xml. `posbench run`
   * gives a working name and writes junit.xml itself, atomically, once Cucumber has ended
   * (Cucumber's formatter opens its file at the start and fills it only at the end).
   */
  junitFile?: string;
  /**
   * Stop this process group when the parent goes: `posbench run` holds a pipe on this
   * process's stdin, and its end closing means the parent was killed outright (SIGKILL).
   */
  watchParent?: boolean;
}

type JsonObject = IRunConfiguration['runtime']['worldParameters'];

/** cucumber.js's configuration with the run's applied. */
export async function configureRun(run: CucumberRun, cwd: string): Promise<IRunConfiguration> {
  const { runConfiguration: rc, useConfiguration } = await loadConfiguration({ file: 'cucumber.js' }, { cwd });
  const defaultRunDir = resolve(cwd, String(useConfiguration.worldParameters.runDir ?? 'reports/dev'));
  /** A report path under the default run directory moves under the run's. */
  const reroot = (p: string): string => {
    const rel = relative(defaultRunDir, resolve(cwd, p));
    return rel.startsWith('..') || isAbsolute(rel) ? p : join(run.runDir, rel);
  };
  const options: JsonObject = {};
  for (const [k, v] of Object.entries(rc.formats.options)) options[k] = typeof v === 'string' ? reroot(v) : v;
  const tags = [rc.sources.tagExpression, run.tags].filter(Boolean).map((t) => `(${t})`);
  return {
    ...rc,
    sources: {
      ...rc.sources,
      ...(run.paths.length ? { paths: run.paths } : {}),
      tagExpression: tags.length > 1 ? tags.join(' and ') : (run.tags ?? rc.sources.tagExpression),
    },
    runtime: { ...rc.runtime, parallel: run.parallel, worldParameters: { ...rc.runtime.worldParameters, profile: run.profile, runDir: run.runDir } },
    formats: { ...rc.formats, files: Object.fromEntries(Object.entries(rc.formats.files).map(([p, f]) => [f === 'junit' && run.junitFile ? run.junitFile : reroot(p), f])), options },
  };
}

/**
 * The scenarios a run would run, as Cucumber plans them from cucumber.js with the run's
 * paths and tags applied (`posbench run --shard` splits this list), without running any.
 * `uri` is relative to `cwd`.
 */
export async function planRun(run: CucumberRun, cwd: string): Promise<Array<{ uri: string; line: number; name: string }>> {
  const rc = await configureRun(run, cwd);
  const { plan, errors } = await loadSources(rc.sources, { cwd });
  if (errors.length) throw new Error(`the features do not parse: ${errors.map((e) => `${e.uri}${e.location ? `:${e.location.line}` : ''}: ${e.message}`).join('; ')}`);
  return plan.map((p) => ({ uri: p.uri, line: p.location.line, name: p.name }));
}

/**
 * When the parent's pipe on stdin closes, the parent was killed outright and cannot finish
 * the run: write junit.xml from what the message stream holds (the scenario running marked
 * as an error), stop the rest of this process group (workers, terminal processes, socat —
 * `posbench run` starts this process as a group leader), remove the run's temporary state
 * (its root, src/util/temp-root.ts) and exit.
 */
function stopWithParent(runDir: string): void {
  const stop = () => {
    try {
      writeFinalJunit(runDir, { reason: 'interrupted: posbench run was killed', runId: basename(runDir) });
    } catch {
      // the provisional junit.xml stays, and says the run did not finish
    }
    process.on('SIGTERM', () => undefined); // the group's SIGTERM is for the others
    try {
      process.kill(-process.pid, 'SIGTERM');
    } catch {
      // not a group leader: nothing else to stop
    }
    setTimeout(() => {
      const root = process.env[TEMP_ROOT_ENV];
      if (root) rmSync(root, { recursive: true, force: true });
      process.exit(143);
    }, 300);
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  // reading stdin must not keep the run alive once Cucumber is done
  (process.stdin as unknown as { unref?: () => void }).unref?.();
}

async function main(arg: string | undefined): Promise<number> {
  if (!arg) throw new Error('usage: cucumber-run.ts RUN_JSON');
  const run = JSON.parse(arg) as CucumberRun;
  if (run.watchParent) stopWithParent(run.runDir);
  const { success } = await runCucumber(await configureRun(run, process.cwd()), { cwd: process.cwd() });
  return success ? 0 : 1;
}

if (require.main === module) {
  main(process.argv[2]).then(
    (code) => {
      process.exitCode = code;
    },
    (e: Error) => {
      process.stderr.write(`posbench: Cucumber could not run: ${e.message}\n`);
      process.exitCode = 2;
    },
  );
}
