/**
 * Timers for paced printing. The emulator never calls setTimeout directly: it asks a
 * Scheduler, so tests pass a ManualScheduler (also a Clock) and advance time by hand
 * instead of sleeping.
 */
import type { Clock } from '../../src/util/clock';

export interface Scheduler {
  setTimeout(fn: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Pending {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock + scheduler that only moves when advance() is called (for tests). */
export class ManualScheduler implements Scheduler, Clock {
  private nowMs: number;
  private seq = 0;
  private timers: Pending[] = [];

  constructor(startMs: number = Date.UTC(2026, 10, 26, 12, 0, 0)) {
    this.nowMs = startMs;
  }
  now(): number {
    return this.nowMs;
  }
  date(): Date {
    return new Date(this.nowMs);
  }
  setTimeout(fn: () => void, delayMs: number): unknown {
    const p = { id: ++this.seq, at: this.nowMs + Math.max(0, delayMs), fn };
    this.timers.push(p);
    return p.id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.length;
  }
  /** Move time forward, running every timer that falls due, in time order. */
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const t of this.timers) if (t.at <= until && (!next || t.at < next.at || (t.at === next.at && t.id < next.id))) next = t;
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = Math.max(this.nowMs, next.at);
      next.fn();
    }
    this.nowMs = until;
  }
}
