/** The sections of docs/steps.md, in order; every vocabulary entry names one. */
export const SECTIONS = [
  { title: 'Bench and terminal' },
  { title: 'Issuer bank', intro: 'Rules for the issuer emulator; they apply to financial requests (0200, 0220).' },
  { title: 'Network between terminal and issuer', intro: 'Faults of the network proxy between the terminal and the issuer.' },
  {
    title: 'Network: message-level faults',
    intro: 'Beyond the canonical vocabulary: the proxy reads ISO 8583 framing and disturbs single messages.',
  },
  { title: 'Printer', intro: 'Faults of the printer emulator; a profile with a real printer refuses them with a clear message.' },
  { title: 'Cashier and customer', intro: 'Operations on the device under test over its ECR port (docs/ecr.md).' },
  {
    title: 'Outcomes',
    intro: 'Assertions. A step that waits for the transaction in progress says so; receipts are counted since the scenario began.',
  },
  {
    title: 'Explore: invariants',
    intro: 'The steps `posbench explore` writes into the features it finds (src/explore/README.md): a settlement that may fail under a fault, and the invariants every run is checked against.',
  },
  {
    title: 'Power',
    intro:
      "The terminal's power is cut at a named point and brought back (src/bench/power.ts): SIGKILL for a terminal process, an abrupt stop that loses whatever is not on disk for the in-process terminal; an external terminal refuses. A cut is an injection with the cause power-loss (docs/desyncs.md). Each point is reached by an event the bench awaits, so the cut lands at the same place on every run.",
  },
  {
    title: 'Originals and cashier mistakes',
    intro: "Voids, refunds and reprints by trace number (凭证号, as printed on the slip), and the cashier's mistakes; each mistake is recorded as operator-error.",
  },
  { title: 'Settlement', intro: 'The host refusing a settlement, its batch number, the batch upload, and answers to a reversal the terminal must not accept (docs/domain.md §1.6).' },
  { title: 'Maintenance', intro: 'What a technician runs at the start of a day or after a repair (features/maintenance/, the ECR maintenance commands of docs/ecr.md).' },
] as const;

export type Section = (typeof SECTIONS)[number]['title'];
