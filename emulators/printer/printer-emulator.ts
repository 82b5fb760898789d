/**
 * The receipt printer emulator: reads ESC/POS from a Transport, prints it onto an emulated
 * paper journal, answers status requests with real status bytes, and fails the way real
 * printers fail (see faults.ts). Knows nothing of steps or Cucumber.
 */
import { EventEmitter } from 'node:events';
import { DecoderEvent, EscPosDecoder, ReceiptAssembler } from '../../src/protocols/escpos/decoder';
import { PaperColumns, Receipt, ReceiptItem } from '../../src/protocols/escpos/receipt';
import type { EvidenceSink } from '../../src/evidence/types';
import { nullEvidence } from '../../src/evidence/types';
import type { Clock } from '../../src/util/clock';
import { systemClock } from '../../src/util/clock';
import { PosbenchError } from '../../src/util/errors';
import { maskPansInText } from '../../src/util/mask';
import { SeededRandom } from '../../src/util/random';
import { DEFAULT_LINE_SETTINGS, LineSettings, Transport } from '../../src/transports/types';
import { describeFault, PrinterFault, PrinterFaultKind } from './faults';
import { Scheduler, systemScheduler } from './scheduler';
import { asbBytes, describeStatus, dleEotByte, gsIReply, gsRByte, isStopped, PaperState, PrinterState } from './status';
import { UartGarbler } from './uart';

export interface PrinterEmulatorOptions {
  /** Paper width in columns: 32 (58 mm) or 48 (80 mm). Default 48. */
  columns?: PaperColumns;
  /** Power-on character set ('gb18030' default: Chinese mode on; 'cp437' …). */
  encoding?: string;
  evidence?: EvidenceSink;
  /** Timestamps of journal entries; also the time base of paced printing. */
  clock?: Clock;
  /** Timers for paced printing (tests pass a ManualScheduler, which is also a Clock). */
  scheduler?: Scheduler;
  /** Seed of the baud-mismatch garbling. Default 1. */
  seed?: number;
  /** The printer's own serial settings (38400 8N1 default). */
  lineSettings?: LineSettings;
}

export interface PaperJournalEntry {
  /** What is on the paper. */
  receipt: Receipt;
  /** What the terminal sent for this receipt (decoded), whether or not it printed. */
  sent: Receipt;
  /** Clock milliseconds when the first line of the receipt arrived / the receipt ended. */
  startedAt: number;
  endedAt: number;
  /** Everything sent was printed (and not garbled). */
  complete: boolean;
  /** The cutter cut the paper after it. */
  cut: boolean;
  /** The fault that cut it short (a PrinterFault kind), if any. */
  fault?: string;
  /** Still being printed (only in journal() snapshots). */
  open?: boolean;
}

export interface PrinterStatusSnapshot {
  paper: PaperState;
  coverOpen: boolean;
  /** Powered off / unplugged: answers nothing. */
  offline: boolean;
  cutterError: boolean;
  /** Printing possible (not offline, no cover open, paper end or error). */
  ready: boolean;
  asbEnabled: boolean;
  slowMmPerSec: number | null;
  terminalBaud: number | null;
  /** Lines left on a roll that runs out, or null. */
  paperLinesLeft: number | null;
  linesPrinted: number;
  faults: PrinterFault[];
}

export class PrinterFaultError extends PosbenchError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('PRINTER_FAULT', `printer fault ${field}: ${message}`);
  }
}

interface OpenEntry {
  startedAt: number;
  lost: boolean;
  garbled: boolean;
  fault?: string;
}

interface Action {
  due: number;
  fn: () => void;
}

/** Paper length of one text line at single height: 1/6 inch. */
const LINE_MM = 25.4 / 6;
const DOTS_PER_MM = 8;
const MAX_UNKNOWN_EVIDENCE = 20;

export class PrinterEmulator extends EventEmitter<{ receipt: [entry: PaperJournalEntry]; status: [status: PrinterStatusSnapshot] }> {
  readonly columns: PaperColumns;
  readonly encoding: string;
  readonly lineSettings: LineSettings;
  private readonly evidence: EvidenceSink;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly rng: SeededRandom;

  private transport?: Transport;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private decoder!: EscPosDecoder;

  private state: PrinterState = { paper: 'ok', coverOpen: false, cutterError: false };
  private offline = false;
  private readonly faults = new Map<PrinterFaultKind, PrinterFault>();
  private paperLinesLeft: number | null = null;
  private paperOutCause: PrinterFaultKind = 'no-paper';
  private cutterJamArmed = false;
  private slowMmPerSec: number | null = null;
  private terminalBaud: number | null = null;
  private garbleIn?: UartGarbler;
  private garbleOut?: UartGarbler;
  private asbMask = 0;
  private lastAsb?: Buffer;

  private entry: OpenEntry | null = null;
  private sentAsm: ReceiptAssembler;
  private paperAsm: ReceiptAssembler;
  private readonly entries: PaperJournalEntry[] = [];
  linesPrinted = 0;

  // Pacing.
  private queue: Action[] = [];
  private queueTimer: unknown = null;
  private readonly realtimeTimers = new Map<unknown, () => void>();
  private linkBusyUntil = 0;
  private printBusyUntil = 0;
  private chunkStart = 0;
  private chunkBase = 0;
  private unknownCount = 0;
  private droppedBytes = 0;

  constructor(opts: PrinterEmulatorOptions = {}) {
    super();
    this.columns = opts.columns ?? 48;
    this.encoding = opts.encoding ?? 'gb18030';
    this.evidence = opts.evidence ?? nullEvidence;
    this.clock = opts.clock ?? (opts.scheduler && isClock(opts.scheduler) ? opts.scheduler : systemClock);
    this.scheduler = opts.scheduler ?? systemScheduler;
    this.rng = new SeededRandom(opts.seed ?? 1);
    this.lineSettings = { ...DEFAULT_LINE_SETTINGS, ...(opts.lineSettings ?? {}) };
    this.sentAsm = new ReceiptAssembler(this.columns);
    this.paperAsm = new ReceiptAssembler(this.columns);
    this.newDecoder();
  }

  // ------------------------------------------------------------ wiring

  /** Decode what arrives on `transport` and answer status requests on it. */
  attach(transport: Transport): void {
    if (this.transport) this.transport.off('data', this.onData);
    this.transport = transport;
    transport.on('data', this.onData);
  }

  /** Stop listening and cancel every timer (pending paced output is printed at once). */
  async detach(): Promise<void> {
    if (this.transport) this.transport.off('data', this.onData);
    this.transport = undefined;
    this.flushPacing();
  }

  /** detach(), and close the receipt being printed (journaled as not cut). No timers are left. */
  async stop(): Promise<void> {
    await this.detach();
    this.decoder.finish();
    // finish() can emit the last unterminated line; under a slow fault that is queued on a
    // timer, so flush again: nothing may outlive stop() or land after the entry is closed
    this.flushPacing();
    this.closeOpenEntry(undefined);
  }

  /** Feed bytes as if they arrived on the transport (for tests and taps). */
  receive(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.offline) {
      this.droppedBytes += chunk.length;
      const queries = countDleEot(chunk);
      this.evidence.record({
        source: 'printer',
        kind: 'bytes.dropped',
        summary: `printer offline: ${chunk.length} bytes dropped${queries ? `, ${queries} status quer${queries === 1 ? 'y' : 'ies'} unanswered` : ''}`,
        data: { bytes: chunk.length, unansweredStatusQueries: queries },
      });
      return;
    }
    const bytes = this.garbleIn ? this.garbleIn.garble(chunk) : chunk;
    if (this.slowMmPerSec !== null) {
      const now = this.clock.now();
      this.chunkStart = Math.max(now, this.linkBusyUntil);
      this.chunkBase = this.decoder.bytesIn;
      this.linkBusyUntil = this.chunkStart + chunk.length * this.byteMs();
    }
    this.decoder.push(bytes);
  }

  onReceipt(cb: (entry: PaperJournalEntry) => void): () => void {
    this.on('receipt', cb);
    return () => this.off('receipt', cb);
  }

  // ------------------------------------------------------------ faults

  setFault(f: PrinterFault): void {
    validateFault(f);
    this.faults.set(f.kind, f);
    switch (f.kind) {
      case 'no-paper':
        this.paperLinesLeft = null;
        this.paperOutCause = 'no-paper';
        this.setPaper('out');
        break;
      case 'paper-runs-out':
        if (f.afterLines <= 0) {
          this.paperOutCause = 'paper-runs-out';
          this.setPaper('out');
        } else this.paperLinesLeft = f.afterLines;
        break;
      case 'paper-near-end':
        if (this.state.paper !== 'out') this.setPaper('near-end');
        break;
      case 'cover-open':
        this.state.coverOpen = true;
        break;
      case 'offline':
        this.offline = true;
        this.closeOpenEntry('offline');
        break;
      case 'cutter-jam':
        if (f.atNextCut) this.cutterJamArmed = true;
        else this.state.cutterError = true;
        break;
      case 'slow':
        this.slowMmPerSec = f.mmPerSec;
        this.linkBusyUntil = this.printBusyUntil = this.clock.now();
        break;
      case 'baud-mismatch': {
        this.terminalBaud = f.terminalBaud;
        const line = this.lineSettings;
        this.garbleIn = new UartGarbler({ senderBaud: f.terminalBaud, receiverBaud: line.baudRate, line, rng: this.rng.fork('uart-in') });
        this.garbleOut = new UartGarbler({ senderBaud: line.baudRate, receiverBaud: f.terminalBaud, line, rng: this.rng.fork('uart-out') });
        break;
      }
    }
    this.evidence.record({ source: 'printer', kind: 'fault.set', summary: `printer fault set: ${describeFault(f)}`, data: f });
    this.statusChanged();
  }

  clearFault(kind: PrinterFaultKind): void {
    const had = this.faults.delete(kind);
    switch (kind) {
      case 'no-paper':
      case 'paper-runs-out':
        this.paperLinesLeft = null;
        if (this.state.paper === 'out' && !this.faults.has('no-paper') && !this.faults.has('paper-runs-out')) {
          this.setPaper(this.faults.has('paper-near-end') ? 'near-end' : 'ok');
        }
        break;
      case 'paper-near-end':
        if (this.state.paper === 'near-end') this.setPaper('ok');
        break;
      case 'cover-open':
        this.state.coverOpen = false;
        break;
      case 'offline':
        if (this.offline) {
          this.offline = false;
          this.newDecoder(); // bytes were lost mid-stream: start clean, like a power cycle
        }
        break;
      case 'cutter-jam':
        this.cutterJamArmed = false;
        this.state.cutterError = false;
        break;
      case 'slow':
        this.slowMmPerSec = null;
        this.flushPacing();
        break;
      case 'baud-mismatch':
        this.terminalBaud = null;
        this.garbleIn = this.garbleOut = undefined;
        break;
    }
    if (had) this.evidence.record({ source: 'printer', kind: 'fault.cleared', summary: `printer fault cleared: ${kind}`, data: { kind } });
    this.statusChanged();
  }

  clearFaults(): void {
    for (const k of [...this.faults.keys()]) this.clearFault(k);
  }

  /** Technician loads a new roll: clears no-paper, paper-runs-out and paper-near-end. */
  loadPaper(): void {
    this.clearFault('no-paper');
    this.clearFault('paper-runs-out');
    this.clearFault('paper-near-end');
    this.setPaper('ok');
    this.statusChanged();
  }
  closeCover(): void {
    this.clearFault('cover-open');
  }
  goOnline(): void {
    this.clearFault('offline');
  }

  status(): PrinterStatusSnapshot {
    return {
      paper: this.state.paper,
      coverOpen: this.state.coverOpen,
      offline: this.offline,
      cutterError: this.state.cutterError,
      ready: !this.offline && !isStopped(this.state),
      asbEnabled: this.asbMask !== 0,
      slowMmPerSec: this.slowMmPerSec,
      terminalBaud: this.terminalBaud,
      paperLinesLeft: this.paperLinesLeft,
      linesPrinted: this.linesPrinted,
      faults: [...this.faults.values()],
    };
  }

  /** Every receipt so far; the one being printed (if any) last, with `open: true`. */
  journal(): PaperJournalEntry[] {
    const out = [...this.entries];
    if (this.entry) {
      const sent = snapshot(this.sentAsm, this.columns);
      out.push({
        receipt: snapshot(this.paperAsm, this.columns),
        sent,
        startedAt: this.entry.startedAt,
        endedAt: this.clock.now(),
        complete: false,
        cut: false,
        ...(this.entry.fault ? { fault: this.entry.fault } : {}),
        open: true,
      });
    }
    return out;
  }

  // ------------------------------------------------------------ decoding → paper

  private newDecoder(): void {
    this.decoder = new EscPosDecoder({
      columns: this.columns,
      encoding: this.encoding,
      collect: false,
      onEvent: (e) => this.onEvent(e),
    });
  }

  private byteMs(): number {
    const l = this.lineSettings;
    const bits = 1 + l.dataBits + (l.parity === 'none' ? 0 : 1) + l.stopBits;
    const baud = this.terminalBaud ?? l.baudRate;
    return (bits * 1000) / baud;
  }

  /** Clock time at which the byte before stream offset `end` has arrived over the link. */
  private arrival(end: number): number {
    if (this.slowMmPerSec === null) return this.clock.now();
    return Math.max(this.clock.now(), this.chunkStart + (end - this.chunkBase) * this.byteMs());
  }

  private onEvent(e: DecoderEvent): void {
    switch (e.type) {
      case 'request':
        if (e.command === 'DLE EOT' || e.command === 'DLE ENQ') this.realtime(this.arrival(e.end), () => this.answerRealtime(e.command, e.n));
        else this.ordered(this.arrival(e.end), 0, () => this.answerOrdered(e.command, e.n));
        return;
      case 'line':
        this.ordered(this.arrival(e.end), this.mmToMs(LINE_MM * e.line.height), () => this.print({ kind: 'text', line: e.line }, e.offset, e.end));
        return;
      case 'barcode': {
        const mm = (e.barcode.heightDots + (e.barcode.hri === 'none' ? 0 : 24)) / DOTS_PER_MM;
        this.ordered(this.arrival(e.end), this.mmToMs(mm), () => this.print({ kind: 'barcode', barcode: e.barcode }, e.offset, e.end));
        return;
      }
      case 'qrcode': {
        const mm = ((21 + 4 * Math.ceil(Buffer.byteLength(e.qrcode.data) / 14)) * Math.max(1, e.qrcode.moduleSize)) / DOTS_PER_MM;
        this.ordered(this.arrival(e.end), this.mmToMs(mm), () => this.print({ kind: 'qrcode', qrcode: e.qrcode }, e.offset, e.end));
        return;
      }
      case 'image':
        this.ordered(this.arrival(e.end), this.mmToMs(e.image.height / DOTS_PER_MM), () => this.print({ kind: 'image', image: e.image }, e.offset, e.end));
        return;
      case 'cut':
        this.ordered(this.arrival(e.end), 0, () => this.cut(e.partial, e.end));
        return;
      case 'pulse':
        this.evidence.record({ source: 'printer', kind: 'drawer.pulse', summary: 'cash drawer kick pulse' });
        return;
      case 'unknown':
        this.unknownCount++;
        if (this.unknownCount <= MAX_UNKNOWN_EVIDENCE) {
          this.evidence.record({
            source: 'printer',
            kind: 'escpos.unknown',
            summary: `unknown ESC/POS at offset ${e.unknown.offset}: ${e.unknown.reason}`,
            data: { offset: e.unknown.offset, bytes: e.unknown.bytes.toString('hex'), reason: e.unknown.reason },
          });
        }
        return;
      case 'init':
        return;
    }
  }

  private mmToMs(mm: number): number {
    return this.slowMmPerSec === null ? 0 : (mm / this.slowMmPerSec) * 1000;
  }

  /** Why nothing can be printed right now (a fault kind), or null. */
  private blockedBy(): string | null {
    if (this.state.coverOpen) return 'cover-open';
    if (this.state.cutterError) return 'cutter-jam';
    if (this.state.paper === 'out') return this.paperOutCause;
    return null;
  }

  private ensureEntry(): OpenEntry {
    if (!this.entry) this.entry = { startedAt: this.clock.now(), lost: false, garbled: false };
    if (this.garbleIn) {
      this.entry.garbled = true;
      this.entry.fault ??= 'baud-mismatch';
    }
    return this.entry;
  }

  private print(item: ReceiptItem, offset: number, end: number): void {
    const entry = this.ensureEntry();
    this.sentAsm.add(item, offset, end);
    const blocked = this.blockedBy();
    if (blocked) {
      entry.lost = true;
      entry.fault ??= blocked;
      return;
    }
    this.paperAsm.add(item, offset, end);
    this.linesPrinted++;
    if (this.paperLinesLeft !== null) {
      this.paperLinesLeft--;
      if (this.paperLinesLeft <= 0) {
        this.paperLinesLeft = null;
        this.paperOutCause = 'paper-runs-out';
        this.setPaper('out');
        this.evidence.record({ source: 'printer', kind: 'paper.out', summary: `paper ran out after ${this.linesPrinted} printed lines` });
        this.statusChanged();
      }
    }
  }

  private cut(partial: boolean, end: number): void {
    if (!this.entry) return; // nothing printed since the last cut
    const entry = this.entry;
    let cut = false;
    const blocked = this.blockedBy();
    if (blocked) {
      entry.fault ??= blocked;
      entry.lost = true;
    } else if (this.cutterJamArmed) {
      this.cutterJamArmed = false;
      this.state.cutterError = true;
      entry.fault ??= 'cutter-jam';
      this.evidence.record({ source: 'printer', kind: 'cutter.jammed', summary: 'autocutter jammed while cutting' });
      this.statusChanged();
    } else cut = true;
    this.finishEntry(cut, partial ? 'partial' : 'full', end);
  }

  private finishEntry(cut: boolean, type: 'full' | 'partial' | undefined, end: number): void {
    const entry = this.entry;
    if (!entry) return;
    this.entry = null;
    const sent = this.sentAsm.close(true, type, end);
    const paper = this.paperAsm.close(cut, cut ? type : undefined, end) ?? new Receipt(this.columns);
    if (!sent) return; // only blank feeds: not a receipt
    paper.cut = cut;
    paper.cutType = cut ? type : undefined;
    const j: PaperJournalEntry = {
      receipt: paper,
      sent,
      startedAt: entry.startedAt,
      endedAt: this.clock.now(),
      complete: !entry.lost && !entry.garbled,
      cut,
      ...(entry.fault ? { fault: entry.fault } : {}),
    };
    this.entries.push(j);
    const first = maskPansInText(paper.firstLines(3).join(' | '));
    const n = this.entries.length;
    if (j.complete && j.cut) {
      this.evidence.record({ source: 'printer', kind: 'receipt.completed', summary: `receipt ${n} printed and cut: ${first || '(no text)'}`, data: entrySummary(j) });
    } else {
      this.evidence.record({
        source: 'printer',
        kind: 'receipt.cut-short',
        summary: `receipt ${n} ${j.complete ? 'printed' : 'incomplete'}${j.cut ? '' : ', not cut'}${j.fault ? ` (${j.fault})` : ''}: ${first || '(nothing on paper)'}`,
        data: entrySummary(j),
      });
    }
    this.emit('receipt', j);
  }

  private closeOpenEntry(fault: string | undefined): void {
    if (!this.entry) return;
    if (fault) {
      this.entry.lost = true;
      this.entry.fault ??= fault;
    }
    this.finishEntry(false, undefined, this.decoder.bytesIn);
  }

  // ------------------------------------------------------------ status

  private setPaper(p: PaperState): void {
    this.state.paper = p;
  }

  private statusChanged(): void {
    if (this.asbMask !== 0 && !this.offline) {
      const now = asbBytes(this.state);
      if (!this.lastAsb || !now.equals(this.lastAsb)) {
        this.lastAsb = now;
        this.reply(now);
        this.evidence.record({ source: 'printer', kind: 'status.asb', summary: `automatic status back ${hex(now)}`, data: { bytes: hex(now) } });
      }
    }
    this.emit('status', this.status());
  }

  private answerRealtime(command: string, n: number): void {
    if (this.offline) return;
    if (command === 'DLE EOT' && n >= 1 && n <= 4) {
      const b = dleEotByte(n, this.state);
      this.reply(Buffer.from([b]));
      this.evidence.record({
        source: 'printer',
        kind: 'status.query',
        summary: `DLE EOT ${n} → 0x${b.toString(16).padStart(2, '0')} (${describeStatus(n, b)})`,
        data: { command: 'DLE EOT', n, reply: hex(Buffer.from([b])) },
      });
    } else {
      this.evidence.record({ source: 'printer', kind: 'status.request', summary: `${command} ${n} (no reply)`, data: { command, n } });
    }
  }

  private answerOrdered(command: string, n: number): void {
    if (this.offline) return;
    let out: Buffer | null = null;
    switch (command) {
      case 'GS r':
        out = Buffer.from([gsRByte(n, this.state)]);
        break;
      case 'ESC v':
        out = Buffer.from([gsRByte(1, this.state)]);
        break;
      case 'ESC u':
        out = Buffer.from([0x00]);
        break;
      case 'GS I':
        out = gsIReply(n);
        break;
      case 'GS a': {
        this.asbMask = n;
        if (n !== 0) {
          const b = asbBytes(this.state);
          this.lastAsb = b;
          this.reply(b);
          this.evidence.record({ source: 'printer', kind: 'status.asb', summary: `automatic status back enabled (n=${n}): ${hex(b)}`, data: { n, bytes: hex(b) } });
        } else {
          this.lastAsb = undefined;
          this.evidence.record({ source: 'printer', kind: 'status.asb', summary: 'automatic status back disabled', data: { n } });
        }
        return;
      }
    }
    if (out) this.reply(out);
    this.evidence.record({
      source: 'printer',
      kind: 'status.query',
      summary: `${command} ${n} → ${out ? hex(out) : '(no reply)'}`,
      data: { command, n, reply: out ? hex(out) : null },
    });
  }

  private reply(bytes: Buffer): void {
    const t = this.transport;
    if (!t || !t.isOpen || this.offline) return;
    const out = this.garbleOut ? this.garbleOut.garble(bytes) : bytes;
    if (out.length === 0) return;
    t.write(out).catch((err: unknown) => {
      this.evidence.record({ source: 'printer', kind: 'reply.failed', summary: `status reply not sent: ${err instanceof Error ? err.message : String(err)}` });
    });
  }

  // ------------------------------------------------------------ pacing

  /** Run `fn` in print order: after everything before it has printed, `durationMs` after it starts. */
  private ordered(at: number, durationMs: number, fn: () => void): void {
    if (this.slowMmPerSec === null && this.queue.length === 0) {
      fn();
      return;
    }
    const due = Math.max(at, this.printBusyUntil) + durationMs;
    this.printBusyUntil = due;
    this.queue.push({ due, fn });
    this.armQueue();
  }

  /** Real-time commands are answered as soon as their bytes have arrived, ahead of print data. */
  private realtime(at: number, fn: () => void): void {
    const delay = at - this.clock.now();
    if (delay <= 0) {
      fn();
      return;
    }
    const h = this.scheduler.setTimeout(() => {
      this.realtimeTimers.delete(h);
      fn();
    }, delay);
    this.realtimeTimers.set(h, fn);
  }

  private armQueue(): void {
    if (this.queueTimer !== null || this.queue.length === 0) return;
    const delay = this.queue[0].due - this.clock.now();
    this.queueTimer = this.scheduler.setTimeout(() => {
      this.queueTimer = null;
      this.runDue();
    }, Math.max(0, delay));
  }

  private runDue(): void {
    const now = this.clock.now();
    while (this.queue.length > 0 && this.queue[0].due <= now + 0.5) this.queue.shift()!.fn();
    this.armQueue();
  }

  /** Cancel timers and run whatever was waiting, in order. */
  private flushPacing(): void {
    if (this.queueTimer !== null) this.scheduler.clearTimeout(this.queueTimer);
    this.queueTimer = null;
    const rt = [...this.realtimeTimers.entries()];
    this.realtimeTimers.clear();
    for (const [h, fn] of rt) {
      this.scheduler.clearTimeout(h);
      fn();
    }
    const q = this.queue;
    this.queue = [];
    for (const a of q) a.fn();
  }
}

function validateFault(f: PrinterFault): void {
  if (f.kind === 'paper-runs-out' && !(Number.isInteger(f.afterLines) && f.afterLines >= 0)) {
    throw new PrinterFaultError('afterLines', `must be a whole number ≥ 0, got ${String(f.afterLines)}`);
  }
  if (f.kind === 'slow' && !(typeof f.mmPerSec === 'number' && f.mmPerSec > 0)) {
    throw new PrinterFaultError('mmPerSec', `must be > 0, got ${String(f.mmPerSec)}`);
  }
  if (f.kind === 'baud-mismatch' && !(Number.isInteger(f.terminalBaud) && f.terminalBaud > 0)) {
    throw new PrinterFaultError('terminalBaud', `must be a positive baud rate, got ${String(f.terminalBaud)}`);
  }
}

function isClock(x: unknown): x is Clock {
  return typeof (x as Clock).now === 'function' && typeof (x as Clock).date === 'function';
}

function snapshot(asm: ReceiptAssembler, columns: PaperColumns): Receipt {
  const r = new Receipt(columns);
  if (asm.current) r.items.push(...asm.current.items);
  return r;
}

function countDleEot(b: Buffer): number {
  let n = 0;
  for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0x10 && b[i + 1] === 0x04) n++;
  return n;
}

function hex(b: Buffer): string {
  return b.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

function entrySummary(j: PaperJournalEntry): Record<string, unknown> {
  return {
    complete: j.complete,
    cut: j.cut,
    fault: j.fault ?? null,
    startedAt: j.startedAt,
    endedAt: j.endedAt,
    linesOnPaper: j.receipt.lines.length,
    linesSent: j.sent.lines.length,
    firstLines: j.receipt.firstLines(3).map(maskPansInText),
  };
}
