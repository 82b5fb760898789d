/**
 * The reference terminal's command line: the one way it is configured at power-on, whether
 * it runs as its own OS process (main.ts, `dut.run: process`) or inside the bench
 * (dut/in-process.ts builds the same options and reads them back here). One reading of the
 * options means the two cannot drift: what the in-process suite proves about the command line
 * holds for the process profiles too.
 *
 *   --host HOST:PORT --printer PATH|tcp://HOST:PORT --reader PATH [--ecr-port N]
 *   [--ecr-host ADDR] --state-dir DIR [--set NAME=VALUE]...
 *
 * Settings (`--set`) are the wire names of config.ts, applied in order (a later one wins).
 */
import { PosbenchError } from '../util/errors';
import { DEFAULT_TERMINAL_CONFIG, applySetting, settingText, type TerminalConfig } from './config';

export const TERMINAL_USAGE = 'usage: main.ts --host HOST:PORT --printer PATH|tcp://HOST:PORT --reader PATH [--ecr-port N] [--ecr-host ADDR] --state-dir DIR [--set NAME=VALUE]...';

/** A command line the terminal cannot start from; `option` names the option at fault. */
export class TerminalUsageError extends PosbenchError {
  constructor(
    readonly option: string,
    reason: string,
  ) {
    super('TERMINAL_USAGE', `${option}: ${reason}`);
  }
}

/** What the terminal starts with: its configuration, its state directory and where its ECR server listens. */
export interface TerminalLaunch {
  config: TerminalConfig;
  stateDir: string;
  ecrHost: string;
  /** 0: any free port (the terminal reports the one it got). */
  ecrPort: number;
}

/** Settings as command-line options, in order: booleans as on/off. */
export function settingArgs(settings: Record<string, string | number | boolean>): string[] {
  return Object.entries(settings).flatMap(([k, v]) => ['--set', `${k}=${settingText(v)}`]);
}

/** The reference terminal's command line for a bench's wiring: addresses and paths, then the settings. */
export function terminalArgs(w: { hostAddress: string; printerPort: string; readerPort: string; stateDir: string; settings: Record<string, string | number | boolean> }): string[] {
  return ['--host', w.hostAddress, '--printer', w.printerPort, '--reader', w.readerPort, '--state-dir', w.stateDir, ...settingArgs(w.settings)];
}

function ecrPortOf(v: string): number {
  if (!/^\d{1,5}$/.test(v) || Number(v) > 65535) throw new TerminalUsageError('--ecr-port', `expected a TCP port 0–65535 (0: any free one), got "${v}"`);
  return Number(v);
}

/** Read a command line; a missing, unknown or malformed option is a TerminalUsageError naming it (a bad setting, a TerminalConfigError). */
export function parseTerminalArgs(argv: readonly string[]): TerminalLaunch {
  let config: TerminalConfig = { ...DEFAULT_TERMINAL_CONFIG };
  const launch = { stateDir: '', ecrHost: '127.0.0.1', ecrPort: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i]!;
    const v = argv[i + 1];
    if (v === undefined) throw new TerminalUsageError(k, 'needs a value');
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
        launch.ecrPort = ecrPortOf(v);
        break;
      case '--ecr-host':
        launch.ecrHost = v;
        break;
      case '--state-dir':
        launch.stateDir = v;
        break;
      case '--set': {
        const eq = v.indexOf('=');
        if (eq < 1) throw new TerminalUsageError('--set', `wants NAME=VALUE, got "${v}"`);
        config = applySetting(config, v.slice(0, eq), v.slice(eq + 1));
        break;
      }
      default:
        throw new TerminalUsageError(k, 'unknown option');
    }
  }
  if (!launch.stateDir) throw new TerminalUsageError('--state-dir', 'is required');
  if (!config.readerPort) throw new TerminalUsageError('--reader', 'is required');
  return { config, ...launch };
}
