/**
 * Runs a scenario's steps on a fresh bench through the project's own step definitions, as
 * Cucumber would: the support code is loaded with Cucumber's loader (the same `cucumber.js`
 * a run uses), each step text is matched to its one definition and called with a
 * PosbenchWorld. So an explore run does exactly what `posbench run` does with the feature
 * explore writes, minus Cucumber's scheduling and reports — and is cheap enough to repeat
 * hundreds of times in one process.
 *
 * Like the scenario hooks (steps/hooks.ts): a bench per run (src/bench/bench.ts), the ECR
 * status asked once, and at the end the oracle's final judgement — a desync no step
 * expected fails the run. A step that does not finish within the terminal's own timeouts
 * (hangAfterMs) is a hang.
 */
import { Bench } from '../bench/bench';
import type { HardwareProfile } from '../bench/profile';
import { PROJECT_ROOT } from '../bench/profile';
import type { TerminalConfig } from '../terminal/config';
import type { EvidenceEvent } from '../evidence/types';
import { loadSupportLibrary } from '../vocabulary/load';
import { PosbenchError } from '../util/errors';
import { formatDesyncTable, type Desync } from './oracle';
import type { Keyword, ScenarioStep } from './history';

export class ExploreError extends PosbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('EXPLORE', message, options);
  }
}

/** Why a run failed: a step threw (the terminal crashed, refused, misbehaved), an invariant step failed, a step hung, or the final oracle check. */
export type FailureKind = 'step' | 'invariant' | 'hang' | 'unexpected-desync';

export interface RunFailure {
  kind: FailureKind;
  /** Index into the scenario's steps (absent for the final oracle check). */
  stepIndex?: number;
  step?: ScenarioStep;
  message: string;
}

export interface RunOutcome {
  failure?: RunFailure;
  /** Steps that ran (a failing step included). */
  stepsRun: number;
  desyncs: Desync[];
  /** Known gaps of the terminal the run hit (invariants.ts KNOWN_GAPS), one per desync. */
  knownGaps: string[];
  timeline: EvidenceEvent[];
  ms: number;
}

interface Definition {
  matchesStepName(text: string): boolean;
  expression: { match(text: string): readonly { getValue(world: unknown): unknown }[] | null };
  code: (...args: unknown[]) => unknown;
  pattern: string | RegExp;
}

interface Library {
  stepDefinitions: Definition[];
  World: new (options: unknown) => ExploreWorld;
}

/** The slice of steps/world.ts PosbenchWorld the runner uses (the runner may not import steps/). */
interface ExploreWorld {
  bench: Bench;
  stepType?: string;
  pending?: Promise<unknown>;
  expectedDesyncs: { type: string; cause: string }[];
  settle(): Promise<unknown>;
}

const STEP_TYPE: Record<Keyword, string> = { Given: 'Context', When: 'Action', Then: 'Outcome' };

/**
 * How long a step may take before it counts as a hang: every wait the terminal's settings
 * allow it (each host exchange and reversal retry at most host + connect timeout, one card
 * wait), twice over, plus the bench's own display waits.
 */
export function hangAfterMs(c: Pick<TerminalConfig, 'hostTimeoutMs' | 'connectTimeoutMs' | 'reversalRetries' | 'cardWaitTimeoutMs'>): number {
  return 2 * ((c.reversalRetries + 3) * (c.hostTimeoutMs + c.connectTimeoutMs) + c.cardWaitTimeoutMs) + 10000;
}

class HangError extends Error {}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${what} did not finish within ${ms} ms (the terminal's own timeouts allow less)`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export class ScenarioRunner {
  private constructor(private readonly library: Library) {}

  /** Load the project's support code (once per process). */
  static async load(root: string = PROJECT_ROOT): Promise<ScenarioRunner> {
    return new ScenarioRunner((await loadSupportLibrary(root)) as Library);
  }

  /** The one definition a step text matches; an explore bug (not a finding) otherwise. */
  private definition(text: string): Definition {
    const found = this.library.stepDefinitions.filter((d) => d.matchesStepName(text));
    if (found.length !== 1) throw new ExploreError(`explore wrote the step "${text}", which matches ${found.length} step definitions (expected exactly one)`);
    return found[0]!;
  }

  /** Check that every step has exactly one definition, before any bench starts. */
  validate(steps: readonly ScenarioStep[]): void {
    for (const s of steps) this.definition(s.text);
  }

  async run(steps: readonly ScenarioStep[], opts: { profile: HardwareProfile; scenario: string }): Promise<RunOutcome> {
    const started = Date.now();
    const world = new this.library.World({ attach: () => undefined, log: () => undefined, link: () => undefined, parameters: { profile: opts.profile.name, runDir: '' } });
    world.bench = await Bench.start({ profile: opts.profile, scenario: opts.scenario });
    const bench = world.bench;
    let failure: RunFailure | undefined;
    let stepsRun = 0;
    let desyncs: Desync[] = [];
    try {
      await bench.driver.status().catch(() => undefined);
      const limitMs = hangAfterMs(bench.terminalConfig);
      for (const [i, step] of steps.entries()) {
        stepsRun = i + 1;
        const def = this.definition(step.text);
        world.stepType = STEP_TYPE[step.keyword];
        bench.timeline.record({ source: 'step', kind: 'step', summary: `${step.keyword} ${step.text}` });
        try {
          const args = await Promise.all((def.expression.match(step.text) ?? []).map((a) => a.getValue(world)));
          const result = await within(Promise.resolve(def.code.apply(world, args)), limitMs, `the step "${step.text}"`);
          if (result === 'skipped') break;
        } catch (e) {
          const invariant = step.keyword === 'Then' && /^invariant violated/.test((e as Error).message);
          failure = { kind: e instanceof HangError ? 'hang' : invariant ? 'invariant' : 'step', stepIndex: i, step, message: (e as Error).message };
          break;
        }
      }
      if (!failure) {
        if (world.pending) await world.settle().catch(() => undefined);
        desyncs = await bench.reconcile();
        const unexpected = desyncs.filter((d) => !world.expectedDesyncs.some((x) => x.type === d.type && x.cause === d.cause));
        if (unexpected.length) failure = { kind: 'unexpected-desync', message: `unexpected desync at the end of the scenario:\n${formatDesyncTable(unexpected)}` };
      }
    } finally {
      await bench.stop();
    }
    const timeline = [...bench.timeline.all()];
    const knownGaps = timeline.filter((e) => e.kind === 'explore.known-gap').map((e) => String((e.data as { gap?: unknown } | undefined)?.gap));
    return { ...(failure ? { failure } : {}), stepsRun, desyncs, knownGaps, timeline, ms: Date.now() - started };
  }
}
