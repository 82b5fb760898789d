/**
 * The reference terminal's sales slip (签购单) and the ESC/POS bytes that print it,
 * in the CUP order of docs/domain.md §4. The terminal composes ESC/POS itself, as firmware does.
 */
import * as iconv from 'iconv-lite';

export interface SlipData {
  copy: 'merchant' | 'cardholder' | 'bank';
  merchantName: string;
  merchantId: string;
  terminalId: string;
  operatorId: string;
  issuer: string;
  acquirer: string;
  maskedPan: string;
  /** I chip, S swipe, C contactless, M manual. */
  entryLetter: string;
  txnType: 'SALE' | 'VOID' | 'REFUND';
  batch: string;
  stan: string;
  authCode: string;
  dateTime: Date;
  rrn: string;
  amountMinor: number;
  currencyName: string;
  remark?: string;
  chip?: { arqc?: string; tvr?: string; aid?: string; atc?: string };
  reprint: boolean;
  testMode: boolean;
}

const TXN_NAMES: Record<SlipData['txnType'], string> = { SALE: '消费 SALE', VOID: '撤销 VOID', REFUND: '退货 REFUND' };
const COPY_NAMES: Record<SlipData['copy'], string> = {
  merchant: '商户存根 MERCHANT COPY',
  cardholder: '持卡人存根 CARDHOLDER COPY',
  bank: '银行存根 BANK COPY',
};

export function formatAmount(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function formatDateTime(d: Date): string {
  return `${d.getFullYear()}/${pad2(d.getMonth() + 1)}/${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Seeded slip defects (config.ts FIRMWARE_DEFECTS) that change how a field is written. */
type SlipDefects = readonly string[];

function slipAmount(minor: number, defects: SlipDefects): string {
  // Defect: the cents written as a number, not two digits: 12.05 becomes 12.5.
  if (!defects.includes('amount-cents-unpadded')) return formatAmount(minor);
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${abs % 100}`;
}

function slipDateTime(d: Date, defects: SlipDefects): string {
  // Defect: month and day swapped (a DDMM reading of field 13's MMDD).
  if (!defects.includes('slip-date-day-month-swapped')) return formatDateTime(d);
  return `${d.getFullYear()}/${pad2(d.getDate())}/${pad2(d.getMonth() + 1)} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

/** A tiny ESC/POS writer: text goes through the printer's encoding. */
export class EscPosWriter {
  private readonly parts: Buffer[] = [];
  constructor(private readonly encoding: string) {
    this.raw(ESC, 0x40); // ESC @ initialise
    if (/gb|gbk|gb18030|gb2312/i.test(encoding)) this.raw(FS, 0x26); // FS & Chinese mode on
  }
  raw(...bytes: number[]): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  align(a: 'left' | 'center' | 'right'): this {
    return this.raw(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2);
  }
  bold(on: boolean): this {
    return this.raw(ESC, 0x45, on ? 1 : 0);
  }
  size(width: number, height: number): this {
    return this.raw(GS, 0x21, ((width - 1) << 4) | (height - 1));
  }
  line(text = ''): this {
    this.parts.push(iconv.encode(text, this.encoding));
    return this.raw(LF);
  }
  feed(lines: number): this {
    return this.raw(ESC, 0x64, lines);
  }
  cut(): this {
    return this.raw(GS, 0x56, 66, 3); // feed 3 and partial cut
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Display width: CJK (non-ASCII) characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x7f ? 2 : 1;
  return w;
}

/** "label ........ value" on one line when it fits, else two lines. */
export function pair(label: string, value: string, columns: number): string[] {
  const gap = columns - displayWidth(label) - displayWidth(value);
  return gap >= 1 ? [label + ' '.repeat(gap) + value] : [label, ' '.repeat(Math.max(0, columns - displayWidth(value))) + value];
}

/** The logical lines of the slip (also what the oracle and tests read back from paper). */
export function slipLines(s: SlipData, columns: number, defects: SlipDefects = []): { text: string; bold?: boolean; align?: 'left' | 'center'; big?: boolean }[] {
  const out: { text: string; bold?: boolean; align?: 'left' | 'center'; big?: boolean }[] = [];
  const add = (text: string, o: { bold?: boolean; align?: 'left' | 'center'; big?: boolean } = {}) => out.push({ text, ...o });
  add('银联POS签购单', { align: 'center', big: true });
  add('POS SALES SLIP', { align: 'center' });
  if (s.reprint) add('重打印 DUPLICATE', { align: 'center', bold: true });
  if (s.testMode) add('测试 TESTING 凭证无效', { align: 'center' });
  add(COPY_NAMES[s.copy]);
  add('-'.repeat(columns));
  add(`商户名称: ${s.merchantName}`);
  add(`商户编号: ${s.merchantId}`);
  pair(`终端编号: ${s.terminalId}`, `操作员: ${s.operatorId}`, columns).forEach((l) => add(l));
  pair(`发卡行: ${s.issuer}`, `收单行: ${s.acquirer}`, columns).forEach((l) => add(l));
  add('卡号 CARD NO:');
  add(`${s.maskedPan} ${s.entryLetter}`, { bold: true });
  add(`交易类型: ${TXN_NAMES[s.txnType]}`, { bold: true });
  pair(`批次号: ${s.batch}`, `凭证号: ${s.stan}`, columns).forEach((l) => add(l));
  add(`授权码 AUTH: ${s.authCode || '-'}`);
  add(`日期/时间: ${slipDateTime(s.dateTime, defects)}`);
  add(`参考号 REF: ${s.rrn}`);
  const sign = s.txnType === 'SALE' ? '' : '-';
  pair('金额 AMOUNT:', `${s.currencyName} ${sign}${slipAmount(s.amountMinor, defects)}`, columns).forEach((l) => add(l, { bold: true }));
  // A remark too long for the paper goes on its own line under the label.
  const remark = `备注: ${s.remark ?? ''}`.trimEnd();
  if (displayWidth(remark) <= columns) add(remark);
  else {
    add('备注:');
    add(s.remark!);
  }
  if (s.chip) {
    if (s.chip.arqc) add(`ARQC: ${s.chip.arqc}`);
    if (s.chip.tvr) add(`TVR: ${s.chip.tvr}  ATC: ${s.chip.atc ?? ''}`.trimEnd());
    if (s.chip.aid) add(`AID: ${s.chip.aid}`);
  }
  add('-'.repeat(columns));
  if (s.copy === 'merchant') {
    add('持卡人签名 CARDHOLDER SIGNATURE');
    add('');
    add('');
  }
  return out;
}

export type SlipLine = { text: string; bold?: boolean; align?: 'left' | 'center'; big?: boolean };

export function slipEscPos(s: SlipData, columns: number, encoding: string, defects: SlipDefects = []): Buffer {
  return linesEscPos(slipLines(s, columns, defects), encoding);
}

/** Logical lines → ESC/POS bytes, cut at the end. */
export function linesEscPos(lines: SlipLine[], encoding: string): Buffer {
  const w = new EscPosWriter(encoding);
  for (const l of lines) {
    w.align(l.align ?? 'left');
    if (l.big) w.size(1, 2);
    if (l.bold) w.bold(true);
    w.line(l.text);
    if (l.bold) w.bold(false);
    if (l.big) w.size(1, 1);
  }
  w.align('left').feed(2).cut();
  return w.bytes();
}
