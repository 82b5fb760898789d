/**
 * The bench: everything one scenario needs, wired from a hardware profile, and torn down
 * after it. It starts the emulators on free ports, joins the serial links (mock cable or
 * PTY pair — socat or the npm bridge), starts or connects the device under test, and records one evidence
 * timeline. `stop()` leaves no process, port, timer or file handle behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LineSettings, SerialLikeTransport, Transport } from '../transports/types';
import { createMockSerialPair, PtyPair, SerialTransport } from '../transports';
import { getDialect } from '../protocols/iso8583';
import { EvidenceTimeline } from '../evidence/timeline';
import { loadCardCatalog, ArqcVerifier, type CardCatalog } from '../cards';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { NetworkProxy } from '../../emulators/network';
import { PrinterEmulator } from '../../emulators/printer';
import { CardReaderEmulator } from '../../emulators/card-reader';
import { DEFAULT_TERMINAL_CONFIG, applySettings, type TerminalConfig } from '../terminal/config';
import { TerminalRuntime } from '../terminal/runtime';
import { READY_MARKER } from '../terminal/main';
import { EcrTerminalDriver } from './terminal-driver';
import { BorrowedTransport } from './borrowed-transport';
import { PROJECT_ROOT, type HardwareProfile } from './profile';
import { PosbenchError } from '../util/errors';
import { reconcile, injectionsFrom, type Area, type Desync, type Injection, type PaperRecord } from './oracle';

/** Terminal settings whose wrong value is a misconfiguration, and what they disturb. */
const MISCONFIG_AREAS: Record<string, Area[]> = {
  print_receipts: ['paper'],
  receipt_copies: ['paper'],
  printer_port: ['paper'],
  printer_baud: ['paper'],
  paper_columns: ['paper'],
  printer_encoding: ['paper'],
  host_address: ['host'],
  host_timeout_ms: ['host'],
  connect_timeout_ms: ['host'],
};

export class BenchError extends PosbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BENCH', message, options);
  }
}

interface SerialLink {
  /** The path the terminal opens. */
  terminalPath: string;
  /** The bench (emulator) side, open. */
  benchSide: Transport;
  /** mock: the terminal side, open, lent to the in-process terminal. */
  terminalSide?: SerialLikeTransport;
  pty?: PtyPair;
  lineSettings: LineSettings;
}

export interface BenchOptions {
  profile: HardwareProfile;
  /** Scenario name, for evidence. */
  scenario?: string;
  catalogPath?: string;
}

export class Bench {
  readonly timeline = new EvidenceTimeline();
  readonly profile: HardwareProfile;
  readonly catalog: CardCatalog;
  issuer?: IssuerBankEmulator;
  proxy?: NetworkProxy;
  printer?: PrinterEmulator;
  reader?: CardReaderEmulator;
  readonly driver: EcrTerminalDriver;
  /** The terminal configuration the bench started the DUT with. */
  terminalConfig!: TerminalConfig;
  private runtime?: TerminalRuntime;
  private child?: ChildProcess;
  private childLog: string[] = [];
  private stateDir?: string;
  private links: SerialLink[] = [];
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private stopped = false;
  /** The DUT process's argv, to start it again after a power cycle. */
  private launchArgv?: string[];
  /** The catalog name of the last card presented (voids and refunds present it again). */
  lastCardName?: string;
  /** A chip card sits in the reader until it is removed. */
  private cardInReader = false;

  private constructor(private readonly opts: BenchOptions) {
    this.profile = opts.profile;
    this.catalog = loadCardCatalog(opts.catalogPath);
    this.driver = new EcrTerminalDriver(this.timeline);
  }

  /** Start a bench; on a failed bring-up everything already started is stopped again. */
  static async start(opts: BenchOptions): Promise<Bench> {
    const bench = new Bench(opts);
    try {
      await bench.bringUp();
    } catch (e) {
      bench.timeline.record({ source: 'bench', kind: 'bench.failed', summary: `bring-up failed: ${(e as Error).message}` });
      await bench.stop().catch(() => undefined);
      throw e instanceof PosbenchError ? e : new BenchError(`bench bring-up failed: ${(e as Error).message}`, { cause: e });
    }
    return bench;
  }

  private record(kind: string, summary: string, data?: unknown): void {
    this.timeline.record({ source: 'bench', kind, summary, ...(data === undefined ? {} : { data }) });
  }

  private async bringUp(): Promise<void> {
    const p = this.profile;
    this.record('bench.start', `profile ${p.name}${this.opts.scenario ? ` — ${this.opts.scenario}` : ''}`, { profile: p.name, file: p.file });
    const dialect = getDialect(p.issuer.dialect);
    let config = applySettings({ ...DEFAULT_TERMINAL_CONFIG }, p.dut.settings);

    // Issuer bank.
    let hostAddress = p.issuer.address ?? '';
    if (p.issuer.emulated) {
      const verifier = new ArqcVerifier();
      this.issuer = new IssuerBankEmulator({
        dialect,
        evidence: this.timeline,
        seed: p.seed,
        accounts: uniqueAccounts(this.catalog),
        verifyCryptogram: (pan: string, tlv55: Buffer) => {
          const card = this.catalog.byPan(pan);
          return !card?.emv || verifier.verify(card, tlv55);
        },
      });
      const addr = await this.issuer.start();
      this.cleanups.push(() => this.issuer?.stop());
      hostAddress = `${addr.host}:${addr.port}`;
      this.record('bench.issuer', `issuer bank emulator on ${hostAddress}`);
    }
    if (!hostAddress) throw new BenchError(`${p.file}: issuer.address is required when the issuer is not emulated`);

    // Network between terminal and issuer.
    if (p.network.emulated) {
      const idx = hostAddress.lastIndexOf(':');
      this.proxy = new NetworkProxy({
        targetHost: hostAddress.slice(0, idx),
        targetPort: Number(hostAddress.slice(idx + 1)),
        listenHost: p.network.listen_host,
        lengthHeader: dialect.lengthHeader,
        dialect,
        evidence: this.timeline,
        seed: p.seed,
        hostTimeoutMs: config.hostTimeoutMs,
      });
      const addr = await this.proxy.start();
      this.cleanups.push(() => this.proxy?.stop());
      hostAddress = `${addr.host}:${addr.port}`;
      this.record('bench.network', `network proxy on ${hostAddress}`);
    }
    config = { ...config, hostAddress };

    // Printer and reader links.
    const printerLink = await this.openLink('printer', p.printer.link, p.printer.emulated);
    const readerLink = await this.openLink('reader', p.reader.link, p.reader.emulated);
    if (p.printer.emulated) {
      this.printer = new PrinterEmulator({ columns: p.printer.columns, encoding: p.printer.encoding, evidence: this.timeline, seed: p.seed, lineSettings: { baudRate: p.printer.link.line.baud, dataBits: p.printer.link.line.data_bits, parity: p.printer.link.line.parity, stopBits: p.printer.link.line.stop_bits } });
      this.printer.attach(printerLink.benchSide);
      this.cleanups.push(() => this.printer?.stop());
    }
    if (p.reader.emulated) {
      this.reader = new CardReaderEmulator({ catalog: this.catalog, evidence: this.timeline, seed: p.seed });
      this.reader.attach(readerLink.benchSide);
      this.cleanups.push(() => this.reader?.detach());
    }
    config = { ...config, printerPort: printerLink.terminalPath, readerPort: readerLink.terminalPath, paperColumns: p.printer.columns, printerEncoding: p.printer.encoding };
    this.terminalConfig = config;

    // The device under test.
    const ecr = await this.startDut(config);
    await this.driver.connect(ecr.host, ecr.port);
    this.cleanups.push(() => this.driver.close());
    this.record('bench.ready', `terminal ECR on ${ecr.host}:${ecr.port}`);
  }

  private async openLink(device: 'printer' | 'reader', link: HardwareProfile['printer']['link'], emulated: boolean): Promise<SerialLink> {
    const lineSettings: LineSettings = { baudRate: link.line.baud, dataBits: link.line.data_bits, parity: link.line.parity, stopBits: link.line.stop_bits };
    let l: SerialLink;
    if (link.kind === 'mock') {
      const [a, b] = createMockSerialPair({ lineSettings, label: device });
      await a.open();
      await b.open();
      l = { terminalPath: (a as SerialTransport).path, terminalSide: a, benchSide: b, lineSettings };
      this.cleanups.push(async () => {
        await a.close();
        await b.close();
      });
    } else if (link.kind === 'pty') {
      const pty = await PtyPair.create();
      const b = new SerialTransport({ path: pty.pathB, lineSettings });
      await b.open();
      l = { terminalPath: pty.pathA, benchSide: b, pty, lineSettings };
      this.cleanups.push(async () => {
        await b.close();
        await pty.close();
      });
    } else {
      // A real port. With a real device behind it the terminal owns the port; with the
      // device emulated, the port is the bench's end of the cable and the emulator needs it open.
      const t = new SerialTransport({ path: link.path!, lineSettings });
      l = { terminalPath: link.path!, benchSide: t, lineSettings };
      if (emulated) {
        await t.open();
        this.cleanups.push(() => t.close());
      }
    }
    this.links.push(l);
    const via = l.pty ? ` via ${l.pty.backend} — ${l.pty.backendReason}` : '';
    this.record('bench.link', `${device} link: ${link.kind} (${l.terminalPath})${via}`, l.pty ? { backend: l.pty.backend, reason: l.pty.backendReason } : undefined);
    return l;
  }

  /** The in-process terminal opens a port: a mock cable end is lent, a PTY end is opened for real. */
  private lendPort(path: string, baudRate?: number): Promise<Transport> {
    const link = this.links.find((l) => l.terminalPath === path);
    if (link?.terminalSide) {
      const t = new BorrowedTransport(link.terminalSide);
      return t.open().then(() => t);
    }
    if (link?.pty) {
      const t = new SerialTransport({ path, lineSettings: { ...link.lineSettings, ...(baudRate ? { baudRate } : {}) } });
      return t.open().then(() => t);
    }
    return Promise.reject(new BenchError(`Port does not exist: ${path}`));
  }

  private async startDut(config: TerminalConfig): Promise<{ host: string; port: number }> {
    const dut = this.profile.dut;
    if (dut.run === 'external') return { host: dut.ecr.host, port: dut.ecr.port };
    this.stateDir = mkdtempSync(join(tmpdir(), 'posbench-terminal-'));
    this.cleanups.push(() => rmSync(this.stateDir!, { recursive: true, force: true }));
    if (dut.run === 'in-process') {
      this.runtime = new TerminalRuntime({
        config,
        stateDir: this.stateDir,
        openPrinter: (path, baudRate) => this.lendPort(path, baudRate),
        openReader: (path) => this.lendPort(path),
        log: (line) => this.timeline.record({ source: 'terminal', kind: 'terminal.log', summary: line }),
      });
      const a = await this.runtime.start();
      this.cleanups.push(() => this.runtime?.stop());
      return { host: a.ecrHost, port: a.ecrPort };
    }
    return this.spawnDut(config);
  }

  private placeholders(config: TerminalConfig): Record<string, string> {
    const idx = config.hostAddress.lastIndexOf(':');
    return {
      node: process.execPath,
      project_root: PROJECT_ROOT,
      state_dir: this.stateDir!,
      'host.address': config.hostAddress,
      'host.host': config.hostAddress.slice(0, idx),
      'host.port': config.hostAddress.slice(idx + 1),
      'printer.path': config.printerPort,
      'reader.path': config.readerPort,
      'ecr.port': '0',
    };
  }

  private async spawnDut(config: TerminalConfig): Promise<{ host: string; port: number }> {
    const vars = this.placeholders(config);
    const argv = this.profile.dut.command!.map((a) =>
      a.replace(/\{([a-z_.]+)\}/g, (m, k: string) => {
        if (!(k in vars)) throw new BenchError(`${this.profile.file}: dut.command: unknown placeholder ${m} (known: ${Object.keys(vars).map((v) => `{${v}}`).join(' ')})`);
        return vars[k]!;
      }),
    );
    // Settings the profile makes go on the command line as --set NAME=VALUE.
    for (const [k, v] of Object.entries(this.profile.dut.settings)) argv.push('--set', `${k}=${typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)}`);
    return this.launch(argv);
  }

  private launch(argv: string[]): Promise<{ host: string; port: number }> {
    this.launchArgv = argv;
    const child = spawn(argv[0]!, argv.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.record('bench.dut', `started terminal process pid ${child.pid}`, { argv });
    const errLines = createInterface({ input: child.stderr! });
    errLines.on('line', (line) => {
      this.childLog.push(line);
      this.timeline.record({ source: 'terminal', kind: 'terminal.log', summary: line });
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new BenchError(`the terminal process did not report ready within ${this.profile.dut.ready_timeout_ms} ms (dut.ready_timeout_ms); its log:\n${this.childLog.slice(-20).join('\n')}`)), this.profile.dut.ready_timeout_ms);
      const outLines = createInterface({ input: child.stdout! });
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(e);
      };
      outLines.on('line', (line) => {
        if (line.startsWith(READY_MARKER)) {
          clearTimeout(timer);
          try {
            const a = JSON.parse(line.slice(READY_MARKER.length).trim()) as { ecrHost: string; ecrPort: number };
            resolve({ host: a.ecrHost, port: a.ecrPort });
          } catch (e) {
            fail(new BenchError(`the terminal's ready line is not JSON: ${line}`));
          }
        } else this.timeline.record({ source: 'terminal', kind: 'terminal.stdout', summary: line });
      });
      child.once('exit', (code, signal) => {
        this.record('bench.dut.exit', `terminal process exited (code ${code}, signal ${signal})`);
        fail(new BenchError(`the terminal process exited before it was ready (code ${code}, signal ${signal}); its log:\n${this.childLog.slice(-20).join('\n')}`));
      });
      child.once('error', (e) => fail(new BenchError(`cannot start the terminal process ${argv[0]}: ${e.message}`)));
    });
  }

  private async killChild(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  }

  /** A power cycle of the terminal: the journal and any pending reversal survive. */
  async restartTerminal(): Promise<void> {
    this.record('bench.restart', 'terminal power cycle');
    if (this.profile.dut.run === 'in-process') {
      await this.driver.request('restart');
    } else if (this.profile.dut.run === 'process') {
      await this.driver.close();
      await this.killChild();
      const a = await this.launch(this.launchArgv!);
      await this.driver.connect(a.host, a.port);
    } else {
      throw new BenchError(`profile ${this.profile.name}: an external terminal cannot be power-cycled by the bench — ask the technician`);
    }
  }

  /** The terminal's journal, read over ECR (what the terminal believes). */
  journal() {
    return this.driver.journal();
  }

  // ------------------------------------------------------------ for steps

  private missing(part: string, needed: string): BenchError {
    return new BenchError(`profile "${this.profile.name}" (${this.profile.file}) has no emulated ${part}, so the bench cannot provide ${needed}`);
  }

  requireIssuer(): IssuerBankEmulator {
    if (!this.issuer) throw this.missing('issuer', 'issuer behaviour');
    return this.issuer;
  }

  requireProxy(): NetworkProxy {
    if (!this.proxy) throw this.missing('network', 'network faults');
    return this.proxy;
  }

  requirePrinter(needed: string): PrinterEmulator {
    if (!this.printer) throw this.missing('printer', needed);
    return this.printer;
  }

  /** Record an injected disturbance: the oracle derives probable causes from these. */
  inject(cause: Injection['cause'], affects: Area[], what: string): void {
    this.timeline.record({ source: 'step', kind: 'inject', summary: what, data: { cause, affects } });
  }

  /** Change a terminal setting over ECR; settings that break a link are recorded as misconfiguration. */
  async setTerminalSetting(name: string, value: string): Promise<void> {
    await this.driver.setSetting(name, value);
    const affects = MISCONFIG_AREAS[name];
    if (affects) this.inject('misconfiguration', affects, `terminal setting ${name} = ${value}`);
    if (name === 'host_timeout_ms') this.terminalConfig = { ...this.terminalConfig, hostTimeoutMs: Number(value) };
    if (name === 'printer_baud' && this.printer) {
      const printerBaud = this.profile.printer.link.line.baud;
      if (Number(value) !== printerBaud) this.printer.setFault({ kind: 'baud-mismatch', terminalBaud: Number(value) });
      else this.printer.clearFault('baud-mismatch');
    }
  }

  /**
   * Resolve when pred() holds, re-checked on every timeline event; false after timeoutMs.
   * When `until` settles first the wait ends there with pred()'s value (and leaves no timer).
   */
  waitFor(pred: () => boolean, timeoutMs: number, until?: Promise<unknown>): Promise<boolean> {
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let finished = false;
      const off = this.timeline.onEvent(() => {
        if (pred()) done(true);
      });
      const timer = setTimeout(() => done(pred()), timeoutMs);
      const done = (v: boolean) => {
        if (finished) return;
        finished = true;
        off();
        clearTimeout(timer);
        resolve(v);
      };
      until?.then(
        () => done(pred()),
        () => done(pred()),
      );
    });
  }

  /**
   * Wait until the terminal displays `text` (true), or until `until` settles or the time is
   * up (false). The display can change again right after, so callers check what they need.
   */
  async displayShows(text: string, until?: Promise<unknown>, timeoutMs = 10000): Promise<boolean> {
    return this.waitFor(() => this.driver.display.includes(text), timeoutMs, until);
  }

  /** Wait until the terminal displays something matching `re`. */
  async waitForDisplay(re: RegExp, timeoutMs = 10000): Promise<void> {
    const ok = await this.waitFor(() => re.test(this.driver.display), timeoutMs);
    if (!ok) throw new BenchError(`the terminal did not show ${re} within ${timeoutMs} ms; it shows "${this.driver.display}"`);
  }

  async presentCard(name: string): Promise<void> {
    if (!this.reader) throw this.missing('card reader', `the card ${name}`);
    this.catalog.get(name); // unknown names fail here with the catalog's list
    this.lastCardName = name;
    await this.reader.present(name);
    this.cardInReader = this.catalog.get(name).presentation === 'chip';
  }

  async removeCard(): Promise<void> {
    if (!this.reader) throw this.missing('card reader', 'card removal');
    await this.reader.remove();
    this.cardInReader = false;
  }

  async removeCardIfPresent(): Promise<void> {
    if (this.cardInReader) await this.removeCard();
  }

  /** Every receipt the printer saw, as paper records (text as printed). */
  async paper(): Promise<PaperRecord[]> {
    if (!this.printer) throw this.missing('printer', 'the printed paper');
    return this.printer.journal().map((e) => ({ text: e.receipt.text(), complete: e.complete, ...(e.fault ? { fault: e.fault } : {}) }));
  }

  async completeReceipts(): Promise<PaperRecord[]> {
    return (await this.paper()).filter((p) => p.complete);
  }

  /** Run the oracle over the ledger, the journal and the paper as they are now. */
  async reconcile(): Promise<Desync[]> {
    const desyncs = reconcile({
      terminalId: this.terminalConfig.terminalId,
      ledger: this.requireIssuer().ledger.events(),
      journal: await this.journal(),
      paper: await this.paper(),
      injections: injectionsFrom(this.timeline.all()),
      receiptFormat: this.profile.receipt_format,
    });
    this.timeline.record({ source: 'oracle', kind: 'oracle.verdict', summary: desyncs.length ? desyncs.map((d) => `${d.type} (${d.cause})`).join(', ') : 'in sync', data: desyncs });
    return desyncs;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.driver.close().catch(() => undefined);
    await this.killChild().catch(() => undefined);
    for (const c of this.cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        this.record('bench.teardown', `teardown step failed: ${(e as Error).message}`);
      }
    }
    this.record('bench.stop', 'bench torn down');
  }
}

/** One account per PAN (catalog cards that share a PAN are one account). Expiry is judged per request (field 14). */
function uniqueAccounts(catalog: CardCatalog): Array<{ pan: string; balanceMinor: number }> {
  const seen = new Map<string, { pan: string; balanceMinor: number }>();
  for (const c of catalog.all()) {
    if (!seen.has(c.pan)) seen.set(c.pan, { pan: c.pan, balanceMinor: c.cardholder.startingBalanceMinor });
  }
  return [...seen.values()];
}
