/**
 * Adapts the reader protocol client (src/protocols/reader) to what the terminal needs.
 */
import { EventEmitter } from 'node:events';
import type { Transport } from '../transports/types';
import { ReaderClient, type CardEvent as WireCardEvent } from '../protocols/reader';
import type { CardData, CardEvent, CardSource, GenerateAcRequest } from './card-source';

function toTrack2Field(track2: string): string {
  return track2.replace('=', 'D');
}

export class ReaderCardSource extends EventEmitter<{ card: [e: CardEvent] }> implements CardSource {
  private readonly client: ReaderClient;

  constructor(transport: Transport) {
    super();
    this.client = new ReaderClient(transport);
    this.client.on('error', () => undefined);
    this.client.on('card', (e: WireCardEvent) => {
      const card: CardData | undefined =
        e.event === 'swiped' && e.pan
          ? { pan: e.pan, expiry: e.expiry, serviceCode: e.serviceCode, track2: e.track2 ? toTrack2Field(e.track2) : undefined, presentation: 'swipe' }
          : undefined;
      this.emit('card', { event: e.event, ...(card ? { card } : {}) });
    });
  }

  async readCard(): Promise<CardData> {
    const r = await this.client.readCard();
    return {
      pan: r.pan,
      expiry: r.expiry,
      serviceCode: r.serviceCode,
      track2: toTrack2Field(r.track2),
      presentation: r.presentation,
      ...(r.panSequence ? { panSequence: r.panSequence.padStart(3, '0') } : {}),
    };
  }

  async generateAc(req: GenerateAcRequest): Promise<{ tlv: Buffer }> {
    const r = await this.client.generateAc({
      amountMinor: req.amountMinor,
      currencyCode: req.currencyCode,
      date: req.date,
      unpredictableNumber: req.unpredictableNumber,
      type: req.type,
    });
    return { tlv: r.tlv };
  }

  detach(): void {
    this.client.close();
  }
}
