/** The explore steps' entries of the vocabulary (steps/explore.steps.ts, src/explore/invariants.ts; section "Explore: invariants" of steps/vocabulary.ts). */
import type { StepDoc } from '../src/vocabulary/types';

export const EXPLORE_STEPS: (StepDoc & { section: 'Explore: invariants' })[] = [
  {
    section: 'Explore: invariants',
    keyword: 'When',
    expression: 'the cashier attempts to settle the batch',
    description: 'Settles the batch like `the cashier settles the batch`, but a settlement the terminal reports as failed (ECR SETTLEMENT_FAILED: the host unreachable, an owed reversal undelivered) is recorded on the timeline instead of failing the step, and a settlement the power cuts short (`Given the power fails during settlement`) ends the step as a sale cut short does.',
    example: 'When the cashier attempts to settle the batch',
  },
  {
    section: 'Explore: invariants',
    keyword: 'Then',
    expression: 'every desync the bench reports is explained by an injected fault',
    description: 'Runs the oracle; fails when it blames any desync on `firmware-defect` (nothing injected explains it). The desyncs it finds are then expected: they do not fail the scenario at the end.',
    example: 'Then every desync the bench reports is explained by an injected fault',
  },
  {
    section: 'Explore: invariants',
    keyword: 'Then',
    expression: 'nothing the terminal could have repaired is left',
    description: 'Runs the oracle; fails on any unreversed-timeout (money held without a record, an owed reversal), duplicate-charge or settlement-mismatch, whatever its cause. Meant after every fault is cleared and the terminal has had its next online sale and a settlement. A known gap of the terminal listed in src/explore/invariants.ts KNOWN_GAPS (none is open) would be recorded on the timeline as `explore.known-gap` instead of failing.',
    example: 'Then nothing the terminal could have repaired is left',
  },
  {
    section: 'Explore: invariants',
    keyword: 'Then',
    expression: 'the terminal accounts truthfully for every slip',
    description: "Every slip the terminal's journal counts as printed is complete on the paper, and no transaction has more unmarked slips than receipt_copies (a slip printed again must be marked as a reprint).",
    example: 'Then the terminal accounts truthfully for every slip',
  },
  {
    section: 'Explore: invariants',
    keyword: 'Then',
    expression: 'no card number appears in full',
    description: "No catalog card number appears in full on the paper, the terminal's display, its journal or its log (first 6 / last 4 only).",
    example: 'Then no card number appears in full',
  },
  {
    section: 'Explore: invariants',
    keyword: 'Then',
    expression: 'the terminal keeps the rules of voids, refunds and reversals',
    description: 'From the journal and what reached the issuer (docs/domain.md §1.6): every approved void acted on the last approved sale of the open batch (not an older one), no void of a settled sale was sent (ORIGINAL_SETTLED is the terminal\'s own refusal), no sale has more approved refunds than its amount, no refund reached the host for more than was left of its sale after the refunds the terminal had reported approved (REFUND_EXCEEDS_ORIGINAL), and no other financial request (0200, 0220, 0500) reached the host between an original request and its owed reversal (0400).',
    example: 'Then the terminal keeps the rules of voids, refunds and reversals',
  },
  {
    section: 'Explore: invariants',
    keyword: 'Then',
    expression: "every approval was taken the way the card and the terminal's settings allow",
    description:
      "Waits for a transaction still running, then judges every approval from what reached the issuer and the terminal settings in force when it did (src/explore/card-policy.ts): a chip card (service code 2xx / 6xx in track 2, field 35) taken from its stripe (field 22 02x) only as a fallback (60.5 = 2), a fallback only while allow_fallback is on, a tap (field 22 07x) only under contactless_limit when one is set (docs/domain.md §3, §1.4).",
    example: "Then every approval was taken the way the card and the terminal's settings allow",
  },
];
