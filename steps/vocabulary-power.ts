/** The power steps' entries of the vocabulary (steps/power.steps.ts; section "Power" of steps/vocabulary.ts). */
import type { StepDoc } from '../src/vocabulary/types';

export const POWER_STEPS: (StepDoc & { section: 'Power' })[] = [
  {
    section: 'Power',
    keyword: 'Given',
    expression: 'the power fails while the terminal waits for the host',
    description: "Arms a power cut for the next financial request (0200/0220): the issuer processes it (money is held) and holds its answer; the power goes the instant the request is at the host. The reversal must already be stored: after power returns the terminal owes the 0400.",
    example: 'Given the power fails while the terminal waits for the host',
  },
  {
    section: 'Power',
    keyword: 'Given',
    expression: 'the power fails after the approval, before the receipt is printed',
    description: "Arms a power cut at the first byte the terminal sends its printer next: the status query that starts a slip's print job, after the host's approval. Nothing of the slip is printed.",
    example: 'Given the power fails after the approval, before the receipt is printed',
  },
  {
    section: 'Power',
    keyword: 'Given',
    expression: 'the power fails in the middle of a receipt',
    description: "Arms a power cut after the printer has received the first 160 bytes of the next slip's print data (its header lines): the rest never arrives and the slip ends torn, not a receipt.",
    example: 'Given the power fails in the middle of a receipt',
  },
  {
    section: 'Power',
    keyword: 'Given',
    expression: 'the power fails during settlement',
    description: 'Arms a power cut for the next settlement: once the host has answered the 0500 (the batch is closed at the host), the power goes at the first byte of the settlement slip.',
    example: 'Given the power fails during settlement',
  },
  {
    section: 'Power',
    keyword: 'When',
    expression: 'the power fails',
    description: "Cuts the terminal's power now, whatever it is doing (idle between transactions, typically).",
    example: 'When the power fails',
  },
  {
    section: 'Power',
    keyword: 'When',
    expression: 'the power fails in the middle of a journal write',
    description: "Cuts the terminal's power now, in the middle of writing the last record of its journal: the bench leaves that record torn on disk (its first half, no line end), as flash left by a cut write would be (src/bench/torn-journal.ts), recorded as power-loss on the journal. The terminal must drop the torn record at power-on and go on; what the record said is lost. Needs a terminal whose state directory the bench owns and whose journal is `journal.jsonl` (the reference terminal, in process or as a process); skipped, with the reason, elsewhere.",
    example: 'When the power fails in the middle of a journal write',
  },
  {
    section: 'Power',
    keyword: 'When',
    expression: "the terminal's stored data is tampered with while the power is off: {word}",
    description: "With the power off, the bench tampers with what the terminal stored (src/bench/storage-tamper.ts): `sealed-mac-key-altered`, `sealed-reversal-altered` (a sealed value's ciphertext edited), `sealed-mac-key-unsealed` (its tag stripped), `sealed-mac-key-foreign` (marked as another algorithm's), `data-key-lost`, `data-key-replaced` (terminal.key deleted or overwritten), `state-unreadable` (state.json cut short). Needs the reference terminal's files in a state directory the bench owns; skipped, with the reason, elsewhere.",
    example: "When the terminal's stored data is tampered with while the power is off: data-key-lost",
  },
  {
    section: 'Power',
    keyword: 'Then',
    expression: 'the terminal refuses to power on, saying {string}',
    description: "Powers the terminal on and asserts it does not boot, its error (a process terminal's log lines read as one line) containing this text, `…` for any run of characters: stored data it cannot open must stop it, naming the file. The power stays off; the oracle then judges without the journal.",
    example: "Then the terminal refuses to power on, saying 'terminal.key: not a terminal data key'",
  },
  {
    section: 'Power',
    keyword: 'When',
    expression: 'the power comes back',
    description: 'Powers the terminal on: it boots from its state directory (journal, state, a stored reversal) and the bench reconnects to its ECR port. Fails when the power never failed, naming the point the terminal never reached.',
    example: 'When the power comes back',
  },
  {
    section: 'Power',
    keyword: 'Then',
    expression: 'the power failure cuts the transaction short',
    description: 'Waits for the armed cut and asserts it ended the last transaction (or settlement) before the terminal could answer it.',
    example: 'Then the power failure cuts the transaction short',
  },
  {
    section: 'Power',
    keyword: 'Then',
    expression: 'the issuer receives the reversal of {amount} before the sale of {amount}',
    description: 'Asserts the order on the wire: a reversal (0400) of the first amount reached the issuer, and before the first sale (0200) of the second amount. Fails with the sequence of requests the issuer received.',
    example: 'Then the issuer receives the reversal of 80.00 before the sale of 81.00',
  },
  {
    section: 'Power',
    keyword: 'Then',
    expression: 'the issuer receives the reversal of {amount} before the settlement',
    description: 'Asserts the order on the wire: a reversal (0400) of the amount reached the issuer before the first settlement (0500). Fails with the sequence of requests the issuer received.',
    example: 'Then the issuer receives the reversal of 80.00 before the settlement',
  },
];
