/**
 * The seeded firmware defects of the reference terminal (docs/desyncs.md, Seeded firmware
 * defects): ordinary firmware mistakes it makes on purpose when the terminal setting
 * `defects` (or `posbench run --terminal-defect`) names them, so the suite shows it would
 * catch the same bug in real firmware. `npm run test:defects` runs the suite once per defect.
 *
 * Adding a defect is one entry in DEFECTS (its class and what it does wrong, in one line),
 * the code that misbehaves when `config.defects` includes it, and its row in docs/desyncs.md
 * (a unit test checks every entry is documented there).
 */
import { PosbenchError } from '../util/errors';

/** What kind of mistake a defect is: the classes of firmware bug the suite must catch. */
export const DEFECT_CLASSES = {
  'reversal-on-fault': 'a fault the terminal must reverse (timeout, lost link) and does not',
  'reply-checks': 'how the terminal reads the host\'s answer: the response code, the MAC, that it answers the request',
  'reversal-power-loss': 'the reversal across a power loss: stored, persisted and replayed first',
  'reversal-data': 'a reversal whose data differ from the original it undoes',
  retry: 'a request re-sent so that the host books it twice',
  'receipt-timing': 'a slip printed at the wrong moment of the flow',
  'printer-checks': 'the printer checks before and after a slip',
  'receipt-claims': 'what the terminal records about its own receipts',
  'receipt-content': 'what a slip says: date and time, amounts, copies, marks',
  'original-selection': 'which original a void or a refund hits, and the local refusals that depend on it',
  'chip-local-checks': 'the local checks on the chip and swipe path (service code, fallback)',
  'contactless-local-checks': 'the local checks on the contactless path (the contactless limit)',
} as const;

export type DefectClass = keyof typeof DEFECT_CLASSES;

export interface DefectInfo {
  class: DefectClass;
  /** What the terminal does wrong, in one line. */
  description: string;
}

/** Every seeded defect: name → class and description. The one list. */
export const DEFECTS = {
  'no-reversal-on-timeout': { class: 'reversal-on-fault', description: 'does not keep (so never sends) a reversal for a request that timed out' },
  'receipt-before-approval': { class: 'receipt-timing', description: 'prints the slip before the host answers, even for a sale the host then declines' },
  'no-paper-check': { class: 'printer-checks', description: 'prints without reading the paper sensor and counts the slip as printed' },
  'reprint-without-marker': { class: 'receipt-content', description: 'reprints the last slip without the DUPLICATE mark' },
  'resend-with-new-stan': { class: 'retry', description: 're-sends a request that timed out as a new transaction (new STAN) instead of reversing it' },
  'void-oldest-sale': { class: 'original-selection', description: 'a void hits the oldest approved sale of the open batch instead of the last one' },
  'void-settled-sale': { class: 'original-selection', description: 'a void reaches a sale of a batch already settled instead of refusing it (ORIGINAL_SETTLED)' },
  'refund-cap-not-summed': { class: 'original-selection', description: 'a refund is capped at the original sale alone, not at what earlier refunds left of it' },
  'refund-cap-oldest-sale': { class: 'original-selection', description: "a refund's cap is checked against the oldest approved sale while the refund is booked against the last" },
  'swipe-ignores-service-code': { class: 'chip-local-checks', description: 'takes a chip card (service code 2xx/6xx) from the stripe without sending it to the chip' },
  'fallback-ignores-setting': { class: 'chip-local-checks', description: 'offers the fallback swipe after a chip failure even with allow_fallback off' },
  'no-contactless-limit': { class: 'contactless-local-checks', description: 'takes a tap at or over the contactless transaction limit instead of asking for the chip' },
  'reversal-stored-late': { class: 'reversal-power-loss', description: 'writes the reversal record only once the exchange with the host is over, so a power cut while waiting loses it' },
  'reversal-in-memory-only': { class: 'reversal-power-loss', description: 'keeps the reversal record in memory only (never written to state.json): a power cut loses it' },
  'reversal-not-replayed-first': { class: 'reversal-power-loss', description: 'a reversal found at power-on is sent after the next transaction instead of before it' },
  'reversal-amount-in-yuan': { class: 'reversal-data', description: "writes field 4 of the 0400 in yuan instead of fen, so the reversal does not repeat its original's amount" },
  'slip-printed-despite-paper-out': { class: 'receipt-claims', description: 'reads the printer status after a slip but ignores it: a slip cut off by paper-out is journalled as printed' },
  'slip-date-day-month-swapped': { class: 'receipt-content', description: 'prints the date as YYYY/DD/MM' },
  'amount-cents-unpadded': { class: 'receipt-content', description: 'prints amounts without padding the cents: 12.05 as 12.5, 25.00 as 25.0' },
  'single-receipt-copy': { class: 'receipt-content', description: 'the copy loop stops after the first slip whatever receipt_copies says' },
  'approval-by-first-digit': { class: 'reply-checks', description: 'reads any response code starting with 0 (00, 05, …) as an approval' },
} as const satisfies Record<string, DefectInfo>;

export type FirmwareDefect = keyof typeof DEFECTS;

export const FIRMWARE_DEFECTS = Object.keys(DEFECTS) as readonly FirmwareDefect[];

export function isFirmwareDefect(name: string): name is FirmwareDefect {
  return Object.prototype.hasOwnProperty.call(DEFECTS, name);
}

/** A defect name the terminal does not know. */
export class UnknownDefectError extends PosbenchError {
  constructor(
    readonly defect: string,
    readonly known: readonly string[] = FIRMWARE_DEFECTS,
  ) {
    super('UNKNOWN_DEFECT', `unknown defect "${defect}" (known: ${known.join(', ')})`);
  }
}

/**
 * "NAME[,NAME…]" → the defects, in order, duplicates dropped; blanks between commas are
 * ignored ("" is no defect). Throws UnknownDefectError naming the first unknown one.
 */
export function parseDefects(text: string): FirmwareDefect[] {
  const out: FirmwareDefect[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!name) continue;
    if (!isFirmwareDefect(name)) throw new UnknownDefectError(name);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}
