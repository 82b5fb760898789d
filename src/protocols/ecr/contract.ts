/**
 * The ECR contract: every command a cash register (or the bench) may send a terminal, its
 * arguments, its result and its errors. This is the one file a firmware team implements
 * against; the reference terminal (`src/terminal/ecr-server.ts`), the bench's driver
 * (`src/bench/terminal-driver.ts`) and the steps all use these types.
 *
 * The wire format (length-prefixed JSON requests, responses and events) is in `./index.ts`
 * and docs/ecr.md. A command that fails answers `{ok: false, error: {code, message}}`; the
 * codes every command may give are listed in `EcrErrorCode`, the ones particular to a
 * command in its doc comment. A transaction the terminal carried out but that did not
 * succeed (declined, host timeout, no card …) is NOT an error: it answers `ok: true` with
 * a result whose `outcome` says what happened.
 *
 * Types only (plus the list of command names): nothing here runs.
 */

/** Error codes a terminal answers with (`error.code`); the client prefixes them `ECR_`. */
export type EcrErrorCode =
  /** A command is already running (only `status`, `cancel`, `journal`, `getConfig` may overlap one). */
  | 'BUSY'
  /** An argument is missing or out of range; the message names it. */
  | 'BAD_ARGS'
  /** `cmd` is not one of `ECR_COMMANDS`. */
  | 'UNKNOWN_COMMAND'
  /** The command exists but this terminal cannot do it (`restart` on a terminal that cannot power-cycle). */
  | 'UNSUPPORTED'
  /** The answer does not fit one frame (9999 bytes): page it (`journal`). */
  | 'RESPONSE_TOO_LARGE'
  /** `settle` could not close the batch (host unreachable, refused, a reversal still owed, or totals field 48 cannot carry). */
  | 'SETTLEMENT_FAILED'
  /**
   * `sale`, `void` or `refund` refused at once (no card asked for, nothing sent): the open
   * batch holds `batch_limit` records already. The display asks for settlement
   * ("BATCH FULL - SETTLE"); after `settle` the terminal takes transactions again.
   */
  | 'BATCH_FULL'
  /**
   * `void` refused at once (no card asked for, nothing sent): the last approved sale belongs
   * to a batch already settled — a void reaches the open batch only; a refund gives settled
   * money back. Display "ORIGINAL SETTLED - USE REFUND".
   */
  | 'ORIGINAL_SETTLED'
  /**
   * `refund` refused at once (no card asked for, nothing sent): the amount is more than is
   * left of the original sale after the refunds already made against it. Display
   * "REFUND EXCEEDS ORIGINAL".
   */
  | 'REFUND_EXCEEDS_ORIGINAL'
  /**
   * `sale`, `void` or `refund` refused at once (nothing sent): the till sent an `intentId`
   * the terminal has already carried out (approved): the same sale started twice. Display
   * "DUPLICATE - ALREADY DONE"; the first result stands.
   */
  | 'DUPLICATE_INTENT'
  /** `setConfig` named an unknown setting or gave a bad value; the message lists what is allowed. */
  | 'TERMINAL_CONFIG'
  /** Anything else; the message says what. */
  | 'FAILED';

/** The kinds of journal entry. */
export type TxnKind = 'sale' | 'void' | 'refund' | 'reversal' | 'settlement';
/** A journal entry's state; `pending` while the request is online. */
export type TxnStatus = 'pending' | 'approved' | 'declined' | 'failed' | 'reversed' | 'cancelled' | 'voided';

/**
 * One line of the terminal's journal: what the terminal believes happened. Keyed by
 * kind + batch + STAN; a later entry with the same key replaces the earlier one.
 * Card numbers are masked (first 6 / last 4): the journal is a record, not a card store.
 */
export interface JournalEntry {
  /** The customer intent (one ECR request) this entry belongs to. */
  intentId: string;
  kind: TxnKind;
  /** Systems trace audit number (field 11), 6 digits. */
  stan: string;
  /** Batch number, 6 digits. */
  batch: string;
  amountMinor: number;
  /** Currency name as printed ("RMB"). */
  currency: string;
  maskedPan?: string;
  /** POS entry mode (field 22): 022 swipe, 052 chip, 072 contactless. */
  entryMode?: string;
  status: TxnStatus;
  responseCode?: string;
  authCode?: string;
  rrn?: string;
  /** Why a transaction failed, for people: "host timeout", "connection refused" … */
  reason?: string;
  /** Receipts printed completely for this entry. */
  receiptsPrinted: number;
  /** True while a receipt is owed (printer failed). */
  receiptPending: boolean;
  /** For voids/refunds: the original STAN / batch / RRN. */
  originalStan?: string;
  originalBatch?: string;
  originalRrn?: string;
  /** ISO 8601 time the entry was made, and last changed. */
  at: string;
  updatedAt: string;
}

/** The financial transactions a cashier starts. */
export type TxnCommandKind = 'sale' | 'void' | 'refund';

/**
 * The answer to `sale`, `void` and `refund`. The terminal answers when the transaction is
 * over: approved (and printed, or with the receipt owed), declined by the host, failed
 * (no card, host timeout, bad reply, not signed on …) or cancelled by the cashier.
 */
export interface TxnResult {
  /** The `intentId` of the request (or one the terminal made up when none was given). */
  intentId: string;
  kind: TxnCommandKind;
  outcome: 'approved' | 'declined' | 'failed' | 'cancelled';
  /** Field 39 of the host's reply, when there was one. */
  responseCode?: string;
  /** The STAN the request went out with, once one was assigned. */
  stan?: string;
  rrn?: string;
  authCode?: string;
  amountMinor: number;
  /** What the terminal shows at the end. */
  display: string;
  /** Why it failed or was declined, for people. */
  reason?: string;
  /** Receipts printed completely. */
  receiptsPrinted: number;
  /** True when the printer failed and a receipt is still owed. */
  receiptPending: boolean;
}

/** The answer to `settle`: the batch was closed (its number increments either way). */
export interface SettlementResult {
  /** The host agreed with the terminal's totals (field 48 flag 1); otherwise a batch upload followed. */
  balanced: boolean;
  /** The batch that was closed. */
  batch: string;
  debitTotalMinor: number;
  debitCount: number;
  creditTotalMinor: number;
  creditCount: number;
  /** Transactions sent in the batch upload (0320) when unbalanced. */
  uploaded: number;
  /** What the terminal shows at the end: the settlement outcome, or the printer's failure. */
  display: string;
  /** The settlement slip came out complete (false with receipts off, or when the printer failed). */
  slipPrinted: boolean;
}

/** The answer to `signOn`. */
export interface SignOnResult {
  /** True when the host answered 00: the terminal adopted its batch and MAC key. */
  ok: boolean;
  display: string;
  responseCode?: string;
  /** Why the sign-on failed (no answer, mismatched reply), when there was no response code. */
  reason?: string;
}

/** The answer to `status`. Never BUSY: it may be asked during a transaction. */
export interface StatusResult {
  display: string;
  signedOn: boolean;
  /** Current batch number, 6 digits. */
  batch: string;
  /** True while a reversal is stored and not yet acknowledged by the host. */
  pendingReversal: boolean;
  /**
   * Which firmware answers: what a certificate names as the thing certified. Optional on
   * the wire (a terminal that does not say is certified as firmware "unknown").
   */
  firmware?: FirmwareId;
  /** The terminal's clock, ISO 8601 (what slips and fields 12/13 are dated with). Optional on the wire. */
  time?: string;
  /** Records of the open batch that count toward the batch limit, and the limit. Optional on the wire. */
  batchRecords?: number;
  batchLimit?: number;
}

/** The answer to `testPage`: the printer test page a technician prints at the start of a day. */
export interface TestPageResult {
  /** The page came out complete (status checked before and after). */
  printed: boolean;
  display: string;
}

/** The answer to `printerStatus`: what the printer's sensors say (DLE EOT 1, 4 and 2). */
export interface PrinterStatusResult {
  /** ready, near-end, paper-out, cover-open, offline (no answer) or error. */
  condition: 'ready' | 'near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error';
  /** The paper sensor (DLE EOT 4): present, near-end, out, or unknown when the printer did not answer. */
  paper: 'present' | 'near-end' | 'out' | 'unknown';
  display: string;
}

/** The answer to `echo`: a network-management echo test (0800 with 60.3 = 301) and the host's 0810. */
export interface EchoResult {
  /** The host answered the echo with 00. */
  ok: boolean;
  responseCode?: string;
  /** Why it failed when there was no answer (timeout, connection refused …). */
  reason?: string;
  display: string;
}

/** The answer to `lineCheck`: every line the terminal depends on, checked at once. */
export interface LineCheckResult {
  /** All lines answered. */
  ok: boolean;
  /** The host line: an echo test through the network (as `echo`). */
  host: { ok: boolean; detail: string };
  /** The printer line: the status query answered and the printer ready (as `printerStatus`). */
  printer: { ok: boolean; detail: string };
  display: string;
}

/** A firmware's name and version, as the terminal reports it in `status`. */
export interface FirmwareId {
  name: string;
  version: string;
}

/** The answer to `reprint`: the last slip again, marked DUPLICATE. */
export interface ReprintResult {
  /** False when there is no slip to reprint or the printer failed; `display` says which. */
  ok: boolean;
  display: string;
}

/**
 * Every command: its arguments and its result. A terminal implements all of them; a
 * client sends `{cmd, args}` and gets `result`.
 */
export interface EcrCommands {
  /** Current display and state. Answers at once, also during a transaction. */
  status: { args: undefined; result: StatusResult };
  /** Sign on to the host (0800/0810): adopt its batch and MAC key. BUSY during a transaction. */
  signOn: { args: undefined; result: SignOnResult };
  /**
   * A sale of `amountMinor` minor units: wait for a card, go online, print. BAD_ARGS when
   * the amount is not a whole number 1..999999999999. BUSY during a transaction. BATCH_FULL
   * when the batch is at its limit.
   */
  sale: { args: { amountMinor: number; intentId?: string }; result: TxnResult };
  /**
   * Void the last approved sale of the open batch (same amount). BUSY during a transaction;
   * BATCH_FULL as for `sale`; ORIGINAL_SETTLED when the last approved sale was settled.
   * With `originalStan` the sale with that trace number instead of the last one (the
   * cashier keys in the original's voucher number); none approved with it → `failed`,
   * "NO TRANSACTION".
   */
  void: { args: { intentId?: string; originalStan?: string }; result: TxnResult };
  /**
   * Refund `amountMinor` against the last approved sale (of this batch or a settled one).
   * BAD_ARGS / BUSY / BATCH_FULL as for `sale`; REFUND_EXCEEDS_ORIGINAL when the amount is
   * more than is left of that sale after earlier refunds. With `originalStan`, against the
   * sale with that trace number.
   */
  refund: { args: { amountMinor: number; intentId?: string; originalStan?: string }; result: TxnResult };
  /** Print the last slip again, marked DUPLICATE; with `stan`, the slip of that trace number. BUSY during a transaction. */
  reprint: { args: { stan?: string } | undefined; result: ReprintResult };
  /**
   * Close the batch (0500; batch upload 0320 when unbalanced). SETTLEMENT_FAILED when the
   * host does not accept it or a reversal is still owed. BUSY during a transaction.
   */
  settle: { args: undefined; result: SettlementResult };
  /** Cancel the running transaction while it waits for a card; `cancelled` false when none runs. */
  cancel: { args: undefined; result: { cancelled: boolean } };
  /** Change one setting by its wire name (it survives a restart). TERMINAL_CONFIG names an unknown setting or a bad value. */
  setConfig: { args: { name: string; value: string }; result: { name: string; value: string } };
  /** The terminal's whole configuration, implementation-defined. */
  getConfig: { args: undefined; result: unknown };
  /** One page of the journal, oldest first; without arguments, all of it (which may be RESPONSE_TOO_LARGE). */
  journal: { args: { offset?: number; limit?: number } | undefined; result: JournalEntry[] };
  /** Power-cycle the terminal (state and journal survive). UNSUPPORTED where it cannot. */
  restart: { args: undefined; result: { restarted: boolean } };
  /** Print the printer test page (whatever `print_receipts` says). BUSY during a transaction. */
  testPage: { args: undefined; result: TestPageResult };
  /** Ask the printer's sensors (DLE EOT) and report them; prints nothing. BUSY during a transaction. */
  printerStatus: { args: undefined; result: PrinterStatusResult };
  /** An echo test with the host (0800 / 0810, network management code 301). BUSY during a transaction. */
  echo: { args: undefined; result: EchoResult };
  /** Check the host line (echo) and the printer line (status) at once. BUSY during a transaction. */
  lineCheck: { args: undefined; result: LineCheckResult };
}

export type EcrCommand = keyof EcrCommands;
export type EcrArgs<C extends EcrCommand> = EcrCommands[C]['args'];
export type EcrResult<C extends EcrCommand> = EcrCommands[C]['result'];

/** Every command name, in the order of `EcrCommands`. */
export const ECR_COMMANDS: readonly EcrCommand[] = ['status', 'signOn', 'sale', 'void', 'refund', 'reprint', 'settle', 'cancel', 'setConfig', 'getConfig', 'journal', 'restart', 'testPage', 'printerStatus', 'echo', 'lineCheck'];

/** Events a terminal pushes to every connected client. */
export interface EcrEvents {
  /** The display changed. */
  display: { text: string };
}
