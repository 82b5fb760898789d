/**
 * The fault slip (故障单): printed once when a stored reversal has failed every retry of a
 * cycle, so the merchant can call the acquirer — "冲正不成功,请人工处理 / ***故障单,非凭证联***"
 * in the UnionPay terminal of docs/domain.md §1.6. It names the transaction the host may
 * still hold money for (masked card, original trace, amount) and says it is not a receipt.
 *
 * Like the settlement slip it carries no sale trace line (凭证号 / TRACE NO + digits) and no
 * "AMOUNT:" line, so the oracle never takes it for a sale's receipt.
 */
import { maskPan } from '../util/mask';
import type { PendingReversal } from './journal';
import { formatAmount, formatDateTime, type SlipLine } from './slip';

export interface FaultSlipData {
  merchantName: string;
  merchantId: string;
  terminalId: string;
  currencyName: string;
  dateTime: Date;
  reversal: Pick<PendingReversal, 'stan' | 'batch' | 'amountMinor' | 'fields' | 'processingCode' | 'reasonCode' | 'attempts'>;
  testMode: boolean;
}

export const FAULT_SLIP_TITLE = '故障单 FAULT SLIP';

export function faultSlipLines(s: FaultSlipData, columns: number): SlipLine[] {
  const out: SlipLine[] = [];
  const add = (text: string, o: Omit<SlipLine, 'text'> = {}) => out.push({ text, ...o });
  const r = s.reversal;
  const pan = r.fields['2'];
  add(FAULT_SLIP_TITLE, { align: 'center', big: true });
  add('***故障单,非凭证联***', { align: 'center' });
  add('NOT A RECEIPT', { align: 'center' });
  if (s.testMode) add('测试 TESTING 凭证无效', { align: 'center' });
  add('-'.repeat(columns));
  add(`商户名称: ${s.merchantName}`);
  add(`商户编号: ${s.merchantId}`);
  add(`终端编号: ${s.terminalId}`);
  add(`卡号 CARD: ${pan ? maskPan(pan) : '-'}`);
  add(`交易类型: ${r.processingCode === '200000' ? '撤销 VOID' : '消费 SALE'}`);
  add(`批次号 BATCH: ${r.batch}`);
  add(`原凭证号 ORIG TRACE ${r.stan}`);
  add(`冲正金额 REVERSAL: ${s.currencyName} ${formatAmount(r.amountMinor)}`, { bold: true });
  add(`原因 REASON: ${r.reasonCode}  尝试 TRIES: ${r.attempts}`);
  add(`日期/时间: ${formatDateTime(s.dateTime)}`);
  add('-'.repeat(columns));
  add('冲正不成功,请人工处理', { bold: true });
  add('REVERSAL FAILED - CALL ACQUIRER');
  add('');
  return out;
}
