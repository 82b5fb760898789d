/**
 * `dut.run: in-process` — the reference terminal inside the bench process. Its printer and
 * reader ports are opened through the bench (`wiring.openPort`), its ECR server listens on
 * a free loopback port, and a power cycle rebuilds the terminal from its state directory
 * while the ECR server (and a connected driver) stays up.
 */
import { TerminalRuntime } from '../terminal/runtime';
import { StateDir } from './state-dir';
import type { DeviceUnderTest, DutAddresses, DutWiring } from './types';
import { DutError } from './types';

export class InProcessDut implements DeviceUnderTest {
  readonly kind = 'in-process' as const;
  readonly powerCycle = 'ecr-stays' as const;
  addresses: DutAddresses | undefined;
  private runtime?: TerminalRuntime;
  private stateDir?: StateDir;

  constructor(private readonly wiring: DutWiring) {}

  async start(): Promise<DutAddresses> {
    if (this.runtime) throw new DutError('the in-process terminal is already started');
    const { evidence } = this.wiring;
    this.stateDir = new StateDir();
    this.runtime = new TerminalRuntime({
      config: this.wiring.config,
      stateDir: this.stateDir.path,
      openPrinter: (path, baudRate) => this.wiring.openPort(path, baudRate),
      openReader: (path) => this.wiring.openPort(path),
      log: (line) => evidence.record({ source: 'terminal', kind: 'terminal.log', summary: line }),
    });
    const a = await this.runtime.start();
    this.addresses = { ecr: { host: a.ecrHost, port: a.ecrPort }, stateDir: this.stateDir.path };
    return this.addresses;
  }

  async restart(): Promise<DutAddresses> {
    if (!this.runtime || !this.addresses) throw new DutError('the in-process terminal is not started');
    await this.runtime.restart();
    return this.addresses;
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
