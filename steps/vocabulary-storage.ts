/** The vocabulary's entries for the stored-data and power steps (journal, vault, state on disk). */
import type { StepDoc } from '../src/vocabulary/types';
import type { Section } from './vocabulary-sections';

export const STORAGE_STEPS: (StepDoc & { section: Section })[] = [
  {
    section: 'Power',
    keyword: 'When',
    expression: "the terminal's stored data is rewritten as firmware before sealing kept it, in clear",
    description:
      "With the power off, the bench rewrites the terminal's state.json as firmware from before card data was sealed kept it — the working MAC key and a stored reversal's request fields (the card number among them) in clear — and deletes terminal.key (src/bench/old-state.ts): a terminal upgraded from that firmware. The terminal must boot on it, keep what it owes and seal it at once. Needs the reference terminal's files in a state directory the bench owns; skipped, with the reason, elsewhere.",
    example: "When the terminal's stored data is rewritten as firmware before sealing kept it, in clear",
  },
  {
    section: 'Power',
    keyword: 'Then',
    expression: "the terminal's stored data holds no card number and no key in clear",
    description:
      "Reads the terminal's state.json and asserts nothing there is readable without its data key: no card number of the card catalog, no working MAC key (`macKeyHex`), no stored reversal's fields in clear, terminal.key present wherever something is sealed, and state.json and terminal.key readable by their owner only (mode 0600) (docs/domain.md §6). Fails naming each find, card numbers masked. Skipped, with the reason, where the bench does not know the state directory.",
    example: "Then the terminal's stored data holds no card number and no key in clear",
  },
  {
    section: 'Power',
    keyword: 'When',
    expression: "the terminal's trace number counter is set to {int} while the power is off",
    description:
      "With the power off, the bench sets the trace number (STAN) counter in the terminal's state.json to this last-used number (1..999999; src/bench/old-state.ts), as a terminal that has run a long while would have it; the next request the terminal sends carries the number after it, 000001 after 999999 (docs/domain.md §1.6). Needs the reference terminal's files in a state directory the bench owns; skipped, with the reason, elsewhere.",
    example: "When the terminal's trace number counter is set to 999999 while the power is off",
  },
  {
    section: 'Printer',
    keyword: 'Given',
    expression: "the terminal's printer address points at a network device that only echoes what it gets",
    description:
      "Starts a device on the network that is not a printer — it sends back every byte it gets, as the echo service does (src/bench/echo-device.ts) — and sets the terminal's printer_port to it (tcp://127.0.0.1:PORT), recorded as misconfiguration: the terminal's status query comes back as its own answer, which is no printer status. The device stops with the scenario.",
    example: "Given the terminal's printer address points at a network device that only echoes what it gets",
  },
  {
    section: 'Power',
    keyword: 'Then',
    expression: 'the issuer received nothing from the terminal while its power was off',
    description:
      "Asserts no request reached the issuer between the last power cut and the power coming back (or now, when it has not come back), as the issuer's timeline shows: a terminal without power sends nothing, whatever its flow was doing when the power went. Fails naming the message types that came.",
    example: 'Then the issuer received nothing from the terminal while its power was off',
  },
  {
    section: 'Bench and terminal',
    keyword: 'Then',
    expression: "the terminal's ECR port listens on {string}",
    description:
      "Asserts the address the terminal reported for its ECR port (the in-process runtime's, a terminal process's POSBENCH_TERMINAL_READY line) is this host: the reference terminal's ECR, which asks no credentials, listens on 127.0.0.1 unless told otherwise (docs/ecr.md). Skipped, with the reason, for a terminal the bench does not start (external, operator).",
    example: `Then the terminal's ECR port listens on "127.0.0.1"`,
  },
];
