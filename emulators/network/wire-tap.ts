/**
 * The proxy's wire tap: whole ISO 8583 frames as the host saw them — requests as they were
 * delivered to the host (after the faults of the upstream stream) and answers as the host
 * sent them (before the faults of the downstream stream). A tapped real host's record is
 * built from these (src/bench/wire-ledger.ts, docs/desyncs.md "A tapped host").
 */
import { FramingError, headerSize } from '../../src/protocols/framing/length-prefix';
import type { LengthHeaderKind } from '../../src/protocols/framing/length-prefix';
import { FrameSplitter, type Segment } from './framing';
import type { Stream } from './types';

/** One frame on the host's side of the proxy. */
export interface TappedFrame {
  /** Proxy connection number (from 1). */
  connection: number;
  /** upstream: delivered to the host; downstream: sent by the host. */
  direction: Stream;
  /** The body, without the length header. */
  body: Buffer;
  atMs: number;
}

export type FrameTap = (frame: TappedFrame) => void;

/** Reassembles one direction of one connection into frames for the tap; stops at a framing error. */
export class FrameCollector {
  private readonly splitter: FrameSplitter | undefined;
  private readonly headerBytes: number;
  private parts: Buffer[] = [];
  private broken = false;

  constructor(
    kind: LengthHeaderKind,
    private readonly connection: number,
    private readonly direction: Stream,
    private readonly tap: FrameTap,
    private readonly onBroken: (reason: string) => void,
  ) {
    this.splitter = kind === 'none' ? undefined : new FrameSplitter(kind);
    this.headerBytes = kind === 'none' ? 0 : headerSize(kind);
  }

  push(chunk: Buffer): void {
    if (!this.splitter || this.broken) return;
    const segs: Segment[] = [];
    try {
      this.splitter.process(chunk, segs);
    } catch (err) {
      this.broken = true;
      this.onBroken(err instanceof FramingError ? err.message : String(err));
      return;
    }
    for (const seg of segs) {
      if (seg.start) this.parts = [];
      this.parts.push(seg.data);
      if (!seg.end) continue;
      const raw = Buffer.concat(this.parts);
      this.parts = [];
      this.tap({ connection: this.connection, direction: this.direction, body: raw.subarray(this.headerBytes), atMs: Date.now() });
    }
  }
}
