/**
 * A failing history as a `.feature` file: the scenario's canonical steps (history.ts), a
 * requirement tag so `posbench check` and the certificate accept it, and, as comments, how
 * it was found, how to reproduce it and the evidence of its failing run.
 */
import type { ScenarioStep } from './history';
import type { RunFailure } from './runner';

/** The requirement every explore scenario checks (docs/requirements.yaml). */
export const EXPLORE_REQUIREMENT = 'SYNC-04';

export interface FeatureInfo {
  seed: number;
  profile: string;
  defects: readonly string[];
  /** The run whose history failed first, and its size before shrinking. */
  foundAtRun: number;
  originalActions: number;
  minimalActions: number;
  shrinkRuns: number;
  failure: RunFailure;
  /** The evidence file of the failing run, relative to the feature. */
  evidenceFile: string;
  /** The feature's own path as a command line would give it. */
  featurePath: string;
}

/** Gherkin keywords: a step of the same kind as the one before is written `And`. */
export function gherkinLines(steps: readonly ScenarioStep[], indent = '    '): string[] {
  let previous: string | undefined;
  return steps.map((s) => {
    const kw = s.keyword === previous ? 'And' : s.keyword;
    previous = s.keyword;
    return `${indent}${kw} ${s.text}`;
  });
}

function comment(text: string): string[] {
  return text.split('\n').map((l) => `#   ${l}`.trimEnd());
}

function defectOption(defects: readonly string[]): string {
  return defects.length ? ` --terminal-defect ${defects.join(',')}` : '';
}

export function featureText(steps: readonly ScenarioStep[], info: FeatureInfo): string {
  const f = info.failure;
  const where = f.step ? `step ${f.stepIndex! + 1} "${f.step.keyword} ${f.step.text}"` : 'the oracle at the end of the scenario';
  const title = f.kind === 'invariant' ? f.step!.text : f.kind === 'hang' ? 'a step hangs' : f.kind === 'unexpected-desync' ? 'an unexpected desync' : `a step fails: ${f.step?.text ?? ''}`;
  return [
    `# Found by posbench explore: seed ${info.seed}, run ${info.foundAtRun}, profile ${info.profile}${info.defects.length ? `, terminal defects ${info.defects.join(',')}` : ''}.`,
    `# Shrunk from ${info.originalActions} to ${info.minimalActions} action(s) in ${info.shrinkRuns} run(s).`,
    `# Reproduce:  posbench run --profile ${info.profile} ${info.featurePath}`,
    `# Search again: posbench explore --profile ${info.profile} --seed ${info.seed} --runs ${info.foundAtRun}${defectOption(info.defects)}`,
    `# The failing run (evidence: ${info.evidenceFile}): ${f.kind} at ${where}`,
    ...comment(f.message),
    `@explore @req:${EXPLORE_REQUIREMENT}`,
    `Feature: Explore seed ${info.seed}: ${title}`,
    '  A history posbench explore drew at random and shrank to the smallest one that still',
    '  fails; the steps after it clear every fault, give the terminal its next online sale and',
    '  a settlement, and check the invariants of every explore run (src/explore/README.md).',
    '',
    `  Scenario: Seed ${info.seed}, run ${info.foundAtRun}, shrunk to ${info.minimalActions} action(s)`,
    ...gherkinLines(steps),
    '',
  ].join('\n');
}
