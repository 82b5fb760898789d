/**
 * What a technician runs on the reference terminal at the start of a day or after a repair
 * (features/maintenance/): the printer test page, the paper sensor report (DLE EOT), the
 * host echo test (0800 / 0810 with network management code 301, docs/domain.md §1.4), the
 * line check (host and printer at once) and the time and batch figures `status` reports.
 * Nothing here touches the batch or the journal.
 */
import type { Clock } from '../util/clock';
import type { TerminalConfig } from './config';
import type { TerminalStore } from './journal';
import type { HostMessages } from './host-messages';
import type { PrinterConnection } from './printer-port';
import type { ReceiptPrinting } from './receipts';
import { formatDateTime, type SlipLine } from './slip';
import type { EchoResult, LineCheckResult, PrinterStatusResult, TestPageResult } from '../protocols/ecr/contract';

export const MAINTENANCE_DISPLAY = {
  testPagePrinted: 'TEST PAGE PRINTED 打印测试完成',
  printerReady: 'PRINTER READY 打印机正常',
  echoOk: 'ECHO OK 回响测试成功',
  echoFailed: 'ECHO FAILED 回响测试失败',
  lineCheckOk: 'LINE CHECK OK 线路正常',
  lineCheckFailed: 'LINE CHECK FAILED 线路故障',
} as const;

export const TEST_PAGE_TITLE = '打印测试 PRINTER TEST';

export interface MaintenanceDeps {
  config: () => TerminalConfig;
  store: TerminalStore;
  messages: HostMessages;
  receipts: ReceiptPrinting;
  printer: () => PrinterConnection | undefined;
  clock: Clock;
  show: (text: string) => void;
}

/** The test page: what the printer is set up for, a ruler of the paper width, Chinese and Latin text. No trace, no amount: never a receipt. */
export function testPageLines(c: TerminalConfig, at: Date, columns: number): SlipLine[] {
  return [
    { text: TEST_PAGE_TITLE, align: 'center', big: true },
    { text: '-'.repeat(columns) },
    { text: `商户名称: ${c.merchantName}` },
    { text: `终端编号 TERMINAL: ${c.terminalId}` },
    { text: `纸宽 PAPER: ${columns} COLUMNS` },
    { text: `编码 CODE PAGE: ${c.printerEncoding}` },
    { text: '1234567890'.repeat(5).slice(0, columns) },
    { text: '中文打印测试 汉字 ABC abc 123' },
    { text: `日期/时间: ${formatDateTime(at)}` },
    { text: '-'.repeat(columns) },
    { text: '测试结束 END OF TEST', align: 'center' },
  ];
}

const PAPER: Record<PrinterStatusResult['condition'], PrinterStatusResult['paper']> = {
  ready: 'present',
  'near-end': 'near-end',
  'paper-out': 'out',
  'cover-open': 'unknown',
  offline: 'unknown',
  error: 'unknown',
};

export class Maintenance {
  constructor(private readonly d: MaintenanceDeps) {}

  async testPage(): Promise<TestPageResult> {
    const c = this.d.config();
    const failed = await this.d.receipts.printPage(testPageLines(c, this.d.clock.date(), c.paperColumns));
    const display = failed ?? MAINTENANCE_DISPLAY.testPagePrinted;
    this.d.show(display);
    return { printed: !failed, display };
  }

  async printerStatus(): Promise<PrinterStatusResult> {
    const printer = this.d.printer();
    let condition: PrinterStatusResult['condition'] = 'offline';
    if (printer) condition = await printer.job((port) => port.check()).then((r) => r.condition, () => 'offline' as const);
    const display = condition === 'ready' || condition === 'near-end' ? MAINTENANCE_DISPLAY.printerReady : this.d.receipts.displayFor(condition);
    this.d.show(display);
    return { condition, paper: PAPER[condition], display };
  }

  async echo(): Promise<EchoResult> {
    const msg = this.d.messages.echo();
    const r = await this.d.messages.send(msg);
    let result: EchoResult;
    if (!r.ok) result = { ok: false, reason: `${r.failure}: ${r.detail}`, display: MAINTENANCE_DISPLAY.echoFailed };
    else if (!this.d.messages.answers(msg, r.reply)) result = { ok: false, reason: `the reply (${r.reply.mti}) does not answer the echo`, display: MAINTENANCE_DISPLAY.echoFailed };
    else {
      const code = String(r.reply.fields[39] ?? '');
      result = { ok: code === '00', responseCode: code, display: code === '00' ? MAINTENANCE_DISPLAY.echoOk : MAINTENANCE_DISPLAY.echoFailed };
    }
    this.d.show(result.display);
    return result;
  }

  async lineCheck(): Promise<LineCheckResult> {
    const echo = await this.echo();
    const printer = await this.printerStatus();
    const host = { ok: echo.ok, detail: echo.ok ? `echo answered ${echo.responseCode}` : (echo.reason ?? `echo answered ${echo.responseCode}`) };
    const printerLine = { ok: printer.condition === 'ready' || printer.condition === 'near-end', detail: printer.condition };
    const ok = host.ok && printerLine.ok;
    const display = ok ? MAINTENANCE_DISPLAY.lineCheckOk : MAINTENANCE_DISPLAY.lineCheckFailed;
    this.d.show(display);
    return { ok, host, printer: printerLine, display };
  }

  /** The `status` figures a technician reads: the terminal's time and the open batch's fill. */
  statusFigures(): { time: string; batchRecords: number; batchLimit: number } {
    return { time: this.d.clock.date().toISOString(), batchRecords: this.d.store.batchRecords(), batchLimit: this.d.config().batchLimit };
  }
}
