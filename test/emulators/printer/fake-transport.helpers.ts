import { EventEmitter } from 'node:events';
import type { Transport, TransportEvents } from '../../../src/transports/types';

/** A minimal in-memory Transport: `feed()` delivers bytes as 'data', writes are recorded. */
export class FakeTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly description = 'fake';
  isOpen = true;
  readonly written: Buffer[] = [];
  /** Called on every write (e.g. to pipe into another fake). */
  onWrite?: (b: Buffer) => void;
  async open(): Promise<void> {
    this.isOpen = true;
  }
  async write(data: Buffer): Promise<void> {
    this.written.push(Buffer.from(data));
    this.onWrite?.(Buffer.from(data));
  }
  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.emit('close');
  }
  feed(bytes: Buffer | number[] | string): void {
    this.emit('data', Buffer.isBuffer(bytes) ? bytes : typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }
  /** Everything written so far, concatenated, and forget it. */
  take(): Buffer {
    const b = Buffer.concat(this.written);
    this.written.length = 0;
    return b;
  }
}
