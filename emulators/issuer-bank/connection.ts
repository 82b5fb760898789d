/**
 * One terminal connection: length-prefixed framing over a Transport, the idle timeout and
 * the frame timeout (a frame must be complete within frameTimeoutMs of its first byte —
 * trickling bytes does not extend it). Bad input is reported to the owner, never thrown.
 */
import { FramingError, frameMessage, LengthPrefixedDecoder, type LengthHeaderKind } from '../../src/protocols/framing/length-prefix';
import type { Transport } from '../../src/transports/types';

export interface ConnectionLimits {
  lengthHeader: Exclude<LengthHeaderKind, 'none'>;
  maxFrameBytes: number;
  frameTimeoutMs: number;
  idleTimeoutMs: number;
}

export type BadInputKind = 'framing-error' | 'frame-too-long' | 'frame-timeout' | 'idle-timeout' | 'transport-error';

export interface ConnectionHandlers {
  frame(conn: IssuerConnection, body: Buffer, raw: Buffer): void;
  badInput(conn: IssuerConnection, kind: BadInputKind, detail: string, pending?: Buffer): void;
  closed(conn: IssuerConnection): void;
}

const noop = () => undefined;

export class IssuerConnection {
  private readonly decoder: LengthPrefixedDecoder;
  private idleTimer?: NodeJS.Timeout;
  private frameTimer?: NodeJS.Timeout;
  private pendingChunks: Buffer[] = [];
  private closing = false;
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

  /** Frame and write one message body. Silently dropped once the connection is closing. */
  send(body: Buffer): void {
    this.sendRaw(frameMessage(this.limits.lengthHeader, body));
  }

  /** Write bytes as they are (a malformed answer, a duplicate). */
  sendRaw(bytes: Buffer): void {
    if (!this.isOpen) return;
    this.transport.write(bytes).catch(noop);
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

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.idleTimer?.refresh();
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
    for (const f of frames) {
      if (this.closing) return;
      this.framesIn++;
      this.handlers.frame(this, f.body, f.raw);
    }
    if (this.decoder.pending > 0 && !this.closing) {
      if (frames.length > 0) this.pendingChunks = [];
      this.pendingChunks.push(chunk.subarray(Math.max(0, chunk.length - this.decoder.pending)));
      if (!this.frameTimer && this.limits.frameTimeoutMs > 0) {
        const announced = this.decoder.announcedLength();
        this.frameTimer = setTimeout(() => {
          this.frameTimer = undefined;
          const got = this.decoder.pending;
          this.fail('frame-timeout', `frame incomplete after ${this.limits.frameTimeoutMs} ms: ${got} bytes received${announced === undefined ? '' : `, header announced ${announced}`}`);
        }, this.limits.frameTimeoutMs);
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
  }

  private onClosed(): void {
    this.closing = true;
    this.clearTimers();
    this.handlers.closed(this);
  }
}
