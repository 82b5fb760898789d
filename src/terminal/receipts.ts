/**
 * Printing the slips: the slip's content from a journal entry, the configured copies, and
 * the DLE EOT status checks before and after each one. A failure leaves the entry with its
 * receipt owed (`receiptPending`) and a text for the display.
 */
import { parseTlv } from '../protocols/tlv';
import type { TerminalConfig } from './config';
import type { JournalEntry, TerminalStore } from './journal';
import type { PrinterCondition, PrinterConnection, PrinterPort } from './printer-port';
import { linesEscPos, slipEscPos, type SlipData, type SlipLine } from './slip';
import { settlementSlipLines, type SettlementSlipData } from './settlement-slip';
import { faultSlipLines, type FaultSlipData } from './fault-slip';
import { DISPLAY } from './display';
import type { CardData } from './card-source';

/** How many slips the terminal keeps for a reprint by trace number. */
const KEPT_SLIPS = 50;

export class ReceiptPrinting {
  constructor(
    private readonly config: () => TerminalConfig,
    private readonly store: TerminalStore,
    /** The printer now (undefined while the port cannot be opened). */
    private readonly printer: () => PrinterConnection | undefined,
    private readonly log: (line: string) => void,
  ) {}

  slipFor(entry: JournalEntry, card: CardData | undefined, tlv: Buffer | undefined, ids: { authCode: string; rrn: string }): SlipData {
    const config = this.config();
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
      merchantName: config.merchantName,
      merchantId: config.merchantId,
      terminalId: config.terminalId,
      operatorId: config.operatorId,
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
      testMode: config.testMode,
    };
  }

  private async checkPrinter(printer: PrinterPort): Promise<string | undefined> {
    if (this.config().defects.includes('no-paper-check')) return undefined;
    const c = await printer.check();
    return c.condition === 'ready' || c.condition === 'near-end' ? undefined : this.displayFor(c.condition);
  }

  /** What the display says for a printer that cannot print. */
  displayFor(condition: Exclude<PrinterCondition, 'ready' | 'near-end'>): string {
    switch (condition) {
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

  /** The kept slip of trace number `stan` (the latest one), for a reprint. */
  keptSlip(stan: string): unknown {
    return [...(this.store.state.slips ?? [])].reverse().find((s) => (s as { stan?: string }).stan === stan);
  }

  /** Print the configured copies; returns the updated journal entry and a display if printing failed. */
  async printSlips(entry: JournalEntry, card: CardData | undefined, tlv: Buffer | undefined, ids: { authCode: string; rrn: string }): Promise<{ entry: JournalEntry; display?: string }> {
    const config = this.config();
    if (!config.printReceipts || config.receiptCopies === 0) return { entry };
    const copies: SlipData['copy'][] = (['merchant', 'cardholder', 'bank'] as const).slice(0, config.receiptCopies);
    const base = this.slipFor(entry, card, tlv, ids);
    this.store.state.lastSlip = { ...base, dateTime: base.dateTime.toISOString() };
    this.store.state.slips = [...(this.store.state.slips ?? []), this.store.state.lastSlip].slice(-KEPT_SLIPS);
    this.store.saveState();
    let current = entry;
    for (const copy of copies) {
      const r = await this.printOne({ ...base, copy });
      if (r) {
        current = this.store.update(current, { receiptPending: true });
        return { entry: current, display: r };
      }
      current = this.store.update(current, { receiptsPrinted: current.receiptsPrinted + 1, receiptPending: false });
      // Defect: the copy loop stops after the first slip, whatever receipt_copies says.
      if (config.defects.includes('single-receipt-copy')) break;
    }
    return { entry: current };
  }

  /** Print one slip with the before/after status checks, as one print job. Returns a display text on failure. */
  printOne(slip: SlipData): Promise<string | undefined> {
    const config = this.config();
    return this.printJob(() => slipEscPos(slip, config.paperColumns, config.printerEncoding, config.defects));
  }

  /**
   * The settlement slip, one copy, under the same settings and checks as sales slips: none
   * when print_receipts is off or receipt_copies is 0. `printed` false with a display when
   * the printer failed (the batch is closed all the same).
   */
  printSettlement(data: SettlementSlipData): Promise<{ printed: boolean; display?: string }> {
    return this.printReport((columns) => settlementSlipLines(data, columns));
  }

  /** A page printed whatever print_receipts says (the technician's test page); a display text on failure. */
  printPage(lines: SlipLine[]): Promise<string | undefined> {
    const config = this.config();
    return this.printJob(() => linesEscPos(lines, config.printerEncoding));
  }

  /** The fault slip of a reversal that failed every retry: as the settlement slip. */
  printFault(data: FaultSlipData): Promise<{ printed: boolean; display?: string }> {
    return this.printReport((columns) => faultSlipLines(data, columns));
  }

  private async printReport(lines: (columns: number) => SlipLine[]): Promise<{ printed: boolean; display?: string }> {
    const config = this.config();
    if (!config.printReceipts || config.receiptCopies === 0) return { printed: false };
    const display = await this.printJob(() => linesEscPos(lines(config.paperColumns), config.printerEncoding));
    return display ? { printed: false, display } : { printed: true };
  }

  /** One print job (a network printer: one connection) with the status checks before and after. */
  private async printJob(bytes: () => Buffer): Promise<string | undefined> {
    const printer = this.printer();
    if (!printer) return DISPLAY.printerOffline;
    try {
      return await printer.job((port) => this.printOn(port, bytes));
    } catch (e) {
      // A network printer that cannot be reached: to firmware, an offline printer.
      this.log(`printer ${printer.description}: ${(e as Error).message}`);
      return DISPLAY.printerOffline;
    }
  }

  private async printOn(port: PrinterPort, bytes: () => Buffer): Promise<string | undefined> {
    const before = await this.checkPrinter(port);
    if (before) return before;
    try {
      await port.print(bytes());
    } catch (e) {
      this.log(`printing failed: ${(e as Error).message}`);
      return DISPLAY.printerOffline;
    }
    if (this.config().defects.includes('no-paper-check')) return undefined;
    const after = await this.checkPrinter(port);
    // Defect: the status after the slip is read, logged, and not acted on.
    if (after && this.config().defects.includes('slip-printed-despite-paper-out')) {
      this.log(`printer after the slip: ${after}`);
      return undefined;
    }
    return after;
  }
}
