/**
 * Runs a reference terminal: opens its reader link, its ECR port, and hands the terminal
 * its printer opener and host connector. The same code serves the in-process bench
 * (mock serial links) and the stand-alone process (`src/terminal/main.ts`, real or PTY
 * serial ports) — only the openers differ.
 */
import type { Transport } from '../transports/types';
import { TcpListener, TcpTransport } from '../transports';
import { getDialect } from '../protocols/iso8583';
import type { TerminalConfig } from './config';
import { ReferenceTerminal } from './reference-terminal';
import { EcrServer } from './ecr-server';
import { ReaderCardSource } from './reader-adapter';
import type { HostConnector } from './host-link';

export interface TerminalRuntimeOptions {
  config: TerminalConfig;
  stateDir: string;
  ecrHost?: string;
  ecrPort?: number;
  openPrinter: (path: string, baudRate: number) => Promise<Transport>;
  openReader: (path: string) => Promise<Transport>;
  log?: (line: string) => void;
}

export const tcpHostConnector: HostConnector = async (address, connectTimeoutMs) => {
  const t = new TcpTransport({ ...address, connectTimeoutMs });
  await t.open();
  return t;
};

export class TerminalRuntime {
  terminal!: ReferenceTerminal;
  private ecr?: EcrServer;
  private readerLink?: Transport;
  private cards?: ReaderCardSource;
  private config: TerminalConfig;
  private powered = true;
  /** Host connections open now (a power cut drops them). */
  private readonly hostLinks = new Set<Transport>();
  /** The host connector, behind the power switch: no power, no connection. */
  private readonly connectHost: HostConnector = async (address, connectTimeoutMs) => {
    if (!this.powered) throw new Error('the terminal has no power');
    const t = await tcpHostConnector(address, connectTimeoutMs);
    if (!this.powered) {
      await t.close().catch(() => undefined);
      throw new Error('the terminal has no power');
    }
    this.hostLinks.add(t);
    t.on('close', () => this.hostLinks.delete(t));
    return t;
  };

  constructor(private readonly opts: TerminalRuntimeOptions) {
    this.config = opts.config;
  }

  async start(): Promise<{ ecrHost: string; ecrPort: number }> {
    await this.boot();
    const listener = new TcpListener({ host: this.opts.ecrHost ?? '127.0.0.1', port: this.opts.ecrPort ?? 0 });
    this.ecr = new EcrServer(listener, () => this.terminal, () => this.restart());
    this.ecr.bind(this.terminal);
    const addr = await listener.listen();
    return { ecrHost: addr.host, ecrPort: addr.port };
  }

  private async boot(): Promise<void> {
    this.readerLink = await this.opts.openReader(this.config.readerPort);
    this.readerLink.on('error', () => undefined);
    this.cards = new ReaderCardSource(this.readerLink);
    this.terminal = new ReferenceTerminal(this.config, this.opts.stateDir, {
      dialect: getDialect('cup'),
      connectHost: this.connectHost,
      openPrinter: this.opts.openPrinter,
      cards: this.cards,
      log: this.opts.log,
    });
    await this.terminal.start();
  }

  private async shutdownDevices(): Promise<void> {
    await this.terminal?.stop();
    this.cards?.detach();
    await this.readerLink?.close().catch(() => undefined);
  }

  /** A power cycle: memory is lost, the journal and state files (and the pending reversal) survive. */
  async restart(): Promise<void> {
    this.config = this.terminal.config;
    await this.shutdownDevices();
    await this.boot();
    this.ecr?.bind(this.terminal);
  }

  async stop(): Promise<void> {
    await this.ecr?.close();
    await this.shutdownDevices();
  }

  /**
   * The power is cut. Before this returns its promise (synchronously) the terminal is dead:
   * its store writes nothing more (what is not on disk is lost), it shows and prints
   * nothing, and it cannot reach the host. Then its connections are dropped — host, ECR,
   * printer and reader ports — with no goodbye and nothing more sent. This runtime is done:
   * power on with a new one over the same state directory.
   */
  powerCut(): Promise<void> {
    if (!this.powered) return Promise.resolve();
    this.powered = false;
    const printer = this.terminal.powerOff();
    this.cards?.detach();
    const links = [...this.hostLinks];
    this.hostLinks.clear();
    return Promise.all([
      ...links.map((t) => t.close().catch(() => undefined)),
      this.ecr?.close(),
      printer?.close(),
      this.readerLink?.close().catch(() => undefined),
    ]).then(() => undefined);
  }
}
