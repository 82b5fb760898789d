#!/usr/bin/env node
'use strict';
// npm run test:mutants [-- STRYKER OPTIONS]: Stryker with stryker.config.mjs (mutants of
// src/terminal/ and the oracle against the feature suite), then the mutation score from its
// JSON report, printed last as one line:
//   {"mutationScore": x, "killed": n, "survived": n, "timeout": n}
// The score is Stryker's: detected (killed + timeout) over detected + undetected (survived +
// no coverage), in percent; compile and runtime errors and ignored mutants do not count.
// Extra options go to `stryker run`, e.g. --mutate src/terminal/display.ts --concurrency 1.
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const REPORT = join('reports', 'mutation', 'mutation.json');
/** Where stryker.config.mjs keeps the incremental results (committed). */
const INCREMENTAL = join('test', 'stryker-incremental.json');

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

rmSync(REPORT, { force: true });
const bin = join(__dirname, '..', 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js');
const r = spawnSync(process.execPath, [bin, 'run', 'stryker.config.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
relativiseIncrementalFile(INCREMENTAL);
if (!existsSync(REPORT)) {
  console.error(`test:mutants: Stryker wrote no report (${REPORT}); exit ${r.status ?? r.signal}`);
  process.exit(1);
}
const s = summarise(JSON.parse(readFileSync(REPORT, 'utf8')));
if (s.survivors.length) console.log(`undetected mutants (${s.survivors.length}):\n  ${s.survivors.join('\n  ')}`);
console.log(`per file (the files in the report: this run's and the incremental file's):\n  ${s.perFile.join('\n  ')}`);
console.log(`no coverage ${s.count.NoCoverage}, compile errors ${s.count.CompileError}, runtime errors ${s.count.RuntimeError}, ignored ${s.count.Ignored}`);
console.log(JSON.stringify(s.line));
process.exit(r.status === null ? 1 : r.status);
