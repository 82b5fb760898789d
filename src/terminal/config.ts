/**
 * Reference terminal configuration. Every setting has a wire name (the one a profile or
 * `Given the terminal setting "NAME" is "VALUE"` uses) so misconfiguration is a scenario.
 */
import { PosbenchError } from '../util/errors';
import { DEFAULT_LINE_SETTINGS } from '../transports/types';
import { parseTcpPrinterUrl } from './network-printer';
import { parseDefects, UnknownDefectError, type FirmwareDefect } from './defects';

export interface TerminalConfig {
  terminalId: string; // field 41, 8 chars
  merchantId: string; // field 42, 15 chars
  merchantName: string;
  operatorId: string;
  currencyCode: string; // numeric ISO 4217, "156" = CNY
  currencyName: string; // "CNY"
  /** "host:port" of the acquirer host (through the network proxy on a bench). */
  hostAddress: string;
  hostTimeoutMs: number;
  connectTimeoutMs: number;
  reversalRetries: number;
  printReceipts: boolean;
  receiptCopies: number;
  /** Printer link, as the terminal sees it: a serial path (or mock path) and baud rate, or a network printer's tcp://HOST:PORT (baud unused). */
  printerPort: string;
  printerBaud: number;
  printerStatusTimeoutMs: number;
  paperColumns: 32 | 48;
  printerEncoding: string;
  readerPort: string;
  cardWaitTimeoutMs: number;
  allowFallback: boolean;
  testMode: boolean;
  /**
   * Batch records (approved sales, voids and refunds of the open batch) the terminal takes
   * before it refuses new transactions and asks for settlement (`batch_limit`, 1..999).
   */
  batchLimit: number;
  /**
   * The reader's contactless transaction limit in minor units (`contactless_limit`, an
   * amount such as "300.00" or "300", or "off"): a tap for this amount or more is not taken over
   * contactless — the terminal asks for the chip (docs/domain.md §3). 0: no limit.
   */
  contactlessLimitMinor: number;
  /**
   * Network International Identifier (`nii`, 3 digits): the destination of the TPDU the host
   * link's switch routes on (docs/domain.md §1.2). A wrong one reaches no host.
   */
  nii: string;
  /**
   * The terminal's clock (`terminal_clock`): empty for the system clock, or a local time
   * YYYY-MM-DDTHH:MM:SS the clock is set to when the setting is applied (it runs on from
   * there). Dates on slips and in fields 12/13 come from it.
   */
  terminalClock: string;
  /** Seeded firmware defects (docs/desyncs.md): each makes the terminal misbehave on purpose. */
  defects: FirmwareDefect[];
}

// The seeded defects, each with its class and description, are listed in defects.ts.
export { FIRMWARE_DEFECTS, type FirmwareDefect } from './defects';

/**
 * The largest count a settlement can carry: field 48's debit and credit counts are n3
 * (docs/domain.md §1, Settlement). `batch_limit` can never be set above it.
 */
export const MAX_SETTLEMENT_COUNT = 999;

export const DEFAULT_TERMINAL_CONFIG: TerminalConfig = {
  terminalId: 'PB000001',
  merchantId: '898310048990001',
  merchantName: 'POSBENCH TEST SHOP',
  operatorId: '01',
  currencyCode: '156',
  currencyName: 'CNY',
  hostAddress: '127.0.0.1:0',
  hostTimeoutMs: 30000,
  connectTimeoutMs: 3000,
  reversalRetries: 3,
  printReceipts: true,
  receiptCopies: 1,
  printerPort: '',
  printerBaud: DEFAULT_LINE_SETTINGS.baudRate,
  printerStatusTimeoutMs: 500,
  paperColumns: 32,
  printerEncoding: 'gb18030',
  readerPort: '',
  cardWaitTimeoutMs: 30000,
  allowFallback: true,
  testMode: true,
  // [LY]'s default (docs/domain.md §1, Settlement): a real UnionPay terminal's; any value up
  // to 999 keeps both counts of a settlement within n3, as every record counts.
  batchLimit: 500,
  // No limit unless a profile or scenario sets one: the reader's limit is the acquirer's and
  // the scheme's choice per market (docs/domain.md §3), not the terminal's.
  contactlessLimitMinor: 0,
  nii: '006',
  terminalClock: '',
  defects: [],
};

export class TerminalConfigError extends PosbenchError {
  constructor(
    readonly setting: string,
    /** What is wrong, and what is allowed (without the setting's name). */
    readonly reason: string,
  ) {
    super('TERMINAL_CONFIG', `terminal setting "${setting}": ${reason}`);
  }
}

type Parser = (value: string, setting: string) => Partial<TerminalConfig>;

function bool(key: keyof TerminalConfig): Parser {
  return (v, s) => {
    const t = v.trim().toLowerCase();
    if (['on', 'true', 'yes', '1'].includes(t)) return { [key]: true };
    if (['off', 'false', 'no', '0'].includes(t)) return { [key]: false };
    throw new TerminalConfigError(s, `expected on/off, got "${v}"`);
  };
}
function int(key: keyof TerminalConfig, min: number, max: number): Parser {
  return (v, s) => {
    if (!/^\d+$/.test(v.trim())) throw new TerminalConfigError(s, `expected a whole number, got "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new TerminalConfigError(s, `${n} is outside ${min}..${max}`);
    return { [key]: n };
  };
}
function text(key: keyof TerminalConfig, pattern?: RegExp, hint?: string): Parser {
  return (v, s) => {
    if (pattern && !pattern.test(v)) throw new TerminalConfigError(s, `"${v}" is not ${hint}`);
    return { [key]: v };
  };
}

/**
 * A local time YYYY-MM-DDTHH:MM:SS that exists on the terminal's calendar: 2026-02-30 or hour
 * 24 is refused, not rolled over into the next month or day as Date would. The time is
 * written back from the clock it sets and must come out as the same text (so the pattern
 * needs no anchors: anything around it makes the text differ).
 */
function isLocalTime(v: string): boolean {
  const m = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(v);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(y, mo - 1, d, h, mi, se);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}` === v;
}

/** Setting wire names → parser. The one list of what can be configured. */
export const TERMINAL_SETTINGS: Record<string, Parser> = {
  print_receipts: bool('printReceipts'),
  receipt_copies: int('receiptCopies', 0, 3),
  printer_port: (v, s) => {
    if (parseTcpPrinterUrl(v) === null) throw new TerminalConfigError(s, `"${v}" is not a network printer address: tcp://HOST:PORT (port 1–65535), e.g. tcp://192.0.2.20:9100`);
    return { printerPort: v };
  },
  printer_baud: int('printerBaud', 1200, 921600),
  paper_columns: (v, s) => {
    if (v !== '32' && v !== '48') throw new TerminalConfigError(s, `expected 32 or 48, got "${v}"`);
    return { paperColumns: Number(v) as 32 | 48 };
  },
  printer_encoding: text('printerEncoding', /^[\w-]+$/, 'an encoding name'),
  host_address: text('hostAddress', /^[^\s:]+:\d{1,5}$/, 'host:port'),
  host_timeout_ms: int('hostTimeoutMs', 1, 600000),
  connect_timeout_ms: int('connectTimeoutMs', 1, 600000),
  reversal_retries: int('reversalRetries', 0, 10),
  card_wait_timeout_ms: int('cardWaitTimeoutMs', 1, 600000),
  allow_fallback: bool('allowFallback'),
  terminal_id: text('terminalId', /^.{8}$/, '8 characters'),
  merchant_id: text('merchantId', /^.{15}$/, '15 characters'),
  test_mode: bool('testMode'),
  batch_limit: int('batchLimit', 1, MAX_SETTLEMENT_COUNT),
  contactless_limit: (v, s) => {
    const t = v.trim().toLowerCase();
    if (t === 'off' || t === '0') return { contactlessLimitMinor: 0 };
    // An amount in the terminal's currency; a YAML profile's 300.00 arrives as "300".
    const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) throw new TerminalConfigError(s, `expected an amount such as 300.00 (in the terminal's currency) or off, got "${v}"`);
    const minor = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
    if (minor === 0) throw new TerminalConfigError(s, `a limit of 0.00 would refuse every tap; write off for no limit`);
    return { contactlessLimitMinor: minor };
  },
  nii: text('nii', /^\d{3}$/, '3 digits (e.g. 006)'),
  terminal_clock: (v, s) => {
    if (v === '' || v === 'system') return { terminalClock: '' };
    if (!isLocalTime(v)) throw new TerminalConfigError(s, `"${v}" is not a local time YYYY-MM-DDTHH:MM:SS (or "system")`);
    return { terminalClock: v };
  },
  defects: (v, s) => {
    try {
      return { defects: parseDefects(v) };
    } catch (e) {
      if (e instanceof UnknownDefectError) throw new TerminalConfigError(s, e.message);
      throw e;
    }
  },
};

/** Apply one setting by wire name; returns the new config. Throws TerminalConfigError. */
export function applySetting(config: TerminalConfig, name: string, value: string): TerminalConfig {
  const parser = TERMINAL_SETTINGS[name];
  if (!parser) throw new TerminalConfigError(name, `unknown setting (known: ${Object.keys(TERMINAL_SETTINGS).join(', ')})`);
  return { ...config, ...parser(value, name) };
}

/** A setting value as written on the wire: booleans as on/off (a YAML profile may write true/false or numbers). */
export function settingText(value: string | number | boolean): string {
  return typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
}

export function applySettings(config: TerminalConfig, settings: Record<string, string | number | boolean>): TerminalConfig {
  let c = config;
  for (const [k, v] of Object.entries(settings)) c = applySetting(c, k, settingText(v));
  return c;
}
