/**
 * Precise, interruptible waits. setTimeout alone fires up to ~1–2 ms late (and sometimes
 * early against performance.now()); a latency fault must be accurate to well under 2 ms.
 * So a wait sleeps with setTimeout until SPIN_MS (2.5 ms) before its deadline, then polls with
 * setImmediate (the event loop keeps serving I/O meanwhile) until the deadline passes.
 */
import { performance } from 'node:perf_hooks';

const SPIN_MS = 2.5;

export function nowMs(): number {
  return performance.now();
}

/** A pending wait: `interrupt()` resolves it at once (data in flight is then forwarded). */
export interface PendingWait {
  readonly promise: Promise<void>;
  interrupt(): void;
}

/** Wait until `deadline` (performance.now() milliseconds). */
export function waitUntil(deadline: number): PendingWait {
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let done = false;
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  const finish = (): void => {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    resolve();
  };
  const tick = (): void => {
    timer = undefined;
    immediate = undefined;
    const left = deadline - performance.now();
    if (left <= 0) return finish();
    if (left > SPIN_MS) timer = setTimeout(tick, left - SPIN_MS);
    else immediate = setImmediate(tick);
  };
  tick();
  return { promise, interrupt: finish };
}

/** A one-shot timer that can be cancelled; fires `fn` at `deadline` (precise, as above). */
export function timerAt(deadline: number, fn: () => void): () => void {
  let cancelled = false;
  const w = waitUntil(deadline);
  void w.promise.then(() => {
    if (!cancelled) fn();
  });
  return () => {
    cancelled = true;
    w.interrupt();
  };
}
