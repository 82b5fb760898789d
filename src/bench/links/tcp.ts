/**
 * `link.kind: tcp` — a network receipt printer (raw TCP, port 9100 by convention,
 * docs/domain.md §2). There is no cable: the terminal prints to `tcp://HOST:PORT` (its
 * `printer_port`), connecting as often as it likes. With the printer emulated the bench
 * listens there (the profile's `address`, default 127.0.0.1 on a free port) and hands each
 * connection to the printer emulator's TCP server through `benchListener`; with a real
 * printer `address` is the printer's and the bench leaves it alone.
 */
import { TcpListener, TcpTransport } from '../../transports/tcp';
import type { LineSettings, Transport, TransportListener } from '../../transports/types';
import { DEFAULT_LINE_SETTINGS } from '../../transports/types';
import { LinkError, opened, type Link, type LinkDevice } from './types';

export interface TcpAddress {
  host: string;
  port: number;
}

/** "HOST:PORT" (validated by the profile schema) as {host, port}; brackets of an IPv6 host dropped. */
export function splitHostPort(address: string): TcpAddress {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

export class TcpLink implements Link {
  readonly kind = 'tcp' as const;
  /** A network printer has no serial line; the defaults stand in where a rate is wanted (the emulator's paced printing). */
  readonly lineSettings: LineSettings = { ...DEFAULT_LINE_SETTINGS };
  private listener?: TcpListener;
  private bound?: TcpAddress;
  private readonly address?: TcpAddress;

  constructor(
    readonly device: LinkDevice,
    address: string | undefined,
    /** Whether the bench plays the printer (listens) or a real one is at `address`. */
    private readonly benchEnd: boolean,
  ) {
    if (address) this.address = splitHostPort(address);
  }

  get path(): string {
    const a = opened(this.bound, this, 'address');
    return `tcp://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
  }

  get benchSide(): Transport {
    throw new LinkError(`the ${this.device} tcp link has no single bench end: a network printer takes one connection per job (benchListener)`);
  }

  get benchListener(): TransportListener | undefined {
    return this.benchEnd ? opened(this.listener, this, 'listener') : undefined;
  }

  async open(): Promise<void> {
    if (!this.benchEnd) {
      if (!this.address || this.address.port === 0) throw new LinkError(`the ${this.device} tcp link needs the real printer's address (${this.device}.link.address: HOST:PORT)`);
      this.bound = this.address;
      return;
    }
    const listener = new TcpListener({ host: this.address?.host ?? '127.0.0.1', port: this.address?.port ?? 0 });
    this.bound = await listener.listen();
    this.listener = listener;
  }

  /** A fresh connection to the printer, as the terminal makes one per job. */
  async openTerminalSide(): Promise<Transport> {
    const t = new TcpTransport({ ...opened(this.bound, this, 'address'), connectTimeoutMs: 3000 });
    await t.open();
    return t;
  }

  async close(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    await l?.close();
  }
}
