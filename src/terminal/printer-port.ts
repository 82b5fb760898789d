/**
 * The terminal's side of the receipt printer link: real-time status queries (DLE EOT n)
 * and printing. A printer that does not answer within the status timeout is offline (or
 * on the wrong port / baud rate — the terminal cannot tell which, and neither can firmware).
 */
import type { Transport } from '../transports/types';

export type PrinterCondition = 'ready' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'near-end';

export interface PrinterCheck {
  condition: PrinterCondition;
  /** Raw status bytes by DLE EOT n. */
  raw: Record<number, number | undefined>;
}

export class PrinterPort {
  /** The status query waiting for its byte; a byte that comes when none waits (a stale or garbled echo) is dropped, so it never answers a later query. */
  private waiter?: (b: number) => void;
  private readonly onData = (chunk: Buffer) => {
    for (const b of chunk) {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(b);
      }
    }
  };

  constructor(
    private readonly transport: Transport,
    private readonly statusTimeoutMs: number,
  ) {
    transport.on('data', this.onData);
  }

  detach(): void {
    this.transport.off('data', this.onData);
  }

  /** DLE EOT n → one status byte, or undefined when the printer stays silent. */
  async realtimeStatus(n: 1 | 2 | 3 | 4): Promise<number | undefined> {
    // Listen before writing: a fast printer answers before write() has even resolved.
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<number | undefined>((resolve) => {
      timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, this.statusTimeoutMs);
      this.waiter = (b) => {
        clearTimeout(timer);
        resolve(b);
      };
    });
    try {
      await this.transport.write(Buffer.from([0x10, 0x04, n]));
    } catch {
      // A port that cannot be written to is, to firmware, a printer that does not answer.
      clearTimeout(timer);
      this.waiter = undefined;
      return undefined;
    }
    return answer;
  }

  /** Interpret the status bytes the way a terminal does before and after printing. */
  async check(): Promise<PrinterCheck> {
    const raw: PrinterCheck['raw'] = {};
    raw[1] = await this.realtimeStatus(1);
    if (raw[1] === undefined || (raw[1] & 0x93) !== 0x12) return { condition: 'offline', raw };
    raw[4] = await this.realtimeStatus(4);
    if (raw[4] === undefined) return { condition: 'offline', raw };
    raw[2] = await this.realtimeStatus(2);
    if (raw[2] !== undefined && raw[2] & 0x04) return { condition: 'cover-open', raw };
    if (raw[4] & 0x60 || (raw[2] !== undefined && raw[2] & 0x20)) return { condition: 'paper-out', raw };
    if (raw[1] & 0x08) {
      raw[3] = await this.realtimeStatus(3);
      return { condition: 'error', raw };
    }
    return { condition: raw[4] & 0x0c ? 'near-end' : 'ready', raw };
  }

  async print(bytes: Buffer): Promise<void> {
    await this.transport.write(bytes);
  }
}

/**
 * How the terminal reaches its printer for a print job (the status checks and the slip):
 * a serial port held open from boot (`HeldPrinter`), or a network printer dialled for each
 * job (`NetworkPrinter`, network-printer.ts).
 */
export interface PrinterConnection {
  readonly description: string;
  /** Run one job on the printer; rejects when the printer cannot be reached at all. */
  job<T>(fn: (port: PrinterPort) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A serial printer: one port, opened once and kept; every job goes over it. */
export class HeldPrinter implements PrinterConnection {
  private readonly port: PrinterPort;

  constructor(
    private readonly transport: Transport,
    statusTimeoutMs: number,
  ) {
    transport.on('error', () => undefined);
    this.port = new PrinterPort(transport, statusTimeoutMs);
  }

  get description(): string {
    return this.transport.description;
  }

  job<T>(fn: (port: PrinterPort) => Promise<T>): Promise<T> {
    return fn(this.port);
  }

  async close(): Promise<void> {
    this.port.detach();
    await this.transport.close().catch(() => undefined);
  }
}
