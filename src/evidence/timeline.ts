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

/**
 * An in-memory, append-only evidence timeline. Every event is masked on the way in, so
 * nothing stored here can leak a PAN into a report. Listeners (the live report, the
 * evidence file writer) see each event as it is recorded.
 */
export class EvidenceTimeline implements EvidenceSink {
  private readonly events: EvidenceEvent[] = [];
  private readonly listeners = new Set<(e: EvidenceEvent) => void>();
  private readonly startMs: number;

  constructor(private readonly clock: Clock = systemClock) {
    this.startMs = clock.now();
  }

  /** The clock's time when the timeline started (epoch ms). */
  get startedAtMs(): number {
    return this.startMs;
  }

  record(input: EvidenceInput): void {
    const now = this.clock.now();
    const event: EvidenceEvent = {
      seq: this.events.length + 1,
      atMs: now - this.startMs,
      at: new Date(now).toISOString(),
      source: input.source,
      kind: input.kind,
      summary: maskPansInText(input.summary),
      ...(input.data === undefined ? {} : { data: maskDeep(toJsonable(input.data)) }),
    };
    this.events.push(event);
    for (const l of this.listeners) l(event);
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
