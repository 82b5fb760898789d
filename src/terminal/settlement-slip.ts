/**
 * The settlement slip (结算总计单 / SETTLEMENT), printed after a batch is closed: merchant
 * and terminal, the batch closed, date and time, whether the host agreed with the totals
 * (对账平 balanced / 对账不平 unbalanced, with the batch upload), then the debits and credits
 * by count and amount — the layout of the UnionPay terminal in docs/domain.md §4.
 *
 * It is no sales slip and must not read as one on paper: it carries no trace number
 * (凭证号) and no "AMOUNT:" line, the fields the oracle matches sales slips by
 * (the profile's `receipt_format`).
 */
import { formatAmount, formatDateTime, pair, type SlipLine } from './slip';

export interface SettlementSlipData {
  merchantName: string;
  merchantId: string;
  terminalId: string;
  operatorId: string;
  /** The batch that was closed. */
  batch: string;
  dateTime: Date;
  currencyName: string;
  debitCount: number;
  debitTotalMinor: number;
  creditCount: number;
  creditTotalMinor: number;
  balanced: boolean;
  /** Transactions sent in the batch upload (unbalanced only). */
  uploaded: number;
  testMode: boolean;
}

export const SETTLEMENT_SLIP_TITLE = '结算总计单';

export function settlementSlipLines(s: SettlementSlipData, columns: number): SlipLine[] {
  const out: SlipLine[] = [];
  const add = (text: string, o: Omit<SlipLine, 'text'> = {}) => out.push({ text, ...o });
  // Count and amount in columns of their own: amounts right-aligned (room for n12), counts before them.
  const row = (label: string, count: number, minor: number) => pair(label, `${String(count).padStart(3)} ${`${s.currencyName} ${formatAmount(minor)}`.padStart(14)}`, columns).forEach((l) => add(l));
  add(SETTLEMENT_SLIP_TITLE, { align: 'center', big: true });
  add('SETTLEMENT', { align: 'center' });
  if (s.testMode) add('测试 TESTING 凭证无效', { align: 'center' });
  add('-'.repeat(columns));
  add(`商户名称: ${s.merchantName}`);
  add(`商户编号: ${s.merchantId}`);
  pair(`终端编号: ${s.terminalId}`, `操作员: ${s.operatorId}`, columns).forEach((l) => add(l));
  add(`批次号 BATCH: ${s.batch}`);
  add(`日期/时间: ${formatDateTime(s.dateTime)}`);
  add(s.balanced ? '对账平 BALANCED' : `对账不平 UNBALANCED - UPLOADED ${s.uploaded}`, { bold: true });
  add('-'.repeat(columns));
  pair('类型/TYPE', '笔数/COUNT  金额/TOTAL', columns).forEach((l) => add(l));
  row('借记 DEBIT', s.debitCount, s.debitTotalMinor);
  row('贷记 CREDIT', s.creditCount, s.creditTotalMinor);
  add('-'.repeat(columns));
  add('');
  return out;
}
