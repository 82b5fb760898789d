/**
 * Paper as the oracle meets it: the reference terminal's slip bytes (src/terminal/slip.ts)
 * decoded by the printer emulator, so the tests read what a printer put on paper.
 */
import { PrinterEmulator } from '../../emulators/printer';
import { slipEscPos, type SlipData } from '../../src/terminal/slip';
import { DEFAULT_RECEIPT_FORMAT, type LedgerRecord, type JournalRecord, type PaperRecord, type OracleInput, type HostMessage } from '../../src/oracle';

export const PAN = '621094******0021';
/** The scenario's clock window: the slips below are dated inside it. */
export const AT = new Date(2026, 11, 1, 10, 30, 5);
export const WINDOW = { fromMs: AT.getTime() - 1000, toMs: AT.getTime() + 5000 };

export function slipData(o: Partial<SlipData> = {}): SlipData {
  return {
    copy: 'merchant',
    merchantName: 'POSBENCH TEST SHOP',
    merchantId: '898310048990001',
    terminalId: 'PB000001',
    operatorId: '01',
    issuer: '银联 UNIONPAY',
    acquirer: '银联 CUP',
    maskedPan: PAN,
    entryLetter: 'I',
    txnType: 'SALE',
    batch: '000001',
    stan: '000002',
    authCode: '123456',
    dateTime: AT,
    rrn: '633510000001',
    amountMinor: 1205,
    currencyName: 'CNY',
    reprint: false,
    testMode: true,
    ...o,
  };
}

/** One slip on a printer with `paperColumns` columns and the GB18030 code page. */
export function printed(o: Partial<SlipData> = {}, how: { columns?: 32 | 48; encoding?: string; paperColumns?: 32 | 48; defects?: string[] } = {}): PaperRecord {
  const printer = new PrinterEmulator({ columns: how.paperColumns ?? 32, encoding: 'gb18030' });
  printer.receive(slipEscPos(slipData(o), how.columns ?? 32, how.encoding ?? 'gb18030', how.defects ?? []));
  const e = printer.journal()[0]!;
  const wrapped = e.receipt.lines.filter((l) => l.wrapped).length;
  return { text: e.receipt.text(), complete: e.complete, ...(wrapped ? { wrappedLines: wrapped } : {}) };
}

export function hold(stan = '000002', amountMinor = 1205, extra: Partial<LedgerRecord> = {}): LedgerRecord {
  return { kind: 'hold', terminalId: 'PB000001', stan, batch: '000001', amountMinor, maskedPan: PAN, responseCode: '00', rrn: '633510000001', holdId: `H${stan}`, ...extra };
}

export function entry(stan = '000002', status = 'approved', extra: Partial<JournalRecord> = {}): JournalRecord {
  return { intentId: `sale-${stan}`, kind: 'sale', stan, batch: '000001', amountMinor: 1205, maskedPan: PAN, status, receiptsPrinted: 1, receiptPending: false, authCode: '123456', rrn: '633510000001', at: AT.toISOString(), ...extra };
}

/** The host's 0200 in and 0210 out for a STAN, as timeline events #seq and #seq+1. */
export function exchange(stan = '000002', seq = 30, authCode = '123456'): HostMessage[] {
  return [
    { seq, direction: 'in', mti: '0200', terminalId: 'PB000001', stan },
    { seq: seq + 1, direction: 'out', mti: '0210', terminalId: 'PB000001', stan, responseCode: '00', authCode, rrn: '633510000001' },
  ];
}

export function input(p: Partial<OracleInput>): OracleInput {
  return { terminalId: 'PB000001', ledger: [], journal: [], paper: [], injections: [], receiptFormat: DEFAULT_RECEIPT_FORMAT, messages: exchange(), clockWindow: WINDOW, printing: { receiptCopies: 1, printReceipts: true }, ...p };
}
