/**
 * `dut.run: operator` — a terminal without ECR, driven by a person. Each command the steps
 * send becomes an operator prompt saying exactly what to key in on the terminal ("key in
 * SALE 12.05, insert the chip of the test card UNIONPAY_CHIP (622202******1234) …"; the card
 * number always masked), with the prompt's timeout and who/when on the timeline
 * (operator.ts). Once confirmed, the result the contract types (src/protocols/ecr/contract.ts)
 * is built from what reached the host on the wire after the prompt (wire-since.ts: the
 * request, its answer, a reversal of it; response code, STAN, RRN, auth code) and from the
 * paper the printer emulator or tap decoded (slips printed). What neither shows (the display,
 * whether a receipt is owed, a pending reversal) is not invented: the result lists it in
 * `unknown`, and the timeline says so. There is no journal: `journal()` rejects with
 * NoJournalError and the oracle judges without one (docs/desyncs.md, "Without a journal").
 */
import type { EcrArgs, EcrCommand, EcrResult, JournalEntry, SettlementResult, SignOnResult, StatusResult, TxnCommandKind, TxnResult } from '../protocols/ecr/contract';
import type { EvidenceTimeline } from '../evidence/timeline';
import type { PaperRecord, ReceiptFormat } from '../oracle/types';
import { readSlips } from '../oracle/slip-reader';
import { formatAmount } from '../terminal/slip';
import { PosbenchError } from '../util/errors';
import { OperatorRefusedError, type OperatorOutcome } from './operator';
import type { TerminalDriver } from './terminal-driver';
import { batchOfMessage, firstExchange, wireMessages, type Exchange } from './wire-since';
import { waitOnTimeline } from './wait';

/** A result with the fields the driver could not know listed (their values are placeholders, not the terminal's). */
export type Known<T> = T & { unknown: readonly string[] };

/** What the operator driver reads and asks. */
export interface OperatorDriverDeps {
  timeline: EvidenceTimeline;
  ask(action: string): Promise<OperatorOutcome>;
  /** The paper as the printer emulator (or tap) decoded it. */
  paper(): Promise<PaperRecord[]>;
  receiptFormat: ReceiptFormat;
  /** How the terminal is named in prompts (dut.model). */
  model: string;
  /** How long to wait, after the confirmation, for an answer or reversal still on its way (the terminal's host timeout). */
  wireGraceMs: number;
}

/** A card as the prompt names it. */
export interface PromptCard {
  presentation: 'chip' | 'swipe' | 'tap';
  maskedPan: string;
}

/** A command an operator terminal cannot carry out or report (no ECR), or a prompt nobody could answer. */
export class OperatorDriverError extends PosbenchError {
  constructor(message: string) {
    super('OPERATOR_DRIVER', message);
  }
}

/** The journal of a terminal without ECR cannot be read. */
export class NoJournalError extends PosbenchError {
  constructor(model: string) {
    super('NO_JOURNAL', `the terminal ${model} is driven by an operator (dut.run operator): it has no ECR, so its journal cannot be read; the oracle judges the host's record against the paper without it`);
  }
}

const HOW = { chip: 'insert the chip of', swipe: 'swipe', tap: 'tap' } as const;
const WHERE = { chip: ' into the reader', swipe: ' through the reader', tap: ' on the reader' } as const;

export class OperatorTerminalDriver implements TerminalDriver {
  readonly kind = 'operator' as const;
  readonly hasJournal = false;
  readonly connected = true;
  readonly display = '';
  readonly displayHistory: readonly string[] = [];
  lastSale?: { intentId: string; amountMinor: number };
  /** Every transaction keyed in: the customer intents the oracle counts charges against (there is no journal). */
  readonly intents: { intentId: string; kind: TxnCommandKind; amountMinor: number; maskedPan?: string }[] = [];
  private intentSeq = 0;
  private card?: { name: string } & PromptCard;

  constructor(private readonly deps: OperatorDriverDeps) {}

  async connect(): Promise<void> {
    // Nothing to connect to: the operator is the link.
  }

  async close(): Promise<void> {}

  newIntentId(kind: string): string {
    return `${kind}-${++this.intentSeq}`;
  }

  /** The card the next transaction is paid with: the prompt names it (masked). */
  useCard(name: string, card: PromptCard): void {
    this.card = { name, presentation: card.presentation, maskedPan: card.maskedPan };
  }

  sale(amountMinor: number, intentId = this.newIntentId('sale')): Promise<Known<TxnResult>> {
    this.lastSale = { intentId, amountMinor };
    return this.transaction('sale', amountMinor, intentId, `SALE ${formatAmount(amountMinor)}`);
  }

  refund(amountMinor: number, originalStan?: string, intentId = this.newIntentId('refund')): Promise<Known<TxnResult>> {
    return this.transaction('refund', amountMinor, intentId, `REFUND ${formatAmount(amountMinor)} ${originalStan ? `of trace ${originalStan}` : 'of the last sale'}`);
  }

  voidLast(originalStan?: string, intentId = this.newIntentId('void')): Promise<Known<TxnResult>> {
    return this.transaction('void', undefined, intentId, `VOID ${originalStan ? `of trace ${originalStan}` : 'of the last sale'}`);
  }

  async signOn(): Promise<Known<SignOnResult>> {
    const from = await this.prompt('sign on to the host from its menu (key in SIGN ON)');
    const x = await this.exchange(from, ['0800']);
    if (!x) return this.result('signOn', { ok: false, display: '', reason: 'no sign-on request (0800) reached the host after the prompt' }, ['display']);
    const rc = x.answer?.fields['39'];
    return this.result('signOn', { ok: rc === '00', display: '', ...(rc ? { responseCode: rc } : { reason: `the host's answer to the sign-on (STAN ${x.stan}) was not seen on the wire` }) }, ['display']);
  }

  async reprint(stan?: string): Promise<Known<EcrResult<'reprint'>>> {
    const paperBefore = (await this.deps.paper()).length;
    await this.prompt(`key in REPRINT ${stan ? `of trace ${stan}` : 'of the last slip'}, and wait until it has printed`);
    const printed = (await this.deps.paper()).slice(paperBefore);
    const ok = printed.some((p) => p.complete && new RegExp(this.deps.receiptFormat.reprint).test(p.text));
    return this.result('reprint', { ok, display: '' }, ['display']);
  }

  async settle(): Promise<Known<SettlementResult>> {
    const paperBefore = (await this.deps.paper()).length;
    const from = await this.prompt('settle the batch from its menu (key in SETTLEMENT), and wait until the settlement slip has printed');
    const x = await this.exchange(from, ['0500']);
    if (!x) throw new OperatorDriverError('no settlement (0500) reached the host after the prompt: the batch was not closed');
    const rc = x.answer?.fields['39'];
    if (rc !== '00') throw new OperatorDriverError(`the host ${rc ? `refused the settlement (${rc})` : 'did not answer the settlement on the wire'}: the batch was not closed`);
    // Field 48: debit total (12), debit count (3), credit total (12), credit count (3); the answer's last digit says balanced.
    // The timeline masks digit runs that could be card numbers, so the totals are often not readable there: then unknown.
    const f48 = x.request.fields['48'] ?? '';
    const readable = /^\d{30}/.test(f48);
    const n = (a: number, b: number) => (readable ? Number(f48.slice(a, b)) : 0);
    const uploads = wireMessages(this.deps.timeline.all(), from).filter((m) => m.direction === 'in' && m.mti === '0320').length;
    const printed = (await this.deps.paper()).slice(paperBefore);
    return this.result(
      'settle',
      {
        balanced: (x.answer?.fields['48'] ?? '').slice(-1) === '1',
        batch: batchOfMessage(x.request),
        debitTotalMinor: n(0, 12),
        debitCount: n(12, 15),
        creditTotalMinor: n(15, 27),
        creditCount: n(27, 30),
        uploaded: uploads,
        display: '',
        slipPrinted: printed.some((p) => p.complete),
      },
      ['display', ...(readable ? [] : ['debitTotalMinor', 'debitCount', 'creditTotalMinor', 'creditCount'])],
    );
  }

  async cancel(): Promise<Known<{ cancelled: boolean }>> {
    // Each transaction is one prompt, keyed in and finished by the operator: nothing is left running to cancel.
    return this.result('cancel', { cancelled: false }, []);
  }

  async setSetting(name: string, value: string): Promise<Known<{ name: string; value: string }>> {
    await this.prompt(`set ${name} to "${value}" in its settings menu`);
    return this.result('setConfig', { name, value }, []);
  }

  /** Whether the terminal's display shows `text`: the operator looks (and types n when it does not). */
  async shows(text: string): Promise<boolean> {
    try {
      await this.prompt(`check that the display shows "${text}" (type n if it does not)`);
      return true;
    } catch (e) {
      if (e instanceof OperatorRefusedError) return false;
      throw e;
    }
  }

  journal(): Promise<JournalEntry[]> {
    return Promise.reject(new NoJournalError(this.deps.model));
  }

  /** What the wire showed so far, without asking anyone: signed on when the host answered an 0800 with 00; the batch of the last request. */
  async status(): Promise<Known<StatusResult>> {
    const all = wireMessages(this.deps.timeline.all());
    const signOn = all.filter((m) => m.direction === 'out' && m.mti === '0810').at(-1);
    const batch = all.filter((m) => m.direction === 'in').map(batchOfMessage).filter(Boolean).at(-1);
    return this.result('status', { display: '', signedOn: signOn?.fields['39'] === '00', batch: batch ?? '', pendingReversal: false, firmware: { name: this.deps.model, version: 'unknown' } }, ['display', 'pendingReversal', ...(batch ? [] : ['batch'])], 'operator.status');
  }

  request<C extends EcrCommand>(cmd: C, ...rest: undefined extends EcrArgs<C> ? [args?: EcrArgs<C>] : [args: EcrArgs<C>]): Promise<EcrResult<C>> {
    const args = (rest[0] ?? {}) as Record<string, unknown>;
    const n = (k: string) => args[k] as number;
    const s = (k: string) => args[k] as string | undefined;
    const by: Partial<Record<EcrCommand, () => Promise<unknown>>> = {
      status: () => this.status(),
      signOn: () => this.signOn(),
      sale: () => this.sale(n('amountMinor'), s('intentId')),
      refund: () => this.refund(n('amountMinor'), s('originalStan'), s('intentId')),
      void: () => this.voidLast(s('originalStan'), s('intentId')),
      reprint: () => this.reprint(s('stan')),
      settle: () => this.settle(),
      cancel: () => this.cancel(),
      setConfig: () => this.setSetting(String(s('name')), String(s('value'))),
      journal: () => this.journal(),
      testPage: () => this.testPage(),
    };
    const run = by[cmd];
    if (!run) return Promise.reject(new OperatorDriverError(`"${cmd}" cannot be carried out on the terminal ${this.deps.model}: it is driven by an operator (dut.run operator), and what the terminal answers to ${cmd} reaches neither the host nor the paper`));
    return run() as Promise<EcrResult<C>>;
  }

  private async testPage(): Promise<Known<EcrResult<'testPage'>>> {
    const before = (await this.deps.paper()).length;
    await this.prompt("print the printer test page from its maintenance menu, and wait until it has printed");
    const printed = (await this.deps.paper()).slice(before).some((p) => p.complete);
    return this.result('testPage', { printed, display: '' }, ['display']);
  }

  /** One financial transaction: one prompt (key it in, present the card), then its result from the wire and the paper. */
  private async transaction(kind: TxnCommandKind, amountMinor: number | undefined, intentId: string, keys: string): Promise<Known<TxnResult>> {
    const card = this.card;
    this.card = undefined;
    const present = card ? `, ${HOW[card.presentation]} the test card ${card.name} (${card.maskedPan})${WHERE[card.presentation]}` : '';
    this.intents.push({ intentId, kind, amountMinor: amountMinor ?? 0, ...(card ? { maskedPan: card.maskedPan } : {}) });
    const paperBefore = (await this.deps.paper()).length;
    const from = await this.prompt(`key in ${keys}${present}, and wait until the terminal has finished (the outcome shown, the slip printed)`);
    const x = await this.exchange(from, kind === 'refund' ? ['0220', '0200'] : ['0200']);
    const slips = readSlips((await this.deps.paper()).slice(paperBefore), this.deps.receiptFormat);
    const base = { intentId, kind, display: '', receiptPending: false };
    if (!x) {
      return this.result(kind, { ...base, outcome: 'failed', amountMinor: amountMinor ?? 0, receiptsPrinted: 0, reason: 'nothing reached the host after the prompt (the terminal may have refused it itself; its display cannot be read)' }, ['display', 'receiptPending', 'stan', ...(amountMinor === undefined ? ['amountMinor'] : [])]);
    }
    const printed = slips.filter((sl) => sl.complete && sl.stan === x.stan && !sl.reprint).length;
    const amount = /^\d+$/.test(x.request.fields['4'] ?? '') ? Number(x.request.fields['4']) : (amountMinor ?? 0);
    const rc = x.answer?.fields['39'];
    const common = { ...base, stan: x.stan, amountMinor: amount, receiptsPrinted: printed };
    if (x.reversal) {
      const accepted = x.reversalAnswer?.fields['39'] === '00';
      const answered = rc ? `the host answered ${rc}, ` : 'no answer from the host was seen, ';
      return this.result(kind, { ...common, outcome: 'failed', reason: `${answered}and the terminal reversed STAN ${x.stan} (${x.reversal.mti} seen on the wire${accepted ? ', accepted' : ''}): a host timeout` }, ['display', 'receiptPending', 'responseCode']);
    }
    if (!rc) return this.result(kind, { ...common, outcome: 'failed', reason: `the host's answer to STAN ${x.stan} was not seen on the wire, nor a reversal` }, ['display', 'receiptPending', 'responseCode']);
    const rrn = x.answer?.fields['37'];
    const auth = x.answer?.fields['38'];
    const fromHost = { responseCode: rc, ...(rrn ? { rrn } : {}), ...(auth && rc === '00' ? { authCode: auth } : {}) };
    if (rc === '00') return this.result(kind, { ...common, ...fromHost, outcome: 'approved' }, ['display', 'receiptPending']);
    return this.result(kind, { ...common, ...fromHost, outcome: 'declined', reason: `declined by the host (${rc})` }, ['display', 'receiptPending']);
  }

  /** Ask the operator; resolves with the timeline's position before the prompt. Nobody to ask: OperatorDriverError (a bench on an operator terminal skips its scenarios before that). */
  private async prompt(what: string): Promise<number> {
    const from = this.deps.timeline.lastSeq;
    const outcome = await this.deps.ask(`at the terminal ${this.deps.model}: ${what}`);
    if (outcome.status === 'skipped') throw new OperatorDriverError(outcome.reason);
    return from;
  }

  /** The first request among `mtis` since `from`, waiting a little for its answer (or reversal) when the wire has not shown it yet. */
  private async exchange(from: number, mtis: readonly string[]): Promise<Exchange | undefined> {
    const look = () => firstExchange(wireMessages(this.deps.timeline.all(), from), mtis);
    const settled = () => {
      const x = look();
      return !!x && (!!x.reversal ? !!x.reversalAnswer : !!x.answer);
    };
    if (look() && !settled()) await waitOnTimeline(this.deps.timeline, settled, this.deps.wireGraceMs);
    return look();
  }

  /** The result with its unknowns, on the timeline as `kind` (operator.status carries the firmware the certificate names, as ecr.response does). */
  private result<T extends object>(cmd: string, value: T, unknown: readonly string[], kind = 'operator.result'): Known<T> {
    const out = { ...value, unknown };
    const shown = Object.entries(value).filter(([k]) => !unknown.includes(k) && k !== 'display').map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');
    this.deps.timeline.record({ source: 'step', kind, summary: `${cmd} → ${shown}${unknown.length ? ` (not known without ECR: ${unknown.join(', ')})` : ''}`, data: out });
    return out;
  }
}
