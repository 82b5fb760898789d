/**
 * The explore report: what ran (runs, the faults injected, the invariant checks), what
 * failed (each failure with its minimal feature and the evidence of its failing run) and how
 * to replay it (the seed). Written to DIR as explore-report.json, explore-report.txt and
 * explore-report.html, with failures/*.feature and failures/*.evidence.json beside them.
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import type { ExploreResult } from './explore';
import { featureText } from './feature';
import type { Action } from './history';
import type { FailureKind } from './runner';

export interface ExploreFailureReport {
  foundAtRun: number;
  kind: FailureKind;
  step?: string;
  message: string;
  originalActions: number;
  minimalActions: number;
  shrinkRuns: number;
  minimal: Action[];
  feature: string;
  evidence: string;
  reproduce: string;
}

export interface ExploreReport {
  tool: 'posbench explore';
  seed: number;
  profile: string;
  defects: string[];
  runsRequested: number;
  runs: number;
  shrinkRuns: number;
  interrupted: boolean;
  /** Histories per second over the explore runs (bench start to bench stop, shrinking excluded). */
  runsPerSecond: number;
  ms: number;
  invariantChecks: number;
  faultsInjected: Record<string, number>;
  /** Known gaps of the terminal (src/explore/invariants.ts KNOWN_GAPS) the explore runs hit: not failures, named. */
  knownGaps: Record<string, { runs: number; firstRun: number }>;
  failures: ExploreFailureReport[];
  replay: string;
  runsDetail: { run: number; phase: string; actions: number; faults: string[]; ok: boolean; failure?: FailureKind; ms: number }[];
}

function defectOption(defects: readonly string[]): string {
  return defects.length ? ` --terminal-defect ${defects.join(',')}` : '';
}

/** Build the report and write it, with the failure's feature and evidence, under `dir`. */
export function writeExploreReport(result: ExploreResult, dir: string, cwd = process.cwd()): ExploreReport {
  mkdirSync(dir, { recursive: true });
  const explored = result.records.filter((r) => r.phase === 'explore');
  const exploreMs = explored.reduce((a, r) => a + r.ms, 0);
  const faultsInjected: Record<string, number> = {};
  for (const r of explored) for (const f of r.faults) faultsInjected[f] = (faultsInjected[f] ?? 0) + 1;
  const knownGaps: ExploreReport['knownGaps'] = {};
  for (const r of explored) {
    for (const g of new Set(r.knownGaps)) {
      const k = (knownGaps[g] ??= { runs: 0, firstRun: r.run });
      k.runs++;
    }
  }
  const failures: ExploreFailureReport[] = [];
  const f = result.failure;
  if (f?.outcome.failure) {
    const base = `seed-${result.seed}-run-${f.foundAtRun}`;
    mkdirSync(join(dir, 'failures'), { recursive: true });
    const featurePath = join(dir, 'failures', `${base}.feature`);
    const evidencePath = join(dir, 'failures', `${base}.evidence.json`);
    const shownPath = relative(cwd, featurePath) || featurePath;
    writeFileAtomic(evidencePath, JSON.stringify({ steps: f.steps, failure: f.outcome.failure, desyncs: f.outcome.desyncs, timeline: f.outcome.timeline }, null, 1));
    writeFileAtomic(
      featurePath,
      featureText(f.steps, {
        seed: result.seed,
        profile: result.profile,
        defects: result.defects,
        foundAtRun: f.foundAtRun,
        originalActions: f.original.length,
        minimalActions: f.minimal.length,
        shrinkRuns: f.shrinkRuns,
        failure: f.outcome.failure,
        evidenceFile: `${base}.evidence.json`,
        featurePath: shownPath,
      }),
    );
    failures.push({
      foundAtRun: f.foundAtRun,
      kind: f.outcome.failure.kind,
      ...(f.outcome.failure.step ? { step: `${f.outcome.failure.step.keyword} ${f.outcome.failure.step.text}` } : {}),
      message: f.outcome.failure.message,
      originalActions: f.original.length,
      minimalActions: f.minimal.length,
      shrinkRuns: f.shrinkRuns,
      minimal: f.minimal,
      feature: shownPath,
      evidence: relative(cwd, evidencePath) || evidencePath,
      reproduce: `posbench run --profile ${result.profile} ${shownPath}`,
    });
  }
  const report: ExploreReport = {
    tool: 'posbench explore',
    seed: result.seed,
    profile: result.profile,
    defects: result.defects,
    runsRequested: result.runsRequested,
    runs: result.runs,
    shrinkRuns: f?.shrinkRuns ?? 0,
    interrupted: result.interrupted,
    runsPerSecond: exploreMs ? Math.round((explored.length / exploreMs) * 1000 * 100) / 100 : 0,
    ms: result.ms,
    invariantChecks: result.records.reduce((a, r) => a + r.invariantChecks, 0),
    faultsInjected,
    knownGaps,
    failures,
    replay: `posbench explore --profile ${result.profile} --seed ${result.seed} --runs ${f?.foundAtRun ?? result.runsRequested}${defectOption(result.defects)}`,
    runsDetail: result.records.map((r) => ({ run: r.run, phase: r.phase, actions: r.actions, faults: r.faults, ok: r.ok, ...(r.failure ? { failure: r.failure.kind } : {}), ms: r.ms })),
  };
  writeFileAtomic(join(dir, 'explore-report.json'), JSON.stringify(report, null, 1));
  writeFileAtomic(join(dir, 'explore-report.txt'), reportText(report));
  writeFileAtomic(join(dir, 'explore-report.html'), reportHtml(report));
  return report;
}

export function reportText(r: ExploreReport): string {
  const faults = Object.entries(r.faultsInjected).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
  const lines = [
    `posbench explore — profile ${r.profile}, seed ${r.seed}${r.defects.length ? `, terminal defects ${r.defects.join(',')}` : ''}`,
    `runs: ${r.runs} of ${r.runsRequested}${r.interrupted ? ' (time limit reached)' : ''}, ${r.runsPerSecond} runs/s, ${r.shrinkRuns} shrink run(s), ${(r.ms / 1000).toFixed(1)} s in all`,
    `invariant checks: ${r.invariantChecks}`,
    `faults injected: ${faults}`,
  ];
  const gaps = Object.entries(r.knownGaps).map(([g, k]) => `${g} in ${k.runs} run(s), first run ${k.firstRun}`);
  if (gaps.length) lines.push(`known gaps (not failures): ${gaps.join('; ')}`);
  if (!r.failures.length) lines.push('failures: none');
  for (const f of r.failures) {
    lines.push(
      `FAILURE at run ${f.foundAtRun}: ${f.kind}${f.step ? ` at "${f.step}"` : ''}`,
      ...f.message.split('\n').map((l) => `  ${l}`),
      `  shrunk from ${f.originalActions} to ${f.minimalActions} action(s) in ${f.shrinkRuns} run(s)`,
      `  feature:  ${f.feature}`,
      `  evidence: ${f.evidence}`,
      `  reproduce: ${f.reproduce}`,
    );
  }
  lines.push(`replay: ${r.replay}`);
  return lines.join('\n') + '\n';
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function reportHtml(r: ExploreReport): string {
  const rows = r.runsDetail
    .map((d) => `<tr class="${d.ok ? 'ok' : 'fail'}"><td>${d.phase === 'explore' ? d.run : 'shrink'}</td><td>${d.actions}</td><td>${esc(d.faults.join(', '))}</td><td>${d.ok ? 'ok' : esc(d.failure ?? 'failed')}</td><td>${d.ms}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>posbench explore — seed ${r.seed}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px}tr.fail{background:#fdd}pre{background:#f6f6f6;padding:8px}</style>
</head><body>
<h1>posbench explore</h1>
<pre>${esc(reportText(r))}</pre>
<h2>Runs</h2>
<table><tr><th>run</th><th>actions</th><th>faults</th><th>verdict</th><th>ms</th></tr>
${rows}
</table>
</body></html>
`;
}
