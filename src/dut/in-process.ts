/**
 * `dut.run: in-process` — the reference terminal inside the bench process, started from the
 * same command line as a process terminal (the wiring's addresses and settings). Its printer and
 * reader ports are opened through the bench (`wiring.openPort`), its ECR server listens on
 * a free loopback port, and a power cycle rebuilds the terminal from its state directory
 * while the ECR server (and a connected driver) stays up.
 */
import { parseTerminalArgs, terminalArgs } from '../terminal/command-line';
import { TerminalRuntime } from '../terminal/runtime';
import { PosbenchError } from '../util/errors';
import { changeCommandLine } from './command-line-check';
import { StateDir } from './state-dir';
import type { CommandLineChange, CommandLineVerdict, DeviceUnderTest, DutAddresses, DutWiring } from './types';
import { DutError } from './types';

export class InProcessDut implements DeviceUnderTest {
  readonly kind = 'in-process' as const;
  readonly powerCycle = 'ecr-stays' as const;
  addresses: DutAddresses | undefined;
  private runtime?: TerminalRuntime;
  private stateDir?: StateDir;

  constructor(private readonly wiring: DutWiring) {}

  async start(): Promise<DutAddresses> {
    if (this.runtime || this.stateDir) throw new DutError('the in-process terminal is already started');
    this.stateDir = new StateDir();
    return this.boot(this.stateDir);
  }

  /** A terminal runtime over the state directory (the journal and state of earlier boots), started. */
  private async boot(stateDir: StateDir): Promise<DutAddresses> {
    const { evidence } = this.wiring;
    // Started from the command line a process terminal gets (command-line.ts), read back the same way.
    const launch = parseTerminalArgs(this.commandLine(stateDir.path));
    this.runtime = new TerminalRuntime({
      ...launch,
      openPrinter: (path, baudRate) => this.wiring.openPort(path, baudRate),
      openReader: (path) => this.wiring.openPort(path),
      log: (line) => evidence.record({ source: 'terminal', kind: 'terminal.log', summary: line }),
    });
    const a = await this.runtime.start();
    this.addresses = { ecr: { host: a.ecrHost, port: a.ecrPort }, stateDir: stateDir.path };
    return this.addresses;
  }

  private commandLine(stateDir: string): string[] {
    const { config, settings } = this.wiring;
    return terminalArgs({ hostAddress: config.hostAddress, printerPort: config.printerPort, readerPort: config.readerPort, stateDir, settings });
  }

  /** The command line changed, read as the terminal reads it at boot: refused when it cannot start from it. Nothing starts. */
  async commandLineCheck(change: CommandLineChange): Promise<CommandLineVerdict> {
    if (!this.stateDir) throw new DutError('the in-process terminal is not started');
    try {
      // Only read: nothing boots, so the terminal's own state directory is safe to name.
      parseTerminalArgs(changeCommandLine(this.commandLine(this.stateDir.path), change));
      return { refused: false, said: '' };
    } catch (e) {
      if (e instanceof PosbenchError && !(e instanceof DutError)) return { refused: true, said: e.message };
      throw e;
    }
  }

  async restart(): Promise<DutAddresses> {
    if (!this.stateDir) throw new DutError('the in-process terminal is not started');
    if (!this.runtime || !this.addresses) throw new DutError('the in-process terminal has no power: power it on (powerOn) instead of restarting it');
    await this.runtime.restart();
    return this.addresses;
  }

  /**
   * Pull the plug: the runtime's store stops writing at once (what it had not written is
   * lost: journal lines and state.json are written synchronously as the flows go, so "on
   * disk" is exactly what those writes had done), then its ports go without a goodbye.
   * Power on boots a new runtime over the same state directory, on a new ECR port.
   */
  powerCut(): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) return Promise.reject(new DutError('the in-process terminal has no power to cut (not started, or already off)'));
    this.runtime = undefined;
    this.addresses = undefined;
    return runtime.powerCut();
  }

  async powerOn(): Promise<DutAddresses> {
    if (!this.stateDir) throw new DutError('the in-process terminal is not started');
    if (this.runtime) throw new DutError('the in-process terminal already has power');
    return this.boot(this.stateDir);
  }

  async stop(): Promise<void> {
    const runtime = this.runtime;
    this.runtime = undefined;
    try {
      await runtime?.stop();
    } finally {
      this.stateDir?.remove();
      this.stateDir = undefined;
    }
  }
}
