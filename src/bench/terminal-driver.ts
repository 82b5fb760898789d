/**
 * How steps operate the device under test: `TerminalDriver`, the surface the steps use.
 * `EcrTerminalDriver` speaks the ECR protocol, over TCP: every request, answer and display
 * change goes on the evidence timeline, so the report shows what the cashier did and what
 * the terminal said. A terminal without ECR (`dut.run: operator`) is driven by a person
 * told what to key in: operator-driver.ts.
 */
import { EcrClient } from '../protocols/ecr';
import type { EcrArgs, EcrCommand, EcrResult, JournalEntry, TxnResult } from '../protocols/ecr/contract';
import { TcpTransport } from '../transports';
import type { EvidenceSink } from '../evidence/types';

/**
 * What steps do with the terminal, typed by the ECR contract (src/protocols/ecr/contract.ts).
 * `kind` says how: over its ECR port, or by an operator keying it in (no display to read,
 * no journal: `hasJournal` false, and `journal()` rejects with NoJournalError).
 */
export interface TerminalDriver {
  readonly kind: 'ecr' | 'operator';
  /** Whether the terminal's journal can be read (the oracle judges without one otherwise). */
  readonly hasJournal: boolean;
  readonly connected: boolean;
  /** The latest text the terminal displayed ('' when it cannot be read). */
  readonly display: string;
  readonly displayHistory: readonly string[];
  /** The last sale sent: its intentId and amount (to send the same sale again). */
  lastSale?: { intentId: string; amountMinor: number };
  connect(host: string, port: number): Promise<void>;
  close(): Promise<void>;
  newIntentId(kind: string): string;
  request<C extends EcrCommand>(cmd: C, ...rest: undefined extends EcrArgs<C> ? [args?: EcrArgs<C>] : [args: EcrArgs<C>]): Promise<EcrResult<C>>;
  signOn(): Promise<EcrResult<'signOn'>>;
  sale(amountMinor: number, intentId?: string): Promise<TxnResult>;
  refund(amountMinor: number, originalStan?: string, intentId?: string): Promise<TxnResult>;
  voidLast(originalStan?: string, intentId?: string): Promise<TxnResult>;
  reprint(stan?: string): Promise<EcrResult<'reprint'>>;
  settle(): Promise<EcrResult<'settle'>>;
  cancel(): Promise<EcrResult<'cancel'>>;
  setSetting(name: string, value: string): Promise<EcrResult<'setConfig'>>;
  journal(): Promise<JournalEntry[]>;
  status(): Promise<EcrResult<'status'>>;
}

export class EcrTerminalDriver implements TerminalDriver {
  readonly kind = 'ecr' as const;
  readonly hasJournal = true;
  private client?: EcrClient;
  private displays: string[] = [];
  private intentSeq = 0;

  constructor(
    private readonly evidence: EvidenceSink,
    private readonly requestTimeoutMs = 120000,
  ) {}

  async connect(host: string, port: number): Promise<void> {
    const t = new TcpTransport({ host, port, connectTimeoutMs: 5000 });
    await t.open();
    t.on('error', () => undefined);
    this.client = new EcrClient(t);
    this.client.on('event', (e) => {
      if (e.event === 'display') this.saw(String(e.data?.text ?? ''));
    });
    // What the terminal shows now: one that has just booted showed its first screen before
    // anyone was connected to hear it.
    const now = await this.request('status').then(
      (st) => st.display,
      () => undefined,
    );
    if (now && now !== this.display) this.saw(now);
  }

  private saw(text: string): void {
    this.displays.push(text);
    this.evidence.record({ source: 'ecr', kind: 'display', summary: text });
  }

  /** Whether a terminal's ECR port is connected. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** The latest text the terminal displayed. */
  get display(): string {
    return this.displays[this.displays.length - 1] ?? '';
  }

  /** Every display text since the driver connected (or since clearDisplays). */
  get displayHistory(): readonly string[] {
    return this.displays;
  }

  newIntentId(kind: string): string {
    return `${kind}-${++this.intentSeq}`;
  }

  /** One ECR command, typed by the contract (src/protocols/ecr/contract.ts): its arguments in, its result out. */
  async request<C extends EcrCommand>(cmd: C, ...rest: undefined extends EcrArgs<C> ? [args?: EcrArgs<C>] : [args: EcrArgs<C>]): Promise<EcrResult<C>> {
    const args = rest[0] as Record<string, unknown> | undefined;
    if (!this.client) throw new Error('the terminal driver is not connected');
    this.evidence.record({ source: 'ecr', kind: 'ecr.request', summary: `${cmd}${args ? ' ' + JSON.stringify(args) : ''}`, data: { cmd, args } });
    try {
      const result = await this.client.request<EcrResult<C>>(cmd, args, this.requestTimeoutMs);
      this.evidence.record({ source: 'ecr', kind: 'ecr.response', summary: `${cmd} → ${summarise(result)}`, data: result });
      return result;
    } catch (e) {
      this.evidence.record({ source: 'ecr', kind: 'ecr.error', summary: `${cmd} → ${(e as Error).message}` });
      throw e;
    }
  }

  signOn() {
    return this.request('signOn');
  }
  lastSale?: { intentId: string; amountMinor: number };
  sale(amountMinor: number, intentId = this.newIntentId('sale')) {
    this.lastSale = { intentId, amountMinor };
    return this.request('sale', { amountMinor, intentId });
  }
  /** A refund of the last approved sale, or of the one with trace number `originalStan`. */
  refund(amountMinor: number, originalStan?: string, intentId = this.newIntentId('refund')) {
    return this.request('refund', { amountMinor, intentId, ...(originalStan ? { originalStan } : {}) });
  }
  /** A void of the last approved sale, or of the one with trace number `originalStan`. */
  voidLast(originalStan?: string, intentId = this.newIntentId('void')) {
    return this.request('void', { intentId, ...(originalStan ? { originalStan } : {}) });
  }
  reprint(stan?: string) {
    return this.request('reprint', stan ? { stan } : undefined);
  }
  settle() {
    return this.request('settle');
  }
  cancel() {
    return this.request('cancel');
  }
  setSetting(name: string, value: string) {
    return this.request('setConfig', { name, value });
  }
  /** The whole journal, fetched a page at a time (a long journal does not fit one ECR frame). */
  async journal(): Promise<JournalEntry[]> {
    const limit = 10;
    const out: JournalEntry[] = [];
    for (;;) {
      const page = await this.request('journal', { offset: out.length, limit });
      // A terminal that does not page answers with everything, every time.
      const first = page[0];
      if (out.length && first && first.kind === out[0]!.kind && first.batch === out[0]!.batch && first.stan === out[0]!.stan) return out;
      if (page.length > limit) return page;
      out.push(...page);
      if (page.length < limit) return out;
    }
  }
  status() {
    return this.request('status');
  }

  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.client = undefined;
  }
}

function summarise(result: unknown): string {
  if (!result || typeof result !== 'object') return String(result);
  const r = result as Record<string, unknown>;
  if (Array.isArray(result)) return `${result.length} entries`;
  const parts = ['outcome', 'ok', 'responseCode', 'stan', 'display', 'balanced'].filter((k) => r[k] !== undefined).map((k) => `${k}=${String(r[k])}`);
  return parts.join(' ') || JSON.stringify(result).slice(0, 120);
}
