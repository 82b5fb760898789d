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
 *
 * Here: the transaction flows and their outcomes. Card acquisition is in card-acquisition.ts,
 * settlement in settlement.ts; the messages and reply
 * checks are in host-messages.ts, reversal handling in reversal.ts, slip printing in
 * receipts.ts; the ECR commands and results it answers are typed in src/protocols/ecr/contract.ts.
 */
import { EventEmitter } from 'node:events';
import type { IsoMessage } from '../protocols/iso8583/types';
import { maskPan } from '../util/mask';
import { systemClock } from '../util/clock';
import { TerminalClock } from './terminal-clock';
import { Maintenance } from './maintenance';
import type { TerminalConfig } from './config';
import { applySetting } from './config';
import { TerminalStore, type JournalEntry, type PendingReversal } from './journal';
import { HeldPrinter, type PrinterConnection } from './printer-port';
import { NetworkPrinter, parseTcpPrinterUrl } from './network-printer';
import type { SlipData } from './slip';
import { HostMessages, type TerminalIo } from './host-messages';
import { ReversalKeeper } from './reversal';
import { findOriginal } from './originals';
import { ReceiptPrinting } from './receipts';
import { DISPLAY } from './display';
import { CardAcquisition } from './card-acquisition';
import { settleBatch } from './settlement';
import type { TxnResult, SettlementResult, SignOnResult, ReprintResult } from '../protocols/ecr/contract';

export type { TerminalIo } from './host-messages';

type Events = { display: [text: string]; journal: [entry: JournalEntry] };

export class ReferenceTerminal extends EventEmitter<Events> {
  config: TerminalConfig;
  readonly store: TerminalStore;
  private printer?: PrinterConnection;
  private currentDisplay: string = DISPLAY.idle;
  private busy = false;
  private powered = true;
  private readonly clock: TerminalClock;
  /** The technician's commands: test page, printer status, echo, line check (maintenance.ts). */
  readonly maintenance: Maintenance;
  private readonly messages: HostMessages;
  private readonly reversals: ReversalKeeper;
  private readonly receipts: ReceiptPrinting;
  private readonly cards: CardAcquisition;

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
    this.store.persistReversal = () => !this.config.defects.includes('reversal-in-memory-only');
    this.clock = new TerminalClock(io.clock ?? systemClock);
    this.clock.set(this.config.terminalClock);
    const log = (line: string) => this.log(line);
    this.messages = new HostMessages(() => this.config, this.store, io, this.clock);
    this.receipts = new ReceiptPrinting(() => this.config, this.store, () => this.printer, log);
    const faultSlip = async (reversal: PendingReversal) => {
      const { merchantName, merchantId, terminalId, currencyName, testMode } = this.config;
      return (await this.receipts.printFault({ merchantName, merchantId, terminalId, currencyName, dateTime: this.clock.date(), reversal, testMode })).printed;
    };
    const adviceAcknowledged = async (p: PendingReversal, reply: IsoMessage) => {
      const entry = this.store.find((e) => e.stan === p.stan && e.batch === p.batch);
      if (!entry) return;
      const authCode = typeof reply.fields[38] === 'string' ? reply.fields[38].trim() : '';
      const rrn = typeof reply.fields[37] === 'string' ? reply.fields[37].trim() : '';
      const approved = this.store.update(entry, { status: 'approved', responseCode: String(reply.fields[39] ?? ''), authCode, rrn, reason: `acknowledged on repeat ${p.attempts} of the advice` });
      await this.receipts.printSlips(approved, undefined, undefined, { authCode, rrn });
    };
    this.reversals = new ReversalKeeper(this.store, this.messages, () => this.config, log, faultSlip, adviceAcknowledged);
    this.cards = new CardAcquisition(io.cards, () => this.config, this.clock, (t) => this.show(t), log);
    this.maintenance = new Maintenance({ config: () => this.config, store: this.store, messages: this.messages, receipts: this.receipts, printer: () => this.printer, clock: this.clock, show: (t) => this.show(t) });
  }

  /** Run a maintenance command exclusively (BUSY during a transaction). */
  service<T>(fn: (m: Maintenance) => Promise<T>): Promise<T> {
    return this.exclusive(() => fn(this.maintenance));
  }

  get display(): string {
    return this.currentDisplay;
  }

  private show(text: string): void {
    if (!this.powered) return;
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

  /**
   * The power is cut at this instant: nothing more reaches the disk, the display or the
   * printer, and the card reader is let go. Returns the printer connection for the caller
   * to drop (no goodbye to it). A flow still running carries on into dead ends.
   */
  powerOff(): PrinterConnection | undefined {
    this.powered = false;
    this.store.powerOff();
    this.cards.detach();
    const printer = this.printer;
    this.printer = undefined;
    return printer;
  }

  async stop(): Promise<void> {
    this.cards.detach();
    await this.printer?.close();
    this.printer = undefined;
  }

  /** The printer port: a tcp:// URL is a network printer dialled per job, anything else a serial port held open. */
  private async connectPrinter(): Promise<void> {
    await this.printer?.close();
    this.printer = undefined;
    const port = this.config.printerPort;
    if (!port) return;
    try {
      const address = parseTcpPrinterUrl(port);
      if (address === null) throw new Error('not a tcp://HOST:PORT address');
      if (address) this.printer = new NetworkPrinter(address, () => ({ connectMs: this.config.connectTimeoutMs, statusMs: this.config.printerStatusTimeoutMs }));
      else this.printer = new HeldPrinter(await this.io.openPrinter(port, this.config.printerBaud), this.config.printerStatusTimeoutMs);
    } catch (e) {
      // Firmware keeps running with a dead printer port; every print will fail visibly.
      this.log(`printer port ${port}: ${(e as Error).message}`);
    }
  }

  async setConfig(name: string, value: string): Promise<TerminalConfig> {
    const next = applySetting(this.config, name, value);
    this.store.state.settings = { ...this.store.state.settings, [name]: value };
    this.store.saveState();
    const printerChanged = next.printerPort !== this.config.printerPort || next.printerBaud !== this.config.printerBaud;
    this.config = next;
    if (name === 'terminal_clock') this.clock.set(next.terminalClock);
    if (printerChanged) await this.connectPrinter();
    return this.config;
  }

  cancel(): boolean {
    if (!this.busy) return false;
    this.cards.cancel();
    return true;
  }

  // ---------------------------------------------------------------- ISO 8583

  async signOn(): Promise<SignOnResult> {
    return this.exclusive(async () => {
      const msg = this.messages.signOn();
      const r = await this.messages.send(msg);
      if (!r.ok) {
        this.show(DISPLAY.signOnFailed);
        return { ok: false, display: DISPLAY.signOnFailed, reason: `${r.failure}: ${r.detail}` };
      }
      if (!this.messages.answers(msg, r.reply)) {
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
    this.cards.cancelRequested = false;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }

  // ---------------------------------------------------------------- transactions

  async sale(amountMinor: number, intentId: string): Promise<TxnResult> {
    return this.exclusive(() => this.online('sale', amountMinor, intentId));
  }

  /** A refund against the last approved sale, or the one with trace number `originalStan`. */
  async refund(amountMinor: number, intentId: string, originalStan?: string): Promise<TxnResult> {
    return this.exclusive(() => this.online('refund', amountMinor, intentId, originalStan));
  }

  /** A void of the last approved sale of the open batch, or the one with trace number `originalStan`. */
  async void(intentId: string, originalStan?: string): Promise<TxnResult> {
    return this.exclusive(() => this.online('void', 0, intentId, originalStan));
  }

  /** A financial transaction, then whatever the reversal keeper put off until after it. */
  private async online(kind: 'sale' | 'void' | 'refund', amountArg: number, intentId: string, originalStan?: string): Promise<TxnResult> {
    try {
      return await this.financial(kind, amountArg, intentId, originalStan);
    } finally {
      await this.reversals.sendDeferred();
    }
  }

  private fail(intentId: string, kind: TxnResult['kind'], amountMinor: number, outcome: TxnResult['outcome'], display: string, reason: string, extra: Partial<TxnResult> = {}): TxnResult {
    this.show(display);
    return { intentId, kind, outcome, amountMinor, display, reason, receiptsPrinted: 0, receiptPending: false, ...extra };
  }

  private async financial(kind: 'sale' | 'void' | 'refund', amountArg: number, intentId: string, originalStan?: string): Promise<TxnResult> {
    if (!this.store.state.signedOn) return this.fail(intentId, kind, amountArg, 'failed', DISPLAY.signOnRequired, 'terminal not signed on');
    // The same request twice (a till's repeat, a double key press): the first result stands.
    const done = this.store.find((e) => e.intentId === intentId && (e.status === 'approved' || e.status === 'voided' || e.status === 'pending'));
    if (done) {
      this.show(DISPLAY.duplicateIntent);
      throw Object.assign(new Error(`${kind} refused: intent ${intentId} was already carried out (${done.kind} STAN ${done.stan}, ${done.status})`), { code: 'DUPLICATE_INTENT' });
    }
    // A full batch takes no new record (voids and refunds are records too) until it is settled.
    const records = this.store.batchRecords();
    if (records >= this.config.batchLimit) {
      this.show(DISPLAY.batchFull);
      throw Object.assign(new Error(`${kind} refused: batch ${this.store.batch} holds ${records} records (batch_limit ${this.config.batchLimit}); settle the batch first`), { code: 'BATCH_FULL' });
    }
    let original: JournalEntry | undefined;
    if (kind !== 'sale') {
      const found = findOriginal(this.store, kind, amountArg, this.config.defects, originalStan);
      if ('refused' in found) {
        this.show(found.display);
        throw found.refused;
      }
      if (!found.original) return this.fail(intentId, kind, amountArg, 'failed', DISPLAY.nothingToVoid, 'no approved sale to act on');
      original = found.original;
    }
    const amountMinor = kind === 'void' ? original!.amountMinor : amountArg;

    const acquired = await this.cards.acquire(amountMinor);
    if ('fail' in acquired) {
      return this.fail(intentId, kind, amountMinor, this.cards.cancelRequested ? 'cancelled' : 'failed', acquired.display, acquired.fail);
    }
    const { card, tlv } = acquired;

    // A pending reversal goes before any new online transaction.
    if (!(await this.reversals.sendFirst())) {
      return this.fail(intentId, kind, amountMinor, 'failed', DISPLAY.reversalFailed, 'pending reversal could not be delivered');
    }

    const stan = this.store.nextStan();
    const { req, entryMode } = this.messages.financial(kind, stan, amountMinor, acquired, original);
    let signed: IsoMessage;
    try {
      signed = this.messages.withMac(req);
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
      ...(original ? { originalStan: original.stan, originalBatch: original.batch, originalRrn: original.rrn } : {}),
      at: this.clock.date().toISOString(),
      updatedAt: '',
    });
    const reversible = kind !== 'refund' && !this.config.defects.includes('no-reversal-on-timeout');
    // The reversal record is stored before the request leaves (docs/domain.md §1.6) — unless
    // the seeded defect reversal-stored-late writes it only once the exchange is over.
    const storeLate = this.config.defects.includes('reversal-stored-late');
    if (reversible && !storeLate) this.reversals.keep(signed, '98');

    if (this.config.defects.includes('receipt-before-approval')) {
      entry = (await this.receipts.printSlips(entry, card, tlv, { authCode: '', rrn: '' })).entry;
    }

    this.show(DISPLAY.processing);
    let sentMsg = signed;
    let r = await this.messages.send(signed);
    if (!r.ok && r.failure === 'timeout' && this.config.defects.includes('resend-with-new-stan')) {
      // Defect: retry the request as a brand-new transaction (new STAN) — a double-charge machine.
      sentMsg = this.messages.withMac({ ...signed, fields: { ...signed.fields, 11: this.store.nextStan() } });
      r = await this.messages.send(sentMsg);
    }
    if (reversible && storeLate) this.reversals.keep(sentMsg, '98');

    if (!r.ok) {
      const display = r.failure === 'timeout' ? DISPLAY.hostTimeout : r.failure === 'bad-reply' ? DISPLAY.badReply : DISPLAY.commsError;
      if (!r.sent) this.reversals.clear();
      // A refund that left may be booked: owed as an advice, its outcome pending (refund-advice.ts).
      const advice = kind === 'refund' && r.sent;
      if (advice) this.reversals.keepAdvice(sentMsg);
      this.store.update(entry, advice ? { status: 'pending', reason: `${r.failure}: ${r.detail}; kept as an advice, repeated until the host acknowledges it` } : { status: 'failed', reason: `${r.failure}: ${r.detail}` });
      if (this.reversals.pending) await this.reversals.sendPending();
      return this.fail(intentId, kind, amountMinor, 'failed', display, `${r.failure}: ${r.detail}`, { stan });
    }

    const check = this.messages.checkReply(sentMsg, r.reply);
    const code = String(r.reply.fields[39] ?? '');
    const authCode = typeof r.reply.fields[38] === 'string' ? r.reply.fields[38].trim() : '';
    const rrn = typeof r.reply.fields[37] === 'string' ? r.reply.fields[37].trim() : '';
    if (check !== 'ok') {
      if (check === 'bad-mac') this.reversals.setReason('A0', authCode);
      // A refund answered by a reply it cannot trust is as unknown as an unanswered one: an advice.
      if (kind === 'refund') this.reversals.keepAdvice(sentMsg);
      const why = check === 'bad-mac' ? 'reply MAC does not verify' : 'reply does not match the request';
      this.store.update(entry, kind === 'refund' ? { status: 'pending', reason: `${why}; kept as an advice, repeated until the host acknowledges it`, responseCode: code } : { status: 'failed', reason: why, responseCode: code });
      if (this.reversals.pending) await this.reversals.sendPending();
      return this.fail(intentId, kind, amountMinor, 'failed', check === 'bad-mac' ? DISPLAY.macError : DISPLAY.badReply, check, { stan, responseCode: code });
    }
    // Defect: any response code 0x read as an approval (01 refer, 05 do not honour …).
    const declined = this.config.defects.includes('approval-by-first-digit') ? !code.startsWith('0') : code !== '00';
    if (declined) {
      this.reversals.clear();
      this.store.update(entry, { status: 'declined', responseCode: code, rrn });
      return this.fail(intentId, kind, amountMinor, 'declined', DISPLAY.declined(code), `declined by the host (${code})`, { stan, responseCode: code, rrn });
    }
    // Approved by the host. A chip card pulled out while we were online means the
    // transaction cannot complete: reverse it (reason 06). Not a refund: it cannot be
    // reversed (docs/domain.md §1.4), and the host has credited it — it completes.
    if (card.presentation === 'chip' && kind !== 'refund' && this.cards.removedBeforeCompletion()) {
      this.reversals.setReason('06', authCode);
      this.store.update(entry, { status: 'failed', responseCode: code, rrn, authCode, reason: 'card removed before completion' });
      await this.reversals.sendPending();
      return this.fail(intentId, kind, amountMinor, 'failed', DISPLAY.cardRemoved, 'card removed before completion', { stan, responseCode: code, rrn, authCode });
    }
    // Journal first, then the reversal record goes: a power cut between the two replays the
    // reversal, which marks the entry reversed — never a host approval the terminal forgot.
    let approved = this.store.update(entry, { status: 'approved', responseCode: code, authCode, rrn });
    this.reversals.clear();
    if (original && kind === 'void') this.store.update(original, { status: 'voided' });
    this.show(DISPLAY.approved);
    let printDisplay: string | undefined;
    if (!this.config.defects.includes('receipt-before-approval')) {
      const printed = await this.receipts.printSlips(approved, card, tlv, { authCode, rrn });
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

  /** The last slip again, or the slip of trace number `stan` (of the slips kept: receipts.ts). */
  async reprint(stan?: string): Promise<ReprintResult> {
    return this.exclusive(async () => {
      const last = (stan === undefined ? this.store.state.lastSlip : this.receipts.keptSlip(stan)) as (Omit<SlipData, 'dateTime'> & { dateTime: string }) | undefined;
      if (!last) {
        this.show(DISPLAY.nothingToReprint);
        return { ok: false, display: DISPLAY.nothingToReprint };
      }
      const slip: SlipData = { ...last, dateTime: new Date(last.dateTime), copy: 'merchant', reprint: !this.config.defects.includes('reprint-without-marker') };
      const fail = await this.receipts.printOne(slip);
      const entry = this.store.find((e) => e.stan === slip.stan && e.batch === slip.batch);
      if (!fail && entry) this.store.update(entry, { receiptsPrinted: entry.receiptsPrinted + 1, receiptPending: false });
      this.show(fail ?? DISPLAY.approved);
      return { ok: !fail, display: fail ?? DISPLAY.approved };
    });
  }

  // ---------------------------------------------------------------- settlement

  async settle(): Promise<SettlementResult> {
    return this.exclusive(() => settleBatch({ config: this.config, store: this.store, messages: this.messages, reversals: this.reversals, receipts: this.receipts, clock: this.clock, show: (t) => this.show(t) }));
  }

  /** The journal, or the page of it from `offset` (ECR `journal` pages a long journal). */
  journal(offset = 0, limit = Infinity): JournalEntry[] {
    return this.store.page(offset, limit);
  }
}
