/** The settlement steps' entries of the vocabulary (steps/settlement.steps.ts; section "Settlement" of steps/vocabulary.ts: settlement and the answers to reversals). */
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
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the network corrupts the MAC of the next reversal answer',
    description: 'The proxy flips a byte in the MAC of the next 0410: the terminal must not take it as the acknowledgement, and keeps the reversal owed (it tries again). A network-failure injection.',
    example: 'Given the network corrupts the MAC of the next reversal answer',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the network corrupts the MAC of the next refund advice answer',
    description: 'The proxy flips a byte in the MAC of the next 0230: the terminal must not take it as the acknowledgement of its refund advice, and keeps the advice owed (it repeats it). A network-failure injection.',
    example: 'Given the network corrupts the MAC of the next refund advice answer',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the network corrupts the MAC of every refund answer',
    description: "The proxy flips the last byte (the MAC) of every 0230 the host sends — the answer to a refund and to each repeat of its advice — until `the network recovers`: answers the terminal must not trust, so the refund stays owed as an advice. A network-failure injection.",
    example: 'Given the network corrupts the MAC of every refund answer',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the issuer refuses the next reversal with response code {code}',
    description: 'The issuer answers the next reversal (0400/0401) with this code instead of 00, once, and the money stays held: the terminal must keep the reversal owed and send it again. A bank-delay injection.',
    example: 'Given the issuer refuses the next reversal with response code "96"',
  },
  {
    section: 'Settlement',
    keyword: 'Then',
    expression: 'the issuer receives {int} reversal message(s)',
    description: 'Asserts how many reversal messages (0400/0401) reached the issuer in this scenario, repeats included.',
    example: 'Then the issuer receives 2 reversal messages',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the issuer refuses the next refund advice with response code {code}',
    description: 'The issuer answers the next refund advice (0221, the repeat of a refund whose answer never came) with this response code, once, and books no credit: the terminal must record the refund as declined and owe nothing more. A bank-delay injection.',
    example: 'Given the issuer refuses the next refund advice with response code "12"',
  },
  {
    section: 'Settlement',
    keyword: 'Then',
    expression: 'the issuer receives {int} refund advice(s)',
    description: 'Asserts how many refund advices (0221) reached the issuer in this scenario: up to reversal_retries before each online transaction while the advice is owed, none once it is acknowledged or refused.',
    example: 'Then the issuer receives 2 refund advices',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the issuer refuses the next batch upload with response code {code}',
    description: 'The issuer answers the next 0320 of an unbalanced settlement with this response code, once: the transaction is not taken as uploaded, and the settlement slip counts only the uploads the host accepted. Needs the emulated issuer (skipped, with the reason, on a real host).',
    example: 'Given the issuer refuses the next batch upload with response code "96"',
  },
  {
    section: 'Settlement',
    keyword: 'Given',
    expression: 'the answer to the next settlement comes back with field {int} as {string}',
    description: 'The answer to the next 0500 carries this value in this field (another STAN in 11, another terminal in 41), MACed again: an 0510 that does not answer the settlement. The terminal must not close its batch on it. Needs the emulated issuer. Recorded as network-failure.',
    example: 'Given the answer to the next settlement comes back with field 11 as "999999"',
  },
];
