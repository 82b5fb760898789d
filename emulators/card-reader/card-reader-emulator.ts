/**
 * CardReaderEmulator: an EMV card reader on the far end of a Transport, speaking the reader
 * protocol (src/protocols/reader). Scenario code presents and removes catalog cards; the
 * terminal reads them and asks for cryptograms. See README.md for the wire format.
 */
import type { Card, CardCatalog, Presentation } from '../../src/cards';
import { computeArqc } from '../../src/cards';
import { bcd } from '../../src/protocols/tlv';
import type { EvidenceSink } from '../../src/evidence/types';
import { nullEvidence } from '../../src/evidence/types';
import {
  AC_TYPE_CODE,
  EVENT_CODE,
  MSG,
  PRESENTATION_CODE,
  ReaderError,
  ReaderLink,
  TAG,
  decodeMessage,
  errorMessage,
  fromCode,
  message,
  panToTag5A,
  track2ToTag57,
  type AcType,
  type CardEventKind,
  type ReaderErrorCode,
  type ReaderLinkDiag,
  type ReaderLinkOptions,
} from '../../src/protocols/reader';
import type { Transport } from '../../src/transports/types';
import type { Clock } from '../../src/util/clock';
import { systemClock } from '../../src/util/clock';
import { SeededRandom } from '../../src/util/random';

export interface CardReaderEmulatorOptions {
  catalog: CardCatalog;
  evidence?: EvidenceSink;
  clock?: Clock;
  /** Seed for the fault knobs (which byte to corrupt). Default 1. */
  seed?: number;
  link?: ReaderLinkOptions;
}

export interface PresentOptions {
  /** Present it another way than the catalog says (e.g. insert a CHIP_CARD_SWIPED card). */
  as?: Presentation;
  /** Override the catalog's behaviour flags for this presentation. */
  chipFails?: boolean;
  pulledEarly?: boolean;
}

interface PresentedCard {
  card: Card;
  presentation: Presentation;
  chipFails: boolean;
  pulledEarly: boolean;
}

const EVENT_FOR: Record<Presentation, CardEventKind> = { chip: 'inserted', swipe: 'swiped', tap: 'tapped' };

export class CardReaderEmulator {
  private readonly catalog: CardCatalog;
  private readonly evidence: EvidenceSink;
  private readonly clock: Clock;
  private readonly random: SeededRandom;
  private readonly linkOptions?: ReaderLinkOptions;
  private link?: ReaderLink;
  private current?: PresentedCard;
  /** A card was removed since the last presentation: requests answer CARD_REMOVED. */
  private removedSincePresent = false;
  /** ATC per PAN (cards sharing a PAN are one chip). */
  private readonly atcByPan = new Map<string, number>();
  private pullOnNextAc = false;
  /** Everything this emulator was asked, for tests and the oracle. */
  readonly requests: { type: 'READ_CARD' | 'GENERATE_AC'; at: number; result: string }[] = [];

  constructor(opts: CardReaderEmulatorOptions) {
    this.catalog = opts.catalog;
    this.evidence = opts.evidence ?? nullEvidence;
    this.clock = opts.clock ?? systemClock;
    this.random = new SeededRandom(opts.seed ?? 1).fork('card-reader');
    this.linkOptions = opts.link;
  }

  /** Starts serving the reader protocol on an open transport (replaces any earlier one). */
  attach(transport: Transport): void {
    this.link?.close();
    const link = new ReaderLink(transport, this.linkOptions);
    this.link = link;
    link.on('message', (m) => void this.onRequest(m));
    link.on('diag', (d) => this.recordDiag(d));
    this.record('reader.attached', `reader attached on ${transport.description}`);
  }

  /** Stops serving (the transport stays open; its owner closes it). */
  detach(): void {
    this.link?.close();
    this.link = undefined;
  }

  /** The card in (or on) the reader, if any. */
  get presented(): { name: string; presentation: Presentation } | undefined {
    return this.current ? { name: this.current.card.name, presentation: this.current.presentation } : undefined;
  }

  /** Current ATC of a card's chip (the value the next Generate AC will use). */
  atcOf(cardName: string): number | undefined {
    const card = this.catalog.get(cardName);
    if (!card.emv) return undefined;
    return this.atcByPan.get(card.pan) ?? card.emv.atcStart;
  }

  /**
   * The customer presents a catalog card the catalog's way (chip insert, swipe or tap), or
   * as `opts.as` says. A card already in the reader is removed first. Resolves when the
   * terminal acknowledged the event.
   */
  async present(cardName: string, opts: PresentOptions = {}): Promise<void> {
    const card = this.catalog.get(cardName);
    const presentation = opts.as ?? card.presentation;
    if ((presentation === 'chip' || presentation === 'tap') && !card.emv) {
      throw new ReaderError('NOT_SUPPORTED', `${cardName} has no chip: it cannot be presented by ${presentation}`);
    }
    if (this.current) await this.remove();
    this.current = {
      card,
      presentation,
      chipFails: opts.chipFails ?? card.behaviour.chipFails,
      pulledEarly: opts.pulledEarly ?? card.behaviour.pulledEarly,
    };
    this.removedSincePresent = false;
    this.pullOnNextAc = this.current.pulledEarly;
    const event = EVENT_FOR[presentation];
    this.record(`card.${event}`, `card ${cardName} ${event} (${card.maskedPan})`, { card: cardName, pan: card.maskedPan, presentation });
    const body: [string, Buffer][] = [
      [TAG.EVENT, Buffer.from([EVENT_CODE[event]])],
      [TAG.PRESENTATION, Buffer.from([PRESENTATION_CODE[presentation]])],
    ];
    // A swipe reads the stripe at once; a tap reads the track 2 equivalent at once.
    if (presentation !== 'chip') body.push(['57', track2ToTag57(card.track2)]);
    await this.send(message(MSG.CARD_EVENT, body));
  }

  /** The customer takes the card out (at any moment in a flow). No-op without a card. */
  async remove(): Promise<void> {
    const cur = this.current;
    if (!cur) return;
    this.current = undefined;
    this.removedSincePresent = true;
    this.pullOnNextAc = false;
    this.record('card.removed', `card ${cur.card.name} removed (${cur.card.maskedPan})`, { card: cur.card.name, pan: cur.card.maskedPan });
    await this.send(
      message(MSG.CARD_EVENT, [
        [TAG.EVENT, Buffer.from([EVENT_CODE.removed])],
        [TAG.PRESENTATION, Buffer.from([PRESENTATION_CODE[cur.presentation]])],
      ]),
    );
  }

  /** Arms "card pulled early": the card is pulled when the terminal next asks for a cryptogram. */
  pullEarly(): void {
    this.pullOnNextAc = true;
    this.record('card.pull-armed', 'the card will be pulled at the next Generate AC');
  }

  /** Fault knob: the next `n` frames go out with a bad LRC (the terminal must NAK; the link retransmits). */
  corruptNextFrames(n: number): void {
    this.link?.corruptNextFrames(n);
    this.record('fault.armed', `next ${n} reader frame(s) sent with a bad LRC`);
  }

  /** Fault knob: send `n` seeded garbage bytes (no STX) down the line, as line noise. */
  async sendNoise(n: number): Promise<void> {
    const noise = this.random.bytes(n).map((b) => (b === 0x02 || b === 0x06 || b === 0x15 ? 0x55 : b));
    this.record('fault.noise', `${n} byte(s) of line noise sent`);
    await this.link?.transport.write(Buffer.from(noise));
  }

  private async send(msg: Buffer): Promise<void> {
    if (!this.link) return; // not attached: the event is lost, as with an unplugged reader
    try {
      await this.link.send(msg);
    } catch (err) {
      this.record('link.failed', `reader could not deliver a message: ${(err as Error).message}`);
      throw err;
    }
  }

  private async onRequest(raw: Buffer): Promise<void> {
    let answer: Buffer;
    let type: 'READ_CARD' | 'GENERATE_AC' | 'UNKNOWN' = 'UNKNOWN';
    const rid = raw.length >= 2 ? raw[1]! : 0;
    try {
      const req = decodeMessage(raw, 'BAD_REQUEST');
      if (req.type === MSG.READ_CARD) {
        type = 'READ_CARD';
        answer = this.readCard(rid);
      } else if (req.type === MSG.GENERATE_AC) {
        type = 'GENERATE_AC';
        answer = await this.generateAc(req.tags, rid);
      } else {
        throw new ReaderError('BAD_REQUEST', `unknown request type 0x${req.type.toString(16)}`);
      }
    } catch (err) {
      const e = err instanceof ReaderError ? err : new ReaderError('BAD_REQUEST', String(err));
      answer = errorMessage(e.code, e.message, rid);
      this.record('request.failed', `${type} → ${e.code}`, { request: type, code: e.code });
    }
    if (type !== 'UNKNOWN') this.requests.push({ type, at: this.clock.now(), result: answer[0] === MSG.ERROR ? 'error' : 'ok' });
    await this.send(answer).catch(() => undefined);
  }

  private requireCard(): PresentedCard {
    if (this.current) return this.current;
    throw new ReaderError(this.removedSincePresent ? 'CARD_REMOVED' : 'NO_CARD', this.removedSincePresent ? 'the card was removed' : 'no card presented');
  }

  private readCard(rid: number): Buffer {
    const cur = this.requireCard();
    const { card, presentation } = cur;
    if (presentation === 'chip' && cur.chipFails) throw new ReaderError('CHIP_NO_ANSWER', 'the chip does not answer');
    const body: [string, Buffer][] = [
      [TAG.PRESENTATION, Buffer.from([PRESENTATION_CODE[presentation]])],
      ['57', track2ToTag57(card.track2)],
    ];
    if (presentation !== 'swipe' && card.emv) {
      body.push(['5A', panToTag5A(card.pan)], ['5F34', Buffer.from(card.emv.panSequence, 'hex')], ['84', Buffer.from(card.emv.aid, 'hex')]);
    }
    this.record('card.read', `card ${card.name} read by ${presentation} (${card.maskedPan})`, { card: card.name, pan: card.maskedPan, presentation });
    return message(MSG.CARD_DATA, body, rid);
  }

  private async generateAc(tags: Map<string, Buffer>, rid: number): Promise<Buffer> {
    const cur = this.requireCard();
    const { card, presentation } = cur;
    if (presentation === 'swipe' || !card.emv) throw new ReaderError('NOT_SUPPORTED', 'Generate AC needs a chip or contactless card');
    if (presentation === 'chip' && cur.chipFails) throw new ReaderError('CHIP_NO_ANSWER', 'the chip does not answer');
    if (this.pullOnNextAc) {
      this.record('card.pulled-early', `card ${card.name} pulled out during Generate AC (${card.maskedPan})`, { card: card.name, pan: card.maskedPan });
      await this.remove();
      throw new ReaderError('CARD_REMOVED', 'the card was pulled out during Generate AC');
    }
    const need = (t: string, len: number) => {
      const v = tags.get(t);
      if (!v || v.length !== len) throw new ReaderError('BAD_REQUEST', `Generate AC: tag ${t} missing or not ${len} bytes`);
      return v;
    };
    const amount = need('9F02', 6);
    const currency = need('5F2A', 2);
    const date = need('9A', 3);
    const un = need('9F37', 4);
    const txnType = tags.get('9C') ?? Buffer.from([0x00]);
    const acType: AcType = fromCode(AC_TYPE_CODE, tags.get(TAG.AC_TYPE)?.[0] ?? AC_TYPE_CODE.ARQC, 'AC type');
    const amountDigits = amount.toString('hex');
    const currencyDigits = currency.toString('hex');
    const dateDigits = date.toString('hex');
    if (!/^\d{12}$/.test(amountDigits) || !/^\d{4}$/.test(currencyDigits) || !/^\d{6}$/.test(dateDigits)) {
      throw new ReaderError('BAD_REQUEST', 'Generate AC: amount, currency or date is not BCD');
    }
    const emv = card.emv;
    const atc = this.atcByPan.get(card.pan) ?? emv.atcStart;
    this.atcByPan.set(card.pan, (atc + 1) & 0xffff);
    const atcBuf = Buffer.alloc(2);
    atcBuf.writeUInt16BE(atc);
    const cryptogram = computeArqc(emv.arqcKey, {
      amountMinor: BigInt(amountDigits),
      currencyCode: currencyDigits,
      date: dateDigits,
      unpredictableNumber: un,
      atc,
    });
    const cid = AC_TYPE_CODE[acType];
    const tlv: [string, Buffer][] = [
      ['9F26', cryptogram],
      ['9F27', Buffer.from([cid])],
      ['9F10', Buffer.from(emv.iad, 'hex')],
      ['9F37', un],
      ['9F36', atcBuf],
      ['95', Buffer.alloc(5)],
      ['9A', date],
      ['9C', txnType],
      ['9F02', amount],
      ['5F2A', currency],
      ['82', Buffer.from(emv.aip, 'hex')],
      ['9F1A', bcd(emv.countryCode, 2)],
      ['84', Buffer.from(emv.aid, 'hex')],
      ['5F34', Buffer.from(emv.panSequence, 'hex')],
    ];
    this.record('ac.generated', `${acType} for ${card.name} (${card.maskedPan}) amount ${BigInt(amountDigits)} ATC ${atc}`, {
      card: card.name,
      pan: card.maskedPan,
      acType,
      atc,
      amountMinor: Number(BigInt(amountDigits)),
      currency: currencyDigits,
      date: dateDigits,
      unpredictableNumber: un.toString('hex'),
      cryptogram: cryptogram.toString('hex').toUpperCase(),
    });
    return message(MSG.AC_RESULT, tlv, rid);
  }

  private recordDiag(d: ReaderLinkDiag): void {
    switch (d.kind) {
      case 'garbage':
        this.record('link.garbage', `skipped ${d.bytes.length} garbage byte(s)`, { bytes: d.bytes.length });
        break;
      case 'nak-sent':
        this.record('link.nak', 'frame with a bad LRC from the terminal: NAK sent', { expected: d.expected, actual: d.actual });
        break;
      case 'nak-received':
      case 'ack-timeout':
      case 'retransmit':
      case 'duplicate':
      case 'partial-dropped':
        this.record(`link.${d.kind}`, `reader link: ${d.kind}`, { ...d });
        break;
      case 'write-failed':
        this.record('link.write-failed', `reader link write failed: ${d.error.message}`);
        break;
    }
  }

  private record(kind: string, summary: string, data?: unknown): void {
    this.evidence.record({ source: 'reader', kind, summary, data });
  }
}

export type { ReaderErrorCode };
