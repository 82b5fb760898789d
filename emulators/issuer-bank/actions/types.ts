/**
 * The contract between the issuer and one rule action (the network proxy's model: one
 * small object per action, its zod schema the single source of its attribute). A rule's
 * `action` is a plain object `{responseCode: '51', delayMs: 300, …}`; each key is one action.
 *
 * How the issuer carries out a turn (issuer-bank.ts): the processor decides the answer
 * (`responseCode` is read there); then every action present gets `onRequest` — it may end
 * the turn before anything is answered —, then, when there is an answer, `onAnswer` — it
 * may end the turn, change the answer or the plan of how it is sent.
 */
import type { ZodType } from 'zod';
import type { IsoMessage, Dialect } from '../../../src/protocols/iso8583';

/** How the answer is sent: what actions may change. */
export interface AnswerPlan {
  answer: IsoMessage;
  /** `answer` already packed; cleared when an action changes the answer. */
  packed?: Buffer;
  delayMs: number;
  /** Send a frame whose body cannot be unpacked. */
  malformed: boolean;
  /** Send the answer twice. */
  duplicate: boolean;
}

/** One request's turn, as an action sees it. */
export interface ActionTurn {
  readonly request: IsoMessage;
  readonly txn: string;
  readonly connectionId: number;
  readonly dialect: Dialect;
  /** The terminal's MAC key (for an answer whose MAC must not verify). */
  readonly macKey?: Buffer;
  /** Close the terminal's connection now. */
  closeConnection(): void;
  /** Record an evidence event about this turn. */
  note(kind: string, summary: string): void;
}

export interface RuleActionDefinition<V> {
  /** The key in a rule's `action`. */
  readonly key: string;
  /** Its value; the single source of its type. */
  readonly attribute: ZodType<V>;
  /** For evidence: "responseCode=51", "badMac". */
  describe(value: V): string;
  /** Before anything is answered; return 'stop' to end the turn. */
  onRequest?(value: V, turn: ActionTurn): 'stop' | void;
  /** With the answer in hand; return 'stop' to end the turn (nothing is sent). */
  onAnswer?(value: V, turn: ActionTurn, plan: AnswerPlan): 'stop' | void;
}

/** `key=value`, or the bare key for `true`. */
export function keyValue(key: string, value: unknown): string {
  return value === true ? key : `${key}=${String(value)}`;
}
