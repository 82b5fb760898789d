/**
 * A view of an open transport that a borrower may "open" and "close" without closing the
 * cable itself. The in-process bench keeps each mock null-modem end open for the whole
 * scenario and lends it to the reference terminal, which may reconnect its printer port
 * (a setting change, a restart) as often as firmware does on real hardware.
 */
import { EventEmitter } from 'node:events';
import type { Transport, TransportEvents } from '../../transports/types';
import { TransportError } from '../../transports/types';

export class BorrowedTransport extends EventEmitter<TransportEvents> implements Transport {
  private open_ = false;
  private readonly onData = (chunk: Buffer) => this.emit('data', chunk);
  private readonly onClose = (err?: Error) => {
    if (!this.open_) return;
    this.open_ = false;
    this.emit('close', err);
  };

  constructor(private readonly inner: Transport) {
    super();
  }

  get description(): string {
    return this.inner.description;
  }

  get isOpen(): boolean {
    return this.open_ && this.inner.isOpen;
  }

  async open(): Promise<void> {
    if (this.open_) throw new TransportError(this.description, 'already open');
    if (!this.inner.isOpen) throw new TransportError(this.description, 'the cable is not connected');
    this.open_ = true;
    this.inner.on('data', this.onData);
    this.inner.on('close', this.onClose);
  }

  async write(data: Buffer): Promise<void> {
    if (!this.open_) throw new TransportError(this.description, `write of ${data.length} bytes rejected: transport is closed`);
    await this.inner.write(data);
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    this.inner.off('data', this.onData);
    this.inner.off('close', this.onClose);
    this.emit('close');
  }
}
