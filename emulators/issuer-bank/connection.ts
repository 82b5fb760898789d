/**
 * One terminal connection: length-prefixed framing over a Transport, the idle timeout and
 * the frame timeout (a frame must be complete within frameTimeoutMs of its first byte —
 * trickling bytes does not extend it). Bad input is reported to the owner, never thrown.
 *
 * Back-pressure, as a real host's TCP stack gives it: answers handed to the transport and
 * not yet flushed count as `queuedBytes` (≈ the socket's writableLength). Above
 * `writeHighWaterBytes` the connection stops reading (transport.pause(), and frames already
 * decoded wait) until the queue drains to half of it; a terminal that sends and never reads
 * then fills its own socket buffers, not the issuer's memory. A connection whose queue, or
 * whose input held while paused, still passes `maxQueuedBytes` is closed ("write-overrun").
 */
import { FramingError, frameMessage, LengthPrefixedDecoder, type LengthHeaderKind } from '../../src/protocols/framing/length-prefix';
import type { Transport } from '../../src/transports/types';

export interface ConnectionLimits {
  lengthHeader: Exclude<LengthHeaderKind, 'none'>;
  maxFrameBytes: number;
  frameTimeoutMs: number;
  idleTimeoutMs: number;
  /** Stop reading above this many queued answer bytes (default 64 KiB); read again at half. */
  writeHighWaterBytes?: number;
  /** Close the connection when queued answers or held input pass this (default 1 MiB). */
  maxQueuedBytes?: number;
}

export const FLOW_DEFAULTS = { writeHighWaterBytes: 64 * 1024, maxQueuedBytes: 1024 * 1024 };

/** 'paused' / 'resumed': reading stopped / restarted; 'write-overrun': closed for queueing too much. */
export type FlowEvent = 'paused' | 'resumed' | 'write-overrun';

export type BadInputKind = 'framing-error' | 'frame-too-long' | 'frame-timeout' | 'idle-timeout' | 'transport-error';

export interface ConnectionHandlers {
  frame(conn: IssuerConnection, body: Buffer, raw: Buffer): void;
  badInput(conn: IssuerConnection, kind: BadInputKind, detail: string, pending?: Buffer): void;
  closed(conn: IssuerConnection): void;
  /** Back-pressure events (for the evidence timeline). */
  flow?(conn: IssuerConnection, event: FlowEvent, detail: { queuedBytes: number; heldBytes: number }): void;
}


const noop = () => undefined;

export class IssuerConnection {
  private readonly decoder: LengthPrefixedDecoder;
  private idleTimer?: NodeJS.Timeout;
  private frameTimer?: NodeJS.Timeout;
  private pendingChunks: Buffer[] = [];
  private closing = false;
  private queued = 0;
  private paused = false;
  /** Input that arrived while paused (chunks not yet decoded, frames decoded but not handled). */
  private heldChunks: Buffer[] = [];
  private heldFrames: Array<{ body: Buffer; raw: Buffer }> = [];
  private heldBytes = 0;
  private readonly highWater: number;
  private readonly maxQueued: number;
  readonly openedAtMs = Date.now();
  /** Timers owned by this connection (delayed answers); cleared when it closes. */
  readonly timers = new Set<NodeJS.Timeout>();
  framesIn = 0;

  constructor(
    readonly id: number,
    readonly transport: Transport,
    private readonly limits: ConnectionLimits,
    private readonly handlers: ConnectionHandlers,
  ) {
    this.decoder = new LengthPrefixedDecoder(limits.lengthHeader, limits.maxFrameBytes);
    this.highWater = limits.writeHighWaterBytes ?? FLOW_DEFAULTS.writeHighWaterBytes;
    this.maxQueued = limits.maxQueuedBytes ?? FLOW_DEFAULTS.maxQueuedBytes;
    transport.on('data', (chunk) => this.onData(chunk));
    transport.on('error', noop);
    transport.once('close', () => this.onClosed());
    if (limits.idleTimeoutMs > 0) {
      this.idleTimer = setTimeout(() => this.fail('idle-timeout', `no bytes for ${limits.idleTimeoutMs} ms`), limits.idleTimeoutMs);
    }
  }

  get description(): string {
    return this.transport.description;
  }

  get isOpen(): boolean {
    return !this.closing && this.transport.isOpen;
  }

  /** Answer bytes handed to the transport and not yet flushed. */
  get queuedBytes(): number {
    return this.queued;
  }

  /** True while reading is stopped for back-pressure. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Frame and write one message body. Silently dropped once the connection is closing. */
  send(body: Buffer): void {
    this.sendRaw(frameMessage(this.limits.lengthHeader, body));
  }

  /** Write bytes as they are (a malformed answer, a duplicate). */
  sendRaw(bytes: Buffer): void {
    if (!this.isOpen) return;
    this.queued += bytes.length;
    this.transport
      .write(bytes)
      .catch(noop)
      .finally(() => {
        this.queued -= bytes.length;
        if (this.paused && this.queued <= this.highWater / 2) this.resume();
      });
    if (this.queued > this.maxQueued) this.overrun();
    else if (!this.paused && this.queued > this.highWater) this.pause();
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.clearTimers();
    this.transport.close().catch(noop);
  }

  /** Schedule fn after ms, owned by this connection. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private pause(): void {
    this.paused = true;
    this.transport.pause?.();
    this.handlers.flow?.(this, 'paused', { queuedBytes: this.queued, heldBytes: this.heldBytes });
  }

  private resume(): void {
    if (this.closing) return;
    this.paused = false;
    this.handlers.flow?.(this, 'resumed', { queuedBytes: this.queued, heldBytes: this.heldBytes });
    const frames = this.heldFrames;
    const chunks = this.heldChunks;
    this.heldFrames = [];
    this.heldChunks = [];
    this.heldBytes = 0;
    this.handleFrames(frames);
    for (const c of chunks) this.onData(c);
    if (!this.paused) this.transport.resume?.();
  }

  private overrun(): void {
    if (this.closing) return;
    this.handlers.flow?.(this, 'write-overrun', { queuedBytes: this.queued, heldBytes: this.heldBytes });
    this.close();
  }

  /** Hand frames to the owner, keeping the rest once paused. */
  private handleFrames(frames: Array<{ body: Buffer; raw: Buffer }>): void {
    for (let i = 0; i < frames.length; i++) {
      if (this.closing) return;
      if (this.paused) {
        const rest = frames.slice(i);
        this.heldFrames.push(...rest);
        this.hold(rest.reduce((n, f) => n + f.raw.length, 0));
        return;
      }
      const f = frames[i]!;
      this.framesIn++;
      this.handlers.frame(this, f.body, f.raw);
    }
  }

  private hold(bytes: number): void {
    this.heldBytes += bytes;
    if (this.heldBytes > this.maxQueued) this.overrun();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.idleTimer?.refresh();
    if (this.paused) {
      // A transport that cannot pause keeps delivering: hold the input, bounded.
      this.heldChunks.push(chunk);
      this.hold(chunk.length);
      return;
    }
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      const tooLong = err instanceof FramingError && /exceeds the limit/.test(err.message);
      this.pendingChunks.push(chunk);
      this.fail(tooLong ? 'frame-too-long' : 'framing-error', err instanceof Error ? err.message : String(err));
      return;
    }
    if (frames.length > 0) {
      this.pendingChunks = [];
      if (this.frameTimer) {
        clearTimeout(this.frameTimer);
        this.frameTimer = undefined;
      }
    }
    this.handleFrames(frames);
    if (this.decoder.pending > 0 && !this.closing) {
      if (frames.length > 0) this.pendingChunks = [];
      this.pendingChunks.push(chunk.subarray(Math.max(0, chunk.length - this.decoder.pending)));
      if (!this.frameTimer && this.limits.frameTimeoutMs > 0) {
        const announced = this.decoder.announcedLength();
        const onFrameTimeout = (): void => {
          // Not the terminal's fault while the issuer itself stopped reading: wait again.
          if (this.paused) {
            this.frameTimer = setTimeout(onFrameTimeout, this.limits.frameTimeoutMs);
            return;
          }
          this.frameTimer = undefined;
          const got = this.decoder.pending;
          this.fail('frame-timeout', `frame incomplete after ${this.limits.frameTimeoutMs} ms: ${got} bytes received${announced === undefined ? '' : `, header announced ${announced}`}`);
        };
        this.frameTimer = setTimeout(onFrameTimeout, this.limits.frameTimeoutMs);
      }
    }
  }

  private fail(kind: BadInputKind, detail: string): void {
    if (this.closing) return;
    const pending = this.pendingChunks.length ? Buffer.concat(this.pendingChunks).subarray(0, 256) : undefined;
    this.handlers.badInput(this, kind, detail, pending);
    this.close();
  }

  private clearTimers(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.idleTimer = undefined;
    this.frameTimer = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.heldChunks = [];
    this.heldFrames = [];
    this.heldBytes = 0;
  }

  private onClosed(): void {
    this.closing = true;
    this.clearTimers();
    this.handlers.closed(this);
  }
}
