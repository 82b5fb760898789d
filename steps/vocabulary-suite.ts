/**
 * The vocabulary of the steps the fuller suite added (issue 9 item 6, issue 11 item 5):
 * voids, refunds and reprints by trace number, the cashier's mistakes, journal and message
 * outcomes, and the technician's maintenance steps. Joined to steps/vocabulary.ts's list
 * (STEP_DOCS), under its sections "Originals and cashier mistakes" and "Maintenance".
 */
import type { StepDoc } from '../src/vocabulary/types';

export const SUITE_STEPS: (StepDoc & { section: 'Originals and cashier mistakes' | 'Maintenance' })[] = [
  // Originals and cashier mistakes (steps/originals.steps.ts, steps/records.steps.ts)
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier voids the sale with trace number {string}',
    description: 'Voids the sale with this trace number (ECR `void` with `originalStan`), presenting the last card again when asked, and waits for the result. A sale of a settled batch is refused (ORIGINAL_SETTLED); a trace with no approved sale fails with NO TRANSACTION.',
    example: 'When the cashier voids the sale with trace number "000002"',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier voids the sale with trace number {string} by mistake',
    description: 'As the step above, for the wrong sale: recorded as operator-error (the cashier keyed the wrong voucher number).',
    example: 'When the cashier voids the sale with trace number "000003" by mistake',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier refunds {amount} of the sale with trace number {string}',
    description: 'Refunds part or all of the sale with this trace number (of this batch or a settled one), presenting the last card again when asked, and waits for the result.',
    example: 'When the cashier refunds 5.00 of the sale with trace number "000002"',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: 'the issuer has booked the refund of {amount} once, as the journal records it',
    description: "Asserts the issuer's ledger holds exactly one refund credit of this amount (a repeated advice books nothing new), and the terminal's journal exactly one refund of it, with the same STAN, recorded as approved.",
    example: 'Then the issuer has booked the refund of 1.00 once, as the journal records it',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier reprints the receipt with trace number {string}',
    description: 'Reprints the slip of this trace number (marked as a reprint), from the slips the terminal keeps.',
    example: 'When the cashier reprints the receipt with trace number "000002"',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier reprints the receipt with trace number {string} by mistake',
    description: "As the step above, for the wrong slip: recorded as operator-error (paper), so a slip still owed is then blamed on the cashier.",
    example: 'When the cashier reprints the receipt with trace number "000002" by mistake',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier sends the same sale again',
    description: 'Starts the last sale again with the same intent id (a double key press, a till that repeats its request) and waits; a terminal that has carried it out refuses with DUPLICATE_INTENT. Recorded as operator-error.',
    example: 'When the cashier sends the same sale again',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'When',
    expression: 'the cashier cancels the transaction while it is online',
    description: 'Waits until the terminal is online (PROCESSING), then sends cancel: too late to stop the request. Recorded as operator-error.',
    example: 'When the cashier cancels the transaction while it is online',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Given',
    expression: 'the paper roll was not loaded at the start of the day',
    description: 'The printer has no paper because nobody loaded it: the paper sensor reports paper end, as with `the printer has no paper`, but recorded as operator-error, not printer-failure.',
    example: 'Given the paper roll was not loaded at the start of the day',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: "the terminal's journal records the last transaction as {word}",
    description: "Waits for the transaction; asserts the terminal's journal line for its STAN has this status (approved, declined, failed, reversed, cancelled, voided, pending).",
    example: "Then the terminal's journal records the last transaction as declined",
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: "the terminal's journal records the {word} of {amount} as {word}",
    description: "Asserts the journal's one sale, void or refund of this amount has this status (approved, declined, failed, reversed, cancelled, voided, pending): for a transaction that is not the last one, such as a refund settled later by its advice.",
    example: "Then the terminal's journal records the refund of 7.00 as declined",
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: 'the issuer received field {int} as {string} in the last reversal',
    description: "Asserts a field of the last 0400 / 0401 the issuer received, as its message log shows it: field 39 the reason (98 no reply, A0 MAC error, 06 card pulled), field 38 the auth code the host had given. On a real host the step reports the scenario skipped, with the reason on the timeline.",
    example: 'Then the issuer received field 39 as "98" in the last reversal',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: 'the last reversal the issuer received carries no field {int}',
    description: "Asserts the last 0400 / 0401 the issuer received leaves this field out, as a reversal leaves out the track data (35, 36), the PIN block (52), the ICC data (55) and the RRN (37) of its original (docs/domain.md §1.6). On a real host the step reports the scenario skipped.",
    example: 'Then the last reversal the issuer received carries no field 35',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: "the terminal's journal gives the {word} of {amount} the reason {string}",
    description: "Asserts the reason the journal records for its one sale, void or refund of this amount, whole: `…` stands for any run of characters (a timeout in ms). E.g. the manual handling a reversal that failed every retry is flagged with.",
    example: `Then the terminal's journal gives the sale of 82.00 the reason "…: manual handling"`,
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: 'the last refund advice the issuer received carries no field {int}',
    description: "Asserts the last refund advice (0221) the issuer received leaves this field out: an advice is sent after the card has gone, so it repeats the refund without its track data (35, 36), PIN block (52) or ICC data (55). On a real host the step reports the scenario skipped.",
    example: 'Then the last refund advice the issuer received carries no field 55',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: 'the issuer received field {int} as {string} in the last financial request',
    description: "Asserts a field of the last 0200 / 0220 the issuer received, as its message log shows it (card data masked), e.g. field 13, the terminal's local date MMDD. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.",
    example: 'Then the issuer received field 13 as "0101" in the last financial request',
  },
  {
    section: 'Originals and cashier mistakes',
    keyword: 'Then',
    expression: 'the last receipt is printed {int} columns wide',
    description: "Asserts the widest line of the last receipt, as it came out of the printer, is this many columns (CJK characters count two): 32 on 58 mm paper, 48 on 80 mm.",
    example: 'Then the last receipt is printed 32 columns wide',
  },

  // Maintenance (steps/maintenance.steps.ts)
  {
    section: 'Maintenance',
    keyword: 'When',
    expression: 'the technician prints a test page',
    description: 'ECR `testPage`: the terminal prints its printer test page (paper width, code page, Chinese and Latin text) whatever print_receipts says, with the printer checks before and after.',
    example: 'When the technician prints a test page',
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: "the printer's paper sensor reports {string}",
    description: 'ECR `printerStatus` (the terminal asks DLE EOT 1, 4, 2); asserts the paper sensor: "present", "near-end", "out", or "unknown" when the printer does not answer or its cover is open.',
    example: 'Then the printer\'s paper sensor reports "present"',
  },
  {
    section: 'Maintenance',
    keyword: 'When',
    expression: 'the technician runs a host echo test',
    description: 'ECR `echo`: an 0800 network-management echo (60.3 = 301) through the network to the host, answered by an 0810; moves no money.',
    example: 'When the technician runs a host echo test',
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: 'the host echo test passes',
    description: 'Asserts the last echo test was answered 00.',
    example: 'Then the host echo test passes',
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: 'the host echo test fails',
    description: 'Asserts the last echo test got no 00 answer (no answer, refused, or another code).',
    example: 'Then the host echo test fails',
  },
  {
    section: 'Maintenance',
    keyword: 'When',
    expression: 'the technician runs a line check',
    description: 'ECR `lineCheck`: the host line (an echo test) and the printer line (its status) at once.',
    example: 'When the technician runs a line check',
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: 'the line check reports the {word} line {word}',
    description: 'Asserts what the last line check found for a line: `host` or `printer`, `ok` or `failed`.',
    example: 'Then the line check reports the printer line ok',
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: "the terminal's journal is intact",
    description: 'Reads the journal over ECR and checks every line (src/bench/journal-integrity.ts): 6-digit STAN and batch, one line per kind + batch + STAN, whole amounts, masked card numbers, nothing pending, approvals with auth code and RRN, voids and refunds naming a sale the journal holds. Fails listing each problem by journal line.',
    example: "Then the terminal's journal is intact",
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: "the terminal's clock is within {int} seconds of the bench's clock",
    description: "Asserts the time the terminal reports in ECR `status` (what it dates slips and fields 12/13 with) is this close to the bench's.",
    example: "Then the terminal's clock is within 5 seconds of the bench's clock",
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: 'the terminal reports {int} record(s) in the open batch',
    description: 'Asserts the open batch\'s record count in ECR `status` (`batchRecords`: approved sales, voids and refunds; what `batch_limit` counts).',
    example: 'Then the terminal reports 2 records in the open batch',
  },
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: 'the terminal reports no reversal owed',
    description: 'Asserts ECR `status` says no reversal is stored and unacknowledged.',
    example: 'Then the terminal reports no reversal owed',
  },
];
