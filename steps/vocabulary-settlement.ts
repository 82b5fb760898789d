/** The settlement steps' entries of the vocabulary (steps/settlement.steps.ts; section "Settlement" of steps/vocabulary.ts). */
import type { StepDoc } from '../src/vocabulary/types';

export const SETTLEMENT_STEPS: (StepDoc & { section: 'Settlement' })[] = [
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the issuer declines the settlement with response code {code}',
    description: 'The issuer answers the next settlement (0500) with this response code instead of 00, once: a host decision like a decline, not a fault. The terminal must keep its batch open and settle it later.',
    example: 'Given the issuer declines the settlement with response code "96"',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: "the host's batch number is {string}",
    description: "Sets the batch number (six digits, field 60.2) the issuer hands the terminal at its next sign-on (0810), which the terminal adopts; sign on again after it.",
    example: `Given the host's batch number is "999999"`,
  },
  {
    section: 'Settlement',
    keyword: 'Then',
    expression: 'the issuer receives {int} batch upload(s)',
    description: 'Asserts how many batch upload messages (0320) reached the issuer in this scenario: none after a balanced settlement, one per transaction of the batch after an unbalanced one.',
    example: 'Then the issuer receives 0 batch uploads',
  },
];
