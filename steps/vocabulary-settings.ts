/** The vocabulary's entries for the settings and ECR-contract steps (reading a setting, the factory settings). */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';

export const SETTINGS_STEPS: (StepDoc & { section: Section })[] = [
  {
    section: 'Maintenance',
    keyword: 'Then',
    expression: "the terminal's setting {string} reads {string}",
    description:
      "Reads the terminal's configuration over ECR (`getConfig`) and asserts the value this setting (its wire name, docs/ecr.md Settings) holds, as the terminal keeps it: on/off for a switch, digits for a number (contactless_limit in minor units, 0 for off), the text as it is, the defects as a comma list (empty for none); `…` for any run of characters (a host address's port). Skipped without ECR.",
    example: `Then the terminal's setting "print_receipts" reads "on"`,
  },
  {
    section: 'Cashier and customer',
    keyword: 'Then',
    expression: 'the terminal answers the ECR request with {string}',
    description:
      'Asserts the last request a step sent as it was (`the till sends the ECR request …`) was answered, its result exactly this JSON (in single quotes): the setting a `setConfig` took, `{"restarted": true}` for a `restart`.',
    example: `Then the terminal answers the ECR request with '{"restarted": true}'`,
  },
  {
    section: 'Cashier and customer',
    keyword: 'Then',
    expression: 'the terminal answers the ECR request naming the intent {string}',
    description:
      "Asserts the last request a step sent as it was (a sale, refund or void) was answered with a transaction result for this intent id (`…` for any run of characters): the till's own `intentId`, or the one the terminal makes up without it (the command, the request id and the time).",
    example: 'Then the terminal answers the ECR request naming the intent "sale-…"',
  },
  {
    section: 'Bench and terminal',
    keyword: 'Then',
    expression: 'the terminal started with the extra options {string} refuses to start, saying {string}',
    description:
      "Starts the terminal a second time, on a state directory of its own, from its command line (docs/benches.md) with these options appended (split at spaces), and asserts it refuses to start — a process exits before its ready line, with code 64 (EX_USAGE, docs/ecr.md) — and that the first line it says (its stderr; the reference terminal's prefix left off) is this text, `…` standing for any run of characters. Nothing of the second start stays. Skipped, with the reason, for a terminal the bench does not start from a command line (external, operator).",
    example: 'Then the terminal started with the extra options "--baud 9600" refuses to start, saying "--baud: unknown option"',
  },
  {
    section: 'Bench and terminal',
    keyword: 'Then',
    expression: 'the terminal started without the option {string} refuses to start, saying {string}',
    description:
      'As the step above, with this option and the value after it left out of the command line; fails when the command line has no such option.',
    example: 'Then the terminal started without the option "--reader" refuses to start, saying "--reader: is required"',
  },
];
