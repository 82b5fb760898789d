/** The receipt steps' entries of the vocabulary: a slip line by line and its print modes (steps/receipt-layout.steps.ts, section "Outcomes"), a roll near its end (steps/printer.steps.ts, section "Printer"). */
import type { StepDoc } from '../src/vocabulary/types';

export const RECEIPT_LAYOUT_STEPS: (StepDoc & { section: 'Outcomes' | 'Printer' })[] = [
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last receipt reads:',
    description:
      'Asserts the last receipt line by line against the slip written out in the doc string below the step, as it came out of the printer: centred lines with their leading blanks, separators, blank lines inside the slip. `…` stands for any run of characters (a date, an RRN, a cryptogram); trailing blanks do not count. The first line that differs is named.',
    example: 'Then the last receipt reads:',
    docString: true,
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last receipt prints {string} in bold',
    description: "Asserts every line of the last receipt that shows the string is printed bold (ESC E), as the printer decoded it. Skipped, with the reason, on a bench whose printer is not emulated (only the emulator's decoder keeps print modes).",
    example: 'Then the last receipt prints "CNY 25.00" in bold',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last receipt prints {string} in double height',
    description: "Asserts every line of the last receipt that shows the string is printed at least double height (GS ! / ESC !), as a slip's title is. Skipped, with the reason, on a bench whose printer is not emulated.",
    example: 'Then the last receipt prints "银联POS签购单" in double height',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last receipt prints {string} in normal print',
    description: "Asserts every line of the last receipt that shows the string is printed neither bold nor enlarged: a print mode switched on for one line (the title's double height, the amount's bold) was switched off again. Skipped, with the reason, on a bench whose printer is not emulated.",
    example: 'Then the last receipt prints "POS SALES SLIP" in normal print',
  },
  {
    section: 'Printer',
    keyword: 'Given',
    expression: "the printer's paper is near its end",
    description: "The printer's near-end sensor goes on (DLE EOT 4 reports it): a warning, not a fault — the printer still prints, and the terminal must too. Not recorded as an injection, so a terminal that stops printing is named firmware-defect.",
    example: "Given the printer's paper is near its end",
  },
];
