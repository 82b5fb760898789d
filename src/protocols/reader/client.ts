/**
 * ReaderClient: the terminal's side of the card reader protocol, over any Transport
 * (which the caller opens and closes).
 *
 *   const reader = new ReaderClient(transport);
 *   reader.on('card', (e) => …);                 // inserted / swiped / tapped / removed
 *   const card = await reader.readCard();        // track 2 (equivalent), PAN, expiry, …
 *   const { tlv } = await reader.generateAc({ amountMinor, currencyCode, date, unpredictableNumber, type: 'ARQC' });
 *
 * Requests run one at a time. Failures are ReaderError with a code (CHIP_NO_ANSWER,
 * CARD_REMOVED, NO_CARD, NOT_SUPPORTED, TIMEOUT, LINK_FAILED, CLOSED, BAD_RESPONSE).
 * `pan` in events and reads is internal: never log it (use maskPan).
 */
import { EventEmitter } from 'node:events';
import type { Transport } from '../../transports/types';
import { formatYymmdd, unpredictableNumberBytes } from '../tlv/emv-data';
import { ReaderError } from './errors';
import { ReaderLink, type ReaderLinkDiag, type ReaderLinkOptions } from './link';
import {
  AC_TYPE_CODE,
  EVENT_CODE,
  MSG,
  PRESENTATION_CODE,
  TAG,
  bcd,
  decodeMessage,
  fromCode,
  message,
  parseTrack2,
  readerErrorFrom,
  tag57ToTrack2,
  tag5AToPan,
  type AcType,
  type CardEventKind,
  type Presentation,
} from './messages';

export interface CardEvent {
  event: CardEventKind;
  presentation: Presentation;
  /** Swipe / tap only: the track 2 (equivalent) read. */
  track2?: string;
  /** Internal only — never log. */
  pan?: string;
  /** YYMM */
  expiry?: string;
  serviceCode?: string;
}

export interface CardRead {
  presentation: Presentation;
  track2: string;
  /** Internal only — never log. */
  pan: string;
  /** YYMM */
  expiry: string;
  serviceCode: string;
  panSequence?: string;
  /** Chip / tap: the application selected (hex). */
  aid?: string;
}

export interface GenerateAcRequest {
  amountMinor: number | bigint;
  /** ISO 4217 numeric (156 = CNY). */
  currencyCode: number | string;
  /** YYMMDD (tag 9A) or a Date (its UTC date). */
  date: string | Date;
  /** 4 bytes or a uint32 (tag 9F37). */
  unpredictableNumber: Buffer | number;
  /** Requested cryptogram: ARQC (go online, default), TC (approve offline), AAC (decline). */
  type?: AcType;
  /** Tag 9C transaction type (default 0x00 purchase; 0x20 refund). */
  transactionType?: number;
}

export interface GenerateAcResult {
  /** BER-TLV for ISO 8583 field 55: 9F26 9F27 9F10 9F37 9F36 95 9A 9C 9F02 5F2A 82 9F1A 84 5F34. */
  tlv: Buffer;
  /** Cryptogram information data (9F27): 0x80 ARQC, 0x40 TC, 0x00 AAC. */
  cid: number;
  cryptogram: Buffer;
  atc: number;
}

export interface ReaderClientOptions extends ReaderLinkOptions {
  /** How long to wait for the reader's answer to a request (default 3000 ms). */
  requestTimeoutMs?: number;
}

export class ReaderClient extends EventEmitter<{ card: [e: CardEvent]; diag: [d: ReaderLinkDiag]; error: [err: Error] }> {
  readonly link: ReaderLink;
  private readonly requestTimeoutMs: number;
  private lastRid = 0;
  private pending?: {
    rid: number;
    expect: number;
    /** The reader answered this request (data or error): it arrived, whatever became of its ACK. */
    answered: boolean;
    resolve: (tags: Map<string, Buffer>, body: Buffer) => void;
    reject: (err: ReaderError) => void;
  };
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly transport: Transport,
    opts: ReaderClientOptions = {},
  ) {
    super();
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 3000;
    this.link = new ReaderLink(transport, opts);
    this.link.on('message', (m) => this.onMessage(m));
    this.link.on('diag', (d) => this.emit('diag', d));
    transport.once('close', () => this.pending?.reject(new ReaderError('CLOSED', `${transport.description}: transport closed`)));
  }

  /** Reads the presented card. */
  readCard(): Promise<CardRead> {
    return this.request((rid) => message(MSG.READ_CARD, [], rid), MSG.CARD_DATA, (tags) => {
      const presentation = fromCode(PRESENTATION_CODE, tags.get(TAG.PRESENTATION)?.[0], 'presentation');
      const t57 = tags.get('57');
      if (!t57) throw new ReaderError('BAD_RESPONSE', 'card data without track 2 (tag 57)');
      const track2 = tag57ToTrack2(t57);
      const t2 = parseTrack2(track2);
      const t5a = tags.get('5A');
      return {
        presentation,
        track2,
        pan: t5a ? tag5AToPan(t5a) : t2.pan,
        expiry: t2.expiry,
        serviceCode: t2.serviceCode,
        panSequence: tags.get('5F34')?.toString('hex'),
        aid: tags.get('84')?.toString('hex').toUpperCase(),
      };
    });
  }

  /** Asks the chip for an application cryptogram; the answer is the field-55 TLV. */
  generateAc(req: GenerateAcRequest): Promise<GenerateAcResult> {
    let body: [string, Buffer][];
    try {
      body = [
        ['9F02', bcd(String(req.amountMinor), 6)],
        ['5F2A', bcd(String(req.currencyCode), 2)],
        ['9A', bcd(formatYymmdd(req.date), 3)],
        ['9F37', unpredictableNumberBytes(req.unpredictableNumber)],
        ['9C', Buffer.from([req.transactionType ?? 0x00])],
        [TAG.AC_TYPE, Buffer.from([AC_TYPE_CODE[req.type ?? 'ARQC']])],
      ];
    } catch (err) {
      return Promise.reject(new ReaderError('BAD_REQUEST', `generateAc: ${(err as Error).message}`, { cause: err }));
    }
    return this.request((rid) => message(MSG.GENERATE_AC, body, rid), MSG.AC_RESULT, (tags, raw) => {
      const cryptogram = tags.get('9F26');
      const cid = tags.get('9F27');
      const atc = tags.get('9F36');
      if (!cryptogram || cryptogram.length !== 8 || !cid || cid.length !== 1 || !atc || atc.length !== 2) {
        throw new ReaderError('BAD_RESPONSE', 'AC result lacks 9F26 (8 bytes), 9F27 or 9F36');
      }
      return { tlv: raw, cid: cid[0]!, cryptogram, atc: atc.readUInt16BE(0) };
    });
  }

  /** Detaches from the transport (the caller closes the transport). */
  close(): void {
    this.link.close();
    this.pending?.reject(new ReaderError('CLOSED', 'reader client closed'));
  }

  private request<T>(build: (rid: number) => Buffer, expect: number, parse: (tags: Map<string, Buffer>, body: Buffer) => T): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.link.isClosed) throw new ReaderError('CLOSED', 'reader link is closed');
      const rid = (this.lastRid = this.lastRid >= 255 ? 1 : this.lastRid + 1);
      const msg = build(rid);
      let pending!: NonNullable<ReaderClient['pending']>;
      const answer = new Promise<{ tags: Map<string, Buffer>; body: Buffer }>((resolve, reject) => {
        pending = { rid, expect, answered: false, resolve: (tags, body) => resolve({ tags, body }), reject };
        this.pending = pending;
      });
      answer.catch(() => undefined); // observed below; avoid an unhandled rejection if send fails first
      let timer: NodeJS.Timeout | undefined;
      try {
        try {
          await this.link.send(msg);
        } catch (err) {
          // The reader's answer (with this request's RID) proves the request arrived: only the
          // ACKs from the reader were lost. Use the answer rather than report a link failure.
          if (!pending.answered) throw err;
        }
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new ReaderError('TIMEOUT', `no answer from the reader within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
        });
        const { tags, body } = await Promise.race([answer, timeout]);
        return parse(tags, body);
      } finally {
        clearTimeout(timer);
        this.pending = undefined;
      }
    };
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private onMessage(msg: Buffer): void {
    let decoded;
    try {
      decoded = decodeMessage(msg, 'BAD_RESPONSE');
    } catch (err) {
      this.pending ? this.pending.reject(err as ReaderError) : this.reportError(err as Error);
      return;
    }
    const { type, rid, tags, body } = decoded;
    if (type === MSG.CARD_EVENT) {
      try {
        this.emit('card', toCardEvent(tags));
      } catch (err) {
        this.reportError(err as Error);
      }
      return;
    }
    const pending = this.pending;
    if (!pending || rid !== pending.rid) {
      // e.g. the late answer to a request that already timed out
      this.reportError(new ReaderError('BAD_RESPONSE', `reader message 0x${type.toString(16)} for request ${rid} ignored: ${pending ? `waiting for ${pending.rid}` : 'no request pending'}`));
      return;
    }
    pending.answered = true;
    if (type === MSG.ERROR) pending.reject(readerErrorFrom(tags));
    else if (type === pending.expect) pending.resolve(tags, body);
    else pending.reject(new ReaderError('BAD_RESPONSE', `expected message 0x${pending.expect.toString(16)}, got 0x${type.toString(16)}`));
  }

  private reportError(err: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }
}

function toCardEvent(tags: Map<string, Buffer>): CardEvent {
  const event = fromCode(EVENT_CODE, tags.get(TAG.EVENT)?.[0], 'card event');
  const presentation = fromCode(PRESENTATION_CODE, tags.get(TAG.PRESENTATION)?.[0], 'presentation');
  const e: CardEvent = { event, presentation };
  const t57 = tags.get('57');
  if (t57) {
    e.track2 = tag57ToTrack2(t57);
    const t2 = parseTrack2(e.track2);
    e.pan = t2.pan;
    e.expiry = t2.expiry;
    e.serviceCode = t2.serviceCode;
  }
  return e;
}
