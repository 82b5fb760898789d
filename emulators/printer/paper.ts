/**
 * The paper mechanism: the printer's state (paper, cover, cutter, power), the roll that
 * runs out, the cutter that jams at the next cut, and the paper journal — one entry per
 * receipt the terminal sent, with what reached the paper beside what was sent.
 */
import { Receipt, type PaperColumns, type ReceiptItem } from '../../src/protocols/escpos/receipt';
import { ReceiptAssembler } from '../../src/protocols/escpos/assembler';
import type { EvidenceSink } from '../../src/evidence/types';
import type { Clock } from '../../src/util/clock';
import { maskPansInText } from '../../src/util/mask';
import type { PrinterState } from './status';
import type { PaperJournalEntry } from './types';

interface OpenEntry {
  startedAt: number;
  lost: boolean;
  garbled: boolean;
  fault?: string;
}

export interface PaperEvents {
  /** A receipt was cut or cut short. */
  receipt(entry: PaperJournalEntry): void;
  /** The printer's state changed by itself (paper ran out, cutter jammed). */
  statusChanged(): void;
  /** Bytes are being garbled (baud mismatch): what prints meanwhile is not complete. */
  garbling(): boolean;
}

export class PaperMechanism {
  readonly state: PrinterState = { paper: 'ok', coverOpen: false, cutterError: false };
  /** Powered off / unplugged. */
  offline = false;
  /** Lines left on a roll that runs out, or null. */
  paperLinesLeft: number | null = null;
  /** The fault named when the paper is out ('no-paper' or 'paper-runs-out'). */
  paperOutCause = 'no-paper';
  /** The next cut jams the cutter. */
  cutterJamArmed = false;
  linesPrinted = 0;

  private entry: OpenEntry | null = null;
  private readonly sentAsm: ReceiptAssembler;
  private readonly paperAsm: ReceiptAssembler;
  private readonly entries: PaperJournalEntry[] = [];
  private readonly lines = new SharedLines();

  constructor(
    private readonly columns: PaperColumns,
    private readonly clock: Clock,
    private readonly evidence: EvidenceSink,
    private readonly events: PaperEvents,
  ) {
    this.sentAsm = new ReceiptAssembler(columns);
    this.paperAsm = new ReceiptAssembler(columns);
  }

  /** Why nothing can be printed right now (a fault kind), or null. */
  blockedBy(): string | null {
    if (this.state.coverOpen) return 'cover-open';
    if (this.state.cutterError) return 'cutter-jam';
    if (this.state.paper === 'out') return this.paperOutCause;
    return null;
  }

  /** Every receipt so far; the one being printed (if any) last, with `open: true`. */
  journal(): PaperJournalEntry[] {
    const out = [...this.entries];
    if (this.entry) {
      const sent = snapshot(this.sentAsm, this.columns);
      out.push({
        receipt: snapshot(this.paperAsm, this.columns),
        sent,
        startedAt: this.entry.startedAt,
        endedAt: this.clock.now(),
        complete: false,
        cut: false,
        ...(this.entry.fault ? { fault: this.entry.fault } : {}),
        open: true,
      });
    }
    return out;
  }

  private ensureEntry(): OpenEntry {
    if (!this.entry) this.entry = { startedAt: this.clock.now(), lost: false, garbled: false };
    if (this.events.garbling()) {
      this.entry.garbled = true;
      this.entry.fault ??= 'baud-mismatch';
    }
    return this.entry;
  }

  /** One paper item (a line, barcode, QR code, image) at stream offsets offset..end. */
  print(item: ReceiptItem, offset: number, end: number): void {
    const entry = this.ensureEntry();
    this.sentAsm.add(item, offset, end);
    const blocked = this.blockedBy();
    if (blocked) {
      entry.lost = true;
      entry.fault ??= blocked;
      return;
    }
    this.paperAsm.add(item, offset, end);
    this.linesPrinted++;
    if (this.paperLinesLeft !== null) {
      this.paperLinesLeft--;
      if (this.paperLinesLeft <= 0) {
        this.paperLinesLeft = null;
        this.paperOutCause = 'paper-runs-out';
        this.state.paper = 'out';
        this.evidence.record({ source: 'printer', kind: 'paper.out', summary: `paper ran out after ${this.linesPrinted} printed lines` });
        this.events.statusChanged();
      }
    }
  }

  /** The cutter: ends the receipt in progress. */
  cut(partial: boolean, end: number): void {
    if (!this.entry) return; // nothing printed since the last cut
    const entry = this.entry;
    let cut = false;
    const blocked = this.blockedBy();
    if (blocked) {
      entry.fault ??= blocked;
      entry.lost = true;
    } else if (this.cutterJamArmed) {
      this.cutterJamArmed = false;
      this.state.cutterError = true;
      entry.fault ??= 'cutter-jam';
      this.evidence.record({ source: 'printer', kind: 'cutter.jammed', summary: 'autocutter jammed while cutting' });
      this.events.statusChanged();
    } else cut = true;
    this.finishEntry(cut, partial ? 'partial' : 'full', end);
  }

  /** Close the receipt in progress without a cut (power off, stop), blaming `fault` if given. */
  closeOpenEntry(fault: string | undefined, end: number): void {
    if (!this.entry) return;
    if (fault) {
      this.entry.lost = true;
      this.entry.fault ??= fault;
    }
    this.finishEntry(false, undefined, end);
  }

  private finishEntry(cut: boolean, type: 'full' | 'partial' | undefined, end: number): void {
    const entry = this.entry;
    if (!entry) return;
    this.entry = null;
    const sent = this.sentAsm.close(true, type, end);
    const paper = this.paperAsm.close(cut, cut ? type : undefined, end) ?? new Receipt(this.columns);
    if (!sent) return; // only blank feeds: not a receipt
    this.lines.share(sent);
    this.lines.share(paper);
    paper.cut = cut;
    paper.cutType = cut ? type : undefined;
    const j: PaperJournalEntry = {
      receipt: paper,
      sent,
      startedAt: entry.startedAt,
      endedAt: this.clock.now(),
      complete: !entry.lost && !entry.garbled,
      cut,
      ...(entry.fault ? { fault: entry.fault } : {}),
    };
    this.entries.push(j);
    const first = maskPansInText(paper.firstLines(3).join(' | '));
    const n = this.entries.length;
    if (j.complete && j.cut) {
      this.evidence.record({ source: 'printer', kind: 'receipt.completed', summary: `receipt ${n} printed and cut: ${first || '(no text)'}`, data: entrySummary(j) });
    } else {
      this.evidence.record({
        source: 'printer',
        kind: 'receipt.cut-short',
        summary: `receipt ${n} ${j.complete ? 'printed' : 'incomplete'}${j.cut ? '' : ', not cut'}${j.fault ? ` (${j.fault})` : ''}: ${first || '(nothing on paper)'}`,
        data: entrySummary(j),
      });
    }
    this.events.receipt(j);
  }
}

/**
 * Journaled receipts share their identical text lines (header, merchant, separators: most
 * of a slip repeats from one receipt to the next), so a long run's journal holds each such
 * line once. Journaled receipts are records: nothing changes them after the cut. The table
 * is bounded: when full it starts again (older receipts keep the lines they have).
 */
class SharedLines {
  private static readonly MAX = 4096;
  private readonly byContent = new Map<string, ReceiptItem>();

  share(r: Receipt): void {
    for (let i = 0; i < r.items.length; i++) {
      const it = r.items[i]!;
      if (it.kind !== 'text') continue;
      const key = JSON.stringify(it.line);
      const same = this.byContent.get(key);
      if (same) r.items[i] = same;
      else {
        if (this.byContent.size >= SharedLines.MAX) this.byContent.clear();
        this.byContent.set(key, it);
      }
    }
  }
}

function snapshot(asm: ReceiptAssembler, columns: PaperColumns): Receipt {
  const r = new Receipt(columns);
  if (asm.current) r.items.push(...asm.current.items);
  return r;
}

function entrySummary(j: PaperJournalEntry): Record<string, unknown> {
  return {
    complete: j.complete,
    cut: j.cut,
    fault: j.fault ?? null,
    startedAt: j.startedAt,
    endedAt: j.endedAt,
    linesOnPaper: j.receipt.lines.length,
    linesSent: j.sent.lines.length,
    firstLines: j.receipt.firstLines(3).map(maskPansInText),
  };
}
