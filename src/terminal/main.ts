/**
 * The reference terminal as its own OS process — the way a firmware build built for Linux
 * runs on a bench. Everything it needs comes on the command line, so a hardware profile
 * can start it (or any other firmware) with placeholders for ports and addresses:
 *
 *   node --import tsx src/terminal/main.ts --host 127.0.0.1:4100 --printer /dev/ttyUSB0 \
 *     --reader /dev/ttyUSB1 --ecr-port 0 --state-dir /var/lib/pos [--set NAME=VALUE]...
 *
 * When ready it prints one line:  POSBENCH_TERMINAL_READY {"ecrHost":"127.0.0.1","ecrPort":40123}
 */
import { SerialTransport } from '../transports';
import { DEFAULT_TERMINAL_CONFIG, applySetting, type TerminalConfig } from './config';
import { TerminalRuntime } from './runtime';

export const READY_MARKER = 'POSBENCH_TERMINAL_READY';

function usage(msg: string): never {
  process.stderr.write(`reference terminal: ${msg}\nusage: main.ts --host HOST:PORT --printer PATH|tcp://HOST:PORT --reader PATH [--ecr-port N] [--state-dir DIR] [--set NAME=VALUE]...\n`);
  process.exit(64);
}

export async function runTerminalProcess(argv: string[]): Promise<void> {
  let config: TerminalConfig = { ...DEFAULT_TERMINAL_CONFIG };
  let ecrPort = 0;
  let ecrHost = '127.0.0.1';
  let stateDir = '';
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (v === undefined) usage(`${k} needs a value`);
    i++;
    switch (k) {
      case '--host':
        config = applySetting(config, 'host_address', v);
        break;
      case '--printer':
        config = applySetting(config, 'printer_port', v);
        break;
      case '--reader':
        config = { ...config, readerPort: v };
        break;
      case '--ecr-port':
        ecrPort = Number(v);
        break;
      case '--ecr-host':
        ecrHost = v;
        break;
      case '--state-dir':
        stateDir = v;
        break;
      case '--set': {
        const eq = v.indexOf('=');
        if (eq < 1) usage(`--set wants NAME=VALUE, got "${v}"`);
        config = applySetting(config, v.slice(0, eq), v.slice(eq + 1));
        break;
      }
      default:
        usage(`unknown option ${k}`);
    }
  }
  if (!stateDir) usage('--state-dir is required');
  if (!config.readerPort) usage('--reader is required');
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
