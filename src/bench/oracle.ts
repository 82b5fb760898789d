/**
 * The oracle: three-way reconciliation of the bank's ledger, the terminal's journal and
 * the printed paper. It returns every desync it finds, each with a probable cause taken
 * from what was injected (injections.ts reads them off the timeline), or `firmware-defect`
 * when nothing explains it.
 *
 * The oracle reads only plain records (ledger events, journal entries, receipt texts and
 * timeline injections), so it judges a physical terminal exactly as it judges the
 * reference terminal.
 */
export const DESYNC_TYPES = [
  'approved-without-receipt',
  'receipt-without-approval',
  'unreversed-timeout',
  'duplicate-charge',
  'amount-mismatch',
  'settlement-mismatch',
] as const;
export type DesyncType = (typeof DESYNC_TYPES)[number];

export const CAUSES = ['printer-failure', 'network-failure', 'bank-delay', 'misconfiguration', 'operator-error', 'firmware-defect'] as const;
export type Cause = (typeof CAUSES)[number];

/** What part of the flow an injection can disturb. */
export type Area = 'paper' | 'host';

export interface Injection {
  atMs: number;
  cause: Exclude<Cause, 'firmware-defect'>;
  affects: Area[];
  what: string;
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
  holdId?: string;
  balanced?: boolean;
  atMs?: number;
  note?: string;
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
}

export interface PaperRecord {
  text: string;
  complete: boolean;
  fault?: string;
}

export interface ReceiptFormat {
  trace: string;
  amount: string;
  reprint: string;
}

export interface Desync {
  type: DesyncType;
  cause: Cause;
  stan?: string;
  amountMinor?: number;
  detail: string;
}

export interface OracleInput {
  terminalId?: string;
  ledger: LedgerRecord[];
  journal: JournalRecord[];
  paper: PaperRecord[];
  injections: Injection[];
  receiptFormat: ReceiptFormat;
}

interface ParsedReceipt {
  stan?: string;
  amountMinor?: number;
  reprint: boolean;
  complete: boolean;
  index: number;
}

function parseReceipts(paper: PaperRecord[], fmt: ReceiptFormat): ParsedReceipt[] {
  const trace = new RegExp(fmt.trace);
  const amount = new RegExp(fmt.amount);
  const reprint = new RegExp(fmt.reprint);
  return paper.map((p, index) => {
    const t = trace.exec(p.text);
    const a = amount.exec(p.text);
    return {
      stan: t?.[1],
      amountMinor: a?.[1] ? Math.round(Math.abs(Number(a[1])) * 100) : undefined,
      reprint: reprint.test(p.text),
      complete: p.complete,
      index,
    };
  });
}

function causeFor(area: Area, injections: Injection[]): Cause {
  const relevant = injections.filter((i) => i.affects.includes(area));
  return relevant.length ? relevant[relevant.length - 1]!.cause : 'firmware-defect';
}

export function reconcile(input: OracleInput): Desync[] {
  const out: Desync[] = [];
  const ledger = input.terminalId ? input.ledger.filter((l) => l.terminalId === input.terminalId) : input.ledger;
  const receipts = parseReceipts(input.paper, input.receiptFormat).filter((r) => r.complete);
  const key = (stan: string, batch: string) => `${batch}/${stan}`;

  const reversals = ledger.filter((l) => l.kind === 'reversal');
  const reversed = new Set(reversals.map((l) => key(l.stan, l.batch)));
  const reversedStans = new Set(reversals.map((l) => l.stan));
  // Approvals the host stands by: sale holds not reversed, approved voids and refunds.
  const holds = ledger.filter((l) => l.kind === 'hold' && l.responseCode === '00');
  const activeHolds = holds.filter((h) => !reversed.has(key(h.stan, h.batch)));
  const otherApprovals = ledger.filter((l) => (l.kind === 'void' || l.kind === 'refund') && l.responseCode === '00' && !reversed.has(key(l.stan, l.batch)));
  const approvals = [...activeHolds, ...otherApprovals];
  const approvedStans = new Set(approvals.map((a) => a.stan));
  const journalByStan = new Map(input.journal.filter((j) => j.kind !== 'settlement').map((j) => [j.stan, j]));
  // Receipts by STAN (in paper order), so matching stays linear over a long run.
  const receiptsByStan = new Map<string, ParsedReceipt[]>();
  for (const r of receipts) {
    if (r.stan === undefined) continue;
    const same = receiptsByStan.get(r.stan);
    if (same) same.push(r);
    else receiptsByStan.set(r.stan, [r]);
  }

  for (const a of approvals) {
    const j = journalByStan.get(a.stan);
    const onPaper = receiptsByStan.get(a.stan) ?? [];
    // The terminal does not stand by this approval (it gave up, was refused, or believes it
    // reversed it), yet the host holds the money.
    if (!j || ['failed', 'pending', 'cancelled', 'declined', 'reversed'].includes(j.status)) {
      out.push({
        type: 'unreversed-timeout',
        cause: causeFor('host', input.injections),
        stan: a.stan,
        amountMinor: a.amountMinor,
        detail: j
          ? j.status === 'reversed'
            ? `the host approved STAN ${a.stan} (${a.amountMinor}) and the terminal recorded it as reversed, but the host never received that reversal`
            : `the host approved STAN ${a.stan} (${a.amountMinor}) but the terminal recorded it as ${j.status}${j.reason ? ` (${j.reason})` : ''} and never reversed it`
          : `the host approved STAN ${a.stan} (${a.amountMinor}) that the terminal's journal does not know, and it was never reversed`,
      });
      continue;
    }
    if (onPaper.length === 0) {
      out.push({
        type: 'approved-without-receipt',
        cause: causeFor('paper', input.injections),
        stan: a.stan,
        amountMinor: a.amountMinor,
        detail: `the host approved STAN ${a.stan} (${a.amountMinor}) and the journal says ${j.status}${j.receiptPending ? ' with a receipt pending' : ''}, but no complete receipt for it was printed`,
      });
    }
    if (j.amountMinor !== a.amountMinor) {
      out.push({ type: 'amount-mismatch', cause: causeFor('host', input.injections), stan: a.stan, amountMinor: a.amountMinor, detail: `journal amount ${j.amountMinor} ≠ host amount ${a.amountMinor} for STAN ${a.stan}` });
    }
    for (const r of onPaper) {
      if (r.amountMinor !== undefined && r.amountMinor !== a.amountMinor) {
        out.push({ type: 'amount-mismatch', cause: causeFor('paper', input.injections), stan: a.stan, amountMinor: a.amountMinor, detail: `receipt #${r.index + 1} shows ${r.amountMinor} but the host approved ${a.amountMinor} for STAN ${a.stan}` });
      }
    }
  }

  for (const r of receipts) {
    if (!r.stan) continue;
    if (!approvedStans.has(r.stan)) {
      out.push({
        type: 'receipt-without-approval',
        cause: causeFor('host', input.injections),
        stan: r.stan,
        amountMinor: r.amountMinor,
        detail: `receipt #${r.index + 1} is for STAN ${r.stan}, which the host ${reversedStans.has(r.stan) ? 'reversed' : 'never approved'}`,
      });
    }
  }

  // Two approvals for one customer intent: more live holds for (card, amount) than intents.
  const holdsByIntentKey = new Map<string, number>();
  for (const h of activeHolds) holdsByIntentKey.set(`${h.maskedPan}|${h.amountMinor}`, (holdsByIntentKey.get(`${h.maskedPan}|${h.amountMinor}`) ?? 0) + 1);
  const saleIntents = new Map<string, Set<string>>();
  for (const j of input.journal) {
    if (j.kind !== 'sale') continue;
    const k = `${j.maskedPan}|${j.amountMinor}`;
    saleIntents.set(k, (saleIntents.get(k) ?? new Set()).add(j.intentId));
  }
  for (const [k, n] of holdsByIntentKey) {
    const [pan, amount] = k.split('|');
    const intents = saleIntents.get(k) ?? new Set<string>();
    if (n > Math.max(1, intents.size)) {
      out.push({ type: 'duplicate-charge', cause: causeFor('host', input.injections), amountMinor: Number(amount), detail: `${n} live approvals of ${amount} on card ${pan} for ${intents.size} customer intent(s)` });
    }
  }

  for (const s of ledger.filter((l) => l.kind === 'settlement' && l.balanced === false)) {
    out.push({ type: 'settlement-mismatch', cause: causeFor('host', input.injections), detail: `settlement of batch ${s.batch}: the terminal's totals differ from the host's` });
  }
  return out;
}

export function formatDesyncTable(desyncs: Desync[]): string {
  if (desyncs.length === 0) return 'ledger, journal and receipts are in sync';
  const rows = desyncs.map((d) => `| ${d.type} | ${d.cause} | ${d.stan ?? ''} | ${d.amountMinor ?? ''} | ${d.detail} |`);
  return ['| desync | cause | STAN | amount | detail |', '|---|---|---|---|---|', ...rows].join('\n');
}
