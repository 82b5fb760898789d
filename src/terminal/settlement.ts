/**
 * Settlement (0500): the reference terminal closes its batch. An owed reversal goes first;
 * the totals of approved sales (debits) and refunds (credits) go in field 48; an
 * unbalanced answer is followed by a batch upload (0320) of every record; the batch number
 * moves on even if the settlement slip fails to print (docs/domain.md §1.4).
 */
import type { IsoMessage } from '../protocols/iso8583/types';
import type { Clock } from '../util/clock';
import type { TerminalConfig } from './config';
import type { TerminalStore, JournalEntry } from './journal';
import type { HostMessages } from './host-messages';
import type { ReversalKeeper } from './reversal';
import type { ReceiptPrinting } from './receipts';
import { DISPLAY } from './display';
import type { SettlementResult } from '../protocols/ecr/contract';

export interface SettlementDeps {
  config: TerminalConfig;
  store: TerminalStore;
  messages: HostMessages;
  reversals: ReversalKeeper;
  receipts: ReceiptPrinting;
  clock: Clock;
  show: (text: string) => void;
}

export async function settleBatch(d: SettlementDeps): Promise<SettlementResult> {
  // Settlement is an online transaction too: an owed reversal goes first, and a batch is
  // not closed while the host may still hold money the terminal gave up on.
  if (d.reversals.pending && !(await d.reversals.sendPending())) {
    d.show(DISPLAY.reversalFailed);
    throw Object.assign(new Error('settlement failed: a pending reversal could not be delivered'), { code: 'SETTLEMENT_FAILED' });
  }
  const batch = d.store.currentBatch();
  const debits = batch.filter((e) => e.kind === 'sale' && e.status === 'approved');
  const credits = batch.filter((e) => e.kind === 'refund' && e.status === 'approved');
  const sum = (l: JournalEntry[]) => l.reduce((a, e) => a + e.amountMinor, 0);
  const totals = {
    debitTotalMinor: sum(debits),
    debitCount: debits.length,
    creditTotalMinor: sum(credits),
    creditCount: credits.length,
  };
  let msg: IsoMessage;
  try {
    msg = d.messages.settlement(totals);
  } catch (e) {
    d.show(DISPLAY.settlementFailed);
    throw Object.assign(new Error(`settlement failed: ${(e as Error).message}`), { code: 'SETTLEMENT_FAILED' });
  }
  const r = await d.messages.send(msg);
  const batchNo = d.store.batch;
  if (!r.ok || !d.messages.answers(msg, r.reply) || r.reply.fields[39] !== '00') {
    const display = !r.ok ? DISPLAY.commsError : !d.messages.answers(msg, r.reply) ? DISPLAY.badReply : DISPLAY.declined(String(r.reply.fields[39]));
    d.show(display);
    const why = !r.ok ? r.detail : !d.messages.answers(msg, r.reply) ? `the reply (${r.reply.mti}) does not answer the settlement` : `response ${r.reply.fields[39]}`;
    throw Object.assign(new Error(`settlement failed: ${why}`), { code: 'SETTLEMENT_FAILED' });
  }
  const flag = String(r.reply.fields[48] ?? '').slice(-1);
  const balanced = flag === '1';
  let uploaded = 0;
  if (!balanced) {
    for (const e of [...debits, ...credits]) {
      const up = d.messages.batchUpload(e, batchNo);
      const ur = await d.messages.send(up);
      if (ur.ok && ur.reply.fields[39] === '00') uploaded++;
    }
  }
  // The batch closes and its number increments even if the slip fails to print.
  d.store.state.batch = d.store.state.batch >= 999999 ? 1 : d.store.state.batch + 1;
  d.store.saveState();
  d.show(DISPLAY.settled(balanced));
  const c = d.config;
  const slip = await d.receipts.printSettlement({
    merchantName: c.merchantName,
    merchantId: c.merchantId,
    terminalId: c.terminalId,
    operatorId: c.operatorId,
    batch: batchNo,
    dateTime: d.clock.date(),
    currencyName: c.currencyName,
    ...totals,
    balanced,
    uploaded,
    testMode: c.testMode,
  });
  if (slip.display) d.show(slip.display);
  return { balanced, batch: batchNo, ...totals, uploaded, display: slip.display ?? DISPLAY.settled(balanced), slipPrinted: slip.printed };
}
