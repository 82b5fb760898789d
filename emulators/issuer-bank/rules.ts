/**
 * Response rules: how a test (or a person through the control API) bends the issuer's
 * behaviour at any moment, plus the fixed magic-amount table. Rules are plain data so they
 * travel as JSON; every matching rule contributes its action (later rules win on conflicts).
 */
import { PosbenchError } from '../../src/util/errors';

export interface RuleMatch {
  /** One MTI or a list ("0200", ["0200", "0220"]). Repeats (…1) match their base MTI. */
  mti?: string | string[];
  /** Prefix of field 3: "00" matches every purchase, "200000" one exact code. */
  processingCode?: string;
  /** Exact amount in minor units, or a range (inclusive). */
  amountMinor?: number | { min?: number; max?: number };
  /** Exact PAN (from field 2 or track 2). */
  pan?: string;
  /** PAN prefix (BIN / IIN). */
  bin?: string;
  /** Terminal ID (field 41). */
  terminalId?: string;
  /** Fire only on the n-th request (1-based) that matches everything else, counted from when the rule was added. */
  nth?: number;
}

export interface RuleAction {
  /** Answer with this field 39; the ledger follows the answer ('00' approves even without funds). */
  responseCode?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Process the request (the ledger moves) but send nothing back. */
  noResponse?: boolean;
  /** Answer with a field 64 that does not verify. */
  badMac?: boolean;
  /** Answer with a frame whose body cannot be unpacked. */
  malformed?: boolean;
  /** Send the answer twice. */
  duplicate?: boolean;
  /** Process the request, then close the connection without answering. */
  closeConnection?: boolean;
}

export interface IssuerRule {
  /** Assigned by addRule when absent. */
  id?: string;
  /** Free text for evidence ("decline all with 51"). */
  description?: string;
  match?: RuleMatch;
  action: RuleAction;
  /** 'always' (default), 'once', or a number of firings. */
  times?: 'once' | 'always' | number;
}

export interface RuleView extends IssuerRule {
  id: string;
  fired: number;
  seen: number;
}

export class RuleError extends PosbenchError {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super('ISSUER_RULE', `invalid issuer rule at "${key}": ${reason}`);
  }
}

/** What the engine knows about a request when it asks the rules. */
export interface RuleSubject {
  mti: string;
  processingCode?: string;
  amountMinor?: number;
  pan?: string;
  terminalId?: string;
}

export interface FiredRule {
  id: string;
  description?: string;
  action: RuleAction;
}

interface LiveRule extends RuleView {
  limit: number;
}

const CODE = /^[0-9A-Z]{2}$/;

export function validateRule(rule: IssuerRule): void {
  if (!rule || typeof rule !== 'object') throw new RuleError('', 'a rule is an object');
  if (!rule.action || typeof rule.action !== 'object') throw new RuleError('action', 'required');
  const a = rule.action;
  if (a.responseCode !== undefined && !CODE.test(a.responseCode)) throw new RuleError('action.responseCode', `"${a.responseCode}" is not two characters 0-9/A-Z`);
  if (a.delayMs !== undefined && (!Number.isFinite(a.delayMs) || a.delayMs < 0)) throw new RuleError('action.delayMs', 'must be a number ≥ 0');
  if (!Object.values(a).some((v) => v !== undefined && v !== false)) throw new RuleError('action', 'does nothing');
  const m = rule.match ?? {};
  if (m.nth !== undefined && (!Number.isInteger(m.nth) || m.nth < 1)) throw new RuleError('match.nth', 'must be an integer ≥ 1');
  if (m.bin !== undefined && !/^\d{1,19}$/.test(m.bin)) throw new RuleError('match.bin', 'must be digits');
  if (m.pan !== undefined && !/^\d{8,19}$/.test(m.pan)) throw new RuleError('match.pan', 'must be 8–19 digits');
  if (m.processingCode !== undefined && !/^\d{1,6}$/.test(m.processingCode)) throw new RuleError('match.processingCode', 'must be 1–6 digits');
  const t = rule.times;
  if (t !== undefined && t !== 'once' && t !== 'always' && !(Number.isInteger(t) && (t as number) >= 1)) throw new RuleError('times', "must be 'once', 'always' or an integer ≥ 1");
}

export class RuleEngine {
  private rules: LiveRule[] = [];
  private seq = 0;

  add(rule: IssuerRule): string {
    validateRule(rule);
    const id = rule.id ?? `R${++this.seq}`;
    if (this.rules.some((r) => r.id === id)) throw new RuleError('id', `a rule "${id}" exists already`);
    const limit = rule.times === undefined || rule.times === 'always' ? Infinity : rule.times === 'once' ? 1 : rule.times;
    this.rules.push({ ...rule, id, fired: 0, seen: 0, limit });
    return id;
  }

  remove(id: string): boolean {
    const n = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== n;
  }

  clear(): void {
    this.rules = [];
  }

  list(): RuleView[] {
    return this.rules.map(({ limit: _limit, ...r }) => ({ ...r }));
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rules that fire for this request (spent 'once' rules are removed), oldest first. */
  evaluate(s: RuleSubject): FiredRule[] {
    if (this.rules.length === 0) return [];
    const fired: FiredRule[] = [];
    for (const r of this.rules) {
      if (!matches(r.match, s)) continue;
      r.seen++;
      if (r.match?.nth !== undefined && r.seen !== r.match.nth) continue;
      if (r.fired >= r.limit) continue;
      r.fired++;
      fired.push(r.description === undefined ? { id: r.id, action: r.action } : { id: r.id, description: r.description, action: r.action });
    }
    this.rules = this.rules.filter((r) => r.fired < r.limit && !(r.match?.nth !== undefined && r.seen >= r.match.nth));
    return fired;
  }
}

/** Merge the actions of every fired rule, later rules winning. */
export function mergeActions(fired: readonly FiredRule[]): RuleAction {
  const out: RuleAction = {};
  for (const f of fired) for (const [k, v] of Object.entries(f.action)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

function baseMti(mti: string): string {
  return mti.length === 4 && mti[3] === '1' ? mti.slice(0, 3) + '0' : mti;
}

function matches(m: RuleMatch | undefined, s: RuleSubject): boolean {
  if (!m) return true;
  if (m.mti !== undefined) {
    const list = Array.isArray(m.mti) ? m.mti : [m.mti];
    if (!list.includes(s.mti) && !list.includes(baseMti(s.mti))) return false;
  }
  if (m.processingCode !== undefined && !(s.processingCode ?? '').startsWith(m.processingCode)) return false;
  if (m.amountMinor !== undefined) {
    if (s.amountMinor === undefined) return false;
    if (typeof m.amountMinor === 'number') {
      if (s.amountMinor !== m.amountMinor) return false;
    } else {
      if (m.amountMinor.min !== undefined && s.amountMinor < m.amountMinor.min) return false;
      if (m.amountMinor.max !== undefined && s.amountMinor > m.amountMinor.max) return false;
    }
  }
  if (m.pan !== undefined && s.pan !== m.pan) return false;
  if (m.bin !== undefined && !(s.pan ?? '').startsWith(m.bin)) return false;
  if (m.terminalId !== undefined && s.terminalId !== m.terminalId) return false;
  return true;
}

/**
 * Magic amounts: the minor-unit remainder (the "cents") of a purchase amount picks the answer.
 * Applies to purchases only (0100/0200 with processing code 00…, and pre-auth 03…).
 * Documented in README.md — keep the two in step.
 */
export const MAGIC_AMOUNTS: Readonly<Record<number, { responseCode?: string; noResponse?: boolean; meaning: string }>> = {
  5: { responseCode: '05', meaning: 'do not honour' },
  12: { responseCode: '12', meaning: 'invalid transaction' },
  13: { responseCode: '13', meaning: 'invalid amount' },
  14: { responseCode: '14', meaning: 'invalid card number' },
  51: { responseCode: '51', meaning: 'insufficient funds' },
  54: { responseCode: '54', meaning: 'expired card' },
  55: { responseCode: '55', meaning: 'incorrect PIN' },
  91: { responseCode: '91', meaning: 'issuer or switch inoperative' },
  96: { responseCode: '96', meaning: 'system malfunction' },
  98: { noResponse: true, meaning: 'approved and held, but no response is sent' },
};

export function magicAmount(amountMinor: number): (typeof MAGIC_AMOUNTS)[number] | undefined {
  return MAGIC_AMOUNTS[amountMinor % 100];
}
