/**
 * The refund advice: a refund (0220, not reversible: docs/domain.md §1.4) whose answer never
 * came is not given up. The host may have booked the credit, so the terminal keeps the
 * request as an owed advice — in the same slot of state.json as a pending reversal, sealed
 * the same way, so it survives a power cut — and repeats it as 0221 (ISO 8583 origin digit
 * 1, repeat) with the same STAN, batch and fields, before the next online transaction and
 * before settlement, until an intact 0230 with 00 (or 94, duplicate transmission) answers it
 * (docs/domain.md §1.6, refund advice). The host recognises the repeat by terminal + batch +
 * STAN and books the credit once. Acknowledged, the refund is approved in the journal and
 * its slips are printed.
 */
import type { IsoMessage } from '../protocols/iso8583/types';
import type { TerminalConfig } from './config';
import type { HostMessages } from './host-messages';
import type { PendingReversal, TerminalStore } from './journal';

/** Answers that acknowledge an advice: 00, or 94 (the host saw it already). */
const ACKNOWLEDGED = ['00', '94'];

export interface AdviceDeps {
  store: TerminalStore;
  messages: HostMessages;
  config: () => TerminalConfig;
  log: (line: string) => void;
  /** The host acknowledged the advice: record the refund approved, print its slips. */
  acknowledged: (p: PendingReversal, reply: IsoMessage) => Promise<void>;
}

/** The owed record for refund request `req` (track, PIN, ICC data and MAC not kept). */
export function adviceRecord(req: IsoMessage, batch: string): PendingReversal {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.fields)) {
    if ([35, 36, 52, 55, 64].includes(Number(k))) continue;
    fields[k] = Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : v;
  }
  return { stan: String(req.fields[11]), batch, amountMinor: Number(req.fields[4] ?? 0), fields, reasonCode: '98', attempts: 0, originalMti: req.mti, processingCode: String(req.fields[3] ?? ''), advice: true };
}

/** One cycle of repeats (up to reversal_retries). True when the host acknowledged the advice. */
export async function repeatAdvice(p: PendingReversal, d: AdviceDeps): Promise<boolean> {
  for (let tries = 0; tries < Math.max(1, d.config().reversalRetries); tries++) {
    p.attempts++;
    d.store.saveState();
    const msg = d.messages.base(`${p.originalMti.slice(0, 3)}1`);
    for (const [k, v] of Object.entries(p.fields)) msg.fields[Number(k)] = v.startsWith('hex:') ? Buffer.from(v.slice(4), 'hex') : v;
    const signed = d.messages.withMac(msg);
    const r = await d.messages.send(signed);
    const check = r.ok ? d.messages.checkReply(signed, r.reply) : undefined;
    const code = r.ok ? String(r.reply.fields[39] ?? '') : '';
    if (r.ok && check === 'ok' && ACKNOWLEDGED.includes(code)) {
      delete d.store.state.pendingReversal;
      d.store.saveState();
      await d.acknowledged(p, r.reply);
      return true;
    }
    if (r.ok && check === 'ok') {
      // The host answered and refused the refund: nothing of it is booked, nothing is owed.
      delete d.store.state.pendingReversal;
      d.store.saveState();
      const entry = d.store.find((e) => e.stan === p.stan && e.batch === p.batch);
      if (entry) d.store.update(entry, { status: 'declined', responseCode: code, reason: `refund advice refused by the host (${code})` });
      return true;
    }
    d.log(`refund advice STAN ${p.stan} repeat ${p.attempts} failed: ${!r.ok ? r.detail : `reply ${r.reply.mti}: ${check}`}`);
  }
  return false;
}
