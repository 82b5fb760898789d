/**
 * `link.kind: pty` — a virtual null-modem cable of two pseudo-terminals (src/transports
 * PtyPair). The terminal opens end A by path, as it would a real port; the bench holds
 * end B open.
 */
import type { LineSettings, Transport } from '../../transports/types';
import { PtyPair, SerialTransport } from '../../transports';
import { opened, type Link, type LinkDevice } from './types';

export class PtyLink implements Link {
  readonly kind = 'pty' as const;
  private pair?: PtyPair;
  private bench?: SerialTransport;

  constructor(
    readonly device: LinkDevice,
    readonly lineSettings: LineSettings,
  ) {}

  get path(): string {
    return opened(this.pair, this, 'PTY pair').pathA;
  }

  get benchSide(): Transport {
    return opened(this.bench, this, 'bench end');
  }

  get via(): { backend: string; reason: string } | undefined {
    return this.pair ? { backend: this.pair.backend, reason: this.pair.backendReason } : undefined;
  }

  async open(): Promise<void> {
    this.pair = await PtyPair.create();
    this.bench = new SerialTransport({ path: this.pair.pathB, lineSettings: this.lineSettings });
    await this.bench.open();
  }

  /** A fresh transport on end A at the terminal's baud rate (a PTY ignores it, a real UART would not). */
  async openTerminalSide(baudRate?: number): Promise<Transport> {
    const t = new SerialTransport({ path: this.path, lineSettings: { ...this.lineSettings, ...(baudRate ? { baudRate } : {}) } });
    await t.open();
    return t;
  }

  async close(): Promise<void> {
    await this.bench?.close();
    await this.pair?.close();
  }
}
