/**
 * Probable causes (docs/desyncs.md, "How the oracle decides"). Two rules:
 * - what a failure explains: the cause of the latest injection that affects the area the
 *   desync is about, else `firmware-defect`;
 * - what a failure cannot explain: a printer, a network or a slow bank never changes what a
 *   complete slip says, what a journal claims or what a reversal repeats — only some of the
 *   terminal's own settings can. So such a desync is `misconfiguration` when the latest
 *   injection on its area is a setting that can explain it, else `firmware-defect`;
 *   except a journal claim after a power cut tore one of the journal's records: the power
 *   loss can explain it (journalClaimCause).
 */
import type { Area, Cause, Injection } from './types';

export function causeFor(area: Area, injections: readonly Injection[]): Cause {
  const relevant = injections.filter((i) => i.affects.includes(area));
  return relevant.length ? relevant[relevant.length - 1]!.cause : 'firmware-defect';
}

/**
 * The cause of a desync no printer, network or bank fault can explain: `misconfiguration`
 * when the latest injection on the area is one that can explain it — a setting among
 * `settings` (when given), or a misconfiguration that names no setting (a bad MAC key) when
 * `settings` is not given — else `firmware-defect`.
 */
export function contentCause(area: Area, injections: readonly Injection[], settings?: readonly string[]): Cause {
  const relevant = injections.filter((i) => i.affects.includes(area));
  const last = relevant[relevant.length - 1];
  if (last?.cause !== 'misconfiguration') return 'firmware-defect';
  const explains = last.setting === undefined ? settings === undefined : !!settings?.includes(last.setting);
  return explains ? 'misconfiguration' : 'firmware-defect';
}

/**
 * The cause of a journal claim at odds with the paper or the host: `power-loss` when a power
 * cut tore a record of the journal (an injection on the area 'journal'), else what
 * contentCause says of `area`.
 */
export function journalClaimCause(area: Area, injections: readonly Injection[], settings?: readonly string[]): Cause {
  const torn = injections.filter((i) => i.affects.includes('journal')).at(-1);
  return torn ? torn.cause : contentCause(area, injections, settings);
}

/** Settings that can change what is read off a complete slip (a garbled or wrapped one). */
export const SLIP_LAYOUT_SETTINGS = ['printer_encoding', 'paper_columns'] as const;
/** Settings that can make a terminal believe a slip printed that did not (the link to the printer). */
export const PRINTER_LINK_SETTINGS = ['printer_baud', 'printer_port', 'printer_encoding', 'paper_columns'] as const;
/** Settings that can put a wrong date and time on a complete slip (the terminal's own clock). */
export const CLOCK_SETTINGS = [...SLIP_LAYOUT_SETTINGS, 'terminal_clock'] as const;
