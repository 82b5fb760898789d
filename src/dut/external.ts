/**
 * `dut.run: external` — a terminal that is already running (a physical terminal on the
 * bench, firmware on a development board): the profile gives its ECR address. The bench
 * neither starts nor stops it, and cannot power-cycle it.
 */
import type { DeviceUnderTest, DutAddresses, DutProfileOf, DutWiring } from './types';
import { DutError, DutUnsupportedError, dutProfileOf } from './types';

export class ExternalDut implements DeviceUnderTest {
  readonly kind = 'external' as const;
  readonly powerCycle = 'impossible' as const;
  addresses: DutAddresses | undefined;
  private readonly dut: DutProfileOf<'external'>;

  constructor(private readonly wiring: DutWiring) {
    this.dut = dutProfileOf(wiring, 'external', 'ExternalDut');
  }

  async start(): Promise<DutAddresses> {
    this.addresses = { ecr: { host: this.dut.ecr.host, port: this.dut.ecr.port } };
    return this.addresses;
  }

  async restart(): Promise<DutAddresses> {
    throw new DutError(`${this.wiring.profileFile}: an external terminal cannot be power-cycled by the bench — ask the technician`);
  }

  async powerCut(): Promise<void> {
    throw new DutUnsupportedError('power-cut', this.kind, `${this.wiring.profileFile}: the bench cannot cut an external terminal's power (dut.run external) — ask the technician to pull its plug, or run on a profile with dut.run in-process or process`);
  }

  async powerOn(): Promise<DutAddresses> {
    throw new DutUnsupportedError('power-on', this.kind, `${this.wiring.profileFile}: the bench cannot power an external terminal on (dut.run external) — ask the technician`);
  }

  async stop(): Promise<void> {
    // Not ours to stop.
  }
}
