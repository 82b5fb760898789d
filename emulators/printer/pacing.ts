/**
 * Paced printing (the `slow` fault): bytes arrive at the link's baud rate and each printed
 * item takes its paper length at `mmPerSec`. Print items run in order, each after the one
 * before it has printed; real-time requests (DLE EOT, DLE ENQ) run as soon as their bytes
 * have arrived, ahead of print data. Without pacing everything runs at once.
 * All time comes from `clock` and all timers from `scheduler`; `flush()` leaves none.
 */
import type { Clock } from '../../src/util/clock';
import type { Scheduler } from './scheduler';

interface Action {
  due: number;
  fn: () => void;
}

export class PrintPacer {
  /** Printing speed while paced, or null (not paced). */
  mmPerSec: number | null = null;
  private queue: Action[] = [];
  private queueTimer: unknown = null;
  private readonly realtimeTimers = new Map<unknown, () => void>();
  private linkBusyUntil = 0;
  private printBusyUntil = 0;
  private chunkStart = 0;
  private chunkBase = 0;

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    /** Milliseconds one byte takes on the link (start + data + parity + stop bits at the sender's baud rate). */
    private readonly byteMs: () => number,
  ) {}

  /** Pace from now on at `mmPerSec`. */
  start(mmPerSec: number): void {
    this.mmPerSec = mmPerSec;
    this.linkBusyUntil = this.printBusyUntil = this.clock.now();
  }

  /** Stop pacing: whatever was waiting runs at once. */
  stop(): void {
    this.mmPerSec = null;
    this.flush();
  }

  /** A chunk of `length` bytes arrived; `streamOffset` is the stream offset of its first byte. */
  chunk(length: number, streamOffset: number): void {
    if (this.mmPerSec === null) return;
    this.chunkStart = Math.max(this.clock.now(), this.linkBusyUntil);
    this.chunkBase = streamOffset;
    this.linkBusyUntil = this.chunkStart + length * this.byteMs();
  }

  /** Clock time at which the byte before stream offset `end` has arrived over the link. */
  arrival(end: number): number {
    if (this.mmPerSec === null) return this.clock.now();
    return Math.max(this.clock.now(), this.chunkStart + (end - this.chunkBase) * this.byteMs());
  }

  /** How long `mm` of paper takes to print (0 when not paced). */
  mmToMs(mm: number): number {
    return this.mmPerSec === null ? 0 : (mm / this.mmPerSec) * 1000;
  }

  /** Run `fn` in print order: after everything before it has printed, `durationMs` after it starts. */
  ordered(at: number, durationMs: number, fn: () => void): void {
    if (this.mmPerSec === null && this.queue.length === 0) {
      fn();
      return;
    }
    const due = Math.max(at, this.printBusyUntil) + durationMs;
    this.printBusyUntil = due;
    this.queue.push({ due, fn });
    this.armQueue();
  }

  /** Real-time commands are answered as soon as their bytes have arrived, ahead of print data. */
  realtime(at: number, fn: () => void): void {
    const delay = at - this.clock.now();
    if (delay <= 0) {
      fn();
      return;
    }
    const h = this.scheduler.setTimeout(() => {
      this.realtimeTimers.delete(h);
      fn();
    }, delay);
    this.realtimeTimers.set(h, fn);
  }

  /** Cancel timers and run whatever was waiting, in order. */
  flush(): void {
    if (this.queueTimer !== null) this.scheduler.clearTimeout(this.queueTimer);
    this.queueTimer = null;
    const rt = [...this.realtimeTimers.entries()];
    this.realtimeTimers.clear();
    for (const [h, fn] of rt) {
      this.scheduler.clearTimeout(h);
      fn();
    }
    const q = this.queue;
    this.queue = [];
    for (const a of q) a.fn();
  }

  private armQueue(): void {
    if (this.queueTimer !== null || this.queue.length === 0) return;
    const delay = this.queue[0].due - this.clock.now();
    this.queueTimer = this.scheduler.setTimeout(() => {
      this.queueTimer = null;
      this.runDue();
    }, Math.max(0, delay));
  }

  private runDue(): void {
    const now = this.clock.now();
    while (this.queue.length > 0 && this.queue[0].due <= now + 0.5) this.queue.shift()!.fn();
    this.armQueue();
  }
}
