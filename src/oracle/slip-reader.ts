/**
 * Reading slips back from the paper: each paper record's text (what the printer decoded,
 * never the terminal's memory) read with the profile's `receipt_format` patterns into the
 * fields a CUP sales slip carries (docs/domain.md §4). A slip that did not reach the paper
 * as laid out is recognised as such: garbled (characters decoded with another code page
 * than the terminal encoded them in) or wrapped (laid out wider than the paper).
 */
import type { PaperRecord, ReceiptFormat } from './types';

/** The reference terminal's slip (src/terminal/slip.ts), in CUP's order (docs/domain.md §4). */
export const DEFAULT_RECEIPT_FORMAT: Required<ReceiptFormat> = {
  trace: '(?:凭证号|TRACE NO)[:：]?\\s*(\\d{6})',
  // Any number after the currency: a slip that prints 12.5 for 12.05 is read, then judged.
  amount: 'AMOUNT:\\s*[A-Z]{3}\\s*(-?\\d+(?:\\.\\d+)?)',
  reprint: 'DUPLICATE',
  batch: '(?:批次号|BATCH NO)[:：]?\\s*(\\d{6})',
  pan: 'CARD NO[:：]?\\s*([0-9*]{12,19})',
  auth: 'AUTH[:：]?\\s*([A-Za-z0-9]{1,6}|-)',
  rrn: '(?:参考号 REF|REF NO)[:：]\\s*(\\d{12})',
  type: '交易类型[:：]\\s*(?:\\S+\\s+)?(SALE|VOID|REFUND)\\b',
  datetime: '(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2})',
  copy: '(MERCHANT|CARDHOLDER|BANK) COPY',
  slip: 'POS SALES SLIP',
  // The settlement and fault slips (src/terminal/settlement-slip.ts, fault-slip.ts; docs/domain.md §4, §1.6).
  settlement: '结算总计单',
  closing_batch: '(?:批次号|BATCH)[^:：\\d]*[:：]\\s*(\\d{6})',
  settlement_debits: '借记[^\\d\\n]*(\\d+)\\s+[A-Z]{3}\\s*(-?\\d+(?:\\.\\d+)?)',
  settlement_credits: '贷记[^\\d\\n]*(\\d+)\\s+[A-Z]{3}\\s*(-?\\d+(?:\\.\\d+)?)',
  settlement_balanced: '对[账帐]平',
  settlement_unbalanced: '对[账帐]不平',
  fault: '故障单',
  fault_trace: '(?:原凭证号|ORIG TRACE)[^\\d\\n]*(\\d{6})',
  fault_amount: 'REVERSAL:\\s*[A-Z]{3}\\s*(-?\\d+(?:\\.\\d+)?)',
  fault_card: 'CARD:\\s*([0-9*]{12,19})',
};

export type Malformation = 'garbled' | 'wrapped';

export interface ReadSlip {
  /** 0-based position on the paper; `number` is 1-based, as people count. */
  index: number;
  number: number;
  complete: boolean;
  stan?: string;
  batch?: string;
  /** The amount as printed, and in minor units when it is printed as money (0.00). */
  amountText?: string;
  amountMinor?: number;
  maskedPan?: string;
  authCode?: string;
  rrn?: string;
  txnType?: string;
  dateTime?: string;
  copy?: string;
  reprint: boolean;
  malformed?: Malformation;
  /** A fault the printer recorded against this slip (a cutter that jammed after its last line). */
  printerFault?: string;
}

function reader(pattern: string | undefined): (text: string) => string | undefined {
  if (!pattern) return () => undefined;
  const re = new RegExp(pattern);
  return (text) => re.exec(text)?.[1];
}

/** Minor units of "12.05" / "-12.05"; undefined for anything not printed as money with two decimals. */
export function moneyMinor(text: string): number | undefined {
  const m = /^-?(\d+)\.(\d{2})$/.exec(text);
  return m ? Number(m[1]) * 100 + Number(m[2]) : undefined;
}

export function readSlips(paper: readonly PaperRecord[], fmt: ReceiptFormat): ReadSlip[] {
  const trace = reader(fmt.trace);
  const amount = reader(fmt.amount);
  const fields = {
    batch: reader(fmt.batch),
    maskedPan: reader(fmt.pan),
    authCode: reader(fmt.auth),
    rrn: reader(fmt.rrn),
    txnType: reader(fmt.type),
    dateTime: reader(fmt.datetime),
    copy: reader(fmt.copy),
  };
  const reprint = new RegExp(fmt.reprint);
  const isSlip = fmt.slip ? new RegExp(fmt.slip) : undefined;
  return paper.map((p, index) => {
    const slip: ReadSlip = { index, number: index + 1, complete: p.complete, reprint: reprint.test(p.text), ...(p.fault ? { printerFault: p.fault } : {}) };
    const stan = trace(p.text);
    if (stan !== undefined) slip.stan = stan;
    const a = amount(p.text);
    if (a !== undefined) {
      slip.amountText = a;
      const minor = moneyMinor(a);
      if (minor !== undefined) slip.amountMinor = minor;
    }
    for (const [k, read] of Object.entries(fields)) {
      const v = read(p.text);
      if (v !== undefined) slip[k as keyof typeof fields] = v;
    }
    // U+FFFD: bytes the printer's code page has no character for; a sales slip (its ASCII
    // title survives any code page) whose trace label cannot be found: labels decoded
    // into other characters.
    if (p.text.includes('\uFFFD') || (isSlip?.test(p.text) && stan === undefined)) slip.malformed = 'garbled';
    else if ((p.wrappedLines ?? 0) > 0) slip.malformed = 'wrapped';
    return slip;
  });
}

/** A slip's "2026/12/01 10:30:54" as the bench's local time (the terminal's clock and the bench's share a time zone), or undefined when it is no real date. */
export function slipTime(text: string): number | undefined {
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(y, mo - 1, d, h, mi, s);
  // Month 13 or day 32 roll over in Date: such a date is no date.
  if (t.getFullYear() !== y || t.getMonth() !== mo - 1 || t.getDate() !== d || t.getHours() !== h || t.getMinutes() !== mi) return undefined;
  return t.getTime();
}
