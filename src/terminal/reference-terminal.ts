/**
 * The reference terminal: a software POS terminal that behaves like CUP firmware.
 *
 * It talks to the world only through transports: ISO 8583 to the host (TCP, through the
 * network proxy on a bench), ESC/POS to the printer, the reader protocol to the card
 * reader, and ECR on its command port. It signs on, sells, voids, refunds, reverses
 * (on timeout, lost link, bad MAC, card pulled; stored before sending and replayed before
 * the next transaction), reprints (marked DUPLICATE) and settles (batch upload when
 * unbalanced). It checks the printer before and after every slip, and its journal survives
 * printer failures and restarts. Seeded firmware defects make it misbehave on purpose.
 */
import { EventEmitter } from 'node:events';
import type { Transport } from '../transports/types';
import type { Dialect, FieldValue, IsoMessage } from '../protocols/iso8583/types';
import { setMac, verifyMac } from '../protocols/iso8583';
import { parseTlv } from '../protocols/tlv';
import { maskPan, luhnValid } from '../util/mask';
import type { Clock } from '../util/clock';
import { systemClock } from '../util/clock';
import type { TerminalConfig } from './config';
import { applySetting } from './config';
import { TerminalStore, type JournalEntry, type PendingReversal } from './journal';
import { exchange, type HostConnector, type HostResult } from './host-link';
import { PrinterPort } from './printer-port';
import { slipEscPos, type SlipData } from './slip';
import { DISPLAY } from './display';
import type { CardEvent, CardSource, CardData } from './card-source';
import type { TxnResult, SettlementResult, SignOnResult, ReprintResult } from '../protocols/ecr/contract';

export interface TerminalIo {
  dialect: Dialect;
  connectHost: HostConnector;
  /** Open the printer link named by the config (path + baud). Rejects when the port is wrong. */
  openPrinter: (path: string, baudRate: number) => Promise<Transport>;
  cards: CardSource;
  clock?: Clock;
  log?: (line: string) => void;
}

type Events = { display: [text: string]; journal: [entry: JournalEntry] };

const TPDU = Buffer.from('6000060000', 'hex');
const APP_HEADER_TEST = Buffer.from('603110000000', 'hex');
const APP_HEADER_LIVE = Buffer.from('603100000000', 'hex');

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function sameField(req: IsoMessage, reply: IsoMessage, f: number): boolean {
  return req.fields[f] === undefined || String(reply.fields[f] ?? '').trimEnd() === String(req.fields[f]).trimEnd();
}

export class ReferenceTerminal extends EventEmitter<Events> {
  config: TerminalConfig;
  readonly store: TerminalStore;
  private printer?: PrinterPort;
  private printerLink?: Transport;
  private currentDisplay: string = DISPLAY.idle;
  private busy = false;
  private cancelRequested = false;
  private cardWaiter?: (e: CardEvent | 'cancel' | 'timeout') => void;
  private presentCard?: CardEvent;
  private removedDuringOnline = false;
  private readonly clock: Clock;
  private readonly onCard = (e: CardEvent) => this.handleCardEvent(e);

  constructor(
    config: TerminalConfig,
    stateDir: string,
    private readonly io: TerminalIo,
  ) {
    super();
    this.store = new TerminalStore(stateDir);
    // Settings changed over ECR are terminal parameters: they survive a power cycle.
    let c = config;
    for (const [k, v] of Object.entries(this.store.state.settings ?? {})) c = applySetting(c, k, v);
    this.config = c;
    this.clock = io.clock ?? systemClock;
    io.cards.on('card', this.onCard);
  }

  get display(): string {
    return this.currentDisplay;
  }

  private show(text: string): void {
    this.currentDisplay = text;
    this.emit('display', text);
  }

  private log(line: string): void {
    this.io.log?.(line);
  }

  async start(): Promise<void> {
    await this.connectPrinter();
    this.show(this.store.state.signedOn ? DISPLAY.idle : DISPLAY.signOnRequired);
  }

  async stop(): Promise<void> {
    this.io.cards.off('card', this.onCard);
    this.cardWaiter?.('cancel');
    this.printer?.detach();
    await this.printerLink?.close().catch(() => undefined);
    this.printerLink = undefined;
    this.printer = undefined;
  }

  private async connectPrinter(): Promise<void> {
    this.printer?.detach();
    await this.printerLink?.close().catch(() => undefined);
    this.printer = undefined;
    this.printerLink = undefined;
    if (!this.config.printerPort) return;
    try {
      this.printerLink = await this.io.openPrinter(this.config.printerPort, this.config.printerBaud);
      this.printerLink.on('error', () => undefined);
      this.printer = new PrinterPort(this.printerLink, this.config.printerStatusTimeoutMs);
    } catch (e) {
      // Firmware keeps running with a dead printer port; every print will fail visibly.
      this.log(`printer port ${this.config.printerPort}: ${(e as Error).message}`);
    }
  }

  async setConfig(name: string, value: string): Promise<TerminalConfig> {
    const next = applySetting(this.config, name, value);
    this.store.state.settings = { ...this.store.state.settings, [name]: value };
    this.store.saveState();
    const printerChanged = next.printerPort !== this.config.printerPort || next.printerBaud !== this.config.printerBaud;
    this.config = next;
    if (printerChanged) await this.connectPrinter();
    return this.config;
  }

  // ---------------------------------------------------------------- cards

  private handleCardEvent(e: CardEvent): void {
    // Only an inserted chip card stays in the reader; a swipe or a tap is a moment.
    if (e.event === 'removed') {
      this.presentCard = undefined;
      this.removedDuringOnline = true;
    } else if (e.event === 'inserted') this.presentCard = e;
    if (this.cardWaiter) this.cardWaiter(e);
  }

  private waitForCard(): Promise<CardEvent | 'cancel' | 'timeout'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('timeout'), this.config.cardWaitTimeoutMs);
      const done = (r: CardEvent | 'cancel' | 'timeout') => {
        clearTimeout(timer);
        this.cardWaiter = undefined;
        resolve(r);
      };
      this.cardWaiter = (e) => {
        if (e === 'cancel' || e === 'timeout' || e.event !== 'removed') done(e);
      };
    });
  }

  cancel(): boolean {
    if (!this.busy) return false;
    this.cancelRequested = true;
    this.cardWaiter?.('cancel');
    return true;
  }

  /** Obtain card data for a transaction: chip preferred, swipe of a chip card redirected, fallback after a chip failure. */
  private async acquireCard(amountMinor: number): Promise<{ card: CardData; tlv?: Buffer; fallback: boolean } | { fail: string; display: string }> {
    let chipFailed = false;
    // Any removal from here on counts: the card must still be in the reader at completion.
    this.removedDuringOnline = false;
    let event: CardEvent | undefined = this.presentCard;
    this.show(DISPLAY.presentCard);
    for (;;) {
      if (!event) {
        const r = await this.waitForCard();
        if (r === 'cancel') return { fail: 'cancelled by the cashier', display: DISPLAY.cancelled };
        if (r === 'timeout') return { fail: 'no card presented', display: DISPLAY.noCard };
        event = r;
      }
      const e: CardEvent = event;
      event = undefined;
      if (e.event === 'removed') continue;
      if (e.event === 'swiped') {
        const card = e.card;
        if (!card) continue;
        if (!luhnValid(card.pan)) return { fail: 'card number fails the Luhn check', display: DISPLAY.invalidCard };
        const chipCard = /^[26]/.test(card.serviceCode ?? '');
        if (chipCard && !(chipFailed && this.config.allowFallback)) {
          this.show(DISPLAY.insertChip);
          continue;
        }
        return { card, fallback: chipCard };
      }
      // inserted (chip) or tapped (contactless)
      try {
        const card = await this.io.cards.readCard();
        if (!luhnValid(card.pan)) return { fail: 'card number fails the Luhn check', display: DISPLAY.invalidCard };
        const now = this.clock.date();
        const ac = await this.io.cards.generateAc({
          amountMinor,
          currencyCode: this.config.currencyCode,
          date: now,
          unpredictableNumber: Buffer.from((this.clock.now() >>> 0).toString(16).padStart(8, '0'), 'hex'),
          type: 'ARQC',
        });
        return { card: { ...card, presentation: e.event === 'tapped' ? 'tap' : 'chip' }, tlv: ac.tlv, fallback: false };
      } catch (err) {
        const code = (err as { code?: string }).code ?? '';
        if (/REMOVED/.test(code)) return { fail: 'card removed during the chip read', display: DISPLAY.cardRemoved };
        chipFailed = true;
        this.log(`chip read failed: ${(err as Error).message}`);
        this.show(this.config.allowFallback ? DISPLAY.chipErrorSwipe : DISPLAY.invalidCard);
        if (!this.config.allowFallback) return { fail: 'chip read failed', display: DISPLAY.invalidCard };
      }
    }
  }

  // ---------------------------------------------------------------- ISO 8583

  private baseMessage(mti: string): IsoMessage {
    const d = this.clock.date();
    return {
      mti,
      tpdu: TPDU,
      header: this.config.testMode ? APP_HEADER_TEST : APP_HEADER_LIVE,
      fields: {
        12: `${pad2(d.getHours())}${pad2(d.getMinutes())}${pad2(d.getSeconds())}`,
        13: `${pad2(d.getMonth() + 1)}${pad2(d.getDate())}`,
        41: this.config.terminalId,
        42: this.config.merchantId,
      },
    };
  }

  private withMac(msg: IsoMessage): IsoMessage {
    const key = this.store.state.macKeyHex;
    if (!key) return msg;
    return setMac(this.io.dialect, msg, Buffer.from(key, 'hex'));
  }

  private send(msg: IsoMessage): Promise<HostResult> {
    return exchange(this.io.connectHost, this.io.dialect, this.config.hostAddress, msg, {
      connectTimeoutMs: this.config.connectTimeoutMs,
      hostTimeoutMs: this.config.hostTimeoutMs,
    });
  }

  /** Reply checks of POS-FACTS §1: MTI + 10, same 3, 11, 41; on approvals same 42 and 4, and the MAC. */
  /** The part of the reply checks every message gets: MTI + 10 and the same 3, 11, 41. */
  private answers(req: IsoMessage, reply: IsoMessage): boolean {
    const expectMti = String(Number(req.mti) + 10).padStart(4, '0');
    return reply.mti === expectMti && [3, 11, 41].every((f) => sameField(req, reply, f));
  }

  private checkReply(req: IsoMessage, reply: IsoMessage): 'ok' | 'mismatch' | 'bad-mac' {
    if (!this.answers(req, reply)) return 'mismatch';
    const same = (f: number) => sameField(req, reply, f);
    if (reply.fields[39] === '00' && ![42, 4].every(same)) return 'mismatch';
    if (reply.fields[39] === '00' && this.store.state.macKeyHex) {
      if (reply.fields[64] === undefined) return 'bad-mac';
      if (!verifyMac(this.io.dialect, reply, Buffer.from(this.store.state.macKeyHex, 'hex'))) return 'bad-mac';
    }
    return 'ok';
  }

  async signOn(): Promise<SignOnResult> {
    return this.exclusive(async () => {
      const msg = this.baseMessage('0800');
      msg.fields[11] = this.store.nextStan();
      msg.fields[60] = `00${this.store.batch}003`;
      msg.fields[63] = this.config.operatorId.padEnd(3, ' ');
      const r = await this.send(msg);
      if (!r.ok) {
        this.show(DISPLAY.signOnFailed);
        return { ok: false, display: DISPLAY.signOnFailed, reason: `${r.failure}: ${r.detail}` };
      }
      if (!this.answers(msg, r.reply)) {
        this.show(DISPLAY.signOnFailed);
        return { ok: false, display: DISPLAY.signOnFailed, reason: `the reply (${r.reply.mti}, STAN ${String(r.reply.fields[11] ?? '-')}) does not answer the sign-on` };
      }
      const code = String(r.reply.fields[39] ?? '');
      if (code !== '00') {
        this.show(DISPLAY.signOnFailed);
        return { ok: false, display: DISPLAY.signOnFailed, responseCode: code };
      }
      const f60 = String(r.reply.fields[60] ?? '');
      if (/^\d{8}/.test(f60)) this.store.state.batch = Number(f60.slice(2, 8));
      const keys = r.reply.fields[62];
      if (Buffer.isBuffer(keys) && keys.length >= 16) this.store.state.macKeyHex = keys.subarray(keys.length - 16).toString('hex');
      this.store.state.signedOn = true;
      this.store.saveState();
      this.show(DISPLAY.signedOn);
      return { ok: true, display: DISPLAY.signedOn, responseCode: code };
    });
  }

  private async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw Object.assign(new Error('the terminal is busy with another transaction'), { code: 'BUSY' });
    this.busy = true;
    this.cancelRequested = false;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  // ---------------------------------------------------------------- reversal

  private storeReversal(req: IsoMessage, reasonCode: PendingReversal['reasonCode']): void {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.fields)) {
      const n = Number(k);
      // Track, PIN, RRN and the MAC are not replayed; ICC data is dropped as well.
      if ([35, 36, 37, 52, 55, 64, 12, 13].includes(n)) continue;
      fields[k] = Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : v;
    }
    this.store.state.pendingReversal = {
      stan: String(req.fields[11]),
      batch: this.store.batch,
      amountMinor: Number(req.fields[4] ?? 0),
      fields,
      reasonCode,
      attempts: 0,
      originalMti: req.mti,
      processingCode: String(req.fields[3] ?? ''),
    };
    this.store.saveState();
  }

  private setReversalReason(reasonCode: PendingReversal['reasonCode'], authCode?: string): void {
    const p = this.store.state.pendingReversal;
    if (!p) return;
    p.reasonCode = reasonCode;
    if (authCode) p.fields['38'] = authCode;
    this.store.saveState();
  }

  private clearReversal(): void {
    if (!this.store.state.pendingReversal) return;
    delete this.store.state.pendingReversal;
    this.store.saveState();
  }

  /** Send the stored reversal, up to reversalRetries times. True when the host acknowledged it. */
  private async sendPendingReversal(): Promise<boolean> {
    const p = this.store.state.pendingReversal;
    if (!p) return true;
    // Each cycle (after the failure, then before every later online transaction) tries up
    // to reversal_retries times; `attempts` keeps the total for the record.
    for (let tries = 0; tries < Math.max(1, this.config.reversalRetries); tries++) {
      p.attempts++;
      this.store.saveState();
      const msg = this.baseMessage('0400');
      for (const [k, v] of Object.entries(p.fields)) msg.fields[Number(k)] = v.startsWith('hex:') ? Buffer.from(v.slice(4), 'hex') : v;
      msg.fields[39] = p.reasonCode;
      const signed = this.withMac(msg);
      const r = await this.send(signed);
      // The record goes only on an intact answer (MTI + 10, same 3 / 11 / 41, MAC) that
      // accepts the reversal; a refusal or a garbled answer leaves the money held.
      const check = r.ok ? this.checkReply(signed, r.reply) : undefined;
      if (r.ok && check === 'ok' && r.reply.fields[39] === '00') {
        const original = this.store.find((e) => e.stan === p.stan && e.batch === p.batch);
        if (original) this.store.update(original, { status: 'reversed' });
        this.clearReversal();
        return true;
      }
      const why = !r.ok ? r.detail : check !== 'ok' ? `reply ${r.reply.mti}: ${check}` : `refused with response ${String(r.reply.fields[39] ?? '')}`;
      this.log(`reversal of STAN ${p.stan} attempt ${p.attempts} failed: ${why}`);
    }
    return false;
  }

  // ---------------------------------------------------------------- transactions

  async sale(amountMinor: number, intentId: string): Promise<TxnResult> {
    return this.exclusive(() => this.financial('sale', amountMinor, intentId));
  }

  async refund(amountMinor: number, intentId: string): Promise<TxnResult> {
    return this.exclusive(() => this.financial('refund', amountMinor, intentId));
  }

  async void(intentId: string): Promise<TxnResult> {
    return this.exclusive(() => this.financial('void', 0, intentId));
  }

  private fail(intentId: string, kind: TxnResult['kind'], amountMinor: number, outcome: TxnResult['outcome'], display: string, reason: string, extra: Partial<TxnResult> = {}): TxnResult {
    this.show(display);
    return { intentId, kind, outcome, amountMinor, display, reason, receiptsPrinted: 0, receiptPending: false, ...extra };
  }

  private async financial(kind: 'sale' | 'void' | 'refund', amountArg: number, intentId: string): Promise<TxnResult> {
    if (!this.store.state.signedOn) return this.fail(intentId, kind, amountArg, 'failed', DISPLAY.signOnRequired, 'terminal not signed on');
    let original: JournalEntry | undefined;
    if (kind !== 'sale') {
      original = this.store.find((e) => e.kind === 'sale' && e.status === 'approved');
      if (!original) return this.fail(intentId, kind, amountArg, 'failed', DISPLAY.nothingToVoid, 'no approved sale to act on');
    }
    const amountMinor = kind === 'void' ? original!.amountMinor : amountArg;

    const acquired = await this.acquireCard(amountMinor);
    if ('fail' in acquired) {
      return this.fail(intentId, kind, amountMinor, this.cancelRequested ? 'cancelled' : 'failed', acquired.display, acquired.fail);
    }
    const { card, tlv, fallback } = acquired;

    // A pending reversal goes before any new online transaction.
    if (this.store.state.pendingReversal && !(await this.sendPendingReversal())) {
      return this.fail(intentId, kind, amountMinor, 'failed', DISPLAY.reversalFailed, 'pending reversal could not be delivered');
    }

    const stan = this.store.nextStan();
    const mti = kind === 'refund' ? '0220' : '0200';
    const req = this.baseMessage(mti);
    const entryMode = card.presentation === 'chip' ? '052' : card.presentation === 'tap' ? '072' : '022';
    const f60type = kind === 'sale' ? '22' : kind === 'void' ? '23' : '25';
    Object.assign(req.fields, {
      2: card.pan,
      3: kind === 'sale' ? '000000' : '200000',
      4: String(amountMinor).padStart(12, '0'),
      11: stan,
      22: entryMode,
      25: '00',
      49: this.config.currencyCode,
      60: `${f60type}${this.store.batch}000${card.presentation === 'swipe' ? '5' : '6'}${fallback ? '2' : '0'}`,
    } satisfies Record<number, FieldValue>);
    if (card.expiry) req.fields[14] = card.expiry;
    if (card.track2) req.fields[35] = card.track2;
    if (card.presentation !== 'swipe') req.fields[23] = card.panSequence ?? '001';
    if (tlv) req.fields[55] = tlv;
    if (original) {
      req.fields[37] = original.rrn ?? '';
      if (original.authCode) req.fields[38] = original.authCode;
      req.fields[61] = `${original.batch}${original.stan}${kind === 'refund' ? (original.at.slice(5, 7) + original.at.slice(8, 10)) : ''}`;
    }
    let signed: IsoMessage;
    try {
      signed = this.withMac(req);
    } catch (e) {
      // Card or configuration data the message cannot carry: nothing can go online.
      return this.fail(intentId, kind, amountMinor, 'failed', DISPLAY.commsError, `the request cannot be built: ${(e as Error).message}`, { stan });
    }
    const maskedPan = maskPan(card.pan);
    let entry = this.store.put({
      intentId,
      kind,
      stan,
      batch: this.store.batch,
      amountMinor,
      currency: this.config.currencyName,
      maskedPan,
      entryMode,
      status: 'pending',
      receiptsPrinted: 0,
      receiptPending: false,
      ...(original ? { originalStan: original.stan, originalRrn: original.rrn } : {}),
      at: this.clock.date().toISOString(),
      updatedAt: '',
    });
    const reversible = kind !== 'refund';
    if (reversible && !this.config.defects.includes('no-reversal-on-timeout')) this.storeReversal(signed, '98');

    if (this.config.defects.includes('receipt-before-approval')) {
      entry = (await this.printSlips(entry, card, tlv, { authCode: '', rrn: '' })).entry;
    }

    this.show(DISPLAY.processing);
    let sentMsg = signed;
    let r = await this.send(signed);
    if (!r.ok && r.failure === 'timeout' && this.config.defects.includes('resend-with-new-stan')) {
      // Defect: retry the request as a brand-new transaction (new STAN) — a double-charge machine.
      sentMsg = this.withMac({ ...signed, fields: { ...signed.fields, 11: this.store.nextStan() } });
      r = await this.send(sentMsg);
    }

    if (!r.ok) {
      const display = r.failure === 'timeout' ? DISPLAY.hostTimeout : r.failure === 'bad-reply' ? DISPLAY.badReply : DISPLAY.commsError;
      if (!r.sent) this.clearReversal();
      this.store.update(entry, { status: 'failed', reason: `${r.failure}: ${r.detail}` });
      if (this.store.state.pendingReversal) await this.sendPendingReversal();
      return this.fail(intentId, kind, amountMinor, 'failed', display, `${r.failure}: ${r.detail}`, { stan });
    }

    const check = this.checkReply(sentMsg, r.reply);
    const code = String(r.reply.fields[39] ?? '');
    const authCode = typeof r.reply.fields[38] === 'string' ? r.reply.fields[38].trim() : '';
    const rrn = typeof r.reply.fields[37] === 'string' ? r.reply.fields[37].trim() : '';
    if (check !== 'ok') {
      if (check === 'bad-mac') this.setReversalReason('A0', authCode);
      this.store.update(entry, { status: 'failed', reason: check === 'bad-mac' ? 'reply MAC does not verify' : 'reply does not match the request', responseCode: code });
      if (this.store.state.pendingReversal) await this.sendPendingReversal();
      return this.fail(intentId, kind, amountMinor, 'failed', check === 'bad-mac' ? DISPLAY.macError : DISPLAY.badReply, check, { stan, responseCode: code });
    }
    if (code !== '00') {
      this.clearReversal();
      this.store.update(entry, { status: 'declined', responseCode: code, rrn });
      return this.fail(intentId, kind, amountMinor, 'declined', DISPLAY.declined(code), `declined by the host (${code})`, { stan, responseCode: code, rrn });
    }
    // Approved by the host. A chip card pulled out while we were online means the
    // transaction cannot complete: reverse it (reason 06).
    if (card.presentation === 'chip' && this.removedDuringOnline && this.presentCard === undefined) {
      this.setReversalReason('06', authCode);
      this.store.update(entry, { status: 'failed', responseCode: code, rrn, authCode, reason: 'card removed before completion' });
      await this.sendPendingReversal();
      return this.fail(intentId, kind, amountMinor, 'failed', DISPLAY.cardRemoved, 'card removed before completion', { stan, responseCode: code, rrn, authCode });
    }
    this.clearReversal();
    let approved = this.store.update(entry, { status: 'approved', responseCode: code, authCode, rrn });
    if (original && kind === 'void') this.store.update(original, { status: 'voided' });
    this.show(DISPLAY.approved);
    let printDisplay: string | undefined;
    if (!this.config.defects.includes('receipt-before-approval')) {
      const printed = await this.printSlips(approved, card, tlv, { authCode, rrn });
      approved = printed.entry;
      printDisplay = printed.display;
    }
    const display = printDisplay ?? DISPLAY.approved;
    if (printDisplay) this.show(printDisplay);
    return {
      intentId,
      kind,
      outcome: 'approved',
      responseCode: code,
      stan,
      rrn,
      authCode,
      amountMinor,
      display,
      receiptsPrinted: approved.receiptsPrinted,
      receiptPending: approved.receiptPending,
    };
  }

  // ---------------------------------------------------------------- printing

  private slipFor(entry: JournalEntry, card: CardData | undefined, tlv: Buffer | undefined, ids: { authCode: string; rrn: string }): SlipData {
    const chip: SlipData['chip'] = {};
    if (tlv) {
      try {
        for (const t of parseTlv(tlv)) {
          if (t.tag === '9F26') chip.arqc = t.value.toString('hex').toUpperCase();
          if (t.tag === '95') chip.tvr = t.value.toString('hex').toUpperCase();
          if (t.tag === '84' || t.tag === '9F06') chip.aid = t.value.toString('hex').toUpperCase();
          if (t.tag === '9F36') chip.atc = t.value.toString('hex').toUpperCase();
        }
      } catch {
        // A slip without chip data is still a valid slip.
      }
    }
    return {
      copy: 'merchant',
      merchantName: this.config.merchantName,
      merchantId: this.config.merchantId,
      terminalId: this.config.terminalId,
      operatorId: this.config.operatorId,
      issuer: card?.issuerName ?? '银联 UNIONPAY',
      acquirer: '银联 CUP',
      maskedPan: entry.maskedPan ?? '',
      entryLetter: entry.entryMode?.startsWith('05') ? 'I' : entry.entryMode?.startsWith('07') ? 'C' : 'S',
      txnType: entry.kind === 'void' ? 'VOID' : entry.kind === 'refund' ? 'REFUND' : 'SALE',
      batch: entry.batch,
      stan: entry.stan,
      authCode: ids.authCode,
      dateTime: new Date(entry.at),
      rrn: ids.rrn,
      amountMinor: entry.amountMinor,
      currencyName: entry.currency,
      remark: entry.kind === 'void' ? `原凭证号 ORIG TRACE ${entry.originalStan}` : entry.kind === 'refund' ? `原参考号 ORIG REF ${entry.originalRrn}` : undefined,
      ...(Object.keys(chip).length ? { chip } : {}),
      reprint: false,
      testMode: this.config.testMode,
    };
  }

  private async checkPrinter(): Promise<string | undefined> {
    if (!this.printer) return DISPLAY.printerOffline;
    if (this.config.defects.includes('no-paper-check')) return undefined;
    const c = await this.printer.check();
    switch (c.condition) {
      case 'ready':
      case 'near-end':
        return undefined;
      case 'paper-out':
        return DISPLAY.paperOut;
      case 'cover-open':
        return DISPLAY.coverOpen;
      case 'offline':
        return DISPLAY.printerOffline;
      default:
        return DISPLAY.printerError;
    }
  }

  /** Print the configured copies; returns the updated journal entry and a display if printing failed. */
  private async printSlips(entry: JournalEntry, card: CardData | undefined, tlv: Buffer | undefined, ids: { authCode: string; rrn: string }): Promise<{ entry: JournalEntry; display?: string }> {
    if (!this.config.printReceipts || this.config.receiptCopies === 0) return { entry };
    const copies: SlipData['copy'][] = (['merchant', 'cardholder', 'bank'] as const).slice(0, this.config.receiptCopies);
    const base = this.slipFor(entry, card, tlv, ids);
    this.store.state.lastSlip = { ...base, dateTime: base.dateTime.toISOString() };
    this.store.saveState();
    let current = entry;
    for (const copy of copies) {
      const r = await this.printOne({ ...base, copy });
      if (r) {
        current = this.store.update(current, { receiptPending: true });
        return { entry: current, display: r };
      }
      current = this.store.update(current, { receiptsPrinted: current.receiptsPrinted + 1, receiptPending: false });
    }
    return { entry: current };
  }

  /** Print one slip with the before/after status checks. Returns a display text on failure. */
  private async printOne(slip: SlipData): Promise<string | undefined> {
    const before = await this.checkPrinter();
    if (before) return before;
    try {
      await this.printer!.print(slipEscPos(slip, this.config.paperColumns, this.config.printerEncoding));
    } catch (e) {
      this.log(`printing failed: ${(e as Error).message}`);
      return DISPLAY.printerOffline;
    }
    if (this.config.defects.includes('no-paper-check')) return undefined;
    return this.checkPrinter();
  }

  async reprint(): Promise<ReprintResult> {
    return this.exclusive(async () => {
      const last = this.store.state.lastSlip as (Omit<SlipData, 'dateTime'> & { dateTime: string }) | undefined;
      if (!last) {
        this.show(DISPLAY.nothingToReprint);
        return { ok: false, display: DISPLAY.nothingToReprint };
      }
      const slip: SlipData = { ...last, dateTime: new Date(last.dateTime), copy: 'merchant', reprint: !this.config.defects.includes('reprint-without-marker') };
      const fail = await this.printOne(slip);
      const entry = this.store.find((e) => e.stan === slip.stan && e.batch === slip.batch);
      if (!fail && entry) this.store.update(entry, { receiptsPrinted: entry.receiptsPrinted + 1, receiptPending: false });
      this.show(fail ?? DISPLAY.approved);
      return { ok: !fail, display: fail ?? DISPLAY.approved };
    });
  }

  // ---------------------------------------------------------------- settlement

  async settle(): Promise<SettlementResult> {
    return this.exclusive(async () => {
      // Settlement is an online transaction too: an owed reversal goes first, and a batch is
      // not closed while the host may still hold money the terminal gave up on.
      if (this.store.state.pendingReversal && !(await this.sendPendingReversal())) {
        this.show(DISPLAY.reversalFailed);
        throw Object.assign(new Error('settlement failed: a pending reversal could not be delivered'), { code: 'SETTLEMENT_FAILED' });
      }
      const batch = this.store.currentBatch();
      const debits = batch.filter((e) => e.kind === 'sale' && e.status === 'approved');
      const credits = batch.filter((e) => e.kind === 'refund' && e.status === 'approved');
      const sum = (l: JournalEntry[]) => l.reduce((a, e) => a + e.amountMinor, 0);
      const totals = {
        debitTotalMinor: sum(debits),
        debitCount: debits.length,
        creditTotalMinor: sum(credits),
        creditCount: credits.length,
      };
      const msg = this.baseMessage('0500');
      msg.fields[11] = this.store.nextStan();
      msg.fields[48] =
        String(totals.debitTotalMinor).padStart(12, '0') +
        String(totals.debitCount).padStart(3, '0') +
        String(totals.creditTotalMinor).padStart(12, '0') +
        String(totals.creditCount).padStart(3, '0') +
        '0';
      msg.fields[49] = this.config.currencyCode;
      msg.fields[60] = `00${this.store.batch}201`;
      msg.fields[63] = this.config.operatorId.padEnd(3, ' ');
      const r = await this.send(msg);
      const batchNo = this.store.batch;
      if (!r.ok || !this.answers(msg, r.reply) || r.reply.fields[39] !== '00') {
        const display = !r.ok ? DISPLAY.commsError : !this.answers(msg, r.reply) ? DISPLAY.badReply : DISPLAY.declined(String(r.reply.fields[39]));
        this.show(display);
        const why = !r.ok ? r.detail : !this.answers(msg, r.reply) ? `the reply (${r.reply.mti}) does not answer the settlement` : `response ${r.reply.fields[39]}`;
        throw Object.assign(new Error(`settlement failed: ${why}`), { code: 'SETTLEMENT_FAILED' });
      }
      const flag = String(r.reply.fields[48] ?? '').slice(-1);
      const balanced = flag === '1';
      let uploaded = 0;
      if (!balanced) {
        for (const e of [...debits, ...credits]) {
          const up = this.baseMessage('0320');
          up.fields[11] = this.store.nextStan();
          up.fields[48] = `${e.stan}${String(e.amountMinor).padStart(12, '0')}`;
          up.fields[60] = `00${batchNo}201`;
          const ur = await this.send(up);
          if (ur.ok && ur.reply.fields[39] === '00') uploaded++;
        }
      }
      // The batch closes and its number increments even if the slip fails to print.
      this.store.state.batch = this.store.state.batch >= 999999 ? 1 : this.store.state.batch + 1;
      this.store.saveState();
      const display = DISPLAY.settled(balanced);
      this.show(display);
      return { balanced, batch: batchNo, ...totals, uploaded, display, slipPrinted: false };
    });
  }

  journal(): JournalEntry[] {
    return this.store.all();
  }
}
