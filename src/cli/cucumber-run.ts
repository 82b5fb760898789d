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
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadConfiguration, runCucumber, type IRunConfiguration } from '@cucumber/cucumber/api';

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
    formats: { ...rc.formats, files: Object.fromEntries(Object.entries(rc.formats.files).map(([p, f]) => [reroot(p), f])), options },
  };
}

async function main(arg: string | undefined): Promise<number> {
  if (!arg) throw new Error('usage: cucumber-run.ts RUN_JSON');
  const run = JSON.parse(arg) as CucumberRun;
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
