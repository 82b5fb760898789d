/**
 * The scenario world: one bench per scenario, plus what the steps remember between them.
 * Steps stay thin: Gherkin words → bench calls; all behaviour lives in src/ and emulators/.
 */
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { Bench } from '../src/bench/bench';
import type { TxnResult, SettlementResult, EchoResult, LineCheckResult, SignOnResult } from '../src/protocols/ecr/contract';
import type { Area, Desync, DesyncType, Cause } from '../src/bench/oracle';
import { EcrError } from '../src/protocols/ecr';
import type { InjectedCause } from '../src/bench/injections';

/**
 * ECR error codes that mean "the terminal refused this transaction" (src/protocols/ecr/contract.ts):
 * a step that starts a transaction records them instead of failing, so an outcome step can
 * assert them; any step that reads the transaction's result fails with them.
 */
const REFUSALS: readonly string[] = ['ECR_BATCH_FULL', 'ECR_ORIGINAL_SETTLED', 'ECR_REFUND_EXCEEDS_ORIGINAL', 'ECR_DUPLICATE_INTENT'];

/** The run's configuration, from Cucumber's world parameters (defaults in cucumber.js; `posbench run` sets them). */
export interface RunParameters {
  /** Hardware profile name or path. */
  profile: string;
  /** Where this run's reports and evidence go. */
  runDir: string;
}

export class PosbenchWorld extends World<Partial<RunParameters>> {
  bench!: Bench;
  /** A transaction started and not yet awaited. */
  pending?: Promise<TxnResult>;
  /** A sale started on a terminal without ECR (dut.run operator): its amount, keyed in once the card is presented. */
  keyedWithCard?: number;
  /** The last finished transaction. */
  last?: TxnResult;
  /** The ECR error the last transaction was refused with (see REFUSALS), until a step reads it. */
  refusal?: EcrError;
  /** A sale started while another ran, refused BUSY at once (the first still pending), until a step reads it. */
  refusedWhileBusy?: EcrError;
  /** Desyncs a step asserted: they are expected, not failures. */
  readonly expectedDesyncs: { type: DesyncType; cause: Cause }[] = [];
  /** The Gherkin type of the step running now: Context (Given), Action (When), Outcome (Then). */
  stepType?: string;
  /** The last settlement's result. */
  settlement?: SettlementResult;
  /** The last sign-on the scenario tried (`When the terminal tries to sign on`). */
  signOn?: SignOnResult;
  /** The oracle's last verdict. */
  lastDesyncs: Desync[] = [];
  /** The last transaction (or settlement) was cut short by a power failure (steps/power.steps.ts): the ECR error it ended with. */
  cutShort?: Error;
  /** The last host echo test and line check a technician ran (steps/maintenance.steps.ts). */
  echo?: EchoResult;
  /** The card each transaction was paid with, by its STAN (a void or refund by trace number presents that card again). */
  readonly cardByStan = new Map<string, string>();
  /** How many display texts the terminal had shown when the customer last presented a card (steps/cashier.steps.ts). */
  displaysAtPresentation = 0;
  lineCheck?: LineCheckResult;
  /** What the terminal answered the cashier's last cancel: whether a transaction was waiting to be cancelled. */
  cancelled?: boolean;
  /** The answer to the last ECR request a step sent as it was (steps/ecr.steps.ts). */
  ecrAnswer?: { ok: true; result: unknown } | { ok: false; code: string; message: string };

  constructor(options: IWorldOptions<Partial<RunParameters>>) {
    super(options);
  }

  /** The world parameters the hooks need; missing ones are a configuration error, not a silent default. */
  get run(): RunParameters {
    const { profile, runDir } = this.parameters;
    if (typeof profile !== 'string' || typeof runDir !== 'string') {
      throw new Error(`world parameters "profile" and "runDir" must be strings (cucumber.js sets both; got ${JSON.stringify(this.parameters)})`);
    }
    return { profile, runDir };
  }

  /**
   * Wait for the pending transaction (if any): remember its result as the last one, or its
   * refusal. The transaction over, the customer takes a chip card left in the reader back.
   */
  async finish(): Promise<void> {
    if (!this.pending) return;
    const p = this.pending;
    this.pending = undefined;
    this.cutShort = undefined;
    try {
      this.last = await p;
      this.refusal = undefined;
    } catch (e) {
      if (this.cutByPower(e)) {
        this.last = undefined;
        this.refusal = undefined;
        return;
      }
      if (!(e instanceof EcrError && REFUSALS.includes(e.code))) throw e;
      this.last = undefined;
      this.refusal = e;
    }
    await this.bench.removeCardIfPresent();
  }

  /** True (and remembered as `cutShort`) when `e` is the ECR link dying with the terminal's power. */
  cutByPower(e: unknown): boolean {
    if (!this.bench?.power.isOff || !(e instanceof Error)) return false;
    this.cutShort = e;
    return true;
  }

  /**
   * A step a person does on a real device (src/bench/operator.ts): ask the operator to
   * `action`, and once confirmed record `injection` (the fault the person caused). When
   * nobody can be asked: Cucumber's 'skipped', with the reason.
   */
  async byOperator(action: string, injection?: { cause: InjectedCause; areas: Area[]; what: string }): Promise<'skipped' | undefined> {
    const outcome = await this.bench.operator.ask(action);
    if (outcome.status === 'skipped') return this.skipped(outcome.reason);
    if (injection) this.bench.disturb(injection.cause, injection.areas, injection.what, () => undefined);
    return undefined;
  }

  /**
   * A step that reads what only the terminal's ECR tells (its journal, its status, its
   * maintenance reports): 'skipped', with the reason, on a terminal without ECR (dut.run
   * operator, src/bench/operator-driver.ts) — the wire and the paper do not show it, and the
   * driver does not invent it. Undefined where the terminal has ECR.
   */
  withoutEcr(what: string): 'skipped' | undefined {
    if (this.bench.driver.kind !== 'operator') return undefined;
    const reason = `${what} is read over the terminal's ECR, and profile ${this.bench.profile.name} drives a terminal without ECR (dut.run operator): the step does not apply`;
    this.bench.timeline.record({ source: 'bench', kind: 'bench.skipped', summary: reason, data: { needed: what } });
    return this.skipped(reason);
  }

  /** A step that cannot run on this bench: skipped, the reason in the report and on the console (the timeline has it already). */
  skipped(reason: string): 'skipped' {
    this.log(`skipped: ${reason}`);
    process.stderr.write(`posbench: step skipped: ${reason}\n`);
    return 'skipped';
  }

  /** Wait for the pending transaction (if any) and return its result; a refused transaction fails here. */
  async settle(): Promise<TxnResult> {
    await this.finish();
    if (this.cutShort) throw new Error(`the transaction was cut short by the power failure (${this.cutShort.message})`);
    if (this.refusal) throw new Error(`the terminal refused the transaction: ${this.refusal.code}: ${this.refusal.message}`);
    if (!this.last) throw new Error('no transaction was started in this scenario');
    return this.last;
  }
}

setWorldConstructor(PosbenchWorld);
