/**
 * A real printer behind posbench (`printer.tap` in a profile): the terminal's printer cable
 * ends at the bench (`printer.link`, the bench's end), the real printer hangs on another
 * port (`printer.tap`), and the printer emulator's tap mode (emulators/printer/tap.ts)
 * forwards every byte both ways unchanged while it decodes the terminal's ESC/POS, so the
 * oracle reads the paper as the terminal sent it. The tap cannot see what the real printer
 * did with it (out of paper mid-slip): its status answers are on the timeline. Printer
 * faults cannot be injected on a tapped printer (there is no emulator to model them).
 */
import { PrinterTap } from '../../emulators/printer';
import { SerialTransport } from '../transports';
import type { EvidenceSink } from '../evidence/types';
import { lineSettingsOf, type Link } from './links';
import type { HardwareProfile } from './profile';
import type { PaperRecord } from './oracle';

export interface TappedPrinter {
  tap: PrinterTap;
  paper(): PaperRecord[];
  close(): Promise<void>;
}

export async function startPrinterTap(link: Link, printer: HardwareProfile['printer'], evidence: EvidenceSink): Promise<TappedPrinter> {
  const spec = printer.tap!;
  const real = new SerialTransport({ path: spec.path, lineSettings: lineSettingsOf(spec) });
  await real.open();
  real.on('error', () => undefined);
  const tap = new PrinterTap({ terminal: link.benchSide, printer: real, columns: printer.columns, encoding: printer.encoding, evidence });
  tap.on('error', () => undefined); // recorded on the timeline as tap.write-failed
  tap.start();
  evidence.record({ source: 'bench', kind: 'bench.tap', summary: `printer tap: terminal cable ${link.path} ↔ real printer ${real.description}` });
  return {
    tap,
    paper: () => tap.receipts().map((r) => ({ text: r.text(), complete: r.cut })),
    close: async () => {
      await tap.stop();
      await real.close();
    },
  };
}
