/**
 * The evidence timeline: everything observed during one scenario, in order. Every
 * emulator, the terminal driver and the bench write to an EvidenceSink; the report and
 * the oracle read the recorded events. Protocol code never records evidence itself.
 */

export type EvidenceSource =
  | 'bench'
  | 'step'
  | 'terminal'
  | 'issuer'
  | 'network'
  | 'printer'
  | 'reader'
  | 'ecr'
  | 'oracle';

export interface EvidenceInput {
  source: EvidenceSource;
  /** Short machine name, e.g. "iso8583.in", "fault.fired", "receipt.completed", "status.query". */
  kind: string;
  /** One human line. Must never contain a full PAN (mask with maskPan). */
  summary: string;
  /** Structured detail (JSON-serialisable; Buffers are recorded as hex). */
  data?: unknown;
}

export interface EvidenceEvent extends EvidenceInput {
  /** Sequence number within the timeline, from 1. */
  seq: number;
  /** Milliseconds since the timeline started. */
  atMs: number;
  /** ISO timestamp. */
  at: string;
}

export interface EvidenceSink {
  record(event: EvidenceInput): void;
}

/** A sink that drops everything (for emulators used outside a bench). */
export const nullEvidence: EvidenceSink = { record: () => undefined };
