/**
 * Tap mode: sits between the terminal and a real printer (two transports, e.g. two serial
 * ports), forwards bytes both ways unchanged and decodes the terminal → printer direction,
 * so a bench with a real printer still sees the paper (as the terminal sent it: the tap
 * cannot see whether the real printer ran out of paper — its status replies are recorded).
 */
import { EventEmitter } from 'node:events';
import { EscPosDecoder, UnknownCommand } from '../../src/protocols/escpos/decoder';
import { PaperColumns, Receipt } from '../../src/protocols/escpos/receipt';
import type { EvidenceSink } from '../../src/evidence/types';
import { nullEvidence } from '../../src/evidence/types';
import { maskPansInText } from '../../src/util/mask';
import type { Transport } from '../../src/transports/types';

export interface PrinterTapOptions {
  /** Transport connected to the terminal (the terminal's printer port). */
  terminal: Transport;
  /** Transport connected to the real printer. */
  printer: Transport;
  columns?: PaperColumns;
  encoding?: string;
  evidence?: EvidenceSink;
}

export class PrinterTap extends EventEmitter<{ receipt: [receipt: Receipt]; error: [err: Error] }> {
  readonly bytesToPrinter = { count: 0 };
  readonly bytesToTerminal = { count: 0 };
  private readonly decoder: EscPosDecoder;
  private readonly evidence: EvidenceSink;
  private readonly done: Receipt[] = [];
  private started = false;
  private lastRequest: string | null = null;

  private readonly fromTerminal = (chunk: Buffer): void => {
    this.bytesToPrinter.count += chunk.length;
    this.opts.printer.write(chunk).catch((err: unknown) => this.failed('printer', err));
    this.decoder.push(chunk);
  };
  private readonly fromPrinter = (chunk: Buffer): void => {
    this.bytesToTerminal.count += chunk.length;
    this.opts.terminal.write(chunk).catch((err: unknown) => this.failed('terminal', err));
    this.evidence.record({
      source: 'printer',
      kind: 'status.reply',
      summary: `real printer replied ${chunk.toString('hex')}${this.lastRequest ? ` (after ${this.lastRequest})` : ''}`,
      data: { bytes: chunk.toString('hex'), after: this.lastRequest },
    });
  };

  constructor(private readonly opts: PrinterTapOptions) {
    super();
    this.evidence = opts.evidence ?? nullEvidence;
    this.decoder = new EscPosDecoder({
      columns: opts.columns,
      encoding: opts.encoding,
      collect: true,
      onEvent: (e) => {
        if (e.type === 'request') {
          this.lastRequest = `${e.command} ${e.n}`;
          this.evidence.record({ source: 'printer', kind: 'status.query', summary: `terminal sent ${e.command} ${e.n}`, data: { command: e.command, n: e.n } });
        }
      },
      onReceipt: (r) => {
        this.done.push(r);
        this.evidence.record({
          source: 'printer',
          kind: r.cut ? 'receipt.completed' : 'receipt.cut-short',
          summary: `tapped receipt ${this.done.length}${r.cut ? ' (cut)' : ' (not cut)'}: ${maskPansInText(r.firstLines(3).join(' | '))}`,
          data: { cut: r.cut, lines: r.lines.length },
        });
        this.emit('receipt', r);
      },
    });
  }

  /** Start forwarding (both transports must be open). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.opts.terminal.on('data', this.fromTerminal);
    this.opts.printer.on('data', this.fromPrinter);
  }

  /** Stop forwarding; the receipt in progress is closed (cut: false). Transports stay open. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.opts.terminal.off('data', this.fromTerminal);
    this.opts.printer.off('data', this.fromPrinter);
    this.decoder.finish();
  }

  receipts(): Receipt[] {
    return [...this.done];
  }
  unknown(): UnknownCommand[] {
    return [...this.decoder.unknown];
  }

  private failed(side: string, err: unknown): void {
    const e = err instanceof Error ? err : new Error(String(err));
    this.evidence.record({ source: 'printer', kind: 'tap.write-failed', summary: `tap could not forward to the ${side}: ${e.message}` });
    if (this.listenerCount('error') > 0) this.emit('error', e);
  }
}
