/**
 * A network receipt printer (`printer_port: tcp://HOST:PORT`, raw TCP, port 9100 by
 * convention — docs/domain.md §2). The terminal connects for each print job — status
 * checks, the slip, the status check after it — and closes the connection afterwards, as
 * shop POS software does: a network printer serves one connection at a time and closes idle
 * ones, so holding a connection would lock other tills out and die on the printer's idle
 * timeout. A printer that cannot be reached is, to firmware, offline.
 */
import { TcpTransport } from '../transports/tcp';
import type { Transport } from '../transports/types';
import { PrinterPort, type PrinterConnection } from './printer-port';

export const TCP_PRINTER_SCHEME = 'tcp://';

/** `tcp://HOST:PORT` → {host, port}; undefined when `port` is not a tcp:// URL; null when it is one, malformed. */
export function parseTcpPrinterUrl(port: string): { host: string; port: number } | undefined | null {
  if (!port.startsWith(TCP_PRINTER_SCHEME)) return undefined;
  const m = /^tcp:\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(port);
  if (!m) return null;
  const n = Number(m[2]);
  if (n < 1 || n > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: n };
}

export type TcpConnector = (address: { host: string; port: number }, connectTimeoutMs: number) => Promise<Transport>;

export const tcpPrinterConnector: TcpConnector = async (address, connectTimeoutMs) => {
  const t = new TcpTransport({ ...address, connectTimeoutMs });
  await t.open();
  return t;
};

export class NetworkPrinter implements PrinterConnection {
  constructor(
    private readonly address: { host: string; port: number },
    /** Read at each job: the terminal's settings may change between jobs. */
    private readonly timeouts: () => { connectMs: number; statusMs: number },
    private readonly connect: TcpConnector = tcpPrinterConnector,
  ) {}

  get description(): string {
    return `${TCP_PRINTER_SCHEME}${this.address.host}:${this.address.port}`;
  }

  /** The connection of the job under way, if any. */
  private current?: Transport;

  /** Connect, run the job, close (the close flushes what was written, then sends FIN). */
  async job<T>(fn: (port: PrinterPort) => Promise<T>): Promise<T> {
    const { connectMs, statusMs } = this.timeouts();
    const t = await this.connect(this.address, connectMs);
    this.current = t;
    t.on('error', () => undefined);
    const port = new PrinterPort(t, statusMs);
    try {
      return await fn(port);
    } finally {
      port.detach();
      if (this.current === t) this.current = undefined;
      await t.close().catch(() => undefined);
    }
  }

  /**
   * Nothing is held between jobs; a job under way loses its connection — as when the
   * terminal's power goes and its sockets close with it (a process's are closed by the
   * kernel), so the printer is free for the next connection at once.
   */
  async close(): Promise<void> {
    const t = this.current;
    this.current = undefined;
    await t?.close().catch(() => undefined);
  }
}
