/**
 * One proxied connection (terminal socket ↔ issuer socket) and its two directions.
 *
 * Each direction forwards chunks straight from one socket to the other while no fault acts
 * on it (the fast path: no copy, no timer, no promise). As soon as a fault applies, data
 * goes through a queue and the fault chain: message faults first (they get whole framed
 * messages), then the stream faults of that direction, in the order they were added. A
 * frame splitter follows message boundaries all the time, so a message fault added in the
 * middle of a message starts with the next one.
 */
import type { Socket } from 'node:net';
import type { Dialect } from '../../src/protocols/iso8583/types';
import { FramingError, headerSize } from '../../src/protocols/framing/length-prefix';
import type { LengthHeaderKind } from '../../src/protocols/framing/length-prefix';
import type { LinkFaultContext } from './context';
import type { Fault, Item, LinkControl } from './faults/types';
import { FrameSplitter } from './framing';
import type { Segment } from './framing';
import { MessageMeta } from './message';
import { nowMs } from './timers';
import type { Stream } from './types';
import { FrameCollector, type FrameTap } from './wire-tap';

/** What a link needs from its proxy. */
export interface LinkHost {
  readonly lengthHeader: LengthHeaderKind;
  readonly dialect: Dialect | undefined;
  /** Changes whenever a fault is added or removed. */
  readonly faultsVersion: number;
  activeFaults(): readonly Fault[];
  recordNote(kind: string, summary: string, data?: Record<string, unknown>): void;
  linkFinished(link: Link): void;
  /** The wire tap (wire-tap.ts), when one is set: frames as the host saw them. */
  readonly tap?: FrameTap | undefined;
}

const END = Symbol('end');
type Entry = Item | typeof END;
const RESOLVED = Promise.resolve();

class Pipe {
  private readonly queue: Entry[] = [];
  private busy = false;
  private readonly splitter: FrameSplitter | undefined;
  private unframed = false;
  /** Segments of a message being reassembled (message mode only). */
  private parts: Buffer[] = [];
  private chainVersion = -1;
  private chain: Fault[] = [];
  /** The host's side of this direction for the wire tap: what reaches the host (upstream, on write) or leaves it (downstream, on read). */
  private readonly tapped: FrameCollector | undefined;

  constructor(
    private readonly link: Link,
    readonly direction: Stream,
    private readonly source: Socket,
    private readonly dest: Socket,
  ) {
    const kind = link.host.lengthHeader;
    this.splitter = kind === 'none' ? undefined : new FrameSplitter(kind);
    const tap = link.host.tap;
    if (tap) {
      this.tapped = new FrameCollector(kind, link.id, direction, tap, (reason) =>
        link.host.recordNote('tap.error', `connection #${link.id} ${direction}: ${reason}; the wire tap reads no more messages on it`, { connection: link.id, direction }),
      );
    }
  }

  /** The faults acting on this direction of this connection (cached until the fault set changes). */
  currentChain(): Fault[] {
    const version = this.link.host.faultsVersion;
    if (version !== this.chainVersion || this.chain.some((f) => !f.isActive())) {
      this.chainVersion = version;
      this.chain = this.link.chainFor(this.direction);
    }
    return this.chain;
  }

  onData(chunk: Buffer): void {
    if (this.tapped && this.direction === 'downstream') this.tapped.push(chunk);
    const chain = this.currentChain();
    if (chain.length === 0 && !this.busy && this.queue.length === 0 && this.parts.length === 0) {
      if (this.splitter && !this.unframed) {
        try {
          this.splitter.process(chunk);
        } catch (err) {
          this.framingFailed(err);
        }
      }
      this.writeFast(chunk);
      return;
    }
    const messageMode = chain.some((f) => f.level === 'message');
    this.enqueue(chunk, nowMs(), messageMode);
    if (!this.busy) void this.pump();
  }

  onEnd(): void {
    if (this.currentChain().length === 0 && !this.busy && this.queue.length === 0 && this.parts.length === 0) {
      this.endDest();
      return;
    }
    this.queue.push(END);
    if (!this.busy) void this.pump();
  }

  /** After a fault was removed: hand on a half-reassembled message if no message fault wants it any more. */
  release(): void {
    if (this.parts.length === 0 || this.currentChain().some((f) => f.level === 'message')) return;
    this.flushParts(nowMs());
    if (!this.busy) void this.pump();
  }

  private enqueue(chunk: Buffer, arrivedAt: number, messageMode: boolean): void {
    const splitter = this.splitter;
    if (!splitter || this.unframed) {
      this.queue.push({ data: chunk, arrivedAt });
      return;
    }
    const segs: Segment[] = [];
    let failed = false;
    try {
      splitter.process(chunk, segs);
    } catch (err) {
      this.framingFailed(err);
      failed = true;
    }
    if (!messageMode && this.parts.length === 0 && !failed) {
      // Stream faults only: keep the chunk whole; name the message when it is exactly one.
      const only = segs.length === 1 ? segs[0] : undefined;
      const message = only && only.start && only.end ? this.meta(chunk) : undefined;
      this.queue.push(message ? { data: chunk, arrivedAt, message } : { data: chunk, arrivedAt });
      return;
    }
    let used = 0;
    for (const seg of segs) {
      used += seg.data.length;
      if (messageMode && !failed && (seg.start || this.parts.length > 0)) {
        this.parts.push(seg.data);
        if (seg.end) {
          const raw = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
          this.parts = [];
          this.queue.push({ data: raw, arrivedAt, message: this.meta(raw) });
        }
      } else {
        if (this.parts.length) this.flushParts(arrivedAt);
        this.queue.push({ data: seg.data, arrivedAt });
      }
    }
    if (failed) {
      if (this.parts.length) this.flushParts(arrivedAt);
      if (used < chunk.length) this.queue.push({ data: chunk.subarray(used), arrivedAt });
    }
  }

  private meta(raw: Buffer): MessageMeta {
    return new MessageMeta(this.direction, raw, headerSize(this.link.host.lengthHeader), this.link.host.dialect);
  }

  private flushParts(arrivedAt: number): void {
    const data = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts = [];
    this.queue.push({ data, arrivedAt });
  }

  private framingFailed(err: unknown): void {
    this.unframed = true;
    const reason = err instanceof FramingError ? err.message : String(err);
    this.link.host.recordNote('framing.error', `connection #${this.link.id} ${this.direction}: ${reason}; forwarding bytes unframed from here on`, {
      connection: this.link.id,
      direction: this.direction,
      ...(err instanceof FramingError ? { offset: err.offset } : {}),
    });
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        const entry = this.queue.shift() as Entry;
        if (entry === END) await this.finishEnd();
        else await this.run(entry, this.currentChain(), 0);
      }
    } catch (err) {
      this.link.failed(err);
    } finally {
      this.busy = false;
    }
  }

  private run(item: Item, chain: Fault[], from: number): Promise<void> {
    for (let i = from; i < chain.length; i++) {
      const fault = chain[i] as Fault;
      if (fault.removed || !fault.process) continue;
      if (fault.level === 'message' && !item.message) continue;
      const ctx = this.link.contextOf(fault);
      if (!ctx || ctx.isDetached) continue;
      const nextIndex = i + 1;
      return Promise.resolve(fault.process(item, ctx, this.direction, (it) => this.run(it, chain, nextIndex)));
    }
    return this.write(item);
  }

  private write(item: Item): Promise<void> {
    const dest = this.dest;
    if (dest.destroyed || dest.writableEnded) return RESOLVED;
    if (this.tapped && this.direction === 'upstream') this.tapped.push(item.data);
    const hooks = item.afterWrite;
    const ok = dest.write(
      item.data,
      hooks && hooks.length > 0
        ? (err?: Error | null) => {
            // Run after the write completes fully: a reset from inside the write callback
            // would be turned into a plain close by the stream machinery.
            if (!err) setImmediate(() => {
              for (const h of hooks) h();
            });
          }
        : undefined,
    );
    if (ok) return RESOLVED;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        dest.off('drain', done);
        dest.off('close', done);
        resolve();
      };
      dest.on('drain', done);
      dest.on('close', done);
    });
  }

  private writeFast(chunk: Buffer): void {
    const dest = this.dest;
    if (dest.destroyed || dest.writableEnded) return;
    if (this.tapped && this.direction === 'upstream') this.tapped.push(chunk);
    if (!dest.write(chunk)) {
      this.source.pause();
      dest.once('drain', () => this.source.resume());
    }
  }

  private async finishEnd(): Promise<void> {
    if (this.parts.length) {
      const data = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
      this.parts = [];
      await this.run({ data, arrivedAt: nowMs() }, this.currentChain(), 0);
    }
    for (const fault of this.currentChain()) {
      if (fault.removed || !fault.beforeEnd) continue;
      const ctx = this.link.contextOf(fault);
      if (ctx && !ctx.isDetached) await fault.beforeEnd(ctx);
    }
    this.endDest();
  }

  private endDest(): void {
    if (!this.dest.destroyed && !this.dest.writableEnded) this.dest.end();
  }
}

export class Link implements LinkControl {
  private readonly contexts = new Map<Fault, LinkFaultContext>();
  private readonly up: Pipe;
  private readonly down: Pipe;
  private finished = false;
  private clientClosed = false;
  private serverClosed = false;

  constructor(
    readonly host: LinkHost,
    readonly id: number,
    readonly client: Socket,
    readonly server: Socket,
  ) {
    this.up = new Pipe(this, 'upstream', client, server);
    this.down = new Pipe(this, 'downstream', server, client);
    client.on('data', (c: Buffer) => this.up.onData(c));
    server.on('data', (c: Buffer) => this.down.onData(c));
    client.on('end', () => this.up.onEnd());
    server.on('end', () => this.down.onEnd());
    client.on('error', (err) => this.socketError('terminal', err));
    server.on('error', (err) => this.socketError('issuer', err));
    client.on('close', () => {
      this.clientClosed = true;
      this.maybeFinished();
    });
    server.on('close', () => {
      this.serverClosed = true;
      this.maybeFinished();
    });
  }

  addContext(fault: Fault, ctx: LinkFaultContext): void {
    this.contexts.set(fault, ctx);
  }

  contextOf(fault: Fault): LinkFaultContext | undefined {
    return this.contexts.get(fault);
  }

  removeContext(fault: Fault): void {
    const ctx = this.contexts.get(fault);
    if (!ctx) return;
    ctx.detach();
    this.contexts.delete(fault);
    this.up.release();
    this.down.release();
  }

  /** The active faults that apply to this connection in this direction: message faults first, then stream faults. */
  chainFor(direction: Stream): Fault[] {
    const message: Fault[] = [];
    const stream: Fault[] = [];
    for (const f of this.host.activeFaults()) {
      if (!f.isActive()) continue;
      const ctx = this.contexts.get(f);
      if (!ctx || !ctx.toxic) continue;
      if (f.level === 'message') message.push(f);
      else if (f.level === 'stream' && f.spec.stream === direction) stream.push(f);
    }
    return message.length ? [...message, ...stream] : stream;
  }

  writable(direction: Stream): boolean {
    const dest = direction === 'upstream' ? this.server : this.client;
    return !dest.destroyed && !dest.writableEnded;
  }

  terminalEnded(): boolean {
    return this.client.readableEnded;
  }

  reset(): void {
    resetSocket(this.client);
    resetSocket(this.server);
  }

  close(): void {
    for (const s of [this.client, this.server]) {
      if (s.destroyed) continue;
      if (s.writableEnded) s.destroy();
      else s.end(() => s.destroy());
    }
  }

  resetTerminalCloseIssuer(): void {
    resetSocket(this.client);
    if (!this.server.destroyed && !this.server.writableEnded) this.server.end();
  }

  /** Stop at once (proxy stop): destroy both sockets. */
  destroy(): void {
    this.client.destroy();
    this.server.destroy();
    this.finish();
  }

  failed(err: unknown): void {
    this.host.recordNote('connection.error', `connection #${this.id}: internal error ${String(err)}`, { connection: this.id });
    this.destroy();
  }

  private socketError(side: 'terminal' | 'issuer', err: NodeJS.ErrnoException): void {
    this.host.recordNote('connection.error', `connection #${this.id}: ${side} side ${err.code ?? err.message}`, {
      connection: this.id,
      side,
      code: err.code,
    });
    const other = side === 'terminal' ? this.server : this.client;
    if (err.code === 'ECONNRESET') resetSocket(other);
    else if (!other.destroyed) other.destroy();
  }

  private maybeFinished(): void {
    if (this.clientClosed && this.serverClosed) this.finish();
    else if (this.clientClosed && !this.server.destroyed && this.server.writableEnded && this.server.readableEnded) this.server.destroy();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const ctx of this.contexts.values()) ctx.detach();
    this.contexts.clear();
    this.host.linkFinished(this);
  }
}

function resetSocket(s: Socket): void {
  if (s.destroyed) return;
  if (s.connecting) {
    s.destroy();
    return;
  }
  // Node 20: resetAndDestroy() on a socket that already saw the peer's FIN (or sent its
  // own) leaves a closed handle that spins the event loop at 100% CPU. Such a socket is
  // half-gone anyway: destroy it plainly.
  if (s.readableEnded || s.writableEnded) s.destroy();
  else s.resetAndDestroy();
}
