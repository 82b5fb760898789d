/**
 * The ISO 8583 messages the reference terminal builds (CUP conventions: TPDU, application
 * header, fields 12/13/41/42, field 60 by transaction, MAC) and the checks it makes on a
 * reply (docs/domain.md): MTI + 10, same 3 / 11 / 41; on approvals also same 42 and 4, and
 * the MAC verified.
 */
import type { Transport } from '../transports/types';
import type { Dialect, FieldValue, IsoMessage } from '../protocols/iso8583/types';
import { responseMti, setMac, verifyMac } from '../protocols/iso8583';
import type { Clock } from '../util/clock';
import { parseHostPort, type HostPort } from '../util/address';
import { MAX_SETTLEMENT_COUNT, type TerminalConfig } from './config';
import { PosbenchError } from '../util/errors';
import type { TerminalStore, JournalEntry } from './journal';
import { exchange, type HostConnector, type HostResult } from './host-link';
import type { CardData, CardSource } from './card-source';

/** What the terminal is given to reach the world. */
export interface TerminalIo {
  dialect: Dialect;
  connectHost: HostConnector;
  /** Open the printer link named by the config (path + baud). Rejects when the port is wrong. */
  openPrinter: (path: string, baudRate: number) => Promise<Transport>;
  cards: CardSource;
  clock?: Clock;
  log?: (line: string) => void;
}

/** TPDU `60` + destination (the NII, `nii` setting) + source `0000` (docs/domain.md §1.3). */
function tpdu(nii: string): Buffer {
  return Buffer.from(`600${nii}0000`, 'hex');
}
const APP_HEADER_TEST = Buffer.from('603110000000', 'hex');
const APP_HEADER_LIVE = Buffer.from('603100000000', 'hex');

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function sameField(req: IsoMessage, reply: IsoMessage, f: number): boolean {
  return req.fields[f] === undefined || String(reply.fields[f] ?? '').trimEnd() === String(req.fields[f]).trimEnd();
}

/** Batch totals that field 48 of a 0500 cannot carry (a count over n3, a total over n12). */
export class SettlementTotalsError extends PosbenchError {
  constructor(
    /** The part of field 48 that overflows ("debit count" …). */
    readonly part: string,
    /** Its offset in field 48 and its format. */
    readonly offset: number,
    readonly value: number,
    readonly digits: number,
  ) {
    super('SETTLEMENT_TOTALS', `field 48 ${part} (offset ${offset}, n${digits}): ${value} does not fit ${digits} digits`);
  }
}

/**
 * Field 48 of a 0500: debit total n12 + count n3 + credit total n12 + count n3 + flag
 * (docs/domain.md §1, Settlement). Throws SettlementTotalsError rather than pack a number
 * that does not fit: a 1000 padded to 3 digits is "1000", and the host would read the
 * fields after it one digit off.
 */
export function settlementField48(totals: { debitTotalMinor: number; debitCount: number; creditTotalMinor: number; creditCount: number }): string {
  const parts: Array<[string, number, number]> = [
    ['debit total', totals.debitTotalMinor, 12],
    ['debit count', totals.debitCount, 3],
    ['credit total', totals.creditTotalMinor, 12],
    ['credit count', totals.creditCount, 3],
  ];
  let out = '';
  for (const [part, value, digits] of parts) {
    const max = digits === 3 ? MAX_SETTLEMENT_COUNT : 10 ** digits - 1;
    if (!Number.isInteger(value) || value < 0 || value > max) throw new SettlementTotalsError(part, out.length, value, digits);
    out += String(value).padStart(digits, '0');
  }
  return out + '0';
}

/** The card as the transaction read it. */
export interface AcquiredCard {
  card: CardData;
  tlv?: Buffer;
  fallback: boolean;
}

export class HostMessages {
  constructor(
    private readonly config: () => TerminalConfig,
    private readonly store: TerminalStore,
    private readonly io: TerminalIo,
    private readonly clock: Clock,
  ) {}

  /** TPDU, header, local time (12/13), terminal and merchant (41/42). */
  base(mti: string): IsoMessage {
    const d = this.clock.date();
    const c = this.config();
    return {
      mti,
      tpdu: tpdu(c.nii),
      header: c.testMode ? APP_HEADER_TEST : APP_HEADER_LIVE,
      fields: {
        12: `${pad2(d.getHours())}${pad2(d.getMinutes())}${pad2(d.getSeconds())}`,
        13: `${pad2(d.getMonth() + 1)}${pad2(d.getDate())}`,
        41: c.terminalId,
        42: c.merchantId,
      },
    };
  }

  /** The message with its MAC (field 64) once sign-on gave a MAC key. */
  withMac(msg: IsoMessage): IsoMessage {
    const key = this.store.state.macKeyHex;
    if (!key) return msg;
    return setMac(this.io.dialect, msg, Buffer.from(key, 'hex'));
  }

  /** One exchange with the host (a connection per exchange). */
  send(msg: IsoMessage): Promise<HostResult> {
    const c = this.config();
    let address: HostPort;
    try {
      address = parseHostPort(c.hostAddress);
    } catch (e) {
      return Promise.resolve({ ok: false, failure: 'connect-failed', detail: (e as Error).message, sent: false });
    }
    return exchange(this.io.connectHost, this.io.dialect, address, msg, {
      connectTimeoutMs: c.connectTimeoutMs,
      hostTimeoutMs: c.hostTimeoutMs,
    });
  }

  /** The part of the reply checks every message gets: MTI + 10 and the same 3, 11, 41. */
  answers(req: IsoMessage, reply: IsoMessage): boolean {
    return reply.mti === responseMti(req.mti) && [3, 11, 41].every((f) => sameField(req, reply, f));
  }

  /** All the reply checks: on approvals also the same 42 and 4, and the MAC. */
  checkReply(req: IsoMessage, reply: IsoMessage): 'ok' | 'mismatch' | 'bad-mac' {
    if (!this.answers(req, reply)) return 'mismatch';
    const same = (f: number) => sameField(req, reply, f);
    if (reply.fields[39] === '00' && ![42, 4].every(same)) return 'mismatch';
    if (reply.fields[39] === '00' && this.store.state.macKeyHex) {
      if (reply.fields[64] === undefined) return 'bad-mac';
      if (!verifyMac(this.io.dialect, reply, Buffer.from(this.store.state.macKeyHex, 'hex'))) return 'bad-mac';
    }
    return 'ok';
  }

  /** 0800 sign-on (60.3 = 003). */
  signOn(): IsoMessage {
    const msg = this.base('0800');
    msg.fields[11] = this.store.nextStan();
    msg.fields[60] = `00${this.store.batch}003`;
    msg.fields[63] = this.config().operatorId.padEnd(3, ' ');
    return msg;
  }

  /** 0800 echo test (network management code 60.3 = 301): the host answers 0810, nothing changes. */
  echo(): IsoMessage {
    const msg = this.base('0800');
    msg.fields[11] = this.store.nextStan();
    msg.fields[60] = `00${this.store.batch}301`;
    return msg;
  }

  /**
   * 0200 sale (000000) / void (200000), 0220 refund (200000), with the card's data and, for
   * a void or refund, the original's RRN, auth code and batch + STAN (61).
   */
  financial(kind: 'sale' | 'void' | 'refund', stan: string, amountMinor: number, acquired: AcquiredCard, original: JournalEntry | undefined): { req: IsoMessage; entryMode: string } {
    const { card, tlv, fallback } = acquired;
    const c = this.config();
    const req = this.base(kind === 'refund' ? '0220' : '0200');
    const entryMode = card.presentation === 'chip' ? '052' : card.presentation === 'tap' ? '072' : '022';
    const f60type = kind === 'sale' ? '22' : kind === 'void' ? '23' : '25';
    Object.assign(req.fields, {
      2: card.pan,
      3: kind === 'sale' ? '000000' : '200000',
      4: String(amountMinor).padStart(12, '0'),
      11: stan,
      22: entryMode,
      25: '00',
      49: c.currencyCode,
      // 60.4: 6 when the card was tapped, else 5; 60.5: 2 on a fallback swipe ([LY] SetCommField60, docs/domain.md §1.4).
      60: `${f60type}${this.store.batch}000${card.presentation === 'tap' ? '6' : '5'}${fallback ? '2' : '0'}`,
    } satisfies Record<number, FieldValue>);
    if (card.expiry) req.fields[14] = card.expiry;
    if (card.track2) req.fields[35] = card.track2;
    if (card.presentation !== 'swipe') req.fields[23] = card.panSequence ?? '001';
    if (tlv) req.fields[55] = tlv;
    if (original) {
      req.fields[37] = original.rrn ?? '';
      if (original.authCode) req.fields[38] = original.authCode;
      req.fields[61] = `${original.batch}${original.stan}${kind === 'refund' ? original.at.slice(5, 7) + original.at.slice(8, 10) : ''}`;
    }
    return { req, entryMode };
  }

  /** 0500 settlement with the batch totals in field 48 (SettlementTotalsError when they do not fit). */
  settlement(totals: { debitTotalMinor: number; debitCount: number; creditTotalMinor: number; creditCount: number }): IsoMessage {
    const c = this.config();
    const msg = this.base('0500');
    msg.fields[11] = this.store.nextStan();
    msg.fields[48] = settlementField48(totals);
    msg.fields[49] = c.currencyCode;
    msg.fields[60] = `00${this.store.batch}201`;
    msg.fields[63] = c.operatorId.padEnd(3, ' ');
    return msg;
  }

  /** 0320 batch upload of one journal entry (STAN + amount in field 48). */
  batchUpload(e: JournalEntry, batchNo: string): IsoMessage {
    const up = this.base('0320');
    up.fields[11] = this.store.nextStan();
    up.fields[48] = `${e.stan}${String(e.amountMinor).padStart(12, '0')}`;
    up.fields[60] = `00${batchNo}201`;
    return up;
  }
}
