/**
 * Injections: every disturbance on a bench, with its cause, as the oracle reads them. Two
 * routes lead here, and both end as timeline records:
 *
 * - a step (or any bench user) calls `bench.disturb(cause, areas, what, fn)`: an `inject`
 *   event {cause, affects, what} is recorded, then fn adds the fault; emulator fault events
 *   fn causes are listed in one `inject.covers` event, so they are not counted twice;
 * - a fault reaches an emulator some other way (its control API, a test calling the model):
 *   the emulator's own fault event is the injection. Its cause is the one the event carries
 *   in `data.cause` when given, else derived from the fault type (table below). So a fault a
 *   person adds by hand during a scenario is never blamed on the firmware.
 */
import type { EvidenceEvent } from '../evidence/types';
import type { EvidenceTimeline } from '../evidence/timeline';
import { CAUSES, type Area, type Injection } from './oracle';

export type InjectedCause = Injection['cause'];

/** The `inject` record a disturbance leaves. */
export interface InjectData {
  cause: InjectedCause;
  affects: Area[];
  /** A terminal setting set wrong: its wire name. */
  setting?: string;
}

/** The emulator fault events that are disturbances, and their cause when the event names none. */
function derived(e: EvidenceEvent): InjectData | undefined {
  const d = (e.data ?? {}) as Record<string, unknown>;
  if (e.source === 'network' && e.kind === 'fault.added') return { cause: 'network-failure', affects: ['host'] };
  if (e.source === 'printer' && e.kind === 'fault.set') return { cause: d.kind === 'baud-mismatch' ? 'misconfiguration' : 'printer-failure', affects: ['paper'] };
  if (e.source === 'issuer' && e.kind === 'rule.added') {
    const a = (d.action ?? {}) as Record<string, unknown>;
    // A decline (a response code alone) is an answer, not a disturbance.
    if (a.badMac) return { cause: 'misconfiguration', affects: ['host'] };
    if (a.delayMs !== undefined || a.noResponse || a.closeConnection || a.duplicate || a.malformed) return { cause: 'bank-delay', affects: ['host'] };
  }
  return undefined;
}

function givenCause(e: EvidenceEvent): InjectedCause | undefined {
  const c = (e.data as { cause?: unknown } | undefined)?.cause;
  return typeof c === 'string' && c !== 'firmware-defect' && (CAUSES as readonly string[]).includes(c) ? (c as InjectedCause) : undefined;
}

/** Whether an event is an emulator fault that counts as an injection when no disturbance covers it. */
export function isFaultEvent(e: EvidenceEvent): boolean {
  return derived(e) !== undefined;
}

/** Every injection on a timeline, in order: disturbances, and emulator faults no disturbance covers. */
export function injectionsFrom(events: readonly EvidenceEvent[]): Injection[] {
  const covered = new Set<number>();
  for (const e of events) {
    if (e.kind === 'inject.covers') for (const seq of (e.data as { faults?: number[] } | undefined)?.faults ?? []) covered.add(seq);
  }
  const out: Injection[] = [];
  for (const e of events) {
    if (e.kind === 'inject' && e.data && typeof e.data === 'object') {
      const d = e.data as InjectData;
      out.push({ atMs: e.atMs, cause: d.cause, affects: d.affects, what: e.summary, ...(typeof d.setting === 'string' ? { setting: d.setting } : {}) });
      continue;
    }
    if (covered.has(e.seq)) continue;
    const d = derived(e);
    if (d) out.push({ atMs: e.atMs, cause: givenCause(e) ?? d.cause, affects: d.affects, what: `${e.source}: ${e.summary}` });
  }
  return out;
}

/** Terminal settings whose wrong value is a misconfiguration, and what they disturb. */
export const MISCONFIG_AREAS: Readonly<Record<string, Area[]>> = {
  print_receipts: ['paper'],
  receipt_copies: ['paper'],
  printer_port: ['paper'],
  printer_baud: ['paper'],
  paper_columns: ['paper'],
  printer_encoding: ['paper'],
  host_address: ['host'],
  host_timeout_ms: ['host'],
  connect_timeout_ms: ['host'],
  terminal_id: ['host'],
  merchant_id: ['host'],
  nii: ['host'],
  terminal_clock: ['host', 'paper'],
};

/**
 * Record the injection {cause, affects, what} on the timeline, then run fn (which adds the
 * fault) and return what it returns. The emulator fault events recorded while fn runs
 * (until its promise settles, when it returns one) belong to this injection: one
 * `inject.covers` event lists them, so injectionsFrom does not count them again.
 */
export function disturb<T>(timeline: EvidenceTimeline, data: InjectData, what: string, fn: () => T): T {
  timeline.record({ source: 'step', kind: 'inject', summary: what, data });
  const injection = timeline.lastSeq;
  const faults: number[] = [];
  const off = timeline.onEvent((e) => {
    if (isFaultEvent(e)) faults.push(e.seq);
  });
  const done = () => {
    off();
    if (faults.length) timeline.record({ source: 'bench', kind: 'inject.covers', summary: `injection #${injection} (${what}) added emulator fault #${faults.join(', #')}`, data: { injection, faults } });
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    done();
    throw e;
  }
  if (result instanceof Promise) return result.finally(done) as T;
  done();
  return result;
}
