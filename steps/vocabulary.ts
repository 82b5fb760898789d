/**
 * What every step definition in this folder means to a QA engineer: description and
 * example, keyed by the definition's exact expression. docs/steps.md, `posbench steps` and
 * `posbench check` are built from this list joined with the definitions Cucumber loads;
 * test/vocabulary/steps-doc.test.ts fails when a definition has no entry here (or an entry
 * has no definition), and when docs/steps.md was not regenerated (`npm run docs:steps`).
 */
import { applySetting, DEFAULT_TERMINAL_CONFIG } from '../src/terminal/config';
import { loadProfile } from '../src/bench/profile';
import { VocabularyError, type StepDoc, type TagDoc } from '../src/vocabulary/types';
import { SUITE_STEPS } from './vocabulary-suite';
import { PART_STEPS } from './vocabulary-parts';
import { SECTIONS, type Section } from './vocabulary-sections';

export { SECTIONS };
type Doc = StepDoc & { section: Section };

function checkSetting([name, value]: readonly string[]): void {
  try {
    applySetting(DEFAULT_TERMINAL_CONFIG, name!, value!);
  } catch (e) {
    throw new VocabularyError((e as Error).message);
  }
}

function checkProfile([name]: readonly string[]): void {
  try {
    loadProfile(name!);
  } catch (e) {
    throw new VocabularyError((e as Error).message);
  }
}

const STEPS: Doc[] = [
  // Bench and terminal
  {
    section: 'Bench and terminal',
    keyword: 'Given',
    expression: 'the bench uses the {string} hardware profile',
    description: "Optional; the default is the run's profile (`posbench run --profile`). Restarts the bench on the named profile (hardware-profiles/NAME.yaml) when it is another one.",
    example: 'Given the bench uses the "reference-pty" hardware profile',
    check: checkProfile,
  },
  {
    section: 'Bench and terminal',
    keyword: 'Given',
    expression: 'the terminal is signed on',
    description: 'Signs the terminal on to the host (0800/0810: batch number and working keys). Fails with the terminal\'s display and the response code when the sign-on is refused.',
    example: 'Given the terminal is signed on',
  },
  {
    section: 'Bench and terminal',
    keyword: 'Given',
    expression: 'the terminal setting {string} is {string}',
    description: "Changes one terminal setting for this scenario, by its wire name (src/terminal/config.ts). `posbench check` validates the name and the value the way the terminal does. Settings: print_receipts, receipt_copies, printer_port, printer_baud, paper_columns, printer_encoding, host_address, host_timeout_ms, connect_timeout_ms, reversal_retries, card_wait_timeout_ms, allow_fallback, terminal_id, merchant_id, test_mode, batch_limit, contactless_limit, nii, terminal_clock, defects. On a profile whose printer is a network printer (printer.link.kind tcp), printer_baud has no effect: the step reports the scenario skipped, with the reason on the timeline.",
    example: 'Given the terminal setting "print_receipts" is "off"',
    check: checkSetting,
  },
  {
    section: 'Bench and terminal',
    keyword: 'When',
    expression: 'the terminal is restarted',
    description: 'A power cycle: the journal and any pending reversal survive it. An external terminal cannot be power-cycled by the bench and the step says so.',
    example: 'When the terminal is restarted',
  },

  // Issuer bank
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer approves all transactions',
    description: 'Clears every issuer rule (declines, delays, silence, bad MACs) and switches magic amounts off: every amount is approved, 12.05 included. On a real host (issuer.emulated false) nothing can be enforced: the step records the assumption on the timeline, and the outcome steps and the oracle judge what the host answered.',
    example: 'Given the issuer approves all transactions',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer declines by magic amounts',
    description: "Switches the issuer's magic amounts on (off on every bench until this step): the cents of a sale pick the answer — .05 → 05, .12 → 12, .13 → 13, .14 → 14, .51 → 51, .54 → 54, .55 → 55, .91 → 91, .96 → 96, .98 → approved but never answered (emulators/issuer-bank/README.md). `the issuer approves all transactions` switches them off again. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.",
    example: 'Given the issuer declines by magic amounts',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer declines transactions with response code {code}',
    description: 'The issuer answers every financial request with this response code (field 39). On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.',
    example: 'Given the issuer declines transactions with response code "51"',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer responds after {int} ms',
    description: 'The issuer holds each answer this long. Recorded as a bank-delay injection for the oracle. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.',
    example: 'Given the issuer responds after 500 ms',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: "the issuer responds {int} ms after the terminal's host timeout",
    description: "The issuer answers this long after the terminal has given up (host_timeout_ms + N): the late-approval case. Recorded as bank-delay. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.",
    example: "Given the issuer responds 200 ms after the terminal's host timeout",
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer does not respond',
    description: 'The issuer still processes each request (its ledger moves) but never answers, reversals included. Recorded as bank-delay. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.',
    example: 'Given the issuer does not respond',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer responds normally',
    description: 'Clears delays, silence and bad MACs; a decline rule stays. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.',
    example: 'Given the issuer responds normally',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the issuer sends responses with a bad MAC',
    description: 'The issuer MACs its answers with a key the terminal does not share (field 64). Recorded as misconfiguration. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.',
    example: 'Given the issuer sends responses with a bad MAC',
  },
  {
    section: 'Issuer bank',
    keyword: 'Given',
    expression: 'the cardholder account of {card} has a balance of {amount}',
    description: 'Under Given it sets the available balance of the card\'s account; under Then it asserts it (after the transaction in progress ends). Cards that share a PAN share one account. On a profile whose host is real (issuer.emulated false) the step reports the scenario skipped, with the reason on the timeline.',
    example: 'Given the cardholder account of UNIONPAY_CHIP has a balance of 100.00',
  },

  // Network
  {
    section: 'Network between terminal and issuer',
    keyword: 'Given',
    expression: 'the network adds {int} ms of latency',
    description: 'Every response from the issuer is delayed by this much. Recorded as network-failure.',
    example: 'Given the network adds 300 ms of latency',
  },
  {
    section: 'Network between terminal and issuer',
    keyword: 'Given',
    expression: 'the network drops the response to the next request',
    description: "The issuer's next answer never reaches the terminal (the issuer has processed the request). Recorded as network-failure.",
    example: 'Given the network drops the response to the next request',
  },
  {
    section: 'Network between terminal and issuer',
    keyword: 'Given',
    expression: 'the network resets the connection after the next request is sent',
    description: 'The connection is reset as soon as the next request has reached the issuer. Recorded as network-failure.',
    example: 'Given the network resets the connection after the next request is sent',
  },
  {
    section: 'Network between terminal and issuer',
    keyword: 'Given',
    expression: 'the network is down',
    description: 'The proxy refuses connections until the network recovers. Recorded as network-failure.',
    example: 'Given the network is down',
  },
  {
    section: 'Network between terminal and issuer',
    keyword: 'When',
    expression: 'the network recovers',
    description: 'Clears every network fault and waits until the proxy listens again.',
    example: 'When the network recovers',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: "the network delivers the response to the next request {int} ms after the terminal's host timeout",
    description: "The next response is held and delivered this long after the terminal's host timeout. Recorded as network-failure.",
    example: "Given the network delivers the response to the next request 200 ms after the terminal's host timeout",
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: 'the network duplicates the response to the next request',
    description: 'The next response reaches the terminal twice. Recorded as network-failure.',
    example: 'Given the network duplicates the response to the next request',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: 'the network resets the connection right after the next approval',
    description: 'The connection is reset right after an approval (response code 00) passed towards the terminal. Recorded as network-failure.',
    example: 'Given the network resets the connection right after the next approval',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: 'the network corrupts the MAC of the next response',
    description: 'One byte of the MAC (field 64, the last byte) of the next 0210 is flipped, so the terminal must reject it and reverse. Recorded as network-failure.',
    example: 'Given the network corrupts the MAC of the next response',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: 'the network drops the next request',
    description: 'The next 0200 never reaches the issuer. Recorded as network-failure.',
    example: 'Given the network drops the next request',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: 'the network drops the next refund request',
    description: 'The next 0220 (a refund) never reaches the issuer, so nothing of it is booked; the terminal, without an answer, owes it as an advice (0221). Recorded as network-failure.',
    example: 'Given the network drops the next refund request',
  },
  {
    section: 'Network: message-level faults',
    keyword: 'Given',
    canonical: false,
    expression: 'the answer to the next sale comes back with field {int} as {string}',
    description: "The answer to the next sale carries this value in this field (another amount in 4, STAN in 11, terminal in 41, merchant in 42) and a MAC that verifies: an answer that does not answer the request. The terminal must not take it — it reverses the sale. Needs the emulated issuer (skipped, with the reason, on a real host). Recorded as network-failure.",
    example: 'Given the answer to the next sale comes back with field 4 as "000000009999"',
  },

  // Printer
  {
    section: 'Printer',
    keyword: 'Given',
    expression: 'the printer has no paper',
    description: 'The paper sensor reports paper end (DLE EOT 4 → 0x72). Recorded as printer-failure.',
    example: 'Given the printer has no paper',
  },
  {
    section: 'Printer',
    keyword: 'Given',
    expression: 'the printer runs out of paper after {int} lines',
    description: 'The roll ends after this many printed lines, in the middle of a slip. Recorded as printer-failure.',
    example: 'Given the printer runs out of paper after 5 lines',
  },
  {
    section: 'Printer',
    keyword: 'Given',
    expression: 'the printer cover is open',
    description: 'The printer reports its cover open (DLE EOT 2) and is offline until it is closed; nothing prints. Recorded as printer-failure.',
    example: 'Given the printer cover is open',
  },
  {
    section: 'Printer',
    keyword: 'Given',
    expression: 'the printer is offline',
    description: 'The printer is switched off or unplugged: every byte is dropped, not even a status request (DLE EOT) is answered. Recorded as printer-failure.',
    example: 'Given the printer is offline',
  },
  {
    section: 'Printer',
    keyword: 'When',
    expression: 'the technician loads paper',
    description: 'A full roll is loaded; the paper-end fault clears.',
    example: 'When the technician loads paper',
  },
  {
    section: 'Printer',
    keyword: 'When',
    expression: 'the technician closes the printer cover',
    description: 'The cover-open fault clears.',
    example: 'When the technician closes the printer cover',
  },
  {
    section: 'Printer',
    keyword: 'When',
    expression: 'the printer comes back online',
    description: 'The printer is powered again; the offline fault clears.',
    example: 'When the printer comes back online',
  },

  // Cashier and customer
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the cashier starts a sale of {amount}',
    description: 'Starts a sale over ECR and waits until the terminal asks for a card (PRESENT CARD) or refuses (SIGN ON). The transaction is awaited by a later step. Started while another sale runs, it must be refused at once with BUSY (`Then the transaction is refused with error "BUSY"`); the first goes on.',
    example: 'When the cashier starts a sale of 30.00',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the customer presents the card {card}',
    description: "Presents the card the catalog's way (chip, swipe or tap). While a transaction runs, the customer answers the terminal: the card goes in once the terminal asks for one (PRESENT CARD, or again: INSERT CHIP, INSERT CARD, PLEASE SWIPE) since the last card presented; a transaction that ends without asking gets no other card (recorded on the timeline as card.not-presented). The transaction over, a chip card left in the reader is taken back. An unknown name fails at once with the known cards.",
    example: 'When the customer presents the card UNIONPAY_CHIP',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the customer removes the card before the transaction completes',
    description: 'Waits until the terminal is online (PROCESSING), then pulls the card. Recorded as operator-error.',
    example: 'When the customer removes the card before the transaction completes',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the cashier cancels the transaction',
    description: 'Sends cancel over ECR. Recorded as operator-error.',
    example: 'When the cashier cancels the transaction',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'a sale of {amount} is paid with the card {card}',
    description: 'Starts a sale, presents the card when the terminal asks for one, and waits for the result.',
    example: 'When a sale of 25.00 is paid with the card UNIONPAY_CHIP',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the cashier voids the last transaction',
    description: 'Voids the last transaction, presenting the same card again when asked, and waits for the result.',
    example: 'When the cashier voids the last transaction',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the cashier refunds {amount} of the last transaction',
    description: 'Refunds part or all of the last transaction, presenting the same card again when asked, and waits for the result.',
    example: 'When the cashier refunds 10.00 of the last transaction',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the cashier reprints the last receipt',
    description: "Reprints the last slip from the terminal's journal (marked as a reprint).",
    example: 'When the cashier reprints the last receipt',
  },
  {
    section: 'Cashier and customer',
    keyword: 'When',
    expression: 'the cashier settles the batch',
    description: 'Runs settlement (0500, batch upload on mismatch) and keeps the result for "the settlement is balanced". Settling while the journal still owes a slip (receiptPending) is recorded as operator-error.',
    example: 'When the cashier settles the batch',
  },

  // Outcomes
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the transaction is approved',
    description: 'Waits for the transaction in progress; fails with its outcome, response code, display and reason otherwise.',
    example: 'Then the transaction is approved',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the transaction is declined with response code {code}',
    description: 'Waits for the transaction; asserts a decline with exactly this response code.',
    example: 'Then the transaction is declined with response code "51"',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the transaction fails',
    description: 'Waits for the transaction; asserts it failed (no approval, no decline, not cancelled by the cashier: that is `the transaction is cancelled`).',
    example: 'Then the transaction fails',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the transaction is refused with error {string}',
    description: 'Waits for the transaction in progress and asserts the terminal refused it with this ECR error code instead of running it (src/protocols/ecr/contract.ts), e.g. BATCH_FULL when the batch holds `batch_limit` records. Any other outcome step fails on a refused transaction.',
    example: 'Then the transaction is refused with error "BATCH_FULL"',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the terminal shows {string}',
    description: 'Waits until the display shows the text, or until the transaction in progress ends and its final display is judged. Fails with the display and the recent history.',
    example: 'Then the terminal shows "APPROVED"',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the issuer has approved {amount}',
    description: "Asserts the issuer's ledger holds an approval (response 00) of this amount. On a tapped real host (issuer.emulated false) it reads the host's record as the wire showed it (docs/desyncs.md, A tapped host).",
    example: 'Then the issuer has approved 25.00',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the issuer has received a reversal of {amount}',
    description: "Waits up to 3 s for a reversal (0400) of this amount in the issuer's ledger. On a tapped real host (issuer.emulated false) it reads the host's record as the wire showed it (docs/desyncs.md, A tapped host).",
    example: 'Then the issuer has received a reversal of 25.00',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: '/^(\\d+) receipts? (?:is|are) printed$/',
    phrasing: '{int} receipt(s) is/are printed',
    description: 'Counts complete receipts (cut, not torn at paper end) since the scenario began; on failure lists their text.',
    example: 'Then 1 receipt is printed',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'no receipt is printed',
    description: 'Asserts that no complete receipt was printed since the scenario began.',
    example: 'Then no receipt is printed',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last receipt shows {string}',
    description: 'Asserts the text of the last receipt (complete or not) contains the string.',
    example: 'Then the last receipt shows "CNY 30.00"',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the last receipt is marked as a reprint',
    description: "Asserts the last receipt carries the profile's reprint mark (receipt_format.reprint, e.g. 重打印 / DUPLICATE).",
    example: 'Then the last receipt is marked as a reprint',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'every receipt masks the card number',
    description: 'No receipt shows a full catalog PAN, and every complete receipt shows a masked one (first 6 / last 4).',
    example: 'Then every receipt masks the card number',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the settlement is balanced',
    description: "Asserts the last settlement of this scenario came back balanced (the host's totals match the terminal's).",
    example: 'Then the settlement is balanced',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the ledger, journal and receipts are in sync',
    description: 'Runs the oracle now; fails with its table when it finds a desync no step asserted.',
    example: 'Then the ledger, journal and receipts are in sync',
  },
  {
    section: 'Outcomes',
    keyword: 'Then',
    expression: 'the bench reports the desync {desync} caused by {cause}',
    description: 'Runs the oracle; asserts it reports this desync with this probable cause. The desync is then expected: it does not fail the scenario at the end.',
    example: 'Then the bench reports the desync approved-without-receipt caused by printer-failure',
  },

  ...PART_STEPS,
];

export const STEP_DOCS: readonly StepDoc[] = [...STEPS, ...SUITE_STEPS];

export const TAG_DOCS: readonly TagDoc[] = [
  {
    tag: '@pty',
    description: "runs the scenario on the PTY profile (reference-pty: the terminal as its own process, printer and reader on PTY serial links) when the run's profile is all in-process; a profile with PTY or real links is kept",
  },
];
