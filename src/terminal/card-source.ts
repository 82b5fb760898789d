/**
 * What the terminal needs from its card reader. The reader protocol client
 * (src/protocols/reader) is adapted to this in src/terminal/reader-adapter.ts.
 */
import type { EventEmitter } from 'node:events';

export interface CardData {
  pan: string;
  expiry?: string; // YYMM
  serviceCode?: string;
  track2?: string; // PAN D YYMM SVC discretionary, as the ISO field wants it
  panSequence?: string;
  issuerName?: string;
  presentation: 'chip' | 'swipe' | 'tap';
}

export interface CardEvent {
  event: 'inserted' | 'swiped' | 'tapped' | 'removed';
  /** For a swipe, the track data read from the stripe. */
  card?: CardData;
}

export interface GenerateAcRequest {
  amountMinor: number;
  currencyCode: string;
  date: Date;
  unpredictableNumber: Buffer;
  type: 'ARQC' | 'TC' | 'AAC';
}

export interface CardSource extends EventEmitter<{ card: [e: CardEvent] }> {
  readCard(): Promise<CardData>;
  generateAc(req: GenerateAcRequest): Promise<{ tlv: Buffer }>;
}
