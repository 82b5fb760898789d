/**
 * Shared life-cycle of every transport: idle → opening → open → closed (single use).
 * Keeps the promises of types.ts in one place: 'close' exactly once, no 'data' after it,
 * writes after close reject with TransportError, a second open rejects.
 */
import { EventEmitter } from 'node:events';
import type { Transport, TransportEvents } from './types';
import { TransportError } from './types';

export type TransportState = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

export abstract class BaseTransport extends EventEmitter<TransportEvents> implements Transport {
  protected state: TransportState = 'idle';
  private closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor() {
    super();
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  abstract readonly description: string;

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Resolves once 'close' has been emitted (never rejects). */
  get closed(): Promise<void> {
    return this.closedPromise;
  }

  async open(): Promise<void> {
    if (this.state !== 'idle') {
      throw new TransportError(this.description, `cannot open: transport is ${this.state} (transports are single-use)`);
    }
    this.state = 'opening';
    try {
      await this.doOpen();
    } catch (err) {
      if (this.state === 'opening') this.state = 'closed';
      this.resolveClosed();
      throw err instanceof TransportError ? err : new TransportError(this.description, `open failed: ${errText(err)}`, { cause: err });
    }
    if (this.state !== 'opening') {
      // close() was called while opening: release what the open just acquired
      await this.doClose().catch(() => undefined);
      throw new TransportError(this.description, 'closed while opening');
    }
    this.state = 'open';
  }

  async write(data: Buffer): Promise<void> {
    if (this.state !== 'open') {
      throw new TransportError(this.description, `write of ${data.length} bytes rejected: transport is ${this.state}`);
    }
    if (data.length === 0) return;
    try {
      await this.doWrite(data);
    } catch (err) {
      throw err instanceof TransportError ? err : new TransportError(this.description, `write of ${data.length} bytes failed: ${errText(err)}`, { cause: err });
    }
  }

  async close(): Promise<void> {
    if (this.state === 'idle') {
      this.state = 'closed';
      this.resolveClosed();
      return;
    }
    if (this.state === 'open' || this.state === 'opening') {
      this.state = 'closing';
      try {
        await this.doClose();
      } catch (err) {
        this.markClosed(err instanceof Error ? err : new Error(String(err)));
      }
    }
    await this.closedPromise;
  }

  /** Implementations: called with received bytes. Dropped after close. */
  protected deliver(chunk: Buffer): void {
    if (this.state !== 'open' && this.state !== 'closing') return;
    if (chunk.length === 0) return;
    this.emit('data', chunk);
  }

  /** Implementations: call when the underlying link is gone, whoever closed it. Idempotent. */
  protected markClosed(err?: Error): void {
    if (this.state === 'closed') return;
    const wasOpen = this.state !== 'idle';
    this.state = 'closed';
    this.onClosed();
    if (wasOpen) this.emit('close', err);
    this.resolveClosed();
  }

  /** Implementations: an error after open. Emitted as 'error' when someone listens, never thrown. */
  protected reportError(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  /** Hook for releasing resources once closed. */
  protected onClosed(): void {}

  protected abstract doOpen(): Promise<void>;
  protected abstract doWrite(data: Buffer): Promise<void>;
  /** Start closing; must lead to markClosed(). */
  protected abstract doClose(): Promise<void>;
}

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
