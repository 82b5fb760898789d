/** The vocabulary's entries for the host-side steps (reversals, advices, the issuer's answers). */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';

export const HOST_STEPS: (StepDoc & { section: Section })[] = [
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the issuer answers the next refund advice with 94, duplicate transmission',
    description:
      "The issuer answers the next refund advice (0221) with response code 94, duplicate transmission (the answer MACed again), once: what a host says to a repeat it has booked already. The issuer's ledger is what the request made it (a refund whose first 0220 reached the host stays booked once). The terminal must take 94 as the acknowledgement (docs/domain.md §1.6, refund advice). A bank-delay injection.",
    example: 'Given the issuer answers the next refund advice with 94, duplicate transmission',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    expression: 'the network drops the next refund advice',
    description: 'The proxy drops the next refund advice (0221) on its way to the host, once: the host never sees that repeat, the terminal waits its host timeout for an answer and keeps the advice owed.',
    example: 'Given the network drops the next refund advice',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    expression: "the network delivers the host's answers in pieces of {int} bytes",
    description: "The proxy cuts every answer from the host into pieces of this many bytes, 2 ms apart, for the rest of the scenario (a segmenting or slow link): the terminal reads each answer in several reads and must put its frame together before it decodes it.",
    example: "Given the network delivers the host's answers in pieces of 7 bytes",
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: "the terminal's log says {string}",
    description:
      "Asserts the terminal wrote this line to its diagnostic log (the timeline's terminal.log events; `…` stands for any text), e.g. why a reversal or a refund advice attempt failed. Waits for the transaction in progress. Skipped on a profile whose terminal is external (its log is not read).",
    example: `Then the terminal's log says "reversal of STAN … attempt 1 failed: refused with response 96"`,
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the transaction is refused with error {string}, saying {string}',
    description: "Asserts the terminal refused the last request with this ECR error code (without the ECR_ prefix) and told the till this message (`…` stands for any text): what the cashier reads to know what to do instead, e.g. which sale was settled or how much of a sale is left to refund.",
    example: 'Then the transaction is refused with error "REFUND_EXCEEDS_ORIGINAL", saying "…refund refused: 501 exceeds what is left of the original sale (…)"',
  },
  {
    section: 'Settlement',
    keyword: 'Then',
    expression: 'the settlement failed, saying {string}',
    description: "Asserts the last `When the cashier attempts to settle the batch` ended with ECR SETTLEMENT_FAILED and this message to the till (`…` stands for any text): why the batch stayed open — the host's response code, an answer that does not answer the settlement, an owed reversal that could not be delivered.",
    example: 'Then the settlement failed, saying "…settlement failed: response 96"',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last financial request the issuer received carries field {int}',
    description: 'Asserts the last 0200 / 0220 that reached the issuer carries this field, whatever its value: for fields whose value is card data (35, track 2 equivalent data) that no step or report spells out.',
    example: 'Then the last financial request the issuer received carries field 35',
  },
  {
    section: 'Settlement',
    keyword: 'Then',
    expression: 'the till is told {string} for the settlement',
    description: "Asserts the display text of the last settlement's ECR result (what the till shows the cashier) begins with this text: the outcome (SETTLEMENT BALANCED / UNBALANCED), or why the settlement slip did not come out.",
    example: 'Then the till is told "SETTLEMENT BALANCED" for the settlement',
  },
];
