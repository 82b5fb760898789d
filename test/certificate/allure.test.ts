/**
 * The Allure report says what the certificate says: Environment (environment.properties in
 * allure-results), Categories by desync type and cause (allurerc.mjs), and a Trend carried
 * between runs (allurerc.mjs historyPath: one history file beside the run directories).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateAllure } from '../../src/cli/commands/run';
import { CAUSES, DESYNC_TYPES, formatDesyncTable } from '../../src/bench/oracle';
import { environmentProperties } from '../../src/certificate/allure';
import { PROJECT_ROOT } from '../../src/util/project-root';
import type { Certificate } from '../../src/certificate/types';

/** The widgets a single-file Allure report embeds, by name. */
function widgets(reportDir: string): Map<string, unknown> {
  const html = readFileSync(join(reportDir, 'index.html'), 'utf8');
  const out = new Map<string, unknown>();
  for (const m of html.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]+)"\)/g)) {
    try {
      out.set(m[1]!, JSON.parse(Buffer.from(m[2]!, 'base64').toString('utf8')));
    } catch {
      // not JSON
    }
  }
  return out;
}

test("allurerc.mjs categorises by the oracle's own desync types and causes", async () => {
  const rc = (await import(pathToFileURL(join(PROJECT_ROOT, 'allurerc.mjs')).href)) as { DESYNC_TYPES: string[]; CAUSES: string[] };
  assert.deepEqual(rc.DESYNC_TYPES, [...DESYNC_TYPES]);
  assert.deepEqual(rc.CAUSES, [...CAUSES]);
});

test('environment.properties carries firmware, profile, DUT kind, posbench version and commit', () => {
  const c = {
    result: 'pass',
    firmware: { name: 'acme', version: '1.0\nx' },
    profile: { name: 'lab', dut: 'external' },
    posbench: { version: '0.1.0', commit: 'abc', dirty: false },
    summary: { requirements: { total: 2, pass: 1, fail: 0, notCovered: 1 } },
    manifestSha256: 'ff',
  } as unknown as Certificate;
  const p = environmentProperties(c);
  assert.match(p, /^firmware=acme 1\.0\\nx$/m, 'a newline in a value is escaped');
  assert.match(p, /^profile=lab$/m);
  assert.match(p, /^dut=external$/m);
  assert.match(p, /^posbench\.version=0\.1\.0$/m);
  assert.match(p, /^posbench\.commit=abc$/m);
});

test('two runs under one reports directory: Categories group by desync and cause, Environment is filled, Trend has both runs', { timeout: 120_000 }, () => {
  const reports = mkdtempSync(join(tmpdir(), 'posbench-allure-trend-'));
  try {
    for (const [i, run] of ['run1', 'run2'].entries()) {
      const results = join(reports, run, 'allure-results');
      mkdirSync(results, { recursive: true });
      const desync = formatDesyncTable([{ type: 'approved-without-receipt', cause: 'printer-failure', stan: '000001', amountMinor: 2500, detail: 'no slip' }]);
      const result = (n: number, name: string, status: string, message?: string) =>
        writeFileSync(
          join(results, `0b7e3c1e-5a43-4c55-9d7e-2f3a1c2b9d${i}${n}-result.json`),
          JSON.stringify({ uuid: `0b7e3c1e-5a43-4c55-9d7e-2f3a1c2b9d${i}${n}`, historyId: name, testCaseId: name, name, fullName: `f: ${name}`, status, stage: 'finished', start: 1_700_000_000_000 + i * 1000, stop: 1_700_000_000_250 + i * 1000, labels: [], steps: [], attachments: [], parameters: [], ...(message ? { statusDetails: { message } } : {}) }),
        );
      result(1, 'an approved sale', 'passed');
      result(2, 'paper out', 'failed', `unexpected desync at the end of the scenario:\n${desync}`);
      result(3, 'expected desync missing', 'failed', `AssertionError: the oracle did not report unreversed-timeout; it found:\n${desync}`);
      writeFileSync(join(results, 'environment.properties'), 'firmware=posbench-reference-terminal 0.1.0\nprofile=reference\n');
      assert.equal(generateAllure(join(reports, run)), 'generated');
    }
    assert.equal(readFileSync(join(reports, 'allure-history.jsonl'), 'utf8').trim().split('\n').length, 2, 'one history entry per run, beside the run directories');
    const w = widgets(join(reports, 'run2', 'allure-report'));
    const cats = w.get('widgets/categories.json') as { roots: string[]; nodes: Record<string, { name: string; statistic: { total: number } }> };
    const names = cats.roots.map((r) => cats.nodes[r]!.name.toLowerCase());
    assert.ok(names.includes('desync approved-without-receipt · cause printer-failure'), names.join(' | '));
    assert.ok(names.some((n) => n.startsWith('an expected desync not reported')), names.join(' | '));
    assert.deepEqual(w.get('widgets/allure_environment.json'), [
      { name: 'firmware', values: ['posbench-reference-terminal 0.1.0'] },
      { name: 'profile', values: ['reference'] },
    ]);
    const charts = w.get('widgets/charts.json') as { general: Record<string, { type: string; data: unknown[] }> };
    const dynamics = Object.values(charts.general).find((c) => c.type === 'statusDynamics')!;
    assert.equal(dynamics.data.length, 2, 'the trend shows the earlier run and this one');
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
});
