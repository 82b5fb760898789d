/**
 * `posbench emulator issuer …`, `posbench emulator network …` and `posbench emulator
 * printer-tap …`: run an emulator on its own, for a bench in another process, a technician
 * at a physical bench, or clients nobody here wrote (iso_8583 libraries, Toxiproxy clients).
 */
import type { Command } from 'commander';
import { runIssuerCli } from '../../../emulators/issuer-bank/main';
import { runNetworkCli } from '../../../emulators/network/main';
import { PrinterTap } from '../../../emulators/printer';
import { SerialTransport } from '../../transports';
import { maskPansInText } from '../../util/mask';
import { DEFAULT_LINE_SETTINGS, type Transport } from '../../transports/types';

export interface PrinterTapCliOptions {
  terminal: string;
  printer: string;
  baud: number;
  columns: 32 | 48;
  encoding: string;
}

/**
 * Sit between a terminal and a real printer on two serial ports, forward every byte both
 * ways unchanged, and print each receipt that passes (PAN masked) on `out`. Resolves with a
 * stop function; `open` lets tests hand in transports of their own.
 */
export async function runPrinterTap(
  o: PrinterTapCliOptions,
  out: (text: string) => void,
  open: (path: string) => Promise<Transport> = async (path) => {
    const t = new SerialTransport({ path, lineSettings: { baudRate: o.baud } });
    await t.open();
    return t;
  },
): Promise<() => Promise<void>> {
  const terminal = await open(o.terminal);
  let printer: Transport;
  try {
    printer = await open(o.printer);
  } catch (e) {
    await terminal.close();
    throw e;
  }
  const tap = new PrinterTap({ terminal, printer, columns: o.columns, encoding: o.encoding });
  let n = 0;
  tap.on('receipt', (r) => out(`=== receipt ${++n}${r.cut ? '' : ' (not cut)'} ===\n${maskPansInText(r.text())}\n`));
  tap.on('error', (e) => out(`tap: ${e.message}\n`));
  tap.start();
  out(`tapping ${o.terminal} (terminal) <-> ${o.printer} (printer) at ${o.baud} baud; Ctrl-C to stop\n`);
  return async () => {
    await tap.stop();
    await terminal.close();
    await printer.close();
  };
}

/** Stop cleanly on Ctrl-C or a TERM signal. */
function stopOnSignals(stop: () => Promise<void>): void {
  const onSignal = () => void stop().finally(() => process.exit(0));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** `posbench emulator issuer …`: options are the issuer's own (emulators/issuer-bank/main.ts). */
function registerIssuerEmulator(emulator: Command): void {
  emulator
    .command('issuer')
    .description('the issuer bank: ISO 8583 host + control API (try: posbench emulator issuer --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'options of the issuer emulator (--dialect, --bitmap, --length-header, --port, --control-port, --accounts, --magic-amounts, --verbose …)')
    .action(async (args: string[]) => stopOnSignals((await runIssuerCli(args)).stop));
}

/** `posbench emulator network …`: the fault proxy with its Toxiproxy API (emulators/network/main.ts). */
function registerNetworkEmulator(emulator: Command): void {
  emulator
    .command('network')
    .description('the network fault proxy with its Toxiproxy-compatible API (try: posbench emulator network --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'options of the network emulator (--listen, --upstream, --control-port, --dialect, --length-header, --verbose …)')
    .action(async (args: string[]) => stopOnSignals((await runNetworkCli(args)).stop));
}

export function registerEmulator(program: Command): void {
  const emulator = program.command('emulator').description('run an emulator on its own (prints its addresses as JSON; stops on Ctrl-C)');
  registerIssuerEmulator(emulator);
  registerNetworkEmulator(emulator);
  emulator
    .command('printer-tap')
    .description('sit between a terminal and a real printer on two serial ports and show the receipts that pass')
    .requiredOption('--terminal <path>', "the serial port cabled to the terminal's printer port")
    .requiredOption('--printer <path>', 'the serial port cabled to the printer')
    .option('--baud <n>', 'line speed of both ports (a bench profile has it as printer.link.line.baud)', (v) => Number(v), DEFAULT_LINE_SETTINGS.baudRate)
    .option('--columns <n>', '32 (58 mm) or 48 (80 mm)', (v) => (v === '32' ? 32 : 48), 48)
    .option('--encoding <name>', 'power-on character set', 'gb18030')
    .action(async (o: PrinterTapCliOptions) => {
      const stop = await runPrinterTap(o, (t) => process.stdout.write(t));
      const onSignal = () => void stop().finally(() => process.exit(0));
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
}
