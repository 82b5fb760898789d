/**
 * `posbench emulator issuer …`, `posbench emulator network …`, `posbench emulator printer …`
 * (a network receipt printer on TCP) and `posbench emulator printer-tap …`: run an emulator on
 * its own, for a bench in another process, a technician at a physical bench, or clients
 * nobody here wrote (iso_8583 libraries, Toxiproxy clients, ESC/POS libraries).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { runIssuerCli } from '../../../emulators/issuer-bank/main';
import { runNetworkCli } from '../../../emulators/network/main';
import { PrinterTap } from '../../../emulators/printer';
import { SerialTransport } from '../../transports';
import { maskPansInText } from '../../util/mask';
import { DEFAULT_LINE_SETTINGS, type Transport } from '../../transports/types';
import { PrinterEmulator, PrinterTcpServer, RAW_PRINTING_PORT } from '../../../emulators/printer';
import type { EvidenceSink } from '../../evidence/types';
import { stopOnSignals } from '../../util/standalone';

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

/** `posbench emulator issuer …`: options are the issuer's own (emulators/issuer-bank/main.ts). */
function registerIssuerEmulator(emulator: Command): void {
  emulator
    .command('issuer')
    .description('the issuer bank: ISO 8583 host + control API (try: posbench emulator issuer --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'options of the issuer emulator (--dialect, --bitmap, --length-header, --port, --control-port, --accounts, --magic-amounts, --verbose …)')
    .action(async (args: string[]) => stopOnSignals(await runIssuerCli(args)));
}

/** `posbench emulator network …`: the fault proxy with its Toxiproxy API (emulators/network/main.ts). */
function registerNetworkEmulator(emulator: Command): void {
  emulator
    .command('network')
    .description('the network fault proxy with its Toxiproxy-compatible API (try: posbench emulator network --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'options of the network emulator (--listen, --upstream, --control-port, --dialect, --length-header, --verbose …)')
    .action(async (args: string[]) => stopOnSignals(await runNetworkCli(args)));
}

export function registerEmulator(program: Command): void {
  const emulator = program.command('emulator').description('run an emulator on its own (prints its addresses as JSON; stops on Ctrl-C)');
  registerIssuerEmulator(emulator);
  registerNetworkEmulator(emulator);
  registerNetworkPrinter(emulator);
  emulator
    .command('printer-tap')
    .description('sit between a terminal and a real printer on two serial ports and show the receipts that pass')
    .requiredOption('--terminal <path>', "the serial port cabled to the terminal's printer port")
    .requiredOption('--printer <path>', 'the serial port cabled to the printer')
    .option('--baud <n>', 'line speed of both ports (a bench profile has it as printer.link.line.baud)', (v) => Number(v), DEFAULT_LINE_SETTINGS.baudRate)
    .option('--columns <n>', '32 (58 mm) or 48 (80 mm)', (v) => (v === '32' ? 32 : 48), 48)
    .option('--encoding <name>', 'power-on character set', 'gb18030')
    .action(async (o: PrinterTapCliOptions) => {
      stopOnSignals({ stop: await runPrinterTap(o, (t) => process.stdout.write(t)) });
    });
}

export interface NetworkPrinterCliOptions {
  host: string;
  port: number;
  columns: 32 | 48;
  encoding: string;
  maxConnections: number;
  idleTimeoutMs: number;
  verbose?: boolean;
}

/**
 * The printer emulator as a network receipt printer on its own: raw TCP on host:port
 * (9100 by convention), one connection printing at a time. Writes one JSON line
 * {"host","port","columns","encoding"} on `out` once listening, then each receipt as it is
 * printed (card numbers masked). Resolves with the emulator and a stop function.
 */
export async function runNetworkPrinter(
  o: NetworkPrinterCliOptions,
  out: (text: string) => void,
  log: (text: string) => void = () => undefined,
): Promise<{ printer: PrinterEmulator; address: { host: string; port: number }; stop: () => Promise<void> }> {
  const evidence: EvidenceSink = { record: (e) => (o.verbose ? log(`${e.kind.padEnd(18)} ${maskPansInText(e.summary)}\n`) : undefined) };
  const printer = new PrinterEmulator({ columns: o.columns, encoding: o.encoding, evidence });
  const server = new PrinterTcpServer(printer, { host: o.host, port: o.port, maxConnections: o.maxConnections, idleTimeoutMs: o.idleTimeoutMs, evidence });
  const address = await server.listen();
  out(JSON.stringify({ host: address.host, port: address.port, columns: o.columns, encoding: o.encoding }) + '\n');
  let n = 0;
  printer.onReceipt((e) => {
    const notes = [e.cut ? '' : 'not cut', e.complete ? '' : 'incomplete', e.fault ? `fault ${e.fault}` : ''].filter(Boolean).join(', ');
    out(`=== receipt ${++n}${notes ? ` (${notes})` : ''} ===\n${maskPansInText(e.receipt.text())}\n`);
  });
  return {
    printer,
    address,
    stop: async () => {
      await server.close();
      await printer.stop();
    },
  };
}

function registerNetworkPrinter(emulator: Command): void {
  emulator
    .command('printer')
    .description('a network receipt printer: ESC/POS over raw TCP (JetDirect-style), status answered on the socket; shows each receipt')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--port <n>', `TCP port (${RAW_PRINTING_PORT} is the convention; 0 = a free one)`, (v) => wholeNumber(v, 0, 65535), RAW_PRINTING_PORT)
    .option('--columns <n>', '32 (58 mm) or 48 (80 mm)', (v) => (v === '32' || v === '48' ? (Number(v) as 32 | 48) : invalid(`32 or 48, got "${v}"`)), 48)
    .option('--encoding <name>', "power-on character set ('gb18030', 'cp437' …)", 'gb18030')
    .option('--max-connections <n>', 'connections held at once, the printing one included', (v) => wholeNumber(v, 1, 1000), 3)
    .option('--idle-timeout-ms <n>', 'close the printing connection after this long without data (0: never)', (v) => wholeNumber(v, 0, 86_400_000), 300_000)
    .option('--verbose', 'print the printer evidence (connections, status queries, faults) on stderr')
    .action(async (o: NetworkPrinterCliOptions) => {
      stopOnSignals(await runNetworkPrinter(o, (t) => process.stdout.write(t), (t) => process.stderr.write(t)));
    });
}

function invalid(message: string): never {
  throw new InvalidArgumentError(message);
}

function wholeNumber(v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) invalid(`a whole number ${min}–${max}, got "${v}"`);
  return Number(v);
}
