/**
 * The bench: everything one scenario needs, wired from a hardware profile, and torn down
 * after it. The Bench is the strategy that joins the parts; each part's mechanics live in
 * its own place:
 * - the host side — issuer bank emulator (or the profile's real host) and network proxy,
 *   on free loopback ports;
 * - the serial links (links/: mock cable, PTY pair — socat or the npm bridge —, real port) with the printer and reader
 *   emulators on the bench's end;
 * - the device under test (src/dut/: in-process, process, external), started with the
 *   terminal configuration the bench derives, and driven over ECR (terminal-driver.ts) or,
 *   without ECR, by an operator told what to key in (operator-driver.ts);
 * - the scenario's state: the evidence timeline, injections with their causes
 *   (injections.ts), the last card presented, and the oracle's verdict (oracle.ts).
 * `stop()` leaves no process, port, timer or file handle behind.
 */
import type { Transport } from '../transports/types';
import { getDialect } from '../protocols/iso8583';
import { EvidenceTimeline } from '../evidence/timeline';
import { Operator, presentCardAction, type OperatorStreams } from './operator';
import { loadCardCatalog, ArqcVerifier, uniqueAccounts, type CardCatalog } from '../cards';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { NetworkProxy } from '../../emulators/network';
import { PrinterEmulator, PrinterTcpServer } from '../../emulators/printer';
import { CardReaderEmulator } from '../../emulators/card-reader';
import { DEFAULT_TERMINAL_CONFIG, applySetting, applySettings, type TerminalConfig } from '../terminal/config';
import { createDut, type DeviceUnderTest, type HostPort } from '../dut';
import { EcrTerminalDriver, type TerminalDriver } from './terminal-driver';
import { OperatorTerminalDriver } from './operator-driver';
import { createLink, type Link, type LinkDevice } from './links';
import type { HardwareProfile } from './profile';
import { PosbenchError } from '../util/errors';
import { formatHostPort, parseHostPort } from '../util/address';
import { checksWithoutJournal, hostMessagesFrom, reconcile, type Area, type Desync, type PaperRecord } from './oracle';
import { disturb, injectionsFrom, isFaultEvent, MISCONFIG_AREAS, type InjectedCause } from './injections';
import { startPrinterTap, type TappedPrinter } from './printer-tap';
import { waitOnTimeline } from './wait';
import { PowerSwitch, type PowerPoint } from './power';
import { WireLedger } from './wire-ledger';
import type { LedgerRecord } from '../oracle/types';

export class BenchError extends PosbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BENCH', message, options);
  }
}

export interface BenchOptions {
  profile: HardwareProfile;
  /** Scenario name, for evidence. */
  scenario?: string;
  catalogPath?: string;
  /**
   * Emulators only, no device under test: `posbench emulate` (a physical terminal is
   * pointed at the bench; its ECR port may be attached later with `attachTerminal` so the
   * journal, and so the oracle, can be read) and `posbench doctor` (which takes the
   * terminal's seat on the links, `linkOf`).
   */
  withoutDut?: boolean;
  /**
   * Keep only this many of the newest evidence events in memory, plus every injection (a
   * soak's timeline would otherwise grow with every sale); unlimited when not set.
   */
  evidenceRetain?: number;
  /** Where operator prompts go (operator.ts); process.stdin/stdout when not set. */
  operatorStreams?: OperatorStreams;
}

export class Bench {
  readonly timeline: EvidenceTimeline;
  readonly profile: HardwareProfile;
  readonly catalog: CardCatalog;
  issuer?: IssuerBankEmulator;
  proxy?: NetworkProxy;
  printer?: PrinterEmulator;
  reader?: CardReaderEmulator;
  /** A real host behind the proxy (issuer.emulated false): its record as the wire showed it (wire-ledger.ts). */
  wireLedger?: WireLedger;
  /** A real printer behind the bench (profile printer.tap): its paper as the terminal sent it. */
  tappedPrinter?: TappedPrinter;
  readonly driver: TerminalDriver;
  /** Why the device under test is not running (nobody to ask to power an operator terminal): the scenario is skipped. */
  unattended?: string;
  /** The terminal configuration the bench started the DUT with. */
  terminalConfig!: TerminalConfig;
  /** The settings a terminal gets from this bench: the profile's plus those derived from it (printer_baud). */
  dutSettings: Record<string, string | number | boolean> = {};
  /** The device under test, of the kind the profile names (src/dut/). */
  dut?: DeviceUnderTest;
  private links: Link[] = [];
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private stopped = false;
  /** The catalog name of the last card presented (voids and refunds present it again). */
  lastCardName?: string;
  /** A chip card sits in the reader until it is removed. */
  private cardInReader = false;
  /** The terminal's power switch (power.ts): `powerCut(point)`, `powerOn()`. */
  readonly power: PowerSwitch;
  /** Asks a person at the bench to do what no emulator does on a real device (operator.ts). */
  readonly operator: Operator;

  private constructor(private readonly opts: BenchOptions) {
    this.profile = opts.profile;
    this.timeline = new EvidenceTimeline(undefined, { retain: opts.evidenceRetain, pin: (e) => e.kind === 'inject' || e.kind === 'inject.covers' || isFaultEvent(e) });
    this.catalog = loadCardCatalog(opts.catalogPath);
    this.operator = new Operator({ evidence: this.timeline, streams: opts.operatorStreams });
    const dut = this.profile.dut;
    this.driver =
      dut.run === 'operator' && !opts.withoutDut
        ? new OperatorTerminalDriver({ timeline: this.timeline, ask: (a) => this.operator.ask(a), paper: () => this.paper(), receiptFormat: this.profile.receipt_format, model: dut.model, wireGraceMs: applySettings({ ...DEFAULT_TERMINAL_CONFIG }, dut.settings).hostTimeoutMs })
        : new EcrTerminalDriver(this.timeline);
    this.power = new PowerSwitch({
      timeline: this.timeline,
      dut: () => {
        if (!this.dut) throw new BenchError('the bench has no device under test yet');
        return this.dut;
      },
      issuer: () => this.requireIssuer(),
      printer: () => this.requirePrinter('a power cut at a point of printing'),
      disturb: (cause, areas, what, fn) => this.disturb(cause, areas, what, fn),
      disconnect: () => this.driver.close(),
      connect: (ecr) => this.driver.connect(ecr.host, ecr.port),
    });
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

  /** The topology the profile describes: host side, serial peripherals, then the DUT. */
  private async bringUp(): Promise<void> {
    const p = this.profile;
    this.record('bench.start', `profile ${p.name}${this.opts.scenario ? ` — ${this.opts.scenario}` : ''}`, { profile: p.name, file: p.file });
    const config = applySettings({ ...DEFAULT_TERMINAL_CONFIG }, p.dut.settings);
    const host = await this.startHostSide(config);
    const { printerLink, readerLink } = await this.startPeripherals();
    // The printer's baud rate, paper width and code page have one home, the profile's printer
    // section: the terminal gets the same, as settings (a process terminal as --set options).
    const derived = { printer_baud: printerLink.lineSettings.baudRate, paper_columns: p.printer.columns, printer_encoding: p.printer.encoding };
    const settings = { ...p.dut.settings, ...derived };
    this.dutSettings = settings;
    this.terminalConfig = {
      ...applySettings(config, derived),
      hostAddress: formatHostPort(host),
      printerPort: printerLink.path,
      readerPort: readerLink.path,
    };
    if (this.opts.withoutDut) {
      this.record('bench.ready', `emulators ready, no device under test: the terminal dials ${formatHostPort(host)}, prints to ${printerLink.path}, reads cards from ${readerLink.path}`);
      return;
    }
    this.dut = createDut({ dut: p.dut, profileFile: p.file, config: this.terminalConfig, settings, host, openPort: (path, baud) => this.lendPort(path, baud), evidence: this.timeline, ask: (a) => this.operator.ask(a) });
    const { ecr, unattended } = await this.dut.start();
    if (unattended) {
      this.unattended = unattended;
      this.record('bench.unattended', `no device under test: ${unattended}`);
      return;
    }
    if (ecr) await this.driver.connect(ecr.host, ecr.port);
    this.cleanups.push(() => this.driver.close());
    this.record('bench.ready', ecr ? `terminal ECR on ${ecr.host}:${ecr.port}` : `terminal without ECR (dut.run ${p.dut.run}): the operator keys in every command`);
  }

  /** The issuer bank (emulated or the profile's address) and the network in front of it; the address the terminal dials. */
  private async startHostSide(config: TerminalConfig): Promise<HostPort> {
    const hostTimeoutMs = config.hostTimeoutMs;
    const p = this.profile;
    const dialect = getDialect(p.issuer.dialect);
    let host: HostPort | undefined = p.issuer.address ? parseHostPort(p.issuer.address) : undefined;
    if (p.issuer.emulated) {
      const verifier = new ArqcVerifier();
      this.issuer = new IssuerBankEmulator({
        dialect,
        evidence: this.timeline,
        seed: p.seed,
        // The acquirer knows this terminal: its terminal and merchant ids and the NII it is reached by.
        terminalIds: [config.terminalId],
        merchantId: config.merchantId,
        nii: config.nii,
        accounts: uniqueAccounts(this.catalog),
        verifyCryptogram: (pan: string, tlv55: Buffer) => {
          const card = this.catalog.byPan(pan);
          return !card?.emv || verifier.verify(card, tlv55);
        },
      });
      host = await this.issuer.start();
      this.cleanups.push(() => this.issuer?.stop());
      this.record('bench.issuer', `issuer bank emulator on ${formatHostPort(host)}`);
    }
    if (!host) throw new BenchError(`${p.file}: issuer.address is required when the issuer is not emulated`);
    if (p.network.emulated) {
      if (!this.issuer) this.wireLedger = new WireLedger({ dialect });
      this.proxy = new NetworkProxy({
        ...(this.wireLedger ? { tap: this.wireLedger.tapInto(this.timeline, p.issuer.dialect) } : {}),
        targetHost: host.host,
        targetPort: host.port,
        listenHost: p.network.listen_host,
        lengthHeader: dialect.lengthHeader,
        dialect,
        evidence: this.timeline,
        seed: p.seed,
        hostTimeoutMs,
      });
      host = await this.proxy.start();
      this.cleanups.push(() => this.proxy?.stop());
      this.record('bench.network', `network proxy on ${formatHostPort(host)}`);
    }
    return host;
  }

  /** The printer and reader links, with their emulators on the bench's end when the profile emulates them. */
  private async startPeripherals(): Promise<{ printerLink: Link; readerLink: Link }> {
    const p = this.profile;
    // A tapped printer: the bench holds the end of the terminal's cable, as for an emulated one.
    const printerLink = await this.openLink('printer', p.printer.link, p.printer.emulated || !!p.printer.tap);
    const readerLink = await this.openLink('reader', p.reader.link, p.reader.emulated);
    if (p.printer.emulated) {
      this.printer = new PrinterEmulator({ columns: p.printer.columns, encoding: p.printer.encoding, evidence: this.timeline, seed: p.seed, lineSettings: printerLink.lineSettings });
      this.cleanups.push(() => this.printer?.stop());
      if (printerLink.benchListener) {
        // A network printer: one connection per job, served one at a time by the emulator's TCP server.
        const server = new PrinterTcpServer(this.printer, { listener: printerLink.benchListener, evidence: this.timeline });
        this.cleanups.push(() => server.close());
      } else this.printer.attach(printerLink.benchSide);
    }
    if (p.printer.tap) {
      const tapped = await startPrinterTap(printerLink, p.printer, this.timeline);
      this.tappedPrinter = tapped;
      this.cleanups.push(() => tapped.close());
    }
    if (p.reader.emulated) {
      this.reader = new CardReaderEmulator({ catalog: this.catalog, evidence: this.timeline, seed: p.seed });
      this.reader.attach(readerLink.benchSide);
      this.cleanups.push(() => this.reader?.detach());
    }
    return { printerLink, readerLink };
  }

  private async openLink(device: LinkDevice, spec: HardwareProfile['printer']['link'], emulated: boolean): Promise<Link> {
    const link = createLink(spec, device, emulated);
    this.cleanups.push(() => link.close());
    await link.open();
    this.links.push(link);
    const via = link.via ? ` via ${link.via.backend} — ${link.via.reason}` : '';
    this.record('bench.link', `${device} link: ${link.kind} (${link.path})${via}`, link.via);
    return link;
  }

  /** The link a peripheral hangs on (after bring-up). */
  linkOf(device: LinkDevice): Link | undefined {
    return this.links.find((l) => l.device === device);
  }

  /** The in-process terminal opens a port by path: the link with that path gives it its end. */
  private lendPort(path: string, baudRate?: number): Promise<Transport> {
    const link = this.links.find((l) => l.path === path);
    if (!link) return Promise.reject(new BenchError(`Port does not exist: ${path}`));
    return link.openTerminalSide(baudRate);
  }

  /**
   * A bench without a DUT (withoutDut): drive the ECR port of a terminal started elsewhere,
   * so its journal (and the oracle) can be read. A terminal attached before is let go.
   */
  async attachTerminal(ecr: HostPort): Promise<void> {
    if (this.dut) throw new BenchError(`this bench has its own device under test (dut.run ${this.profile.dut.run}): there is no other terminal to attach`);
    await this.driver.close();
    await this.driver.connect(ecr.host, ecr.port);
    this.record('bench.terminal', `terminal ECR attached: ${formatHostPort(ecr)}`, ecr);
  }

  /** A power cycle of the terminal: the journal and any pending reversal survive. */
  async restartTerminal(): Promise<void> {
    const dut = this.dut!;
    this.record('bench.restart', 'terminal power cycle');
    if (dut.powerCycle !== 'ecr-moves') {
      await dut.restart();
      return;
    }
    await this.driver.close();
    const { ecr } = await dut.restart();
    if (ecr) await this.driver.connect(ecr.host, ecr.port);
  }

  /**
   * Cut the terminal's power at `point` (power.ts POWER_POINTS; default at once): resolves
   * once it is off. An armed point need not be awaited; `power.whenOff()` waits for it.
   */
  powerCut(point?: PowerPoint): Promise<void> {
    return this.power.cut(point);
  }

  /** Power the terminal on after a cut: it boots from its state directory; the driver reconnects. */
  powerOn(): Promise<void> {
    return this.power.on();
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

  /** The host's record: the emulated issuer's ledger, or what the wire showed of a tapped real host (wire-ledger.ts). */
  hostRecord(): LedgerRecord[] {
    if (this.issuer) return this.issuer.ledger.events();
    if (this.wireLedger) return this.wireLedger.records();
    throw this.missing('issuer', 'a record of what the host booked (and no network proxy taps the real host)');
  }

  requireProxy(): NetworkProxy {
    if (!this.proxy) throw this.missing('network', 'network faults');
    return this.proxy;
  }

  requirePrinter(needed: string): PrinterEmulator {
    if (!this.printer) throw this.missing('printer', needed);
    return this.printer;
  }

  /**
   * Disturb the bench with a known cause: records the injection {cause, areas, what} on the
   * timeline, then runs fn, which adds the fault, and returns what fn returns. The emulator
   * fault events fn causes belong to this injection (listed in one `inject.covers` event)
   * rather than counting again on their own (see injections.ts).
   */
  disturb<T>(cause: InjectedCause, areas: Area[], what: string, fn: () => T): T {
    return disturb(this.timeline, { cause, affects: areas }, what, fn);
  }

  /** Change a terminal setting over ECR; settings that break a link are recorded as misconfiguration. */
  /** Something a step started for this scenario (a device on the network), stopped with the bench. */
  onStop(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  async setTerminalSetting(name: string, value: string): Promise<void> {
    await this.driver.setSetting(name, value);
    // The settings the oracle judges by (host timeout; the copies a slip must come in).
    if (['host_timeout_ms', 'receipt_copies', 'print_receipts'].includes(name)) this.terminalConfig = applySetting(this.terminalConfig, name, value);
    const affects = MISCONFIG_AREAS[name];
    if (affects) disturb(this.timeline, { cause: 'misconfiguration', affects, setting: name }, `terminal setting ${name} = ${value}`, () => this.printerHears(name, value));
  }

  /**
   * Why a terminal setting cannot do on this bench what a scenario sets it for, if it cannot:
   * printer_baud means nothing to a network printer (printer.link.kind tcp).
   */
  settingNotApplicable(name: string): string | undefined {
    const link = this.profile.printer.link;
    if (name === 'printer_baud' && link.kind === 'tcp') {
      return `printer_baud has no effect on a network printer: profile ${this.profile.name} has printer.link.kind tcp, so a scenario about a printer baud mismatch does not apply`;
    }
    return undefined;
  }

  /** A terminal printer_baud other than the printer's own speed garbles what the printer receives. */
  private printerHears(name: string, value: string): void {
    const link = this.profile.printer.link;
    if (name !== 'printer_baud' || !this.printer || link.kind === 'tcp') return;
    const printerBaud = link.line.baud; // the printer's own speed
    if (Number(value) !== printerBaud) this.printer.setFault({ kind: 'baud-mismatch', terminalBaud: Number(value) });
    else this.printer.clearFault('baud-mismatch');
  }

  /**
   * Resolve when pred() holds, re-checked on every timeline event; false after timeoutMs.
   * When `until` settles first the wait ends there with pred()'s value (and leaves no timer).
   */
  waitFor(pred: () => boolean, timeoutMs: number, until?: Promise<unknown>): Promise<boolean> {
    return waitOnTimeline(this.timeline, pred, timeoutMs, until);
  }

  /**
   * Wait until the terminal displays `text` (true), or until `until` settles or the time is
   * up (false). The display can change again right after, so callers check what they need.
   */
  async displayShows(text: string, until?: Promise<unknown>, timeoutMs = 10000): Promise<boolean> {
    if (this.driver instanceof OperatorTerminalDriver) return this.driver.shows(text);
    return this.waitFor(() => this.driver.display.includes(text), timeoutMs, until);
  }

  /** Wait until the terminal displays something matching `re`. */
  async waitForDisplay(re: RegExp, timeoutMs = 10000): Promise<void> {
    const ok = await this.waitFor(() => re.test(this.driver.display), timeoutMs);
    if (!ok) throw new BenchError(`the terminal did not show ${re} within ${timeoutMs} ms; it shows "${this.driver.display}"`);
  }

  /**
   * Present a catalog card: the reader emulator does it, or on a real reader (reader.emulated
   * false) the operator is asked to. Returns why it was skipped (also on the timeline) when
   * nobody can be asked, else undefined.
   */
  async presentCard(name: string): Promise<string | undefined> {
    const card = this.catalog.get(name); // unknown names fail here with the catalog's list
    if (!this.reader && this.profile.reader.emulated) throw this.missing('card reader', `the card ${name}`);
    if (!this.reader) {
      const asked = await this.operator.ask(presentCardAction(name, card));
      if (asked.status === 'skipped') return asked.reason;
    } else await this.reader.present(name);
    this.lastCardName = name;
    this.cardInReader = card.presentation === 'chip';
    return undefined;
  }

  async removeCard(): Promise<void> {
    if (!this.reader && this.profile.reader.emulated) throw this.missing('card reader', 'card removal');
    if (this.reader) await this.reader.remove();
    else await this.operator.ask('take the card out of the reader');
    this.cardInReader = false;
  }

  async removeCardIfPresent(): Promise<void> {
    // A terminal without power hears nothing: the card stays in the reader until the next
    // card is presented (the reader then reports its removal to the terminal powered again).
    if (this.cardInReader && !this.power.isOff) await this.removeCard();
  }

  /** Every receipt the printer saw, as paper records (text as printed). */
  async paper(): Promise<PaperRecord[]> {
    if (!this.printer && this.tappedPrinter) return this.tappedPrinter.paper();
    if (!this.printer) throw this.missing('printer', 'the printed paper');
    return this.printer.journal().map((e) => {
      const wrapped = e.receipt.lines.filter((l) => l.wrapped).length;
      return { text: e.receipt.text(), complete: e.complete, ...(e.fault ? { fault: e.fault } : {}), ...(wrapped ? { wrappedLines: wrapped } : {}) };
    });
  }

  async completeReceipts(): Promise<PaperRecord[]> {
    return (await this.paper()).filter((p) => p.complete);
  }

  /**
   * Run the oracle over the ledger, the journal and the paper as they are now. `record`
   * false: only look (the live bench page asks often), no `oracle.verdict` event.
   */
  async reconcile(record = true): Promise<Desync[]> {
    // A terminal whose power is off (it would not boot) shows no journal: judged without one.
    const journal = this.driver.hasJournal && !this.power.isOff ? await this.journal() : undefined;
    const desyncs = reconcile({
      terminalId: this.terminalConfig.terminalId,
      ledger: this.hostRecord(),
      ...(journal ? { journal } : { intents: this.driver instanceof OperatorTerminalDriver ? this.driver.intents : [] }),
      paper: await this.paper(),
      injections: injectionsFrom(this.timeline.all()),
      receiptFormat: this.profile.receipt_format,
      messages: hostMessagesFrom(this.timeline.all()),
      clockWindow: { fromMs: this.timeline.startedAtMs, toMs: Date.now() },
      printing: { receiptCopies: this.terminalConfig.receiptCopies, printReceipts: this.terminalConfig.printReceipts },
    });
    if (record && this.wireLedger) {
      const recs = this.wireLedger.records();
      const unknown = recs.filter((r) => r.kind === 'unknown');
      this.timeline.record({ source: 'oracle', kind: 'oracle.host-record', summary: `the host's record is what the wire showed: ${recs.length} record(s)${unknown.length ? `; unknown (no answer seen): ${unknown.map((u) => `${u.mti} STAN ${u.stan}`).join(', ')}` : ''}`, data: recs });
    }
    if (record && !journal) this.timeline.record({ source: 'oracle', kind: 'oracle.without-journal', summary: `no journal to read (${this.power.isOff ? "the terminal's power is off" : `dut.run ${this.profile.dut.run}`}): checks not made: ${checksWithoutJournal().join('; ')}`, data: checksWithoutJournal() });
    if (record) this.timeline.record({ source: 'oracle', kind: 'oracle.verdict', summary: desyncs.length ? desyncs.map((d) => `${d.type} (${d.cause})`).join(', ') : 'in sync', data: desyncs });
    return desyncs;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.power.withdraw();
    await this.driver.close().catch(() => undefined);
    await this.dut?.stop().catch((e: Error) => this.record('bench.teardown', `stopping the device under test failed: ${e.message}`));
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
