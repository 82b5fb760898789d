/**
 * The terminal's journal: what the terminal believes happened. Persisted as JSON lines,
 * one line per change, appended synchronously — it survives a printer failure, a crash
 * and a power cycle (`restart`). Card numbers are stored masked; the journal is a record,
 * not a card store.
 *
 * Terminal state (STAN counter, batch, keys, the pending reversal) lives beside it in
 * state.json, written atomically (temp file + rename). The pending reversal's request
 * fields (the card number among them) and the working MAC key are sealed there under the
 * terminal key (card-vault.ts); a state.json from before sealing, with them in clear, is
 * read and sealed at once (migrated on load).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PosbenchError } from '../util/errors';
import { CardVault, CardDataError, isSealed, type Sealed } from './card-vault';
import type { JournalEntry } from '../protocols/ecr/contract';

export type { TxnKind, TxnStatus, JournalEntry } from '../protocols/ecr/contract';

export interface PendingReversal {
  stan: string;
  batch: string;
  amountMinor: number;
  /** Request fields to replay in the 0400 (track, PIN and RRN removed). */
  fields: Record<string, string>;
  reasonCode: '98' | 'A0' | '06';
  attempts: number;
  originalMti: string;
  processingCode: string;
  /**
   * Every retry of a cycle failed: the reversal is flagged for manual handling (it stays
   * owed and is still retried); the fault slip went out once it could be printed.
   */
  manualHandling?: boolean;
  faultSlipPrinted?: boolean;
  /**
   * Not a reversal: a refund whose answer was lost, owed as an advice and repeated (0221,
   * same STAN) until the host acknowledges it (refund-advice.ts, docs/domain.md §1.6).
   */
  advice?: boolean;
}

/** The pending reversal as state.json holds it: the request fields sealed. */
type StoredReversal = Omit<PendingReversal, 'fields'> & { sealedFields?: Sealed; fields?: Record<string, string> };

export interface TerminalState {
  stan: number;
  batch: number;
  signedOn: boolean;
  /** Working MAC key from sign-on, hex. */
  macKeyHex?: string;
  pendingReversal?: PendingReversal;
  /** Settings changed at run time (ECR), by wire name: parameters survive a restart. */
  settings?: Record<string, string>;
  /** Last printed slip (for reprint), as its logical content. */
  lastSlip?: unknown;
  /** The latest slips by trace number (for a reprint of an earlier one), oldest first; card numbers masked. */
  slips?: unknown[];
}

export class JournalError extends PosbenchError {
  constructor(file: string, line: number, reason: string) {
    super('JOURNAL', `${file}:${line}: ${reason}`);
  }
}

/** The file names in the terminal's state directory (the bench's power-cut and tamper steps reach them too). */
export const JOURNAL_FILE = 'journal.jsonl';
export const STATE_FILE = 'state.json';

export class TerminalStore {
  private readonly journalFile: string;
  private readonly stateFile: string;
  private entries: JournalEntry[] = [];
  /** Position in `entries` by kind + batch + STAN, and the positions of each batch (ascending): no scan grows with the journal. */
  private readonly positions = new Map<string, number>();
  private readonly batchPositions = new Map<string, number[]>();
  private readonly vault: CardVault;
  state: TerminalState = { stan: 0, batch: 1, signedOn: false };
  /** False once the power is cut: nothing this store does reaches the disk any more (what was written stays). */
  private powered = true;
  /**
   * Whether the pending reversal goes into state.json. False only under the seeded defect
   * `reversal-in-memory-only` (defects.ts): the record lives in memory and a power cut loses it.
   */
  persistReversal: () => boolean = () => true;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.journalFile = join(dir, JOURNAL_FILE);
    this.stateFile = join(dir, STATE_FILE);
    this.vault = new CardVault(dir);
    this.load();
  }

  private static reversalContext(r: { batch: string; stan: string }): string {
    return `pendingReversal:${r.batch}:${r.stan}`;
  }

  private loadState(): void {
    let stored: TerminalState & { pendingReversal?: StoredReversal };
    try {
      stored = JSON.parse(readFileSync(this.stateFile, 'utf8')) as TerminalState & { pendingReversal?: StoredReversal };
    } catch (e) {
      throw new JournalError(this.stateFile, 1, `unreadable state: ${(e as Error).message}`);
    }
    const r = stored.pendingReversal;
    let migrate = false;
    if (r) {
      const { sealedFields, fields, ...rest } = r;
      if (sealedFields !== undefined) {
        if (!isSealed(sealedFields)) throw new CardDataError(this.stateFile, 'pendingReversal.sealedFields is not a sealed value (alg, iv, tag, data)');
        const opened = this.vault.open<Record<string, string>>(sealedFields, TerminalStore.reversalContext(r), this.stateFile, 'pendingReversal.sealedFields');
        stored.pendingReversal = { ...rest, fields: opened };
      } else if (fields && typeof fields === 'object') {
        // Written before card data was sealed: take it, and seal it on disk right away.
        stored.pendingReversal = { ...rest, fields };
        migrate = true;
      } else throw new CardDataError(this.stateFile, 'pendingReversal has neither sealedFields nor fields');
    }
    const { sealedMacKey, ...state } = stored as TerminalState & { sealedMacKey?: unknown };
    if (sealedMacKey !== undefined) {
      if (!isSealed(sealedMacKey)) throw new CardDataError(this.stateFile, 'sealedMacKey is not a sealed value (alg, iv, tag, data)');
      state.macKeyHex = this.vault.open<string>(sealedMacKey, 'macKey', this.stateFile, 'sealedMacKey');
    } else if (state.macKeyHex) migrate = true;
    this.state = state as TerminalState;
    if (migrate) this.saveState();
  }

  private load(): void {
    if (existsSync(this.stateFile)) this.loadState();
    if (existsSync(this.journalFile)) {
      const byKey = new Map<string, JournalEntry>();
      const text = readFileSync(this.journalFile, 'utf8');
      const lines = text.split('\n');
      let lastUsed = lines.length - 1;
      while (lastUsed >= 0 && !lines[lastUsed]!.trim()) lastUsed--;
      let keep = text.length;
      let offset = 0;
      lines.forEach((line, i) => {
        const start = offset;
        offset += line.length + 1;
        if (!line.trim()) return;
        let e: JournalEntry;
        try {
          e = JSON.parse(line) as JournalEntry;
        } catch {
          // A torn last line after a power cut is expected (and cut off, so the next record
          // starts on a line of its own); anything else is corruption.
          if (i !== lastUsed) throw new JournalError(this.journalFile, i + 1, 'not JSON');
          keep = start;
          return;
        }
        byKey.set(TerminalStore.key(e), e);
      });
      if (keep < text.length) writeFileSync(this.journalFile, text.slice(0, keep));
      else if (text.length && !text.endsWith('\n')) appendFileSync(this.journalFile, '\n');
      this.entries = [];
      for (const e of byKey.values()) this.append(e);
    }
  }

  /**
   * The power is cut at this instant: every later write of this store is lost, as it would
   * be on a terminal whose power has gone (docs/desyncs.md, power-loss). Irreversible: the
   * terminal powers on as a new store over the same folder.
   */
  powerOff(): void {
    this.powered = false;
  }

  private static key(e: Pick<JournalEntry, 'kind' | 'batch' | 'stan'>): string {
    return `${e.kind}:${e.batch}:${e.stan}`;
  }

  private append(e: JournalEntry): void {
    this.positions.set(TerminalStore.key(e), this.entries.length);
    let inBatch = this.batchPositions.get(e.batch);
    if (!inBatch) this.batchPositions.set(e.batch, (inBatch = []));
    inBatch.push(this.entries.length);
    this.entries.push(e);
  }

  saveState(): void {
    if (!this.powered) return;
    const tmp = `${this.stateFile}.tmp`;
    const { macKeyHex, pendingReversal: r, ...plain } = this.state;
    const onDisk: Record<string, unknown> = { ...plain };
    // The working MAC key is a secret key: sealed as the card data is (docs/domain.md §6).
    if (macKeyHex) onDisk['sealedMacKey'] = this.vault.seal(macKeyHex, 'macKey', this.stateFile);
    if (r && this.persistReversal()) {
      const { fields, ...rest } = r;
      onDisk['pendingReversal'] = { ...rest, sealedFields: this.vault.seal(fields, TerminalStore.reversalContext(r), this.stateFile) } satisfies StoredReversal;
    }
    writeFileSync(tmp, JSON.stringify(onDisk), { mode: 0o600 });
    renameSync(tmp, this.stateFile);
  }

  /** Next STAN: 000001..999999, wrapping 999999 → 000001. Persisted before use. */
  nextStan(): string {
    this.state.stan = this.state.stan >= 999999 ? 1 : this.state.stan + 1;
    this.saveState();
    return String(this.state.stan).padStart(6, '0');
  }

  get batch(): string {
    return String(this.state.batch).padStart(6, '0');
  }

  /** Insert or update an entry (keyed by kind + batch + STAN) and append it to the file. */
  put(entry: JournalEntry): JournalEntry {
    const idx = this.positions.get(TerminalStore.key(entry));
    const stamped = { ...entry, updatedAt: new Date().toISOString() };
    if (idx !== undefined) this.entries[idx] = stamped;
    else this.append(stamped);
    if (this.powered) appendFileSync(this.journalFile, JSON.stringify(stamped) + '\n');
    return stamped;
  }

  update(entry: JournalEntry, patch: Partial<JournalEntry>): JournalEntry {
    return this.put({ ...entry, ...patch });
  }

  all(): JournalEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Copies of the entries offset..offset+limit-1 (a page of `all()` without copying the rest). */
  page(offset: number, limit: number): JournalEntry[] {
    return this.entries.slice(offset, offset + limit).map((e) => ({ ...e }));
  }

  /** Copies of the entries that match, in journal order. */
  select(pred: (e: JournalEntry) => boolean): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const e of this.entries) if (pred(e)) out.push({ ...e });
    return out;
  }

  find(pred: (e: JournalEntry) => boolean): JournalEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) if (pred(this.entries[i]!)) return this.entries[i];
    return undefined;
  }

  /**
   * Records of the current batch that count toward `batch_limit`: every sale, void and
   * refund the host approved (a sale voided later stays a record; declined and failed
   * attempts never entered the batch).
   */
  batchRecords(): number {
    let n = 0;
    for (const i of this.batchPositions.get(this.batch) ?? []) {
      const e = this.entries[i]!;
      if ((e.kind === 'sale' || e.kind === 'void' || e.kind === 'refund') && (e.status === 'approved' || e.status === 'voided')) n++;
    }
    return n;
  }

  /** Entries of the current batch (for settlement totals). */
  currentBatch(): JournalEntry[] {
    return (this.batchPositions.get(this.batch) ?? []).map((i) => this.entries[i]!);
  }
}
