/**
 * The contract between the printer emulator and one fault type (the network proxy's model:
 * one small object per fault, its zod schema the single source of its attributes).
 * `set` puts the fault in force, `clear` takes it away; both act only through
 * `PrinterMechanics`. The emulator records the evidence and announces the status change.
 */
import type { ZodType } from 'zod';
import type { PaperMechanism } from '../paper';
import type { PrintPacer } from '../pacing';

/** What a fault may do to the printer. */
export interface PrinterMechanics {
  readonly paper: PaperMechanism;
  readonly pacer: PrintPacer;
  /** Is a fault of this kind in force (when clearing: after this one was removed)? */
  has(kind: string): boolean;
  /** Close the receipt in progress, blaming `fault`. */
  cutShort(fault: string): void;
  /** Start decoding afresh (bytes were lost mid-stream, like a power cycle). */
  restartDecoder(): void;
  /** Garble both directions as a UART listening at its own rate to a terminal at `terminalBaud` would; null stops it. */
  setTerminalBaud(terminalBaud: number | null): void;
}

export interface PrinterFaultDefinition<F extends { kind: string }, S extends ZodType<F> = ZodType<F>> {
  readonly kind: F['kind'];
  /** The fault as a plain object: `{kind, …attributes}`; unknown keys are errors. The single source of its type. */
  readonly schema: S;
  /** For evidence: "paper runs out after 12 lines". */
  describe(f: F): string;
  set(p: PrinterMechanics, f: F): void;
  clear(p: PrinterMechanics): void;
}

/** Paper is back unless another paper-out fault holds it out. */
export function paperBack(p: PrinterMechanics): void {
  p.paper.paperLinesLeft = null;
  if (p.paper.state.paper === 'out' && !p.has('no-paper') && !p.has('paper-runs-out')) {
    p.paper.state.paper = p.has('paper-near-end') ? 'near-end' : 'ok';
  }
}
