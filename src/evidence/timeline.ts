import { maskDeep, maskPansInText } from '../util/mask';
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';
import type { EvidenceEvent, EvidenceInput, EvidenceSink } from './types';

function toJsonable(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('hex').toUpperCase();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex').toUpperCase();
  if (Array.isArray(value)) return value.map(toJsonable);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toJsonable(v)]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJsonable(v);
    return out;
  }
  return value;
}

export interface TimelineOptions {
  /**
   * Keep at most this many of the newest events in memory (a soak or a long explore run),
   * plus every event `pin` keeps; unlimited when not set. Listeners still see every event,
   * and `seq` keeps counting every event recorded.
   */
  retain?: number;
  /** Events kept whatever `retain` says (the injections the oracle needs). */
  pin?: (e: EvidenceEvent) => boolean;
}

/**
 * An in-memory, append-only evidence timeline. Every event is masked on the way in, so
 * nothing stored here can leak a PAN into a report. Listeners (the live report, the
 * evidence file writer) see each event as it is recorded.
 */
export class EvidenceTimeline implements EvidenceSink {
  private events: EvidenceEvent[] = [];
  private readonly listeners = new Set<(e: EvidenceEvent) => void>();
  private readonly startMs: number;
  private seq = 0;
  /** Pinned events among `events`, counted so compaction knows when it is due. */
  private pinned = 0;
  /** Events recorded but no longer held (see TimelineOptions.retain). */
  dropped = 0;

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly opts: TimelineOptions = {},
  ) {
    this.startMs = clock.now();
  }

  /** The clock's time when the timeline started (epoch ms). */
  get startedAtMs(): number {
    return this.startMs;
  }

  /** The sequence number of the last event recorded (0 before the first). */
  get lastSeq(): number {
    return this.seq;
  }

  record(input: EvidenceInput): void {
    const now = this.clock.now();
    const event: EvidenceEvent = {
      seq: ++this.seq,
      atMs: now - this.startMs,
      at: new Date(now).toISOString(),
      source: input.source,
      kind: input.kind,
      summary: maskPansInText(input.summary),
      ...(input.data === undefined ? {} : { data: maskDeep(toJsonable(input.data)) }),
    };
    this.events.push(event);
    if (this.opts.retain !== undefined) this.retainNewest(event, this.opts.retain);
    for (const l of this.listeners) l(event);
  }

  /** Drop the oldest unpinned events once there are half as many again as `retain` (amortised O(1) per event). */
  private retainNewest(event: EvidenceEvent, retain: number): void {
    const pin = this.opts.pin;
    if (pin?.(event)) this.pinned++;
    if (this.events.length - this.pinned <= retain + (retain >> 1)) return;
    const firstKept = this.events.length - retain;
    const kept = this.events.filter((e, i) => i >= firstKept || pin?.(e));
    this.dropped += this.events.length - kept.length;
    this.events = kept;
    this.pinned = pin ? kept.filter(pin).length : 0;
  }

  onEvent(listener: (e: EvidenceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  all(): readonly EvidenceEvent[] {
    return this.events;
  }

  filter(pred: (e: EvidenceEvent) => boolean): EvidenceEvent[] {
    return this.events.filter(pred);
  }

  /** A plain-text rendering, one event per line, for reports. */
  toText(): string {
    return this.events
      .map((e) => `${String(e.atMs).padStart(7)} ms  ${e.source.padEnd(8)} ${e.kind.padEnd(22)} ${e.summary}`)
      .join('\n');
  }

  toJSON(): EvidenceEvent[] {
    return this.events;
  }
}
