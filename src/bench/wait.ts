/** Waiting on the evidence timeline instead of sleeping: a condition re-checked on every event. */
import type { EvidenceTimeline } from '../evidence/timeline';

/**
 * Resolve when pred() holds, re-checked on every timeline event; false after timeoutMs.
 * When `until` settles first the wait ends there with pred()'s value (and leaves no timer).
 */
export function waitOnTimeline(timeline: EvidenceTimeline, pred: () => boolean, timeoutMs: number, until?: Promise<unknown>): Promise<boolean> {
  if (pred()) return Promise.resolve(true);
  return new Promise((resolve) => {
    let finished = false;
    const off = timeline.onEvent(() => {
      if (pred()) done(true);
    });
    const timer = setTimeout(() => done(pred()), timeoutMs);
    const done = (v: boolean) => {
      if (finished) return;
      finished = true;
      off();
      clearTimeout(timer);
      resolve(v);
    };
    until?.then(
      () => done(pred()),
      () => done(pred()),
    );
  });
}
