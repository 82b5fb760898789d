/**
 * The reference terminal as its own OS process — the way a firmware build built for Linux
 * runs on a bench. Everything it needs comes on the command line, so a hardware profile
 * can start it (or any other firmware) with placeholders for ports and addresses:
 *
 *   node --import tsx src/terminal/main.ts --host 127.0.0.1:4100 --printer /dev/ttyUSB0 \
 *     --reader /dev/ttyUSB1 --ecr-port 0 --state-dir /var/lib/pos [--set NAME=VALUE]...
 *
 * When ready it prints one line:  POSBENCH_TERMINAL_READY {"ecrHost":"127.0.0.1","ecrPort":40123}
 * A command line it cannot start from (command-line.ts) exits 64 with the option at fault.
 */
import { SerialTransport } from '../transports';
import { PosbenchError } from '../util/errors';
import { TERMINAL_USAGE, parseTerminalArgs } from './command-line';
import { TerminalRuntime } from './runtime';

export const READY_MARKER = 'POSBENCH_TERMINAL_READY';

export async function runTerminalProcess(argv: string[]): Promise<void> {
  let launch;
  try {
    launch = parseTerminalArgs(argv);
  } catch (e) {
    if (!(e instanceof PosbenchError)) throw e;
    process.stderr.write(`reference terminal: ${e.message}\n${TERMINAL_USAGE}\n`);
    process.exit(64);
  }
  const { config, stateDir, ecrHost, ecrPort } = launch;
  const runtime = new TerminalRuntime({
    config,
    stateDir,
    ecrHost,
    ecrPort,
    openPrinter: async (path, baudRate) => {
      const t = new SerialTransport({ path, lineSettings: { baudRate } });
      await t.open();
      return t;
    },
    openReader: async (path) => {
      const t = new SerialTransport({ path, lineSettings: { baudRate: 115200 } });
      await t.open();
      return t;
    },
    log: (line) => process.stderr.write(`[terminal] ${line}\n`),
  });
  const addr = await runtime.start();
  process.stdout.write(`${READY_MARKER} ${JSON.stringify(addr)}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    runtime.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  runTerminalProcess(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`reference terminal: ${e.message}\n`);
    process.exit(1);
  });
}
