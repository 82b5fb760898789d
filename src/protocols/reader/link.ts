/**
 * ReaderLink: reliable message exchange over any Transport with the reader framing.
 *
 * - Outgoing: stop-and-wait. Each message goes out as one frame whose payload starts with
 *   a sequence byte (1..255, wrapping). The frame is retransmitted on NAK or when no ACK
 *   arrives within ackTimeoutMs, at most maxRetransmits times; then send() rejects with
 *   ReaderError LINK_FAILED. Messages queue behind each other.
 * - Incoming: a good frame is ACKed and delivered once (a retransmitted duplicate — the same
 *   sequence byte and bytes as the last delivered frame, within 2·(retransmits+1)·ackTimeout
 *   — is ACKed again but not re-delivered; so a restarted peer whose sequence starts over
 *   is not mistaken for a retransmission); a frame with
 *   a bad LRC is NAKed; garbage is skipped; a frame left incomplete for interByteTimeoutMs is
 *   dropped and the bytes after its STX are rescanned.
 * Diagnostics ('diag' events) let an emulator put link trouble on the evidence timeline.
 */
import { EventEmitter } from 'node:events';
import type { Transport } from '../../transports/types';
import { ACK, NAK, ReaderFrameDecoder, encodeFrame, type ReaderUnit } from './frame';
import { ReaderError } from './errors';

export interface ReaderLinkOptions {
  /** Wait this long for ACK/NAK before retransmitting (default 250 ms). */
  ackTimeoutMs?: number;
  /** Retransmissions after the first send (default 3). */
  maxRetransmits?: number;
  /**
   * Drop a partial frame after this long without its remaining bytes (default half the ACK
   * timeout, at most 100 ms). Keep it below ackTimeoutMs: line noise that looks like a frame
   * start swallows the peer's ACKs and frames until the partial is dropped and rescanned, and
   * the peer retransmits every ackTimeoutMs — a longer wait lets the retransmissions keep the
   * stale partial alive until the send fails with LINK_FAILED.
   */
  interByteTimeoutMs?: number;
}

export type ReaderLinkDiag =
  | { kind: 'nak-sent'; reason: 'bad-lrc'; expected: number; actual: number }
  | { kind: 'nak-received'; seq: number }
  | { kind: 'ack-timeout'; seq: number }
  | { kind: 'retransmit'; seq: number; attempt: number }
  | { kind: 'duplicate'; seq: number }
  | { kind: 'garbage'; bytes: Buffer }
  | { kind: 'partial-dropped'; pending: number }
  | { kind: 'write-failed'; error: Error };

interface Outgoing {
  message: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class ReaderLink extends EventEmitter<{ message: [msg: Buffer]; diag: [d: ReaderLinkDiag] }> {
  private readonly decoder = new ReaderFrameDecoder();
  private readonly ackTimeoutMs: number;
  private readonly maxRetransmits: number;
  private readonly interByteTimeoutMs: number;
  private readonly queue: Outgoing[] = [];
  private sending = false;
  private nextSeq = 1;
  /** The last frame delivered: a retransmission repeats it (same bytes) within dupWindowMs. */
  private lastRx?: { payload: Buffer; atMs: number };
  private readonly dupWindowMs: number;
  private awaiting?: { seq: number; settle: (result: 'ack' | 'nak' | 'timeout') => void };
  private interByteTimer?: NodeJS.Timeout;
  private closed = false;
  private corruptFrames = 0;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onClose = () => this.shutdown(new ReaderError('CLOSED', `${this.transport.description}: transport closed`));

  constructor(
    readonly transport: Transport,
    opts: ReaderLinkOptions = {},
  ) {
    super();
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 250;
    this.maxRetransmits = opts.maxRetransmits ?? 3;
    this.interByteTimeoutMs = opts.interByteTimeoutMs ?? Math.max(1, Math.min(100, Math.floor(this.ackTimeoutMs / 2)));
    this.dupWindowMs = 2 * (this.maxRetransmits + 1) * this.ackTimeoutMs;
    transport.on('data', this.onData);
    transport.once('close', this.onClose);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Fault knob: the next `n` frames sent go out with a wrong LRC (the peer must NAK them). */
  corruptNextFrames(n: number): void {
    this.corruptFrames += n;
  }

  /** Sends one message reliably; resolves once the peer ACKed it. */
  send(message: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new ReaderError('CLOSED', 'reader link is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      void this.pump();
    });
  }

  /** Detaches from the transport (does not close it); pending sends reject with CLOSED. */
  close(): void {
    this.shutdown(new ReaderError('CLOSED', 'reader link closed'));
  }

  private shutdown(err: ReaderError): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.off('data', this.onData);
    this.transport.off('close', this.onClose);
    clearTimeout(this.interByteTimer);
    this.awaiting?.settle('timeout');
    for (const o of this.queue.splice(0)) o.reject(err);
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length && !this.closed) {
        const out = this.queue[0]!;
        try {
          await this.sendOne(out.message);
          this.queue.shift();
          out.resolve();
        } catch (err) {
          this.queue.shift();
          out.reject(err as Error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private async sendOne(message: Buffer): Promise<void> {
    const seq = this.nextSeq;
    this.nextSeq = this.nextSeq >= 255 ? 1 : this.nextSeq + 1;
    const frame = encodeFrame(Buffer.concat([Buffer.from([seq]), message]));
    for (let attempt = 0; attempt <= this.maxRetransmits; attempt++) {
      if (this.closed) throw new ReaderError('CLOSED', 'reader link closed while sending');
      if (attempt > 0) this.emit('diag', { kind: 'retransmit', seq, attempt });
      let bytes = frame;
      if (this.corruptFrames > 0) {
        this.corruptFrames--;
        bytes = Buffer.from(frame);
        bytes[bytes.length - 1] ^= 0xff;
      }
      const answer = new Promise<'ack' | 'nak' | 'timeout'>((resolve) => {
        const timer = setTimeout(() => settle('timeout'), this.ackTimeoutMs);
        const settle = (r: 'ack' | 'nak' | 'timeout') => {
          clearTimeout(timer);
          if (this.awaiting?.seq === seq) this.awaiting = undefined;
          resolve(r);
        };
        this.awaiting = { seq, settle };
      });
      try {
        await this.transport.write(bytes);
      } catch (err) {
        this.awaiting?.settle('timeout');
        throw new ReaderError(this.closed ? 'CLOSED' : 'LINK_FAILED', `write failed: ${(err as Error).message}`, { cause: err });
      }
      const result = await answer;
      if (result === 'ack') return;
      if (this.closed) throw new ReaderError('CLOSED', 'reader link closed while waiting for ACK');
      this.emit('diag', result === 'nak' ? { kind: 'nak-received', seq } : { kind: 'ack-timeout', seq });
    }
    throw new ReaderError('LINK_FAILED', `frame seq ${seq} not acknowledged after ${this.maxRetransmits} retransmits (${this.transport.description})`);
  }

  private receive(chunk: Buffer): void {
    this.handle(this.decoder.push(chunk));
    this.armInterByteTimer();
  }

  /** While a frame is incomplete, give up on it after interByteTimeoutMs of silence (then rescan). */
  private armInterByteTimer(): void {
    clearTimeout(this.interByteTimer);
    this.interByteTimer = undefined;
    if (!this.decoder.inFrame || this.closed) return;
    this.interByteTimer = setTimeout(() => {
      this.emit('diag', { kind: 'partial-dropped', pending: this.decoder.pending });
      this.handle(this.decoder.dropPartial());
      this.armInterByteTimer();
    }, this.interByteTimeoutMs);
  }

  private handle(units: ReaderUnit[]): void {
    for (const u of units) {
      if (this.closed) return;
      switch (u.kind) {
        case 'ack':
          this.awaiting?.settle('ack');
          break;
        case 'nak':
          this.awaiting?.settle('nak');
          break;
        case 'garbage':
          this.emit('diag', { kind: 'garbage', bytes: u.bytes });
          break;
        case 'bad-lrc':
          this.emit('diag', { kind: 'nak-sent', reason: 'bad-lrc', expected: u.expected, actual: u.actual });
          this.control(NAK);
          break;
        case 'frame': {
          this.control(ACK);
          const seq = u.payload[0]!;
          const now = performance.now();
          const last = this.lastRx;
          if (last && now - last.atMs <= this.dupWindowMs && last.payload.equals(u.payload)) {
            this.emit('diag', { kind: 'duplicate', seq });
            break;
          }
          this.lastRx = { payload: u.payload, atMs: now };
          if (u.payload.length > 1) this.emit('message', Buffer.from(u.payload.subarray(1)));
          break;
        }
      }
    }
  }

  private control(byte: number): void {
    this.transport.write(Buffer.from([byte])).catch((err: Error) => this.emit('diag', { kind: 'write-failed', error: err }));
  }
}
