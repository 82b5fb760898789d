/**
 * Operator prompts: a step that needs a person at a real bench (take the paper out, open
 * the cover, insert a card) asks the operator on the terminal posbench runs in, and waits
 * for Enter — with a timeout, so a bench nobody attends fails instead of hanging. Who
 * confirmed (POSBENCH_OPERATOR, else the OS user) and when goes on the evidence timeline.
 * A run whose stdin or stdout is not a TTY (CI, a pipe) cannot ask anyone: the step is
 * reported as skipped, with the reason, and nothing waits.
 *
 * The streams are injectable, so tests drive it with fake TTY streams. `posbench run` runs
 * Cucumber as a child whose stdin is a pipe (src/cli/commands/run.ts): when its own stdin and
 * stdout are a TTY it names that TTY in POSBENCH_OPERATOR_TTY, and prompts read from it.
 */
import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { PosbenchError } from '../util/errors';
import type { EvidenceSink } from '../evidence/types';

export interface OperatorStreams {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface OperatorOptions {
  evidence: EvidenceSink;
  /** Defaults to process.stdin / process.stdout. */
  streams?: OperatorStreams;
  /** How long a prompt waits for the operator; POSBENCH_OPERATOR_TIMEOUT_MS, else 120 s. */
  timeoutMs?: number;
  /** Who answers; POSBENCH_OPERATOR, else the OS user. */
  who?: string;
}

export type OperatorSkipped = { status: 'skipped'; reason: string };
export type OperatorOutcome = { status: 'confirmed'; by: string; at: string; waitedMs: number } | OperatorSkipped;

/** Nobody confirmed within the timeout: the step fails with this. */
export class OperatorTimeoutError extends PosbenchError {
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
    ended?: string,
  ) {
    super('OPERATOR_TIMEOUT', ended ? `nobody confirmed "${action}": ${ended} after ${timeoutMs} ms` : `nobody confirmed "${action}" within ${timeoutMs} ms (set POSBENCH_OPERATOR_TIMEOUT_MS for a longer wait)`);
  }
}

/** The operator refused ("n"): the step fails with this. */
export class OperatorRefusedError extends PosbenchError {
  constructor(
    readonly action: string,
    readonly by: string,
  ) {
    super('OPERATOR_REFUSED', `${by} answered that "${action}" was not done`);
  }
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Set by `posbench run` for its Cucumber child: the path of the TTY the operator types on. */
export const OPERATOR_TTY_ENV = 'POSBENCH_OPERATOR_TTY';

/**
 * Where a prompt goes when no streams are given: the process's own stdin and stdout when
 * both are TTYs; else, when stdout is a TTY and the parent named its TTY (OPERATOR_TTY_ENV),
 * that TTY as input, opened for the prompt and closed after it. Undefined: nobody to ask.
 */
function processStreams(): { open(): { streams: OperatorStreams; close(): void } } | undefined {
  if (process.stdin.isTTY && process.stdout.isTTY) return { open: () => ({ streams: { input: process.stdin, output: process.stdout }, close: () => undefined }) };
  const ttyPath = process.env[OPERATOR_TTY_ENV];
  if (!ttyPath || !process.stdout.isTTY) return undefined;
  return {
    open: () => {
      const input = new ReadStream(openSync(ttyPath, 'r'));
      return { streams: { input, output: process.stdout }, close: () => input.destroy() };
    },
  };
}

function envTimeout(): number | undefined {
  const text = process.env.POSBENCH_OPERATOR_TIMEOUT_MS;
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new PosbenchError('OPERATOR_CONFIG', `POSBENCH_OPERATOR_TIMEOUT_MS: "${text}" is not a positive whole number of milliseconds`);
  return n;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown user';
  }
}

export class Operator {
  private readonly source: ReturnType<typeof processStreams>;
  readonly timeoutMs: number;
  readonly who: string;

  constructor(private readonly opts: OperatorOptions) {
    const given = opts.streams;
    this.source = given ? (given.input.isTTY && given.output.isTTY ? { open: () => ({ streams: given, close: () => undefined }) } : undefined) : processStreams();
    this.timeoutMs = opts.timeoutMs ?? envTimeout() ?? DEFAULT_TIMEOUT_MS;
    this.who = opts.who ?? (process.env.POSBENCH_OPERATOR || osUser());
  }

  /** True when someone can be asked: both stdin and stdout are TTYs (or the parent's TTY is named, see OPERATOR_TTY_ENV). */
  get interactive(): boolean {
    return this.source !== undefined;
  }

  /** Why nobody can be asked to `action` in this run, or undefined when someone can. */
  unavailable(action: string): string | undefined {
    if (this.interactive) return undefined;
    return `this step needs a person at the bench to ${action}, and the run is not interactive (stdin and stdout are not both a terminal)`;
  }

  /** Record a step skipped for `reason` (on the timeline) and return the outcome. */
  skip(action: string, reason: string): OperatorSkipped {
    this.opts.evidence.record({ source: 'step', kind: 'operator.skipped', summary: `skipped: ${reason}`, data: { action, reason } });
    return { status: 'skipped', reason };
  }

  /**
   * Ask the operator to `action` and wait for Enter (anything but "n"/"no" confirms).
   * Non-interactive: skipped at once, with the reason. No answer within the timeout:
   * OperatorTimeoutError. "n": OperatorRefusedError.
   */
  async ask(action: string): Promise<OperatorOutcome> {
    const reason = this.unavailable(action);
    if (reason || !this.source) return this.skip(action, reason ?? 'nobody to ask');
    const { evidence } = this.opts;
    const { streams, close } = this.source.open();
    evidence.record({ source: 'step', kind: 'operator.prompt', summary: `asked the operator to ${action}`, data: { action, timeoutMs: this.timeoutMs } });
    const rl = createInterface({ input: streams.input, output: streams.output, terminal: false });
    const started = Date.now();
    const seconds = Math.round(this.timeoutMs / 1000);
    // undefined: the time is up; null: the input ended (nobody can answer any more).
    const answer = await new Promise<string | undefined | null>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), this.timeoutMs);
      rl.once('close', () => {
        clearTimeout(timer);
        resolve(null);
      });
      rl.question(`\n[posbench] Operator: please ${action}.\n[posbench] Press Enter when done, or type n if it cannot be done (${seconds} s): `, (text) => {
        clearTimeout(timer);
        resolve(text);
      });
    }).finally(() => {
      rl.close();
      close();
    });
    const waitedMs = Date.now() - started;
    if (answer === null) {
      evidence.record({ source: 'step', kind: 'operator.timeout', summary: `the operator's input ended before "${action}" was confirmed`, data: { action, waitedMs } });
      throw new OperatorTimeoutError(action, waitedMs, 'the input ended');
    }
    if (answer === undefined) {
      streams.output.write(`\n[posbench] no answer within ${seconds} s: the step fails\n`);
      evidence.record({ source: 'step', kind: 'operator.timeout', summary: `nobody confirmed "${action}" within ${this.timeoutMs} ms`, data: { action, timeoutMs: this.timeoutMs } });
      throw new OperatorTimeoutError(action, this.timeoutMs);
    }
    if (/^\s*(n|no)\s*$/i.test(answer)) {
      evidence.record({ source: 'step', kind: 'operator.refused', summary: `${this.who} answered that "${action}" was not done`, data: { action, by: this.who, waitedMs } });
      throw new OperatorRefusedError(action, this.who);
    }
    const at = new Date().toISOString();
    evidence.record({ source: 'step', kind: 'operator.confirmed', summary: `${this.who} confirmed: ${action} (after ${waitedMs} ms)`, data: { action, by: this.who, at, waitedMs } });
    return { status: 'confirmed', by: this.who, at, waitedMs };
  }
}

/** What a person does with a test card at a real reader, in the prompt's words (PAN masked). */
export function presentCardAction(name: string, card: { presentation: 'chip' | 'swipe' | 'tap'; maskedPan: string }): string {
  const how = { chip: 'insert the chip of', swipe: 'swipe', tap: 'tap' }[card.presentation];
  return `${how} the test card ${name} (${card.maskedPan})${card.presentation === 'tap' ? ' on' : card.presentation === 'chip' ? ' into' : ' through'} the reader`;
}
