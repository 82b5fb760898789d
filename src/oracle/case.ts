/**
 * One scenario's records, prepared once for every rule: the ledger of this terminal, the
 * approvals the host stands by, the slips read back from paper, the journal — all matched
 * by terminal + batch + STAN (docs/domain.md §1.6: how a host knows a transaction).
 */
import { EvidenceIndex } from './evidence';
import { groupBy } from '../util/group-by';
import { readSlips, type ReadSlip } from './slip-reader';
import type { JournalRecord, LedgerRecord, OracleInput } from './types';

/** A slip is dated inside the scenario's window, give or take this (slips print whole seconds). */
export const CLOCK_TOLERANCE_MS = 2000;

export const key = (batch: string, stan: string): string => `${batch}/${stan}`;

export class Case {
  readonly ledger: LedgerRecord[];
  /** Host approvals not reversed: sale holds, approved voids and refunds. */
  readonly approvals: LedgerRecord[];
  readonly activeHolds: LedgerRecord[];
  readonly reversedKeys: Set<string>;
  readonly slips: ReadSlip[];
  /** Complete slips a transaction can be read off (not garbled). */
  readonly readable: ReadSlip[];
  /** Slips cut short (paper out, power) and complete but garbled ones: few, so scanned per transaction. */
  readonly incomplete: ReadSlip[];
  readonly garbled: ReadSlip[];
  readonly evidence: EvidenceIndex;
  /** The terminal's journal ([] without one: see `hasJournal`). */
  readonly journal: JournalRecord[];
  readonly hasJournal: boolean;
  private readonly journalByKey = new Map<string, { entry: JournalRecord; line: number }>();
  private readonly journalByStan = new Map<string, { entry: JournalRecord; line: number }>();
  // Indexes by STAN, so that judging a long run stays linear in its records.
  private readonly readableByStan: Map<string, ReadSlip[]>;
  private readonly approvalsByStan: Map<string, LedgerRecord[]>;

  constructor(readonly input: OracleInput) {
    this.ledger = input.terminalId ? input.ledger.filter((l) => l.terminalId === input.terminalId) : input.ledger;
    const reversals = this.ledger.filter((l) => l.kind === 'reversal');
    this.reversedKeys = new Set(reversals.map((l) => key(l.batch, l.stan)));
    const live = (l: LedgerRecord) => l.responseCode === '00' && !this.reversedKeys.has(key(l.batch, l.stan));
    this.activeHolds = this.ledger.filter((l) => l.kind === 'hold' && live(l));
    this.approvals = [...this.activeHolds, ...this.ledger.filter((l) => (l.kind === 'void' || l.kind === 'refund') && live(l))];
    this.slips = readSlips(input.paper, input.receiptFormat);
    this.readable = this.slips.filter((s) => s.complete && s.malformed !== 'garbled');
    this.incomplete = this.slips.filter((s) => !s.complete);
    this.garbled = this.slips.filter((s) => s.complete && s.malformed === 'garbled');
    this.readableByStan = groupBy(this.readable, (s) => s.stan);
    this.approvalsByStan = groupBy(this.approvals, (a) => a.stan);
    this.hasJournal = input.journal !== undefined;
    this.journal = input.journal ?? [];
    this.journal.forEach((entry, i) => {
      if (entry.kind === 'settlement') return;
      this.journalByKey.set(key(entry.batch, entry.stan), { entry, line: i + 1 });
      this.journalByStan.set(entry.stan, { entry, line: i + 1 });
    });
    this.evidence = new EvidenceIndex(input.messages ?? [], this.journal, input.terminalId);
  }

  /** The journal entry for a transaction: same batch and STAN, else the same STAN. */
  journalFor(batch: string, stan: string): JournalRecord | undefined {
    return (this.journalByKey.get(key(batch, stan)) ?? this.journalByStan.get(stan))?.entry;
  }

  /** The complete, readable slips of a transaction (a slip without a batch number matches by STAN). */
  slipsFor(batch: string, stan: string): ReadSlip[] {
    return (this.readableByStan.get(stan) ?? []).filter((s) => s.batch === undefined || s.batch === batch);
  }

  /** The host approval a journal entry stands on, if any. */
  approvalFor(batch: string, stan: string): LedgerRecord | undefined {
    const same = this.approvalsByStan.get(stan) ?? [];
    return same.find((a) => a.batch === batch) ?? same[0];
  }

  /** Whether a journal entry belongs to this scenario (a physical terminal's journal holds earlier days). */
  inWindow(j: JournalRecord): boolean {
    const w = this.input.clockWindow;
    if (!w || !j.at) return true;
    const t = Date.parse(j.at);
    return Number.isNaN(t) || t >= w.fromMs - CLOCK_TOLERANCE_MS;
  }
}

