/**
 * `link.kind: serial` — a real port. With the device behind it real, the terminal owns
 * the port and the bench leaves it alone. With the device emulated, the port is the
 * bench's end of a cable whose other end is plugged into the terminal: the bench opens it
 * and the emulator attaches there.
 */
import type { LineSettings, Transport } from '../../transports/types';
import { SerialTransport } from '../../transports';
import { LinkError, type Link, type LinkDevice } from './types';

export class SerialLink implements Link {
  readonly kind = 'serial' as const;
  readonly benchSide: SerialTransport;

  constructor(
    readonly device: LinkDevice,
    readonly lineSettings: LineSettings,
    readonly path: string,
    /** Whether the bench drives this port (the device is emulated). */
    private readonly benchEnd: boolean,
  ) {
    this.benchSide = new SerialTransport({ path, lineSettings });
  }

  async open(): Promise<void> {
    if (this.benchEnd) await this.benchSide.open();
  }

  /** The terminal's end of a real cable is in the terminal, not the bench. */
  async openTerminalSide(): Promise<Transport> {
    throw new LinkError(`Port does not exist: ${this.path}`);
  }

  async close(): Promise<void> {
    if (this.benchEnd) await this.benchSide.close();
  }
}
