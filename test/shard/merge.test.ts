/**
 * Two shards of a small suite, merged with posbench merge, give the verdicts of one
 * unsharded run, scenario by scenario (JUnit and the certificate); merge refuses a missing
 * shard and shards that were split differently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../../src/cli/commands/run';
import { mergeRuns, MergeError } from '../../src/shard/merge';
import { testcaseVerdicts } from './shard.helpers';
import { loadDurations } from '../../src/shard/split';
import type { Certificate } from '../../src/certificate/types';
import { PROJECT_ROOT } from '../../src/bench/profile';

const features = [join(__dirname, 'fixtures', 'verdicts.feature'), join(PROJECT_ROOT, 'features', 'purchase', 'approved-sale.feature')];
const quiet = { out: () => undefined, err: () => undefined };

test('two shards merged give the same verdicts as one unsharded run', { timeout: 240_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'posbench-shards-'));
  try {
    const run = (dir: string, shard?: { index: number; total: number }) => runSuite({ profile: 'reference', parallel: 0, reportsDir: join(root, dir), featurePaths: features, ...(shard ? { shard, durations: 'none' } : {}) }, quiet);
    const whole = await run('whole');
    const one = await run('shard1', { index: 1, total: 2 });
    const two = await run('shard2', { index: 2, total: 2 });
    assert.equal(whole, 1, 'the fixture fails one scenario on purpose');
    assert.equal(Math.max(one, two), 1);

    const merged = mergeRuns([join(root, 'shard1'), join(root, 'shard2')], join(root, 'merged'));
    const wholeDir = join(root, 'whole', 'latest');
    const expected = testcaseVerdicts(readFileSync(join(wholeDir, 'junit.xml'), 'utf8'));
    const got = testcaseVerdicts(readFileSync(join(root, 'merged', 'junit.xml'), 'utf8'));
    assert.ok(expected.size >= 8, `${expected.size} scenarios`);
    assert.deepEqual([...got].sort(), [...expected].sort(), 'JUnit: every scenario, the same verdict');
    assert.ok([...expected.values()].includes('failed') && [...expected.values()].includes('passed'));
    for (const [name, shard] of [['shard1', 1], ['shard2', 2]] as const) {
      const part = testcaseVerdicts(readFileSync(join(root, name, 'latest', 'junit.xml'), 'utf8'));
      assert.ok(part.size > 0 && part.size < expected.size, `shard ${shard} ran a part: ${part.size}`);
    }

    const certOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'certification.json'), 'utf8')) as Certificate;
    const verdicts = (c: Certificate) => Object.fromEntries(c.requirements.map((r) => [r.id, `${r.verdict} ${r.scenarios.map((s) => `${s.name}=${s.status}`).sort().join(',')}`]));
    assert.deepEqual(verdicts(certOf(join(root, 'merged'))), verdicts(certOf(wholeDir)), 'certificate: the same verdict per requirement, from the same scenarios');
    assert.equal(merged.certificate?.result, 'fail');
    assert.deepEqual(merged.certificate?.summary.scenarios, certOf(wholeDir).summary.scenarios);
    for (const c of merged.certificate!.requirements.flatMap((r) => r.scenarios)) for (const e of c.evidence) assert.ok(existsSync(join(root, 'merged', e.path)), e.path);

    assert.equal(merged.summary.exitCode, 1);
    assert.equal(merged.summary.tests, expected.size);
    assert.deepEqual(merged.summary.merged.map((m) => m.shard), ['1/2', '2/2']);
    assert.ok(existsSync(join(root, 'merged', 'allure-results', 'environment.properties')));
    assert.equal(merged.summary.allure, 'generated');
    assert.ok(existsSync(join(root, 'merged', 'allure-report', 'index.html')));
    const durations = JSON.parse(readFileSync(join(root, 'merged', 'durations.json'), 'utf8')) as { scenarios: unknown[] };
    assert.equal(durations.scenarios.length, expected.size);
    // the durations.json of the merge and a run's junit.xml name the same scenarios (outline rows by their own names)
    const fromMerge = [...loadDurations(join(root, 'merged', 'durations.json')).keys()].sort();
    assert.equal(fromMerge.length, expected.size);
    assert.deepEqual([...loadDurations(join(wholeDir, 'junit.xml')).keys()].sort(), fromMerge);

    // a missing shard, a shard twice, and shards split another way are refused
    assert.throws(() => mergeRuns([join(root, 'shard1')], join(root, 'm2')), (e: unknown) => e instanceof MergeError && /shard\(s\) 2\/2 missing/.test((e as Error).message));
    assert.throws(() => mergeRuns([join(root, 'shard1'), join(root, 'shard1', 'latest')], join(root, 'm3')), /given twice/);
    const other = join(root, 'other');
    cpSync(join(root, 'shard2', 'latest'), other, { recursive: true, dereference: true });
    const summary = JSON.parse(readFileSync(join(other, 'summary.json'), 'utf8'));
    summary.shard.splitSha256 = '0'.repeat(64);
    writeFileSync(join(other, 'summary.json'), JSON.stringify(summary));
    assert.throws(() => mergeRuns([join(root, 'shard1'), other], join(root, 'm4')), /was split differently/);
    assert.throws(() => mergeRuns([join(root, 'shard1'), wholeDir], join(root, 'm5')), /is not a shard/);
    assert.throws(() => mergeRuns([join(root, 'shard1'), join(root, 'shard2')], join(root, 'merged')), /--out .* is not empty: merge into a new folder/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
