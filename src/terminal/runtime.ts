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
      connectHost: tcpHostConnector,
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
}
