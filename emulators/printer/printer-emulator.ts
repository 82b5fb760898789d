/**
 * The receipt printer emulator: reads ESC/POS from a Transport, prints it onto an emulated
 * paper journal, answers status requests with real status bytes, and fails the way real
 * printers fail (see faults/). Knows nothing of steps or Cucumber.
 *
 * Its parts: the paper mechanism and journal (`paper.ts`), paced printing (`pacing.ts`),
 * status replies (`status-replies.ts`), the UART model of a baud mismatch (`uart.ts`).
 */
import { EventEmitter } from 'node:events';
import { DecoderEvent, EscPosDecoder } from '../../src/protocols/escpos/decoder';
import type { PaperColumns } from '../../src/protocols/escpos/receipt';
import type { EvidenceSink } from '../../src/evidence/types';
import { nullEvidence } from '../../src/evidence/types';
import type { Clock } from '../../src/util/clock';
import { systemClock } from '../../src/util/clock';
import { SeededRandom } from '../../src/util/random';
import { DEFAULT_LINE_SETTINGS, LineSettings, Transport } from '../../src/transports/types';
import { describeFault, parsePrinterFault, PRINTER_FAULTS, printerFaultType, type PrinterFault, type PrinterFaultKind, type PrinterMechanics } from './faults';
import { systemScheduler } from './scheduler';
import { isStopped, type PaperState } from './status';
import { UartGarbler } from './uart';
import { PaperMechanism } from './paper';
import { PrintPacer } from './pacing';
import { StatusResponder } from './status-replies';
import type { PaperJournalEntry, PrinterEmulatorOptions } from './types';

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
  private readonly rng: SeededRandom;

  private transport?: Transport;
  private readonly onData = (chunk: Buffer): void => this.receive(chunk);
  private decoder!: EscPosDecoder;

  private readonly paper: PaperMechanism;
  private readonly pacer: PrintPacer;
  private readonly replies: StatusResponder;
  /** What the faults act on (faults/). */
  private readonly mechanics: PrinterMechanics;
  private readonly faults = new Map<PrinterFaultKind, PrinterFault>();
  private terminalBaud: number | null = null;
  private garbleIn?: UartGarbler;
  private garbleOut?: UartGarbler;
  private unknownCount = 0;
  private droppedBytes = 0;
  /** The terminal's end of the cable goes dead at a point (cutInput), or has. */
  private inputCut?: { at: InputCutPoint; left: number; cut: boolean; onCut: () => void };

  constructor(opts: PrinterEmulatorOptions = {}) {
    super();
    this.columns = opts.columns ?? 48;
    this.encoding = opts.encoding ?? 'gb18030';
    this.evidence = opts.evidence ?? nullEvidence;
    this.clock = opts.clock ?? (opts.scheduler && isClock(opts.scheduler) ? opts.scheduler : systemClock);
    this.rng = new SeededRandom(opts.seed ?? 1);
    this.lineSettings = { ...DEFAULT_LINE_SETTINGS, ...(opts.lineSettings ?? {}) };
    this.paper = new PaperMechanism(this.columns, this.clock, this.evidence, {
      receipt: (j) => this.emit('receipt', j),
      statusChanged: () => this.statusChanged(),
      garbling: () => this.garbleIn !== undefined,
    });
    this.pacer = new PrintPacer(this.clock, opts.scheduler ?? systemScheduler, () => this.byteMs());
    this.replies = new StatusResponder({
      evidence: this.evidence,
      state: () => this.paper.state,
      offline: () => this.paper.offline,
      send: (bytes) => this.reply(bytes),
    });
    this.mechanics = {
      paper: this.paper,
      pacer: this.pacer,
      has: (kind) => this.faults.has(kind as PrinterFaultKind),
      cutShort: (fault) => this.paper.closeOpenEntry(fault, this.decoder.bytesIn),
      restartDecoder: () => this.newDecoder(),
      setTerminalBaud: (baud) => this.setTerminalBaud(baud),
    };
    this.newDecoder();
  }

  /** Lines printed on paper so far. */
  get linesPrinted(): number {
    return this.paper.linesPrinted;
  }

  // ------------------------------------------------------------ wiring

  /** Decode what arrives on `transport` and answer status requests on it. */
  attach(transport: Transport): void {
    if (this.transport) this.transport.off('data', this.onData);
    this.transport = transport;
    transport.on('data', this.onData);
  }

  /**
   * The connection `transport` has ended (a network printer's job socket closed): stop
   * reading it and end automatic status back, which belongs to the connection that asked
   * for it (emulators/printer/README.md, TCP). Paced printing carries on; replies still
   * due go nowhere. A transport that is not the attached one is ignored.
   */
  release(transport: Transport): void {
    if (this.transport !== transport) return;
    transport.off('data', this.onData);
    this.transport = undefined;
    this.replies.disableAsb();
  }

  /** Stop listening and cancel every timer (pending paced output is printed at once). */
  async detach(): Promise<void> {
    if (this.transport) this.transport.off('data', this.onData);
    this.transport = undefined;
    this.pacer.flush();
  }

  /** detach(), and close the receipt being printed (journaled as not cut). No timers are left. */
  async stop(): Promise<void> {
    await this.detach();
    this.decoder.finish();
    // finish() can emit the last unterminated line; under a slow fault that is queued on a
    // timer, so flush again: nothing may outlive stop() or land after the entry is closed
    this.pacer.flush();
    this.paper.closeOpenEntry(undefined, this.decoder.bytesIn);
  }

  /**
   * The terminal at the other end of the cable loses its power at a point of what it sends:
   * at the first byte of anything (`'job-start'`: its next print job's first status query),
   * or after `printBytes` more bytes of print data (status queries DLE EOT / DLE ENQ not
   * counted). From that byte on the printer receives nothing; `onCut` runs at that instant,
   * before a later byte is read, and a receipt being printed ends torn (not complete, fault
   * `terminal-power-lost`). The printer itself keeps its power. Until restoreInput().
   */
  cutInput(at: InputCutPoint, onCut: () => void): void {
    this.inputCut = { at, left: at === 'job-start' ? 0 : at.printBytes, cut: false, onCut };
  }

  /** The terminal is powered again: its bytes are read from a fresh start (a new decoder). */
  restoreInput(): void {
    const was = this.inputCut;
    this.inputCut = undefined;
    if (was?.cut) this.newDecoder();
  }

  /** Where in `chunk` the terminal's power goes (cutInput), or undefined when the whole chunk arrives. */
  private cutIndex(chunk: Buffer): number | undefined {
    const c = this.inputCut;
    if (!c) return undefined;
    if (c.cut || c.at === 'job-start') return 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x10 && (chunk[i + 1] === 0x04 || chunk[i + 1] === 0x05)) {
        i += 2;
        continue;
      }
      if (c.left === 0) return i;
      c.left--;
    }
    return undefined;
  }

  /** Feed bytes as if they arrived on the transport (for tests and taps). */
  receive(chunk: Buffer): void {
    if (chunk.length === 0) return;
    const cutAt = this.cutIndex(chunk);
    if (cutAt !== undefined) {
      if (cutAt > 0) this.take(chunk.subarray(0, cutAt));
      this.terminalPowerLost(chunk.length - cutAt);
      return;
    }
    this.take(chunk);
  }

  private terminalPowerLost(dropped: number): void {
    const c = this.inputCut!;
    if (!c.cut) {
      c.cut = true;
      this.pacer.flush();
      const torn = this.paper.journal().at(-1)?.open === true;
      this.paper.closeOpenEntry('terminal-power-lost', this.decoder.bytesIn);
      this.evidence.record({ source: 'printer', kind: 'input.cut', summary: `the terminal's end of the cable went dead (its power was cut)${torn ? ': the receipt being printed is torn' : ''}`, data: { torn } });
      c.onCut();
    }
    if (dropped > 0) this.evidence.record({ source: 'printer', kind: 'bytes.dropped', summary: `terminal without power: ${dropped} bytes never arrived`, data: { bytes: dropped } });
  }

  private take(chunk: Buffer): void {
    if (this.paper.offline) {
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
    this.pacer.chunk(chunk.length, this.decoder.bytesIn);
    this.decoder.push(bytes);
  }

  onReceipt(cb: (entry: PaperJournalEntry) => void): () => void {
    this.on('receipt', cb);
    return () => this.off('receipt', cb);
  }

  // ------------------------------------------------------------ faults

  /** Put a fault in force (replacing one of the same kind). A bad one throws PrinterFaultError naming the attribute. */
  setFault(input: PrinterFault): void {
    const f = parsePrinterFault(input);
    this.faults.set(f.kind, f);
    printerFaultType(f).set(this.mechanics, f);
    this.evidence.record({ source: 'printer', kind: 'fault.set', summary: `printer fault set: ${describeFault(f)}`, data: f });
    this.statusChanged();
  }

  clearFault(kind: PrinterFaultKind): void {
    const had = this.faults.delete(kind);
    PRINTER_FAULTS[kind].clear(this.mechanics);
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
    this.paper.state.paper = 'ok';
    this.statusChanged();
  }
  closeCover(): void {
    this.clearFault('cover-open');
  }
  goOnline(): void {
    this.clearFault('offline');
  }

  status(): PrinterStatusSnapshot {
    const p = this.paper;
    return {
      paper: p.state.paper,
      coverOpen: p.state.coverOpen,
      offline: p.offline,
      cutterError: p.state.cutterError,
      ready: !p.offline && !isStopped(p.state),
      asbEnabled: this.replies.asbEnabled,
      slowMmPerSec: this.pacer.mmPerSec,
      terminalBaud: this.terminalBaud,
      paperLinesLeft: p.paperLinesLeft,
      linesPrinted: p.linesPrinted,
      faults: [...this.faults.values()],
    };
  }

  /** Every receipt so far; the one being printed (if any) last, with `open: true`. */
  journal(): PaperJournalEntry[] {
    return this.paper.journal();
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

  /** The baud-mismatch UART model, both ways (null: bytes pass unchanged). */
  private setTerminalBaud(terminalBaud: number | null): void {
    this.terminalBaud = terminalBaud;
    if (terminalBaud === null) {
      this.garbleIn = this.garbleOut = undefined;
      return;
    }
    const line = this.lineSettings;
    this.garbleIn = new UartGarbler({ senderBaud: terminalBaud, receiverBaud: line.baudRate, line, rng: this.rng.fork('uart-in') });
    this.garbleOut = new UartGarbler({ senderBaud: line.baudRate, receiverBaud: terminalBaud, line, rng: this.rng.fork('uart-out') });
  }

  private byteMs(): number {
    const l = this.lineSettings;
    const bits = 1 + l.dataBits + (l.parity === 'none' ? 0 : 1) + l.stopBits;
    const baud = this.terminalBaud ?? l.baudRate;
    return (bits * 1000) / baud;
  }

  private onEvent(e: DecoderEvent): void {
    const pacer = this.pacer;
    const at = pacer.arrival(e.end);
    switch (e.type) {
      case 'request':
        if (e.command === 'DLE EOT' || e.command === 'DLE ENQ') pacer.realtime(at, () => this.replies.answerRealtime(e.command, e.n));
        else pacer.ordered(at, 0, () => this.replies.answerOrdered(e.command, e.n));
        return;
      case 'line':
        pacer.ordered(at, pacer.mmToMs(LINE_MM * e.line.height), () => this.paper.print({ kind: 'text', line: e.line }, e.offset, e.end));
        return;
      case 'barcode': {
        const mm = (e.barcode.heightDots + (e.barcode.hri === 'none' ? 0 : 24)) / DOTS_PER_MM;
        pacer.ordered(at, pacer.mmToMs(mm), () => this.paper.print({ kind: 'barcode', barcode: e.barcode }, e.offset, e.end));
        return;
      }
      case 'qrcode': {
        const mm = ((21 + 4 * Math.ceil(Buffer.byteLength(e.qrcode.data) / 14)) * Math.max(1, e.qrcode.moduleSize)) / DOTS_PER_MM;
        pacer.ordered(at, pacer.mmToMs(mm), () => this.paper.print({ kind: 'qrcode', qrcode: e.qrcode }, e.offset, e.end));
        return;
      }
      case 'image':
        pacer.ordered(at, pacer.mmToMs(e.image.height / DOTS_PER_MM), () => this.paper.print({ kind: 'image', image: e.image }, e.offset, e.end));
        return;
      case 'cut':
        pacer.ordered(at, 0, () => this.paper.cut(e.partial, e.end));
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

  // ------------------------------------------------------------ status

  private statusChanged(): void {
    this.replies.changed();
    this.emit('status', this.status());
  }

  private reply(bytes: Buffer): void {
    const t = this.transport;
    if (!t || !t.isOpen || this.paper.offline) return;
    const out = this.garbleOut ? this.garbleOut.garble(bytes) : bytes;
    if (out.length === 0) return;
    t.write(out).catch((err: unknown) => {
      this.evidence.record({ source: 'printer', kind: 'reply.failed', summary: `status reply not sent: ${err instanceof Error ? err.message : String(err)}` });
    });
  }
}

/** Where a cut of the terminal's power falls in what it sends the printer (PrinterEmulator.cutInput). */
export type InputCutPoint = 'job-start' | { printBytes: number };

function isClock(x: unknown): x is Clock {
  return typeof (x as Clock).now === 'function' && typeof (x as Clock).date === 'function';
}

function countDleEot(b: Buffer): number {
  let n = 0;
  for (let i = 0; i + 1 < b.length; i++) if (b[i] === 0x10 && b[i + 1] === 0x04) n++;
  return n;
}
