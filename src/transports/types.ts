/**
 * The transport contract: a byte stream with open / close / write and data events.
 * Everything above this layer (emulators, the reference terminal, the bench) sees only
 * this interface, so an emulated device and a real one are interchangeable.
 *
 * Behaviour every implementation keeps (checked by test/transports/contract.test.ts):
 * - `open()` resolves once bytes can be written; opening an open transport rejects.
 * - `write()` resolves when the bytes are handed to the OS / peer; it rejects with a
 *   TransportError once the transport is closed.
 * - 'data' delivers every received byte exactly once, in order, as Buffers of ≥ 1 byte.
 * - 'close' is emitted exactly once, whether the local side or the peer closed; after it,
 *   no more 'data'. `close()` is idempotent and resolves after 'close'.
 * - Errors after open are emitted as 'error' (never thrown from a timer).
 */
import type { EventEmitter } from 'node:events';
import { PosbenchError } from '../util/errors';

export interface LineSettings {
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
}

export const DEFAULT_LINE_SETTINGS: LineSettings = { baudRate: 38400, dataBits: 8, parity: 'none', stopBits: 1 };

export interface TransportEvents {
  data: [chunk: Buffer];
  close: [err?: Error];
  error: [err: Error];
}

export interface Transport extends EventEmitter<TransportEvents> {
  /** Human description, e.g. "tcp 127.0.0.1:40123", "serial /dev/ttyUSB0 38400 8N1". */
  readonly description: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
  /** Flow control where the link has it (TCP): stop delivering 'data' until resume(); the peer then fills its own buffers. */
  pause?(): void;
  resume?(): void;
}

/** A serial-like transport also carries line settings (real UART, PTY, mock). */
export interface SerialLikeTransport extends Transport {
  readonly lineSettings: LineSettings;
}

/** A server side that hands out one Transport (already open) per accepted connection. */
export interface TransportListener extends EventEmitter<{ connection: [t: Transport]; error: [err: Error] }> {
  readonly description: string;
  /** Starts listening; resolves with the bound port (port 0 → a free one). */
  listen(): Promise<{ host: string; port: number }>;
  /** Stops listening and closes every accepted transport. */
  close(): Promise<void>;
}

export class TransportError extends PosbenchError {
  constructor(
    readonly transport: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('TRANSPORT', `${transport}: ${message}`, options);
  }
}
