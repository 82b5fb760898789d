/** What the printer emulator's parts and users share: options, journal entries, errors. */
import type { PaperColumns, Receipt } from '../../src/protocols/escpos/receipt';
import type { EvidenceSink } from '../../src/evidence/types';
import type { Clock } from '../../src/util/clock';
import { PosbenchError } from '../../src/util/errors';
import type { LineSettings } from '../../src/transports/types';
import type { Scheduler } from './scheduler';

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

export class PrinterFaultError extends PosbenchError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super('PRINTER_FAULT', `printer fault ${field}: ${message}`);
  }
}
