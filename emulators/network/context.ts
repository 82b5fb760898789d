/** The state of one fault on one connection: seeded randomness, interruptible waits and timers. */
import type { SeededRandom } from '../../src/util/random';
import type { Fault, FaultLinkContext, FireInput, LinkControl } from './faults/types';
import { nowMs, timerAt, waitUntil } from './timers';
import type { PendingWait } from './timers';
import type { FiredFault } from './types';

export interface ContextHost {
  recordFire(fault: Fault, connection: number, input: FireInput): FiredFault;
  recordNote(kind: string, summary: string, data?: Record<string, unknown>): void;
}

export class LinkFaultContext implements FaultLinkContext {
  readonly state: Record<string, unknown> = {};
  private readonly waits = new Set<PendingWait>();
  private readonly timers = new Set<() => void>();
  private detached = false;

  constructor(
    readonly fault: Fault,
    readonly link: LinkControl,
    readonly random: SeededRandom,
    /** Whether the fault applies to this connection (drawn once from `random` against the toxicity). */
    readonly toxic: boolean,
    private readonly host: ContextHost,
  ) {}

  get isDetached(): boolean {
    return this.detached;
  }

  waitUntil(deadline: number): Promise<void> {
    if (this.detached || deadline <= nowMs()) return Promise.resolve();
    const w = waitUntil(deadline);
    this.waits.add(w);
    return w.promise.then(() => {
      this.waits.delete(w);
    });
  }

  waitFor(ms: number): Promise<void> {
    return this.waitUntil(nowMs() + ms);
  }

  timerAt(deadline: number, fn: () => void): void {
    if (this.detached) return;
    const cancel = timerAt(deadline, () => {
      this.timers.delete(cancel);
      if (!this.detached) fn();
    });
    this.timers.add(cancel);
  }

  fire(input: FireInput): FiredFault {
    return this.host.recordFire(this.fault, this.link.id, input);
  }

  note(kind: string, summary: string, data?: Record<string, unknown>): void {
    this.host.recordNote(kind, summary, data);
  }

  /** The fault was removed or the connection closed: release every wait (data in flight moves on), cancel timers. */
  detach(): void {
    if (this.detached) return;
    this.detached = true;
    for (const cancel of [...this.timers]) cancel();
    this.timers.clear();
    for (const w of [...this.waits]) w.interrupt();
    this.waits.clear();
  }
}
