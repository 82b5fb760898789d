/**
 * The Allure HTML report is made by Allure 3 (the `allure` npm package, pure JS): no Java.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAllure } from '../../src/cli/commands/run';

describe('allure report', () => {
  it('turns allure-results into one self-contained allure-report/index.html', () => {
    // a run directory inside a reports directory, as posbench run makes it (the history file goes beside it)
    const reports = mkdtempSync(join(tmpdir(), 'posbench-allure-'));
    const runDir = join(reports, 'run');
    try {
      const results = join(runDir, 'allure-results');
      mkdirSync(results, { recursive: true });
      const uuid = '0b7e3c1e-5a43-4c55-9d7e-2f3a1c2b9d10';
      writeFileSync(
        join(results, `${uuid}-result.json`),
        JSON.stringify({ uuid, historyId: 'h1', name: 'An approved chip sale prints one receipt', fullName: 'purchase: An approved chip sale prints one receipt', status: 'passed', stage: 'finished', start: 1_700_000_000_000, stop: 1_700_000_000_250, labels: [{ name: 'feature', value: 'purchase' }], steps: [], attachments: [], parameters: [] }),
      );
      assert.equal(generateAllure(runDir), 'generated');
      const report = join(runDir, 'allure-report');
      const html = readFileSync(join(report, 'index.html'), 'utf8');
      assert.ok(html.length > 10_000, 'a real report, not a stub page');
      assert.ok(readdirSync(report).every((f) => !f.endsWith('.js') && !f.endsWith('.css')), 'single file: no separate scripts or styles');
      assert.equal(JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')).stats.passed, 1);
    } finally {
      rmSync(reports, { recursive: true, force: true });
    }
  });

  it('says so when there are no results', () => {
    const runDir = mkdtempSync(join(tmpdir(), 'posbench-allure-'));
    try {
      assert.equal(generateAllure(runDir), 'no allure-results were written');
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
