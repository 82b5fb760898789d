/**
 * The explore loop: fast-check draws histories from the seed, each is run as a scenario on a
 * fresh bench (runner.ts), and the first one that fails is shrunk — each smaller candidate
 * run again on a fresh bench, kept only when it fails the same way — to a minimal history.
 * The result is what the report (report.ts) and the written feature (feature.ts) need.
 */
import fc from 'fast-check';
import type { HardwareProfile } from '../bench/profile';
import { historyArbitrary, type GenerateOptions } from './generate';
import { faultsOf, INVARIANT_STEPS, normalize, scenarioSteps, type Action, type HistoryFrame, type ScenarioStep } from './history';
import { ScenarioRunner, type RunFailure, type RunOutcome } from './runner';

export interface ExploreOptions extends GenerateOptions, HistoryFrame {
  profile: HardwareProfile;
  runs: number;
  seed: number;
  /** Stop drawing new histories after this long (shrinking a failure found in time still runs). */
  timeLimitMs?: number;
  /** False: stop at the first failing history, unshrunk (to count the runs a search needs). */
  shrink?: boolean;
  /** At most this many fast-check shrink candidates (each a whole run on a fresh bench); the single-action pass after it has 2 × maxLength more. */
  shrinkBudget?: number;
  /** Called after each run. */
  onRun?: (r: RunRecord) => void;
  /** Runs one scenario; the default runs it on a fresh bench (runner.ts). Tests give their own. */
  runScenario?: RunScenario;
}

export type RunScenario = (steps: ScenarioStep[], scenario: string) => Promise<RunOutcome>;

async function benchRunner(profile: HardwareProfile): Promise<RunScenario> {
  const runner = await ScenarioRunner.load();
  return (steps, scenario) => {
    runner.validate(steps);
    return runner.run(steps, { profile, scenario });
  };
}

export interface RunRecord {
  /** 1-based index among the histories drawn from the seed; shrink candidates are 0. */
  run: number;
  phase: 'explore' | 'shrink';
  actions: number;
  faults: string[];
  /** Invariant steps checked (6 per run that got to its end). */
  invariantChecks: number;
  ok: boolean;
  failure?: RunFailure;
  /** Known gaps of the terminal this run hit (not failures; invariants.ts KNOWN_GAPS). */
  knownGaps: string[];
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

const INVARIANT_TEXTS = new Set<string>(Object.values(INVARIANT_STEPS));

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
    // Without a recovery, a fault that follows it again is dropped too (normalize).
    const candidate = normalize([...current.slice(0, i), ...current.slice(i + 1)]);
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
  const run = opts.runScenario ?? (await benchRunner(opts.profile));
  const frame: HistoryFrame = { defects: opts.defects ?? [] };
  const records: RunRecord[] = [];
  let drawn = 0;
  let shrinkRuns = 0;
  const budget = opts.shrinkBudget ?? 60;

  /** Run one history as a scenario and record it. */
  const attempt = async (history: Action[], phase: RunRecord['phase']): Promise<RunOutcome> => {
    if (phase === 'explore') drawn++;
    else shrinkRuns++;
    const steps = scenarioSteps(history, frame);
    const outcome = await run(steps, `explore seed ${opts.seed} ${phase === 'explore' ? `run ${drawn}` : 'shrink'}`);
    const ran = outcome.failure ? steps.slice(0, outcome.stepsRun) : steps;
    const record: RunRecord = {
      run: phase === 'explore' ? drawn : 0,
      phase,
      actions: history.length,
      faults: faultsOf(history),
      invariantChecks: ran.filter((s) => INVARIANT_TEXTS.has(s.text)).length,
      ok: !outcome.failure,
      ...(outcome.failure ? { failure: outcome.failure } : {}),
      knownGaps: outcome.knownGaps,
      ms: outcome.ms,
    };
    records.push(record);
    opts.onRun?.(record);
    return outcome;
  };

  let first: { run: number; history: Action[]; sig: string } | undefined;
  let last: { history: Action[]; outcome: RunOutcome } | undefined;
  // fast-check's time limit does not wait for the run in flight: explore does, so no bench outlives it.
  let inFlight: Promise<unknown> = Promise.resolve();
  const property = fc.asyncProperty(historyArbitrary(opts), async (history) => {
    if (first && shrinkRuns >= budget) return true; // shrink budget spent: keep what we have
    const running = attempt(history, first ? 'shrink' : 'explore');
    inFlight = running.catch(() => undefined);
    const outcome = await running;
    if (!outcome.failure || (first && signature(outcome.failure) !== first.sig)) return true;
    first ??= { run: drawn, history, sig: signature(outcome.failure) };
    last = { history, outcome };
    return false;
  });
  const details = await fc.check(property, {
    seed: opts.seed,
    numRuns: opts.runs,
    endOnFailure: opts.shrink === false,
    ...(opts.timeLimitMs ? { interruptAfterTimeLimit: opts.timeLimitMs } : {}),
  });
  await inFlight;

  let failure: ExploreFailure | undefined;
  if (first && last) {
    // fast-check shrinks an array by its suffixes and element by element, so an action at
    // the end can survive it: one more pass drops single actions while the failure stays.
    // It has its own budget: it is what brings a long history down when fast-check's runs are spent.
    const sig = first.sig;
    let passRuns = opts.shrink === false ? Infinity : 0;
    const kept = await dropSingleActions(last.history, async (candidate) => {
      if (passRuns++ >= 2 * opts.maxLength) return undefined;
      const outcome = await attempt(candidate, 'shrink');
      return outcome.failure && signature(outcome.failure) === sig ? outcome : undefined;
    });
    if (kept) last = kept;
    failure = { foundAtRun: first.run, original: first.history, minimal: last.history, steps: scenarioSteps(last.history, frame), outcome: last.outcome, shrinkRuns };
  }
  return {
    seed: opts.seed,
    profile: opts.profile.name,
    defects: [...(opts.defects ?? [])],
    runsRequested: opts.runs,
    runs: records.filter((r) => r.phase === 'explore').length,
    interrupted: details.interrupted,
    records,
    ...(failure ? { failure } : {}),
    ms: Date.now() - started,
  };
}
