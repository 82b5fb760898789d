/**
 * The explore loop: fast-check draws histories from the seed, each is run as a scenario on a
 * fresh bench (runner.ts), and the first one that fails is shrunk — each smaller candidate
 * run again on a fresh bench, kept only when it fails the same way — to a minimal history.
 * The result is what the report (report.ts) and the written feature (feature.ts) need.
 */
import fc from 'fast-check';
import type { HardwareProfile } from '../bench/profile';
import { historyArbitrary, type GenerateOptions } from './generate';
import { faultsOf, scenarioSteps, type Action, type HistoryFrame, type ScenarioStep } from './history';
import { ScenarioRunner, type RunFailure, type RunOutcome } from './runner';

export interface ExploreOptions extends GenerateOptions, HistoryFrame {
  profile: HardwareProfile;
  runs: number;
  seed: number;
  /** Stop drawing new histories after this long (shrinking a failure found in time still runs). */
  timeLimitMs?: number;
  /** At most this many candidate runs while shrinking (each is a whole run on a fresh bench). */
  shrinkBudget?: number;
  /** Called after each run. */
  onRun?: (r: RunRecord) => void;
}

export interface RunRecord {
  /** 1-based index among the histories drawn from the seed; shrink candidates are 0. */
  run: number;
  phase: 'explore' | 'shrink';
  actions: number;
  faults: string[];
  /** Invariant steps checked (4 per run that got to its end). */
  invariantChecks: number;
  ok: boolean;
  failure?: RunFailure;
  ms: number;
}

export interface ExploreFailure {
  /** The run (1-based) whose history failed first: `--runs` of at least this finds it again from the seed. */
  foundAtRun: number;
  original: Action[];
  minimal: Action[];
  steps: ScenarioStep[];
  outcome: RunOutcome;
  shrinkRuns: number;
  /** fast-check's path to the shrunk counterexample (replays it without searching). */
  path?: string;
}

export interface ExploreResult {
  seed: number;
  profile: string;
  defects: string[];
  runsRequested: number;
  /** Histories drawn and run (not counting shrink candidates). */
  runs: number;
  interrupted: boolean;
  records: RunRecord[];
  failure?: ExploreFailure;
  ms: number;
}

/** Two failures are the same when they are of one kind at the same step text (an invariant names itself). */
function signature(f: RunFailure): string {
  return f.kind === 'invariant' || f.kind === 'unexpected-desync' ? `${f.kind}:${f.step?.text ?? ''}` : f.kind;
}

const INVARIANT_STEPS_PER_RUN = 5;

/**
 * Remove one action at a time, first to last, keeping each removal after which `fails`
 * still gives a failing outcome; the last failing history and outcome, or undefined when
 * no removal kept the failure.
 */
export async function dropSingleActions(
  history: Action[],
  fails: (candidate: Action[]) => Promise<RunOutcome | undefined>,
): Promise<{ history: Action[]; outcome: RunOutcome } | undefined> {
  let best: { history: Action[]; outcome: RunOutcome } | undefined;
  let current = history;
  for (let i = 0; i < current.length && current.length > 1; ) {
    const candidate = [...current.slice(0, i), ...current.slice(i + 1)];
    const outcome = await fails(candidate);
    if (outcome) {
      current = candidate;
      best = { history: candidate, outcome };
    } else i++;
  }
  return best;
}

export async function explore(opts: ExploreOptions): Promise<ExploreResult> {
  const started = Date.now();
  const runner = await ScenarioRunner.load();
  const frame: HistoryFrame = { defects: opts.defects ?? [] };
  const records: RunRecord[] = [];
  let drawn = 0;
  let first: { run: number; history: Action[]; sig: string } | undefined;
  let last: { history: Action[]; outcome: RunOutcome } | undefined;
  let shrinkRuns = 0;
  const budget = opts.shrinkBudget ?? 80;

  const property = fc.asyncProperty(historyArbitrary(opts), async (history) => {
    const phase = first ? 'shrink' : 'explore';
    if (phase === 'shrink' && shrinkRuns >= budget) return true; // budget spent: keep what we have
    if (phase === 'explore') drawn++;
    else shrinkRuns++;
    const steps = scenarioSteps(history, frame);
    runner.validate(steps);
    const outcome = await runner.run(steps, { profile: opts.profile, scenario: `explore seed ${opts.seed} run ${drawn}` });
    const sameFailure = outcome.failure && (!first || signature(outcome.failure) === first.sig);
    const checks = outcome.failure ? steps.slice(0, outcome.stepsRun).filter((s) => s.keyword === 'Then' && s.text !== 'the transaction fails').length : INVARIANT_STEPS_PER_RUN;
    const record: RunRecord = {
      run: phase === 'explore' ? drawn : 0,
      phase,
      actions: history.length,
      faults: faultsOf(history),
      invariantChecks: checks,
      ok: !outcome.failure,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      ms: outcome.ms,
    };
    records.push(record);
    opts.onRun?.(record);
    if (!sameFailure) return true;
    if (!first) first = { run: drawn, history, sig: signature(outcome.failure!) };
    last = { history, outcome };
    return false;
  });

  const details = await fc.check(property, {
    seed: opts.seed,
    numRuns: opts.runs,
    ...(opts.timeLimitMs ? { interruptAfterTimeLimit: opts.timeLimitMs } : {}),
  });

  const result: ExploreResult = {
    seed: opts.seed,
    profile: opts.profile.name,
    defects: [...(opts.defects ?? [])],
    runsRequested: opts.runs,
    runs: drawn,
    interrupted: details.interrupted,
    records,
    ms: Date.now() - started,
  };
  if (first && last) {
    // fast-check shrinks an array by its suffixes and element by element, so an action at
    // the end can survive it: one more pass drops single actions while the failure stays.
    const sig = first.sig;
    const kept = await dropSingleActions(last.history, async (candidate) => {
      if (shrinkRuns >= budget) return undefined;
      shrinkRuns++;
      const outcome = await runner.run(scenarioSteps(candidate, frame), { profile: opts.profile, scenario: `explore seed ${opts.seed} shrink` });
      const record: RunRecord = { run: 0, phase: 'shrink', actions: candidate.length, faults: faultsOf(candidate), invariantChecks: 0, ok: !outcome.failure, ...(outcome.failure ? { failure: outcome.failure } : {}), ms: outcome.ms };
      records.push(record);
      opts.onRun?.(record);
      return outcome.failure && signature(outcome.failure) === sig ? outcome : undefined;
    });
    if (kept) last = kept;
    result.failure = {
      foundAtRun: first.run,
      original: first.history,
      minimal: last.history,
      steps: scenarioSteps(last.history, frame),
      outcome: last.outcome,
      shrinkRuns,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    };
  }
  return result;
}
