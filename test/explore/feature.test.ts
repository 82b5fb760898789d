import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/bench/profile';
import { loadVocabulary } from '../../src/vocabulary/load';
import { checkFeatures } from '../../src/vocabulary/check';
import { loadRequirements } from '../../src/certificate/requirements';
import { sampleHistories } from '../../src/explore/generate';
import { scenarioSteps } from '../../src/explore/history';
import { featureText, gherkinLines, EXPLORE_REQUIREMENT, type FeatureInfo } from '../../src/explore/feature';
import { writeExploreReport } from '../../src/explore/report';
import type { ExploreResult } from '../../src/explore/explore';

const failure = { kind: 'invariant' as const, stepIndex: 9, step: { keyword: 'Then' as const, text: 'nothing the terminal could have repaired is left' }, message: 'invariant violated:\n- [repaired] left after recovery: unreversed-timeout (bank-delay) STAN 000002' };

function info(featurePath: string): FeatureInfo {
  return { seed: 9, profile: 'reference', defects: ['no-reversal-on-timeout'], foundAtRun: 3, originalActions: 7, minimalActions: 2, shrinkRuns: 12, failure, evidenceFile: 'x.evidence.json', featurePath };
}

test('consecutive steps of one kind are written with And', () => {
  assert.deepEqual(gherkinLines([{ keyword: 'Given', text: 'a' }, { keyword: 'Given', text: 'b' }, { keyword: 'When', text: 'c' }, { keyword: 'Then', text: 'd' }, { keyword: 'Then', text: 'e' }], ''), ['Given a', 'And b', 'When c', 'Then d', 'And e']);
});

test('every feature explore writes passes posbench check: canonical steps, valid arguments, a requirement tag', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-explore-test-'));
  try {
    const histories = sampleHistories({ maxLength: 12 }, 2026, 150);
    const files = histories.map((h, i) => {
      const file = join(dir, `h${i}.feature`);
      writeFileSync(file, featureText(scenarioSteps(h, { defects: i % 2 ? ['no-paper-check'] : [] }), info(file)));
      return file;
    });
    const vocabulary = await loadVocabulary(PROJECT_ROOT);
    const report = checkFeatures(files, vocabulary, { root: dir, currency: 'CNY', requirements: loadRequirements(PROJECT_ROOT).map((r) => r.id) });
    assert.deepEqual(report.problems, []);
    assert.equal(report.scenarios, 150);
    // and each step matches exactly one definition (the runner refuses anything else)
    const texts = new Set(histories.flatMap((h) => scenarioSteps(h).map((s) => s.text)));
    for (const t of texts) assert.equal(vocabulary.steps.filter((s) => s.matches(t)).length, 1, t);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the feature says how it was found, how to reproduce it and why its run failed', () => {
  const text = featureText(scenarioSteps([{ do: 'fault', fault: 'bank-silent' }, { do: 'sale', amountMinor: 100, card: 'UNIONPAY_CHIP' }], { defects: ['no-reversal-on-timeout'] }), info('out/f.feature'));
  assert.match(text, /^# Found by posbench explore: seed 9, run 3, profile reference, terminal defects no-reversal-on-timeout\./);
  assert.match(text, /# Reproduce: {2}posbench run --profile reference out\/f\.feature/);
  assert.match(text, /# Search again: posbench explore --profile reference --seed 9 --runs 3 --terminal-defect no-reversal-on-timeout/);
  assert.match(text, /#   - \[repaired\] left after recovery: unreversed-timeout/);
  assert.match(text, new RegExp(`@explore @req:${EXPLORE_REQUIREMENT}\\nFeature: Explore seed 9: nothing the terminal could have repaired is left`));
  assert.match(text, /Given the terminal setting "defects" is "no-reversal-on-timeout"\n {4}And the terminal is signed on\n {4}And the issuer approves all transactions\n {4}And the issuer does not respond\n {4}When a sale of 1\.00 is paid with the card UNIONPAY_CHIP/);
});

test('the report lists runs, faults, checks and the failure with its feature, evidence and replay command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-explore-report-'));
  try {
    const minimal = [{ do: 'fault' as const, fault: 'bank-silent' as const }, { do: 'sale' as const, amountMinor: 100, card: 'UNIONPAY_CHIP' as const }];
    const result: ExploreResult = {
      seed: 9, profile: 'reference', defects: ['no-reversal-on-timeout'], runsRequested: 50, runs: 3, interrupted: false, ms: 900,
      records: [
        { run: 1, phase: 'explore', actions: 4, faults: ['network-down'], invariantChecks: 5, ok: true, knownGaps: [], ms: 100 },
        { run: 2, phase: 'explore', actions: 2, faults: [], invariantChecks: 5, ok: true, knownGaps: ['example-gap', 'example-gap'], ms: 100 },
        { run: 3, phase: 'explore', actions: 7, faults: ['bank-silent', 'network-down'], invariantChecks: 3, ok: false, failure, knownGaps: [], ms: 200 },
        { run: 0, phase: 'shrink', actions: 2, faults: ['bank-silent'], invariantChecks: 3, ok: false, failure, knownGaps: [], ms: 200 },
      ],
      failure: { foundAtRun: 3, original: [...minimal, { do: 'reprint' }], minimal, steps: scenarioSteps(minimal, { defects: ['no-reversal-on-timeout'] }), outcome: { failure, stepsRun: 10, desyncs: [], knownGaps: [], timeline: [], ms: 200 }, shrinkRuns: 1 },
    };
    const r = writeExploreReport(result, dir, dir);
    assert.equal(r.runs, 3);
    assert.equal(r.runsPerSecond, 7.5);
    assert.equal(r.invariantChecks, 16);
    assert.deepEqual(r.faultsInjected, { 'network-down': 2, 'bank-silent': 1 });
    assert.deepEqual(r.knownGaps, { 'example-gap': { runs: 1, firstRun: 2 } });
    assert.equal(r.replay, 'posbench explore --profile reference --seed 9 --runs 3 --terminal-defect no-reversal-on-timeout');
    assert.equal(r.failures[0]!.feature, join('failures', 'seed-9-run-3.feature'));
    assert.equal(r.failures[0]!.reproduce, 'posbench run --profile reference failures/seed-9-run-3.feature');
    assert.ok(existsSync(join(dir, 'failures', 'seed-9-run-3.evidence.json')));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'explore-report.json'), 'utf8')).failures[0].minimal, minimal);
    const text = readFileSync(join(dir, 'explore-report.txt'), 'utf8');
    assert.match(text, /known gaps \(not failures\): example-gap in 1 run\(s\), first run 2/);
    assert.match(text, /FAILURE at run 3: invariant at "Then nothing the terminal could have repaired is left"/);
    assert.match(readFileSync(join(dir, 'explore-report.html'), 'utf8'), /<tr class="fail"><td>3<\/td>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
