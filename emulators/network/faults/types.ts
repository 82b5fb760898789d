/**
 * The contract between the proxy and one fault type. A fault is a small unit: the proxy
 * gives it each chunk (stream faults) or each whole message (message faults) of a
 * connection, with a per-connection context, and a `next` that hands the data on.
 * Optional capabilities: `attach` (start timers when the fault meets a connection),
 * `beforeEnd` (act on a half-close), `activate`/`deactivate` (proxy-wide faults).
 *
 * Rules for fault authors (Toxiproxy's): every wait goes through `ctx.waitUntil` /
 * `ctx.waitFor` so it can be interrupted; when interrupted (fault removed, proxy stopped)
 * the data in flight is handed on, not dropped.
 */
import type { ZodType } from 'zod';
import type { SeededRandom } from '../../../src/util/random';
import type { MessageMeta } from '../message';
import type { FaultSpec, FaultType, FiredFault, MessageRef, Stream } from '../types';

/** One unit of data moving through a direction of a connection. */
export interface Item {
  data: Buffer;
  /** performance.now() when the proxy received it (for a reassembled message: its last byte). */
  arrivedAt: number;
  /** Set when the item is exactly one whole framed message. */
  message?: MessageMeta;
  /** Run once the item's bytes have been handed to the destination socket. */
  afterWrite?: Array<() => void>;
}

export type Next = (item: Item) => Promise<void>;

/** What a fault may do to the connection it is acting on. */
export interface LinkControl {
  readonly id: number;
  /** RST to both peers. */
  reset(): void;
  /** Graceful close (FIN after pending data) of both sides. */
  close(): void;
  /** RST to the terminal, FIN (after the forwarded data) to the issuer. */
  resetTerminalCloseIssuer(): void;
  /** Can data still be delivered in this direction? */
  writable(direction: Stream): boolean;
  /** Has the terminal (upstream source) closed its sending side (FIN received)? */
  terminalEnded(): boolean;
}

export interface FireInput {
  action: string;
  stream?: Stream;
  message?: MessageRef;
  detail?: Record<string, unknown>;
}

/** The state of one fault on one connection. */
export interface FaultLinkContext {
  readonly link: LinkControl;
  /** Seeded per (fault name, connection number): reproducible whatever the order of events. */
  readonly random: SeededRandom;
  /** Free-form per-connection state of the fault. */
  readonly state: Record<string, unknown>;
  /** Interruptible wait until performance.now() reaches `deadline`. */
  waitUntil(deadline: number): Promise<void>;
  waitFor(ms: number): Promise<void>;
  /** A timer cancelled when the fault is removed or the connection closes. */
  timerAt(deadline: number, fn: () => void): void;
  /** Record that the fault fired (evidence 'fault.fired' + firedFaults()). */
  fire(input: FireInput): FiredFault;
  /** Record another event about the fault (e.g. 'fault.released'). */
  note(kind: string, summary: string, data?: Record<string, unknown>): void;
}

/** What the proxy offers to proxy-wide faults (down). */
export interface ProxyControl {
  setDown(faultName: string, down: boolean): void;
}

export type FaultLevel = 'stream' | 'message' | 'proxy';

export interface Fault {
  readonly spec: FaultSpec;
  readonly level: FaultLevel;
  /** Set by the proxy when the fault is removed. */
  removed: boolean;
  /** False once removed, or once a counted message fault has fired `count` times. */
  isActive(): boolean;
  /** Stream faults: each chunk of `spec.stream`. Message faults: each whole message of either direction. */
  process?(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> | void;
  attach?(ctx: FaultLinkContext): void;
  beforeEnd?(ctx: FaultLinkContext): Promise<void>;
  activate?(proxy: ProxyControl): void;
  deactivate?(proxy: ProxyControl): void;
}

export interface FaultEnv {
  /** The terminal's host timeout from the proxy options (for hold_response). */
  hostTimeoutMs?: number;
}

export interface FaultDefinition {
  readonly type: FaultType;
  readonly level: FaultLevel;
  readonly defaultStream: Stream;
  /** Message faults that only make sense in one direction. */
  readonly fixedStream?: Stream;
  /** Validates `attributes` (unknown keys are errors). */
  readonly attributes: ZodType;
  create(spec: FaultSpec, env: FaultEnv): Fault;
}

/** Common bookkeeping: removal, and a `count` of firings for one-shot message faults (0 = unlimited). */
export abstract class BaseFault implements Fault {
  removed = false;
  fires = 0;
  abstract readonly level: FaultLevel;
  constructor(
    readonly spec: FaultSpec,
    protected readonly limit: number = 0,
  ) {}

  isActive(): boolean {
    return !this.removed && (this.limit === 0 || this.fires < this.limit);
  }

  /** Take one firing; false when the fault is spent or removed. */
  protected consume(): boolean {
    if (!this.isActive()) return false;
    this.fires++;
    return true;
  }

  /** Record a fault's first action on a connection once (stream faults act on every chunk). */
  protected fireOnce(ctx: FaultLinkContext, item: Item | undefined, action: string, detail?: Record<string, unknown>): void {
    if (ctx.state.firedOnce) return;
    ctx.state.firedOnce = true;
    ctx.fire({ action, ...(item?.message ? { message: item.message.ref } : {}), ...(detail ? { detail } : {}) });
  }
}
