/**
 * The slips that are no sales slips, against the host's record (docs/desyncs.md, rules 11
 * and 12): the settlement slip (结算总计单) says a batch closed, with totals and whether the
 * host agreed with them; the fault slip (故障单) names a transaction whose reversal failed
 * every retry, with its card, type and amount. Both are read off the paper with the
 * profile's `receipt_format` patterns, never from the terminal's memory.
 */
import { maskPan } from '../util/mask';
import { causeFor, contentCause, SLIP_LAYOUT_SETTINGS } from './causes';
import type { Case } from './case';
import { clockProblem, TXN_TYPE } from './slip-checks';
import { moneyMinor } from './slip-reader';
import type { Desync, LedgerRecord, PaperRecord, ReceiptFormat } from './types';

interface Totals {
  count: number;
  minor?: number;
  text: string;
}

export interface ReadSettlementSlip {
  number: number;
  batch?: string;
  debits?: Totals;
  credits?: Totals;
  outcome?: 'balanced' | 'unbalanced';
  dateTime?: string;
}

export interface ReadFaultSlip {
  number: number;
  stan?: string;
  batch?: string;
  amountText?: string;
  amountMinor?: number;
  maskedPan?: string;
  txnType?: string;
  dateTime?: string;
}

const group = (pattern: string | undefined, text: string, i = 1): string | undefined => (pattern ? new RegExp(pattern).exec(text)?.[i] : undefined);
const marks = (pattern: string | undefined, text: string): boolean => !!pattern && new RegExp(pattern).test(text);

function totals(pattern: string | undefined, text: string): Totals | undefined {
  const m = pattern ? new RegExp(pattern).exec(text) : null;
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const minor = moneyMinor(m[2]);
  return { count: Number(m[1]), text: m[2], ...(minor !== undefined ? { minor } : {}) };
}

/** The complete, readable settlement and fault slips on the paper (numbered as on the paper, from 1). */
export function readClosingSlips(paper: readonly PaperRecord[], fmt: ReceiptFormat): { settlements: ReadSettlementSlip[]; faults: ReadFaultSlip[] } {
  const settlements: ReadSettlementSlip[] = [];
  const faults: ReadFaultSlip[] = [];
  paper.forEach((p, i) => {
    // A garbled slip is rule 10's (malformed-receipt): nothing on it can be read as written.
    if (!p.complete || p.text.includes('\uFFFD')) return;
    const fields = { batch: group(fmt.closing_batch, p.text), dateTime: group(fmt.datetime, p.text) };
    if (marks(fmt.settlement, p.text)) {
      const s: ReadSettlementSlip = { number: i + 1 };
      const debits = totals(fmt.settlement_debits, p.text);
      const credits = totals(fmt.settlement_credits, p.text);
      // "Unbalanced" before "balanced": the English word of one holds the other.
      const outcome = marks(fmt.settlement_unbalanced, p.text) ? 'unbalanced' : marks(fmt.settlement_balanced, p.text) ? 'balanced' : undefined;
      Object.assign(s, defined({ ...fields, debits, credits, outcome }));
      settlements.push(s);
    } else if (marks(fmt.fault, p.text)) {
      const amountText = group(fmt.fault_amount, p.text);
      const amountMinor = amountText === undefined ? undefined : moneyMinor(amountText);
      faults.push({ number: i + 1, ...defined({ ...fields, stan: group(fmt.fault_trace, p.text), amountText, amountMinor, maskedPan: group(fmt.fault_card, p.text), txnType: group(fmt.type, p.text) }) });
    }
  });
  return { settlements, faults };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function money(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** Rule 11: each settlement slip against the host's settlement of the batch it names. */
function settlementSlipChecks(c: Case, slips: readonly ReadSettlementSlip[]): Desync[] {
  const out: Desync[] = [];
  const inj = c.input.injections;
  const layoutCause = contentCause('paper', inj, SLIP_LAYOUT_SETTINGS);
  for (const s of slips) {
    const name = `settlement slip #${s.number}`;
    const field = (what: string, printed: string, expected: string, evidenceOf: LedgerRecord | undefined, cause = layoutCause) =>
      out.push({ type: 'receipt-field-mismatch', cause, evidence: { ...(evidenceOf ? c.evidence.of(evidenceOf.stan) : {}), slips: [s.number] }, detail: `${name}: ${what} printed "${printed}", expected ${expected}` });
    if (s.batch === undefined) {
      field('batch number', '', 'the batch it closes (six digits)', undefined);
      continue;
    }
    const ofBatch = c.ledger.filter((l) => l.kind === 'settlement' && l.batch === s.batch);
    const settled = ofBatch.filter((l) => l.responseCode === '00').at(-1);
    if (!settled) {
      const last = ofBatch.at(-1);
      out.push({
        type: 'receipt-without-approval',
        cause: causeFor('host', inj),
        evidence: { ...(last ? c.evidence.of(last.stan) : {}), slips: [s.number] },
        detail: `${name} says batch ${s.batch} closed, but the host ${last ? `refused its settlement (${last.responseCode})` : 'has no settlement of it'}`,
      });
      continue;
    }
    const sent = settled.terminalTotals;
    if (sent) {
      for (const [label, printed, count, minor] of [
        ['debits', s.debits, sent.debitCount, sent.debitMinor],
        ['credits', s.credits, sent.creditCount, sent.creditMinor],
      ] as const) {
        const expected = `${count} for ${money(minor)}, the totals the terminal sent in its settlement (field 48)`;
        if (!printed) field(label, '', expected, settled);
        else if (printed.count !== count || printed.minor !== minor) field(label, `${printed.count} for ${printed.text}`, expected, settled);
      }
    }
    if (settled.balanced !== undefined) {
      const expected = settled.balanced ? 'balanced' : 'unbalanced';
      if (s.outcome !== expected) field('reconciliation outcome', s.outcome ?? '', `${expected}, as the host answered (field 48)`, settled);
    }
    const clock = s.dateTime === undefined ? undefined : clockProblem(c, s.dateTime);
    if (clock) field('date/time', s.dateTime!, clock.expected, settled, clock.cause);
  }
  return out;
}

/** Rule 12: each fault slip against the host's record of the transaction it names. */
function faultSlipChecks(c: Case, slips: readonly ReadFaultSlip[]): Desync[] {
  const out: Desync[] = [];
  const layoutCause = contentCause('paper', c.input.injections, SLIP_LAYOUT_SETTINGS);
  for (const s of slips) {
    const name = `fault slip #${s.number}`;
    const evidence = { ...c.evidence.of(s.stan, s.batch), slips: [s.number] };
    const field = (what: string, printed: string, expected: string, cause = layoutCause, o?: LedgerRecord) =>
      out.push({ type: 'receipt-field-mismatch', cause, ...(s.stan !== undefined ? { stan: s.stan } : {}), ...(o ? { amountMinor: o.amountMinor } : {}), evidence, detail: `${name}${s.stan ? ` (STAN ${s.stan})` : ''}: ${what} printed "${printed}", expected ${expected}` });
    if (s.stan === undefined) {
      field('original trace number', '', 'the trace number of the transaction whose reversal failed');
      continue;
    }
    // The transaction as the host first booked it (not what a reversal of it restored later, as the
    // hold a reversed void gives back); one the host never booked has nothing to contradict the slip.
    const o = c.ledger.find((l) => l.responseCode === '00' && l.stan === s.stan && TXN_TYPE[l.kind] !== undefined && (s.batch === undefined || l.batch === s.batch));
    if (o) {
      if (s.amountMinor !== o.amountMinor) field('amount', s.amountText ?? '', `${money(o.amountMinor)}, the amount the host booked`, layoutCause, o);
      const pan = s.maskedPan && /^\d{11,19}$/.test(s.maskedPan) ? maskPan(s.maskedPan) : s.maskedPan;
      if (o.maskedPan && pan !== o.maskedPan) field('card number', pan ?? '', `${o.maskedPan} (first 6 / last 4)`, layoutCause, o);
      if (s.txnType !== TXN_TYPE[o.kind]) field('transaction type', s.txnType ?? '', TXN_TYPE[o.kind]!, layoutCause, o);
    }
    const clock = s.dateTime === undefined ? undefined : clockProblem(c, s.dateTime);
    if (clock) field('date/time', s.dateTime!, clock.expected, clock.cause, o);
  }
  return out;
}

export function closingSlipChecks(c: Case): Desync[] {
  const { settlements, faults } = readClosingSlips(c.input.paper, c.input.receiptFormat);
  return [...settlementSlipChecks(c, settlements), ...faultSlipChecks(c, faults)];
}
