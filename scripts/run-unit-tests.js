#!/usr/bin/env node
'use strict';
// Node 20's test runner does not expand globs: find test/**/*.test.ts ourselves.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const filter = process.argv.slice(2);
let files = walk('test', []).sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Two test files at a time (Node's default is one fewer than the cores: one, on a 2-core CI
// machine); every test uses its own ports and temporary folders. POSBENCH_TEST_CONCURRENCY overrides.
const concurrency = Number(process.env.POSBENCH_TEST_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`POSBENCH_TEST_CONCURRENCY must be a whole number ≥ 1, not "${process.env.POSBENCH_TEST_CONCURRENCY}"`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status === null ? 1 : r.status);
