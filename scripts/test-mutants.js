#!/usr/bin/env node
'use strict';
// npm run test:mutants [-- STRYKER OPTIONS]: Stryker with stryker.config.mjs (mutants of
// src/terminal/ and the oracle against the feature suite), then the mutation score from the
// JSON report, printed last as one line:
//   {"mutationScore": x, "killed": n, "survived": n, "timeout": n}
// The score is Stryker's: detected (killed + timeout) over detected + undetected (survived +
// no coverage), in percent; compile and runtime errors and ignored mutants do not count.
// Two passes: stryker.config.mjs (in process, per-scenario coverage), then
// stryker.process.config.mjs (src/terminal/main.ts in a terminal process); their reports are
// merged before the score is taken. Extra options go to `stryker run` of both, e.g.
// --concurrency 1; --mutate picks files of either pass (a pass left without files is not run).
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const REPORT = join('reports', 'mutation', 'mutation.json');
/** Where stryker.config.mjs keeps the incremental results (committed). */
const INCREMENTAL = join('test', 'stryker-incremental.json');
/** The process pass (stryker.process.config.mjs): the terminal's process entry point, in a terminal process. */
const PROCESS_REPORT = join('reports', 'mutation', 'mutation-process.json');
const PROCESS_INCREMENTAL = join('test', 'stryker-incremental-process.json');
const PROCESS_FILE = 'src/terminal/main.ts';

/** Detected (killed + timeout) over detected + undetected (survived + no coverage), in percent, two decimals. */
function score(c) {
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  return valid ? +((100 * detected) / valid).toFixed(2) : null;
}

function summarise(report) {
  const count = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, Pending: 0 };
  const survivors = [];
  const perFile = [];
  for (const [file, f] of Object.entries(report.files ?? {})) {
    const own = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, Pending: 0 };
    perFile.push({ file, own });
    for (const m of f.mutants ?? []) {
      if (!(m.status in count)) throw new Error(`${REPORT}: mutant ${m.id} in ${file} has an unknown status "${m.status}"`);
      count[m.status]++;
      own[m.status]++;
      if (m.status === 'Survived' || m.status === 'NoCoverage') survivors.push(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}${m.replacement ? ` → ${m.replacement}` : ''} (${m.status})`);
    }
  }
  return {
    survivors,
    count,
    perFile: perFile.sort((a, b) => a.file.localeCompare(b.file)).map(({ file, own }) => `${file.padEnd(40)} ${String(score(own) ?? '-').padStart(6)} %  killed ${own.Killed}, survived ${own.Survived}, no coverage ${own.NoCoverage}, timeout ${own.Timeout}`),
    line: { mutationScore: score(count), killed: count.Killed, survived: count.Survived, timeout: count.Timeout },
  };
}

/**
 * The incremental file is committed: keep machine paths out of it. Stryker writes the
 * project's absolute path (projectRoot, read by nobody) and failure stack traces that name
 * files in its sandbox; both become paths relative to the project.
 */
function relativiseIncrementalFile(file) {
  if (!existsSync(file)) return;
  const root = process.cwd();
  const sandbox = new RegExp(`${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:\\.stryker-tmp/sandbox-[^/]+/)?`, 'g');
  const report = JSON.parse(readFileSync(file, 'utf8'));
  delete report.projectRoot;
  writeFileSync(file, JSON.stringify(report, (k, v) => (typeof v === 'string' ? v.replace(sandbox, '') : v)));
}

/** Stryker's options, the --mutate list split out (given as --mutate A,B or -m A,B). */
function splitArgs(args) {
  const rest = [];
  let mutate;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--mutate' || args[i] === '-m') mutate = (args[++i] ?? '').split(',').filter(Boolean);
    else rest.push(args[i]);
  }
  return { rest, mutate };
}

const bin = join(__dirname, '..', 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
function stryker(config, args, report, incremental) {
  rmSync(report, { force: true });
  const r = spawnSync(process.execPath, [bin, 'run', config, ...args], { stdio: 'inherit' });
  relativiseIncrementalFile(incremental);
  if (!existsSync(report)) {
    console.error(`test:mutants: Stryker wrote no report (${report}) for ${config}; exit ${r.status ?? r.signal}`);
    process.exit(1);
  }
  return r.status === null ? 1 : r.status;
}

// Two passes: the feature suite in process against src/terminal/ and the oracle (per-scenario
// coverage), then main.ts in a terminal process (stryker.process.config.mjs). --mutate picks
// the files of either; a pass with none of them is not run and its last results (its
// incremental file) count as they are.
const { rest, mutate } = splitArgs(process.argv.slice(2));
const inProcess = mutate?.filter((f) => f !== PROCESS_FILE);
let status = 0;
let main;
if (!inProcess || inProcess.length) {
  status = stryker('stryker.config.mjs', [...rest, ...(inProcess ? ['--mutate', inProcess.join(',')] : [])], REPORT, INCREMENTAL);
  main = JSON.parse(readFileSync(REPORT, 'utf8'));
} else {
  main = JSON.parse(readFileSync(INCREMENTAL, 'utf8'));
}
let proc;
if (!mutate || mutate.includes(PROCESS_FILE)) {
  status = stryker('stryker.process.config.mjs', rest, PROCESS_REPORT, PROCESS_INCREMENTAL) || status;
  proc = JSON.parse(readFileSync(PROCESS_REPORT, 'utf8'));
} else if (existsSync(PROCESS_INCREMENTAL)) {
  proc = JSON.parse(readFileSync(PROCESS_INCREMENTAL, 'utf8'));
}
// main.ts's results are the process pass's (an older in-process result for it, if any, is dropped).
const files = { ...main.files };
delete files[PROCESS_FILE];
if (proc?.files?.[PROCESS_FILE]) files[PROCESS_FILE] = proc.files[PROCESS_FILE];
const s = summarise({ files });
if (s.survivors.length) console.log(`undetected mutants (${s.survivors.length}):\n  ${s.survivors.join('\n  ')}`);
console.log(`per file (the files in the reports: this run's and the incremental files'):\n  ${s.perFile.join('\n  ')}`);
console.log(`no coverage ${s.count.NoCoverage}, compile errors ${s.count.CompileError}, runtime errors ${s.count.RuntimeError}, ignored ${s.count.Ignored}`);
console.log(JSON.stringify(s.line));
process.exit(status);
