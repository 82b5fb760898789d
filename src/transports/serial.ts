/**
 * A serial line through `serialport` 13: a SerialPortStream over a binding — the OS binding
 * (real UART, USB adapter or PTY) by default, or any other BindingInterface (the mock pair
 * passes its null-modem binding here).
 */
import { SerialPort } from 'serialport';
import { SerialPortStream } from '@serialport/stream';
import type { BindingInterface } from '@serialport/bindings-interface';
import { BaseTransport, errText } from './base';
import type { LineSettings, SerialLikeTransport } from './types';
import { DEFAULT_LINE_SETTINGS, TransportError } from './types';

export interface SerialTransportOptions {
  path: string;
  lineSettings?: Partial<LineSettings>;
  /** Defaults to the OS binding (`SerialPort.binding`). */
  binding?: BindingInterface;
  /** Overrides the description's kind word (default "serial"). */
  kind?: string;
}

export function formatLineSettings(s: LineSettings): string {
  return `${s.baudRate} ${s.dataBits}${s.parity[0]!.toUpperCase()}${s.stopBits}`;
}

export class SerialTransport extends BaseTransport implements SerialLikeTransport {
  readonly lineSettings: LineSettings;
  readonly description: string;
  private stream?: SerialPortStream;

  constructor(private readonly options: SerialTransportOptions) {
    super();
    this.lineSettings = { ...DEFAULT_LINE_SETTINGS, ...options.lineSettings };
    this.description = `${options.kind ?? 'serial'} ${options.path} ${formatLineSettings(this.lineSettings)}`;
  }

  get path(): string {
    return this.options.path;
  }

  protected doOpen(): Promise<void> {
    const { baudRate, dataBits, parity, stopBits } = this.lineSettings;
    const stream = new SerialPortStream({
      binding: this.options.binding ?? SerialPort.binding,
      path: this.options.path,
      baudRate,
      dataBits,
      parity,
      stopBits,
      autoOpen: false,
      lock: true,
    });
    this.stream = stream;
    return new Promise((resolve, reject) => {
      stream.open((err) => {
        if (err) {
          this.stream = undefined;
          reject(new TransportError(this.description, `open failed: ${err.message}`, { cause: err }));
          return;
        }
        stream.on('data', (chunk: Buffer) => this.deliver(chunk));
        stream.on('error', (e: Error) => this.reportError(new TransportError(this.description, e.message, { cause: e })));
        // SerialPortStream may emit 'close' twice (its own + the Duplex's); markClosed is idempotent.
        stream.on('close', (e?: Error | null) => this.markClosed(e ?? undefined));
        resolve();
      });
    });
  }

  protected doWrite(data: Buffer): Promise<void> {
    const stream = this.stream;
    return new Promise((resolve, reject) => {
      if (!stream) {
        reject(new TransportError(this.description, 'port is gone'));
        return;
      }
      stream.write(data, (err) => (err ? reject(new TransportError(this.description, `write failed: ${errText(err)}`, { cause: err })) : resolve()));
    });
  }

  protected async doClose(): Promise<void> {
    const stream = this.stream;
    if (!stream || !stream.isOpen) {
      this.markClosed();
      return;
    }
    await new Promise<void>((resolve) => {
      // Let queued writes reach the binding first, then close.
      stream.drain(() => {
        if (!stream.isOpen) {
          this.markClosed();
          resolve();
          return;
        }
        stream.close((err) => {
          if (err) this.markClosed(err);
          resolve();
        });
      });
    });
  }
}
