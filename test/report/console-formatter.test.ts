/**
 * The console formatter in a real Cucumber run (the project's cucumber.js, steps and bench)
 * on scenarios that fail on purpose: concise blocks with suggestion, message, oracle table
 * and evidence paths, and none of the attachments' contents on the console.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { conciseMessage, runDirOf } from '../../src/report/console-formatter';

test('a failing run prints concise failures: suggestion, assertion, oracle table, evidence paths — no traces', () => {
  const runDir = mkdtempSync(join(tmpdir(), 'posbench-formatter-'));
  try {
    // the way `posbench run` starts Cucumber: the run's configuration as world parameters
    const run = { runDir, profile: 'reference', parallel: 0, paths: [resolve(__dirname, 'fixtures', 'failing.feature')] };
    const r = spawnSync(process.execPath, ['--import', 'tsx', join('src', 'cli', 'cucumber-run.ts'), JSON.stringify(run)], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const out = r.stdout;
    assert.equal(r.status, 1, out + r.stderr);
    // the undefined step: the nearest canonical phrasing, not a snippet to implement
    assert.match(out, /\? And the issuer approve all transactions .*failing\.feature:9\n\s+undefined step — did you mean: Given the issuer approves all transactions/);
    assert.doesNotMatch(out, /Implement with the following snippet|Undefined\. Implement/);
    // the assertion's own message
    assert.match(out, /✖ Then the transaction is declined with response code "51" .*\n\s+expected a decline with 51, but the transaction was approved/);
    // the unknown card, with the catalog's names
    assert.match(out, /unknown card "VISA_CHP" \(known cards: UNIONPAY_CHIP, .*\)/);
    // the oracle's table from the After hook
    assert.match(out, /unexpected desync at the end of the scenario:\n\s+\| desync \| cause \|.*\n.*\n\s+\| approved-without-receipt \| printer-failure \|/);
    // evidence paths that exist, attachment names — and no attachment contents
    const evidence = [...out.matchAll(/evidence {5}(\S+\.jsonl)/g)].map((m) => m[1]!);
    assert.equal(evidence.length, 4, out);
    for (const f of evidence) assert.ok(existsSync(resolve(PROJECT_ROOT, f)), `${f} does not exist`);
    assert.match(out, /attachments {2}ISO 8583 exchange\.txt, Receipts\.txt/);
    assert.doesNotMatch(out, /hex: |terminal → host|── receipt/, 'attachment contents reached the console');
    // Cucumber's own summary lines
    assert.match(out, /4 scenarios \(3 failed, 1 undefined\)/);
    // the file reports still get the attachments
    const messages = readFileSync(join(runDir, 'cucumber-messages.ndjson'), 'utf8');
    assert.match(messages, /"fileName":"ISO 8583 exchange.txt"/);
    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    assert.match(junit, /unexpected desync at the end of the scenario/, 'JUnit keeps the whole failure');
    const allure = readdirSync(join(runDir, 'allure-results'));
    assert.ok(allure.some((f) => f.endsWith('-attachment.txt')), `Allure results hold the attachments: ${allure.slice(0, 5).join(', ')}`);
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
});

test('the run folder comes from the format options, the assertion message without its stack', () => {
  assert.equal(runDirOf({ runDir: 'reports/x' }), 'reports/x');
  assert.equal(runDirOf({ resultsDir: '/r/20261201/allure-results' }), '/r/20261201');
  assert.equal(conciseMessage({ message: 'AssertionError: x\n    at f (a.ts:1)', exception: { type: 'AssertionError', message: 'expected approved' } }), 'expected approved');
  assert.equal(conciseMessage({ message: 'Error: boom\n    at f (a.ts:1)\n    at g (b.ts:2)' }), 'Error: boom');
  assert.equal(conciseMessage({ exception: { type: 'TypeError', message: 'x is undefined' } }), 'TypeError: x is undefined');
});
