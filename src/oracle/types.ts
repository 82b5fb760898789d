/**
 * The oracle's words and records: the desync and cause vocabulary (docs/desyncs.md) and the
 * plain records it judges — ledger events, journal entries, paper, host messages and the
 * timeline's injections — so it judges a physical terminal exactly as the reference one.
 */
export const DESYNC_TYPES = [
  'approved-without-receipt',
  'receipt-without-approval',
  'unreversed-timeout',
  'duplicate-charge',
  'amount-mismatch',
  'settlement-mismatch',
  'approval-not-given',
  'receipt-count-mismatch',
  'receipt-field-mismatch',
  'malformed-receipt',
  'reversal-mismatch',
  'journal-field-mismatch',
] as const;
export type DesyncType = (typeof DESYNC_TYPES)[number];

export const CAUSES = ['printer-failure', 'network-failure', 'bank-delay', 'misconfiguration', 'operator-error', 'power-loss', 'firmware-defect'] as const;
export type Cause = (typeof CAUSES)[number];

/**
 * What part of the flow an injection can disturb: the paper, the host, or the journal itself
 * (a record a power cut tore: the terminal's own claims may then be wrong).
 */
export type Area = 'paper' | 'host' | 'journal';

export interface Injection {
  atMs: number;
  cause: Exclude<Cause, 'firmware-defect'>;
  affects: Area[];
  what: string;
  /** A terminal setting set wrong: its wire name (what it can explain depends on it, causes.ts). */
  setting?: string;
}

/** The slice of a ledger event the oracle needs (emulators/issuer-bank LedgerEvent fits). */
export interface LedgerRecord {
  kind: string;
  terminalId: string;
  stan: string;
  batch: string;
  amountMinor: number;
  maskedPan: string;
  responseCode: string;
  rrn?: string;
  /** The auth code of an approval (field 38), where known (a tapped host's record: src/bench/wire-ledger.ts). */
  authCode?: string;
  mti?: string;
  holdId?: string;
  originalStan?: string;
  balanced?: boolean;
  atMs?: number;
  note?: string;
  /** A reversal the host refused because it does not repeat its original: the fields that differ. */
  mismatch?: { field: string; sent: string; original: string }[];
  /** A settlement: the totals the terminal sent (field 48), which its settlement slip must print. */
  terminalTotals?: { debitMinor: number; debitCount: number; creditMinor: number; creditCount: number };
}

export interface JournalRecord {
  intentId: string;
  kind: string;
  stan: string;
  batch: string;
  amountMinor: number;
  maskedPan?: string;
  status: string;
  reason?: string;
  receiptPending?: boolean;
  /** Receipts the terminal says it printed completely for this entry. */
  receiptsPrinted?: number;
  authCode?: string;
  rrn?: string;
  /** ISO 8601 time the entry was made: entries from before the scenario's clock window are not judged for their claims. */
  at?: string;
}

export interface PaperRecord {
  text: string;
  complete: boolean;
  fault?: string;
  /** Lines the printer ended by wrapping (the text ran past the paper's width). */
  wrappedLines?: number;
}

/**
 * How slips are read (regular expressions, one capture group each; the hardware profile's
 * `receipt_format`, defaults in slip-reader.ts). `trace`, `amount` and `reprint` are needed;
 * a field whose pattern is not given is not read, so not checked.
 */
export interface ReceiptFormat {
  trace: string;
  amount: string;
  reprint: string;
  batch?: string;
  pan?: string;
  auth?: string;
  rrn?: string;
  type?: string;
  datetime?: string;
  copy?: string;
  /** Matches every sales slip, whatever the code page (an ASCII title): a slip it matches whose trace cannot be read is garbled. No capture group. */
  slip?: string;
  /** Marks a settlement slip (no capture group); the next five read it: the batch closed (also on fault slips), debits and credits (two groups: count, total), the outcome marks. */
  settlement?: string;
  closing_batch?: string;
  settlement_debits?: string;
  settlement_credits?: string;
  settlement_balanced?: string;
  settlement_unbalanced?: string;
  /** Marks a fault slip (no capture group); the next three read it: the original's trace, the amount to reverse, the card. */
  fault?: string;
  fault_trace?: string;
  fault_amount?: string;
  fault_card?: string;
}

/** An ISO 8583 message the host saw or sent, with its number on the evidence timeline. */
export interface HostMessage {
  seq: number;
  direction: 'in' | 'out';
  mti: string;
  terminalId: string;
  stan: string;
  responseCode?: string;
  authCode?: string;
  rrn?: string;
}

/** Where a desync's evidence is: timeline event numbers of host messages, slip numbers on paper (1-based), journal lines (1-based). */
export interface DesyncEvidence {
  messages?: number[];
  slips?: number[];
  journal?: number[];
}

export interface Desync {
  type: DesyncType;
  cause: Cause;
  stan?: string;
  amountMinor?: number;
  detail: string;
  evidence?: DesyncEvidence;
}

export interface OracleInput {
  terminalId?: string;
  ledger: LedgerRecord[];
  /**
   * The terminal's journal; absent when it cannot be read (a terminal without ECR, driven by
   * an operator): the checks that need it are not made (checksWithoutJournal), the host's
   * record is judged against the paper alone.
   */
  journal?: JournalRecord[];
  /** Without a journal: the customer intents the bench keyed in (one per sale asked for), for duplicate-charge. */
  intents?: { intentId: string; kind: string; amountMinor: number; maskedPan?: string }[];
  paper: PaperRecord[];
  injections: Injection[];
  receiptFormat: ReceiptFormat;
  /** Host messages from the timeline (evidence links, the auth code the host gave). */
  messages?: HostMessage[];
  /** The bench clock's window of this scenario (epoch ms): slips must be dated inside it, give or take CLOCK_TOLERANCE_MS. */
  clockWindow?: { fromMs: number; toMs: number };
  /** The terminal's print settings now: copies of each slip (receipt_copies) and whether it prints (print_receipts). */
  printing?: { receiptCopies: number; printReceipts: boolean };
}
