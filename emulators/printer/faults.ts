/** Printer faults: plain objects, switchable at any moment (setFault / clearFault). */

export type PrinterFault =
  /** The roll is empty: nothing prints, DLE EOT 4 = 0x72. */
  | { kind: 'no-paper' }
  /** The roll runs out after `afterLines` more printed lines (text, blank feeds, each graphic count one). */
  | { kind: 'paper-runs-out'; afterLines: number }
  /** Paper near-end sensor on: printing continues, DLE EOT 4 = 0x1E. */
  | { kind: 'paper-near-end' }
  /** Cover open: nothing prints (data lost), DLE EOT 2 bit 2. */
  | { kind: 'cover-open' }
  /** Powered off / unplugged: every byte is dropped, nothing is answered — not even DLE EOT. */
  | { kind: 'offline' }
  /**
   * Autocutter jam. By default the cutter is jammed now (autocutter error, printing stops);
   * with `atNextCut` the next cut jams: that receipt is printed but not cut, then the error.
   */
  | { kind: 'cutter-jam'; atNextCut?: boolean }
  /** Slow printing at `mmPerSec`, bytes paced at the link's baud rate. */
  | { kind: 'slow'; mmPerSec: number }
  /** The terminal sends at `terminalBaud` while the printer listens at its own baud rate. */
  | { kind: 'baud-mismatch'; terminalBaud: number };

export type PrinterFaultKind = PrinterFault['kind'];

export const PRINTER_FAULT_KINDS: readonly PrinterFaultKind[] = [
  'no-paper',
  'paper-runs-out',
  'paper-near-end',
  'cover-open',
  'offline',
  'cutter-jam',
  'slow',
  'baud-mismatch',
];

export function describeFault(f: PrinterFault): string {
  switch (f.kind) {
    case 'paper-runs-out':
      return `paper runs out after ${f.afterLines} lines`;
    case 'slow':
      return `slow printing at ${f.mmPerSec} mm/s`;
    case 'baud-mismatch':
      return `terminal at ${f.terminalBaud} baud`;
    case 'cutter-jam':
      return f.atNextCut ? 'cutter jams at the next cut' : 'cutter jammed';
    default:
      return f.kind;
  }
}
