/**
 * Reversal handling: a reversal is stored *before* a reversible request is sent (reason 98);
 * on a bad reply MAC the reason becomes A0, on a chip card pulled while online 06. It is sent
 * right after the failure and, if that fails, before the next online transaction (up to
 * `reversal_retries` times per cycle); only an intact 0410 with 00 clears it. It lives in
 * state.json (its fields sealed under the terminal key, card-vault.ts), so it survives a restart.
 * When a whole cycle fails it is flagged for manual handling and a fault slip is printed once
 * (fault-slip.ts); it stays owed.
 *
 * The same slot holds a refund advice (`advice: true`): a refund whose answer was lost,
 * repeated as 0221 instead of reversed (refund-advice.ts); sendFirst and sendPending send it
 * like a reversal, clear and setReason leave it alone.
 *
 * Seeded defects here (defects.ts): `reversal-not-replayed-first` — a reversal found at power-on
 * is put off until after the next transaction, so the new 0200 reaches the host before the
 * owed 0400. (`reversal-in-memory-only` is in journal.ts, `reversal-stored-late` in the flow,
 * reference-terminal.ts.)
 */
import type { IsoMessage } from '../protocols/iso8583/types';
import type { TerminalConfig } from './config';
import type { PendingReversal, TerminalStore } from './journal';
import type { HostMessages } from './host-messages';
import { adviceRecord, repeatAdvice } from './refund-advice';

export class ReversalKeeper {
  /** The reversal state.json held when the terminal powered on (this keeper is made at every boot). */
  private readonly foundAtBoot: PendingReversal | undefined;
  /** A reversal put off until after the current transaction (defect reversal-not-replayed-first only). */
  private deferred?: PendingReversal;

  constructor(
    private readonly store: TerminalStore,
    private readonly messages: HostMessages,
    private readonly config: () => TerminalConfig,
    private readonly log: (line: string) => void,
    /** Print the fault slip for a reversal that failed a whole cycle; true when it came out. */
    private readonly printFaultSlip: (p: PendingReversal) => Promise<boolean> = async () => false,
    /** A refund advice was acknowledged: record the refund approved and print its slips (refund-advice.ts). */
    private readonly adviceAcknowledged: (p: PendingReversal, reply: IsoMessage) => Promise<void> = async () => undefined,
  ) {
    this.foundAtBoot = store.state.pendingReversal;
  }

  /**
   * Before a new online transaction: the owed reversal goes first (docs/domain.md §1.6).
   * False when it could not be delivered (the transaction must not go online).
   */
  async sendFirst(): Promise<boolean> {
    const p = this.store.state.pendingReversal;
    if (!p) return true;
    if (p === this.foundAtBoot && this.config().defects.includes('reversal-not-replayed-first')) {
      // Defect: the reversal found at power-on is queued for the upload after the transaction.
      this.deferred = p;
      delete this.store.state.pendingReversal;
      return true;
    }
    return this.sendPending();
  }

  /** After a transaction: a reversal put off by sendFirst goes now (only under its defect; one record at a time). */
  async sendDeferred(): Promise<void> {
    const d = this.deferred;
    if (!d || this.store.state.pendingReversal) return;
    this.deferred = undefined;
    this.store.state.pendingReversal = d;
    this.store.saveState();
    await this.sendPending();
  }

  /** A reversal is owed. */
  get pending(): boolean {
    return !!this.store.state.pendingReversal;
  }

  /** Store (keep) the reversal of `req` before it is sent. */
  keep(req: IsoMessage, reasonCode: PendingReversal['reasonCode']): void {
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

  /** Keep refund request `req`, whose answer was lost, as an owed advice (refund-advice.ts). */
  keepAdvice(req: IsoMessage): void {
    this.store.state.pendingReversal = adviceRecord(req, this.store.batch);
    this.store.saveState();
  }

  /** Change the stored reversal's reason (A0 bad MAC, 06 card removed), with the auth code the host gave. */
  setReason(reasonCode: PendingReversal['reasonCode'], authCode?: string): void {
    const p = this.store.state.pendingReversal;
    if (!p || p.advice) return;
    p.reasonCode = reasonCode;
    if (authCode) p.fields['38'] = authCode;
    this.store.saveState();
  }

  clear(): void {
    if (!this.store.state.pendingReversal || this.store.state.pendingReversal.advice) return;
    delete this.store.state.pendingReversal;
    this.store.saveState();
  }

  /** Send the stored reversal, up to reversalRetries times. True when the host acknowledged it. */
  async sendPending(): Promise<boolean> {
    const p = this.store.state.pendingReversal;
    if (!p) return true;
    if (p.advice) return repeatAdvice(p, { store: this.store, messages: this.messages, config: this.config, log: this.log, acknowledged: this.adviceAcknowledged });
    // Each cycle (after the failure, then before every later online transaction) tries up
    // to reversal_retries times; `attempts` keeps the total for the record.
    for (let tries = 0; tries < Math.max(1, this.config().reversalRetries); tries++) {
      p.attempts++;
      this.store.saveState();
      const msg = this.messages.base('0400');
      for (const [k, v] of Object.entries(p.fields)) msg.fields[Number(k)] = v.startsWith('hex:') ? Buffer.from(v.slice(4), 'hex') : v;
      msg.fields[39] = p.reasonCode;
      // Defect: the 0400's amount re-formatted from the stored amount as yuan, not fen.
      if (this.config().defects.includes('reversal-amount-in-yuan')) msg.fields[4] = String(Math.floor(p.amountMinor / 100)).padStart(12, '0');
      const signed = this.messages.withMac(msg);
      const r = await this.messages.send(signed);
      // The record goes only on an intact answer (MTI + 10, same 3 / 11 / 41, MAC) that
      // accepts the reversal; a refusal or a garbled answer leaves the money held.
      const check = r.ok ? this.messages.checkReply(signed, r.reply) : undefined;
      if (r.ok && check === 'ok' && r.reply.fields[39] === '00') {
        const original = this.store.find((e) => e.stan === p.stan && e.batch === p.batch);
        if (original) this.store.update(original, { status: 'reversed' });
        this.clear();
        return true;
      }
      const why = !r.ok ? r.detail : check !== 'ok' ? `reply ${r.reply.mti}: ${check}` : `refused with response ${String(r.reply.fields[39] ?? '')}`;
      this.log(`reversal of STAN ${p.stan} attempt ${p.attempts} failed: ${why}`);
    }
    // Every retry failed: manual handling — a fault slip for the merchant to call the
    // acquirer with (docs/domain.md §1.6), printed once; the reversal stays owed.
    if (!p.manualHandling) {
      const original = this.store.find((e) => e.stan === p.stan && e.batch === p.batch);
      if (original) this.store.update(original, { reason: `${original.reason ? `${original.reason}; ` : ''}reversal not acknowledged after ${p.attempts} tries: manual handling` });
    }
    p.manualHandling = true;
    if (!p.faultSlipPrinted) p.faultSlipPrinted = await this.printFaultSlip(p);
    this.store.saveState();
    return false;
  }
}
