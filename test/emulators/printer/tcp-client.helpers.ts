/** A raw TCP client for the network printer tests: reads are awaited, never slept for. */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { PrinterEmulator, PrinterTcpServer, type PrinterTcpServerOptions } from '../../../emulators/printer';
import type { EvidenceInput } from '../../../src/evidence/types';

export class RawClient {
  private rx = Buffer.alloc(0);
  private waiter?: () => void;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (b: Buffer) => {
      this.rx = Buffer.concat([this.rx, b]);
      this.waiter?.();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  send(bytes: number[] | Buffer | string): Promise<void> {
    const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    return new Promise((resolve, reject) => this.socket.write(b, (e) => (e ? reject(e) : resolve())));
  }

  /** The next n bytes received (waits for them). */
  async read(n: number): Promise<number[]> {
    while (this.rx.length < n) await new Promise<void>((resolve) => (this.waiter = resolve));
    const out = [...this.rx.subarray(0, n)];
    this.rx = this.rx.subarray(n);
    return out;
  }

  /** Bytes received and not read yet. */
  get pending(): number {
    return this.rx.length;
  }

  end(): Promise<void> {
    this.socket.end();
    return this.closed;
  }
}

/** A printer emulator behind a TCP server on a free loopback port. */
export async function netPrinter(opts: PrinterTcpServerOptions = {}) {
  const events = new RecordedEvidence();
  const evidence = events;
  const printer = new PrinterEmulator({ columns: 48, encoding: 'cp437', evidence });
  const server = new PrinterTcpServer(printer, { evidence, ...opts });
  const { port } = await server.listen();
  const stop = async () => {
    await server.close();
    await printer.stop();
  };
  return { printer, server, port, events, stop };
}

/** Resolves with the n-th receipt journaled from now on (1 = the next). */
export function receipts(printer: PrinterEmulator, n = 1): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const off = printer.onReceipt(() => {
      if (++seen === n) {
        off();
        resolve();
      }
    });
  });
}

/** Evidence kept in order; `when(kind)` resolves once an event of that kind is recorded. */
export class RecordedEvidence {
  readonly all: EvidenceInput[] = [];
  private readonly bus = new EventEmitter();
  record(e: EvidenceInput): void {
    this.all.push(e);
    this.bus.emit('event', e);
  }
  of(kind: string): EvidenceInput[] {
    return this.all.filter((e) => e.kind === kind);
  }
  when(kind: string, count = 1): Promise<void> {
    if (this.of(kind).length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const on = () => {
        if (this.of(kind).length < count) return;
        this.bus.off('event', on);
        resolve();
      };
      this.bus.on('event', on);
    });
  }
}
