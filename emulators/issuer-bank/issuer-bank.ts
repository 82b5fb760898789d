/**
 * The issuer bank emulator: an ISO 8583 host over TCP with a real ledger, host checks and
 * response rules. See README.md in this folder.
 */
import { nullEvidence, type EvidenceSink } from '../../src/evidence/types';
import { systemClock, type Clock } from '../../src/util/clock';
import { SeededRandom } from '../../src/util/random';
import { TcpListener } from '../../src/transports/tcp';
import type { Transport, TransportListener } from '../../src/transports/types';
import { describe, PackError, readHead, responseMti, setMac, verifyMac, UnpackError, type Dialect, type IsoMessage } from '../../src/protocols/iso8583';
import { frameMessage } from '../../src/protocols/framing/length-prefix';
import { SpecDialect } from '../../src/protocols/iso8583/codec';
import { IssuerConnection, type BadInputKind } from './connection';
import { Ledger, type LedgerEvent } from './ledger';
import { IssuerProcessor, buildResponse, txnLabel, type Outcome, type ProcessorConfig } from './processor';
import { RuleEngine, type IssuerRule, type RuleView } from './rules';
import { maskedFields, sanitizedHex } from './sanitize';
import { serviceCodeOf } from './request-fields';
import type { WorkingKeys } from './keys';
import { DEFAULT_ACCOUNTS, DEFAULTS, IssuerConfigError, type IssuerBankOptions } from './options';
import { MessageLog, type MessageRecord } from './message-log';
import { oneLine, ruleText } from './summaries';
import { actionsOnAnswer, actionsOnRequest, type ActionTurn, type AnswerPlan } from './actions';

/**
 * An issuer bank: `start()` listens for terminals, `ledger` shows the money, rules bend the
 * answers; `serveControlApi(issuer)` (control-api.ts) exposes all of it over HTTP.
 */
export class IssuerBankEmulator {
  readonly ledger: Ledger;
  readonly dialect: Dialect;
  private readonly rulesEngine = new RuleEngine();
  private readonly processor: IssuerProcessor;
  /** The processor's configuration, kept so run-time switches (magic amounts) reach it. */
  private readonly processorConfig: ProcessorConfig;
  private readonly evidence: EvidenceSink;
  private readonly recordEvidence: boolean;
  private readonly clock: Clock;
  private readonly seed: number;
  private readonly lengthHeader: 'binary2' | 'ascii4';
  private listener?: TransportListener;
  private readonly connections = new Set<IssuerConnection>();
  private connSeq = 0;
  private readonly log: MessageLog;
  private address?: { host: string; port: number };
  private readonly keyCache = new Map<string, WorkingKeys>();
  private stats = { requests: 0, responses: 0, badFrames: 0 };

  constructor(private readonly opts: IssuerBankOptions) {
    if (!opts || !opts.dialect) throw new IssuerConfigError('dialect', 'required (getDialect("cup") or getDialect("ascii87", {lengthHeader}))');
    this.dialect = opts.dialect;
    const lh = opts.dialect.lengthHeader;
    if (lh === 'none') throw new IssuerConfigError('dialect', 'a TCP host needs a length header: use lengthHeader "binary2" or "ascii4"');
    this.lengthHeader = lh;
    this.evidence = opts.evidence ?? nullEvidence;
    this.recordEvidence = this.evidence !== nullEvidence;
    this.clock = opts.clock ?? systemClock;
    this.seed = opts.seed ?? 1;
    if (opts.masterKey && opts.masterKey.length !== 16) throw new IssuerConfigError('masterKey', `must be 16 bytes, got ${opts.masterKey.length}`);
    if (opts.workingKeys && (opts.workingKeys.pinKey.length !== 16 || opts.workingKeys.macKey.length !== 16)) {
      throw new IssuerConfigError('workingKeys', 'pinKey and macKey must be 16 bytes each');
    }
    const initialBatch = opts.initialBatch ?? '000001';
    if (!/^\d{6}$/.test(initialBatch)) throw new IssuerConfigError('initialBatch', 'must be 6 digits');
    const accounts = opts.accounts ?? DEFAULT_ACCOUNTS;
    for (const [i, a] of accounts.entries()) {
      if (!/^\d{12,19}$/.test(a.pan)) throw new IssuerConfigError(`accounts[${i}].pan`, 'must be 12–19 digits');
      if (!Number.isInteger(a.balanceMinor)) throw new IssuerConfigError(`accounts[${i}].balanceMinor`, 'must be an integer (minor units)');
      if (a.expiry !== undefined && !/^\d{4}$/.test(a.expiry)) throw new IssuerConfigError(`accounts[${i}].expiry`, 'must be YYMM');
    }
    this.ledger = new Ledger(this.clock, accounts);
    this.log = new MessageLog(opts.messageLogLimit ?? DEFAULTS.messageLogLimit, this.dialect);
    const random = new SeededRandom(this.seed).fork('issuer');
    const dialect = this.dialect;
    let field62Binary = true;
    if (dialect instanceof SpecDialect) field62Binary = dialect.field(62)?.spec.type === 'b';
    const merchantIds = opts.merchantId === undefined ? undefined : typeof opts.merchantId === 'string' ? [opts.merchantId] : opts.merchantId;
    this.processorConfig = {
      dialect,
      clock: this.clock,
      random,
      ledger: this.ledger,
      rules: this.rulesEngine,
      ...(opts.terminalIds ? { terminalIds: opts.terminalIds } : {}),
      ...(merchantIds ? { merchantIds } : {}),
      ...(opts.nii ? { nii: opts.nii } : {}),
      unknownCardsApproved: opts.unknownCardsApproved ?? false,
      unknownCardBalanceMinor: opts.unknownCardBalanceMinor ?? 1_000_000,
      ...(opts.verifyCryptogram ? { verifyCryptogram: opts.verifyCryptogram } : {}),
      magicAmounts: opts.magicAmounts ?? false,
      keysFor: (tid) => this.keysFor(tid),
      ...(opts.masterKey ? { masterKey: opts.masterKey } : {}),
      initialBatch,
      macFailureCode: opts.macFailureCode ?? 'A0',
      currency: opts.currency ?? '156',
      verifyMac: (msg, key) => verifyMac(dialect, msg, key),
      setMac: (msg, key) => setMac(dialect, msg, key),
      field62Binary,
    };
    this.processor = new IssuerProcessor(this.processorConfig);
    if (this.recordEvidence) {
      this.ledger.onEvent((e) => this.evidenceLedger(e));
    }
  }

  // ---- life cycle -----------------------------------------------------------------

  async start(): Promise<{ host: string; port: number }> {
    if (this.listener) throw new IssuerConfigError('start', 'already started');
    const listener = this.opts.listener ?? new TcpListener({ host: this.opts.host ?? '127.0.0.1', port: this.opts.port ?? 0 });
    this.listener = listener;
    const onConnection = (t: Transport) => this.accept(t);
    const onError = (err: Error) => this.evidence.record({ source: 'issuer', kind: 'listener.error', summary: `issuer listener error: ${err.message}` });
    listener.on('connection', onConnection);
    listener.on('error', onError);
    try {
      this.address = await listener.listen();
    } catch (err) {
      // Never listened: not started (start() may be tried again; stop() has nothing to stop).
      this.listener = undefined;
      listener.off('connection', onConnection);
      listener.off('error', onError);
      await listener.close().catch(() => undefined);
      throw err;
    }
    this.evidence.record({ source: 'issuer', kind: 'issuer.started', summary: `issuer bank listening on ${this.address.host}:${this.address.port} (${this.dialect.name})`, data: { ...this.address, dialect: this.dialect.name } });
    return this.address;
  }

  /** Stops listening, closes every connection and timer. Idempotent. (A control API served around it is closed by whoever started it.) */
  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    for (const c of [...this.connections]) c.close();
    const closing: Promise<unknown>[] = [];
    if (listener) closing.push(listener.close());
    await Promise.all(closing);
    this.connections.clear();
    if (listener) this.evidence.record({ source: 'issuer', kind: 'issuer.stopped', summary: 'issuer bank stopped' });
  }

  /** The bound address once started. */
  get boundAddress(): { host: string; port: number } | undefined {
    return this.address;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Each open connection's answer queue (bytes not yet flushed) and whether reading is paused for it. */
  connectionQueues(): Array<{ connection: number; queuedBytes: number; paused: boolean }> {
    return [...this.connections].map((c) => ({ connection: c.id, queuedBytes: c.queuedBytes, paused: c.isPaused }));
  }

  // ---- rules, keys, messages, reset -------------------------------------------------

  addRule(rule: IssuerRule): string {
    const id = this.rulesEngine.add(rule);
    this.evidence.record({ source: 'issuer', kind: 'rule.added', summary: `issuer rule ${id} added: ${ruleText(rule)}`, data: { id, ...rule } });
    return id;
  }

  removeRule(id: string): boolean {
    const ok = this.rulesEngine.remove(id);
    if (ok) this.evidence.record({ source: 'issuer', kind: 'rule.removed', summary: `issuer rule ${id} removed` });
    return ok;
  }

  clearRules(): void {
    this.rulesEngine.clear();
    this.evidence.record({ source: 'issuer', kind: 'rule.cleared', summary: 'issuer rules cleared' });
  }

  rules(): RuleView[] {
    return this.rulesEngine.list();
  }

  /** True while purchases are declined by the magic-amount table (README.md). */
  get magicAmounts(): boolean {
    return this.processorConfig.magicAmounts;
  }

  /** Switch the magic-amount table on or off from now on (`reset()` goes back to the option given at construction). */
  setMagicAmounts(on: boolean): void {
    if (this.processorConfig.magicAmounts === on) return;
    this.processorConfig.magicAmounts = on;
    this.evidence.record({ source: 'issuer', kind: on ? 'magic-amounts.on' : 'magic-amounts.off', summary: `issuer magic amounts ${on ? 'on: the cents of a purchase pick its answer' : 'off'}` });
  }

  /** The working keys the host issues to (and checks for) a terminal. */
  keysFor(terminalId: string): WorkingKeys {
    if (this.opts.workingKeys) return this.opts.workingKeys;
    let k = this.keyCache.get(terminalId);
    if (!k) {
      const r = new SeededRandom(this.seed).fork(`keys:${terminalId}`);
      k = { pinKey: r.bytes(16), macKey: r.bytes(16) };
      this.keyCache.set(terminalId, k);
    }
    return k;
  }

  /** The batch number the host hands a terminal at its next sign-on. */
  hostBatch(terminalId: string): string {
    return this.processor.hostBatch(terminalId);
  }

  /** Sets the batch number the host hands a terminal at its next sign-on (six digits). */
  setHostBatch(terminalId: string, batch: string): void {
    if (!/^\d{6}$/.test(batch)) throw new TypeError(`host batch "${batch}": must be six digits (field 60.2)`);
    this.processor.setHostBatch(terminalId, batch);
  }

  /** Exchanged messages (oldest first, at most messageLogLimit), card data masked. */
  messages(): MessageRecord[] {
    return this.log.list();
  }

  /** Counters since start/reset. */
  statistics(): { requests: number; responses: number; badFrames: number; connections: number } {
    return { ...this.stats, connections: this.connections.size };
  }

  /** Back to the initial state: accounts, no holds/events/messages/rules, duplicate memory cleared. Connections stay. */
  reset(): void {
    this.ledger.reset();
    this.processor.reset();
    this.rulesEngine.clear();
    this.processorConfig.magicAmounts = this.opts.magicAmounts ?? false;
    this.log.clear();
    this.stats = { requests: 0, responses: 0, badFrames: 0 };
    this.evidence.record({ source: 'issuer', kind: 'issuer.reset', summary: 'issuer bank reset' });
  }

  // ---- connections ----------------------------------------------------------------

  private accept(t: Transport): void {
    if (!this.listener) {
      t.close().catch(() => undefined);
      return;
    }
    const conn = new IssuerConnection(
      ++this.connSeq,
      t,
      {
        lengthHeader: this.lengthHeader,
        maxFrameBytes: this.opts.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
        frameTimeoutMs: this.opts.frameTimeoutMs ?? DEFAULTS.frameTimeoutMs,
        idleTimeoutMs: this.opts.idleTimeoutMs ?? DEFAULTS.idleTimeoutMs,
      },
      {
        frame: (c, body) => this.onFrame(c, body),
        badInput: (c, kind, detail, pending) => this.onBadInput(c, kind, detail, pending),
        flow: (c, event, d) =>
          this.evidence.record({
            source: 'issuer',
            kind: `connection.${event}`,
            summary:
              event === 'write-overrun'
                ? `issuer closes connection #${c.id}: ${d.queuedBytes} answer bytes unread (${d.heldBytes} held) — the terminal does not read`
                : `issuer ${event === 'paused' ? 'stops reading' : 'reads again on'} connection #${c.id}: ${d.queuedBytes} answer bytes queued`,
            data: { connection: c.id, ...d },
          }),
        closed: (c) => {
          this.connections.delete(c);
          if (this.recordEvidence) this.evidence.record({ source: 'issuer', kind: 'connection.closed', summary: `terminal connection #${c.id} closed`, data: { connection: c.id } });
        },
      },
    );
    this.connections.add(conn);
    if (this.recordEvidence) this.evidence.record({ source: 'issuer', kind: 'connection.opened', summary: `terminal connection #${conn.id} (${t.description})`, data: { connection: conn.id } });
  }

  private onFrame(conn: IssuerConnection, body: Buffer): void {
    const atMs = this.clock.now();
    let req: IsoMessage;
    try {
      req = this.dialect.unpack(body);
    } catch (err) {
      this.onUndecodable(conn, body, err);
      return;
    }
    this.stats.requests++;
    if (this.recordEvidence) this.evidenceMessage('in', conn, req, body, txnLabel(req));
    let out: Outcome;
    try {
      out = this.processor.handle(req);
    } catch (err) {
      // A bug must not take the host down: answer 96 and record it.
      const e = err as Error;
      this.evidence.record({ source: 'issuer', kind: 'issuer.internal-error', summary: `issuer internal error on ${req.mti}: ${e.message}`, data: { stack: e.stack } });
      this.log.push({ seq: 0, atMs, direction: 'in', connection: conn.id, body: Buffer.from(body), msg: req });
      this.sendMessage(conn, buildResponse(req, '96', this.clock.date()), 'error', {});
      return;
    }
    this.log.push({ seq: 0, atMs, direction: 'in', connection: conn.id, body: Buffer.from(body), msg: req, txn: out.txn });
    this.carryOut(conn, out);
  }

  /** Carry out the processor's outcome: the rules' actions (actions/), then the answer. */
  private carryOut(conn: IssuerConnection, out: Outcome): void {
    const a = out.action;
    if (out.fired.length && this.recordEvidence) {
      this.evidence.record({
        source: 'issuer',
        kind: 'rule.fired',
        summary: `issuer rule(s) ${out.fired.map((f) => f.id).join(', ')} fired on ${out.request.mti} ${out.txn}: ${ruleText({ action: a })}`,
        data: { rules: out.fired, action: a },
      });
    }
    if (out.duplicate && this.recordEvidence) {
      this.evidence.record({ source: 'issuer', kind: 'iso8583.duplicate', summary: `duplicate ${out.request.mti} ${out.txn} STAN ${String(out.request.fields[11] ?? '')}: original answer repeated` });
    }
    const turn: ActionTurn = {
      request: out.request,
      txn: out.txn,
      connectionId: conn.id,
      dialect: this.dialect,
      ...(out.macKey ? { macKey: out.macKey } : {}),
      closeConnection: () => conn.close(),
      note: (kind, summary) => this.evidence.record({ source: 'issuer', kind, summary }),
    };
    if (actionsOnRequest(a, turn) === 'stop') return;
    if (!out.response) {
      if (out.reason && this.recordEvidence) this.evidence.record({ source: 'issuer', kind: 'issuer.not-answered', summary: `${out.request.mti} not answered: ${out.reason}` });
      return;
    }
    const plan: AnswerPlan = { answer: out.response, ...(out.responseBody ? { packed: out.responseBody } : {}), delayMs: 0, malformed: false, duplicate: false };
    if (actionsOnAnswer(a, turn, plan) === 'stop') return;
    const res = plan.answer;
    const send = () => {
      if (!conn.isOpen) return;
      const body = this.sendMessage(conn, res, out.txn, plan, out.reason, plan.packed);
      if (body && plan.duplicate) {
        conn.sendRaw(frameMessage(this.lengthHeader, body));
        this.log.push({ seq: 0, atMs: this.clock.now(), direction: 'out', connection: conn.id, body, msg: res, txn: out.txn });
        if (this.recordEvidence) this.evidenceMessage('out', conn, res, body, out.txn, out.reason, 'duplicated answer (rule)');
      }
    };
    if (plan.delayMs > 0) conn.later(plan.delayMs, send);
    else send();
  }

  /** Pack and send one answer; returns the body sent (or undefined when it could not be packed). */
  private sendMessage(conn: IssuerConnection, res: IsoMessage, txn: string, a: { malformed?: boolean }, reason?: string, packed?: Buffer): Buffer | undefined {
    let body: Buffer;
    try {
      body = packed ?? this.dialect.pack(res);
    } catch (err) {
      const e = err as Error;
      this.evidence.record({ source: 'issuer', kind: 'iso8583.pack-error', summary: `issuer could not pack its ${res.mti} answer: ${e.message}`, data: { field: err instanceof PackError ? err.field : undefined } });
      return undefined;
    }
    if (a.malformed) {
      // Keep TPDU/header/MTI, cut the body in the middle of its fields, and announce it honestly.
      body = body.subarray(0, Math.max(2, Math.floor(body.length * 0.6)));
    }
    conn.send(body);
    this.stats.responses++;
    this.log.push({ seq: 0, atMs: this.clock.now(), direction: 'out', connection: conn.id, body, msg: a.malformed ? undefined : res, txn, ...(a.malformed ? { error: 'malformed on purpose (rule)' } : {}) });
    if (this.recordEvidence) this.evidenceMessage('out', conn, res, body, txn, reason, a.malformed ? 'malformed on purpose (rule)' : undefined);
    return body;
  }

  /** A complete frame that does not unpack: answer 30 when the head (TPDU, header, MTI) can be read. */
  private onUndecodable(conn: IssuerConnection, body: Buffer, err: unknown): void {
    this.stats.badFrames++;
    const reason = err instanceof UnpackError ? err.message : String(err);
    this.log.push({ seq: 0, atMs: this.clock.now(), direction: 'in', connection: conn.id, body: Buffer.from(body), error: reason });
    const head = readHead(this.dialect, body);
    this.evidence.record({
      source: 'issuer',
      kind: 'iso8583.bad-frame',
      summary: `issuer got an undecodable ${body.length}-byte frame on connection #${conn.id}: ${reason}${head ? ` → answering ${responseMti(head.mti)} with 30` : ' (no answer possible)'}`,
      data: { connection: conn.id, hex: sanitizedHex(body.subarray(0, 512)), field: err instanceof UnpackError ? err.field : undefined, offset: err instanceof UnpackError ? err.offset : undefined },
    });
    if (!head || !/^0\d[02]\d$/.test(head.mti)) return;
    const req: IsoMessage = { mti: head.mti, fields: {} };
    if (head.tpdu) req.tpdu = head.tpdu;
    if (head.header) req.header = head.header;
    this.sendMessage(conn, buildResponse(req, '30', this.clock.date()), 'format-error', {});
  }

  private onBadInput(conn: IssuerConnection, kind: BadInputKind, detail: string, pending?: Buffer): void {
    this.stats.badFrames++;
    if (pending) this.log.push({ seq: 0, atMs: this.clock.now(), direction: 'in', connection: conn.id, body: pending, error: `${kind}: ${detail}` });
    this.evidence.record({
      source: 'issuer',
      kind: `connection.${kind}`,
      summary: `issuer closes connection #${conn.id}: ${kind} — ${detail}`,
      data: { connection: conn.id, kind, detail, ...(pending ? { hex: sanitizedHex(pending.subarray(0, 256)) } : {}) },
    });
  }

  // ---- records --------------------------------------------------------------------

  private evidenceMessage(direction: 'in' | 'out', conn: IssuerConnection, msg: IsoMessage, body: Buffer, txn: string, reason?: string, note?: string): void {
    let text: string | undefined;
    const serviceCode = direction === 'in' ? serviceCodeOf(msg) : undefined;
    try {
      text = describe(msg, this.dialect);
    } catch {
      text = undefined;
    }
    this.evidence.record({
      source: 'issuer',
      kind: direction === 'in' ? 'iso8583.in' : 'iso8583.out',
      summary: oneLine(direction, msg, txn, note ?? reason),
      data: {
        connection: conn.id,
        mti: msg.mti,
        txn,
        fields: maskedFields(msg),
        // Track 2 is masked above; its service code is what the card policy is judged by.
        ...(serviceCode ? { serviceCode } : {}),
        ...(text ? { describe: text } : {}),
        hex: sanitizedHex(body, msg),
        ...(reason ? { decision: reason } : {}),
        ...(note ? { note } : {}),
      },
    });
  }

  private evidenceLedger(e: LedgerEvent): void {
    const amount = (e.amountMinor / 100).toFixed(2);
    this.evidence.record({
      source: 'issuer',
      kind: `ledger.${e.kind}`,
      summary: `ledger ${e.kind} ${amount} ${e.maskedPan} TID ${e.terminalId} STAN ${e.stan}${e.rrn ? ` RRN ${e.rrn}` : ''}${e.responseCode ? ` (${e.responseCode})` : ''}${e.note ? ` — ${e.note}` : ''}`,
      data: e,
    });
  }
}
