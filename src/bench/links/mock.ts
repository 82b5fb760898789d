/**
 * `link.kind: mock` — an in-process null-modem cable (src/transports/mock-pair.ts). Both
 * ends stay open for the whole scenario; the in-process terminal borrows its end, so it
 * can close and reopen its port as often as firmware does without cutting the cable.
 */
import type { LineSettings, Transport } from '../../transports/types';
import { createMockSerialPair, SerialTransport } from '../../transports';
import { BorrowedTransport } from './borrowed-transport';
import { opened, type Link, type LinkDevice } from './types';

export class MockLink implements Link {
  readonly kind = 'mock' as const;
  private ends?: [Transport, Transport];

  constructor(
    readonly device: LinkDevice,
    readonly lineSettings: LineSettings,
  ) {}

  get path(): string {
    return (opened(this.ends, this, 'cable')[0] as SerialTransport).path;
  }

  get benchSide(): Transport {
    return opened(this.ends, this, 'cable')[1];
  }

  async open(): Promise<void> {
    const [a, b] = createMockSerialPair({ lineSettings: this.lineSettings, label: this.device });
    this.ends = [a, b];
    await a.open();
    await b.open();
  }

  async openTerminalSide(): Promise<Transport> {
    const t = new BorrowedTransport(opened(this.ends, this, 'cable')[0]);
    await t.open();
    return t;
  }

  async close(): Promise<void> {
    const ends = this.ends;
    if (!ends) return;
    await ends[0].close();
    await ends[1].close();
  }
}
