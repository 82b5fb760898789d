/**
 * `dut.run: operator` — a terminal without ECR (no cash-register port, or none the bench can
 * reach): a person at the bench powers it, points it at the bench and keys in every command
 * (src/bench/operator-driver.ts). Start, restart and the power are prompts too; there are no
 * addresses: `addresses.ecr` is absent. When nobody can be asked (a run that is not
 * interactive) start() resolves at once with `unattended` saying why, and the bench's
 * scenarios are skipped with that reason — nothing waits.
 */
import type { DeviceUnderTest, DutAddresses, DutProfileOf, DutWiring } from './types';
import { DutError, dutProfileOf } from './types';
import { TCP_PRINTER_SCHEME } from '../terminal/network-printer';

export class OperatorDut implements DeviceUnderTest {
  readonly kind = 'operator' as const;
  /** No ECR connection to keep or move: the operator is the link. */
  readonly powerCycle = 'ecr-stays' as const;
  addresses: DutAddresses | undefined;
  private readonly dut: DutProfileOf<'operator'>;

  constructor(private readonly wiring: DutWiring) {
    this.dut = dutProfileOf(wiring, 'operator', 'OperatorDut');
  }

  /** What the technician sets up: the acquirer host (the bench's proxy), the printer, and the profile's settings. */
  private setUp(): string {
    const c = this.wiring.config;
    const printer = c.printerPort.startsWith(TCP_PRINTER_SCHEME) ? `its network printer to ${c.printerPort}` : `its printer cable to the bench's port ${c.printerPort}`;
    const settings = Object.entries(this.dut.settings).map(([k, v]) => `${k} = ${String(v)}`);
    return `its acquirer host address to ${this.wiring.host.host}:${this.wiring.host.port} and ${printer}${settings.length ? `, with the settings ${settings.join(', ')}` : ''}`;
  }

  async start(): Promise<DutAddresses> {
    const asked = await this.ask(`power on the terminal ${this.dut.model}, set ${this.setUp()}, and wait until it shows its idle screen`);
    this.addresses = asked.status === 'skipped' ? { unattended: asked.reason } : {};
    return this.addresses;
  }

  async restart(): Promise<DutAddresses> {
    await this.must(`switch the terminal ${this.dut.model} off and on again, and wait until it shows its idle screen`);
    this.addresses = {};
    return this.addresses;
  }

  async powerCut(): Promise<void> {
    await this.must(`pull the power plug of the terminal ${this.dut.model} now (and take out its battery, if it has one)`);
    this.addresses = undefined;
  }

  async powerOn(): Promise<DutAddresses> {
    await this.must(`plug the terminal ${this.dut.model} in again, and wait until it shows its idle screen`);
    this.addresses = {};
    return this.addresses;
  }

  async stop(): Promise<void> {
    // Not the bench's to switch off: the technician keeps the terminal.
    this.addresses = undefined;
  }

  private ask(action: string): ReturnType<NonNullable<DutWiring['ask']>> {
    if (!this.wiring.ask) throw new DutError(`${this.wiring.profileFile}: dut.run operator needs a person to ask, and this bench has no operator prompt`);
    return this.wiring.ask(action);
  }

  private async must(action: string): Promise<void> {
    const asked = await this.ask(action);
    if (asked.status === 'skipped') throw new DutError(`${this.wiring.profileFile}: ${asked.reason}`);
  }
}
