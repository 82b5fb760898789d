/**
 * Response rules: how a test (or a person through the control API) bends the issuer's
 * behaviour at any moment, plus the fixed magic-amount table. Rules are plain data so they
 * travel as JSON; every matching rule contributes its action (later rules win on conflicts).
 * The zod schemas below (and each action's in actions/) are the single source of a rule's
 * shape: the types are inferred from them and the control API validates with them.
 */
import { z } from 'zod';
import { PosbenchError } from '../../src/util/errors';
import { ruleActionSchema, type RuleAction } from './actions';
import { originalMti } from '../../src/protocols/iso8583/head';

const MTI = z.string().regex(/^\d{4}$/, { error: 'must be 4 digits' });

/** Which requests a rule applies to; every key given must match. */
export const ruleMatchSchema = z.strictObject({
  /** One MTI or a list ("0200", ["0200", "0220"]). Repeats (…1) match their base MTI. */
  mti: z.union([MTI, z.array(MTI)]).optional(),
  /** Prefix of field 3: "00" matches every purchase, "200000" one exact code. */
  processingCode: z.string().regex(/^\d{1,6}$/, { error: 'must be 1–6 digits' }).optional(),
  /** Exact amount in minor units, or a range (inclusive). */
  amountMinor: z.union([z.number().int(), z.strictObject({ min: z.number().int().optional(), max: z.number().int().optional() })]).optional(),
  /** Exact PAN (from field 2 or track 2). */
  pan: z.string().regex(/^\d{8,19}$/, { error: 'must be 8–19 digits' }).optional(),
  /** PAN prefix (BIN / IIN). */
  bin: z.string().regex(/^\d{1,19}$/, { error: 'must be digits' }).optional(),
  /** Terminal ID (field 41). */
  terminalId: z.string().optional(),
  /** Fire only on the n-th request (1-based) that matches everything else, counted from when the rule was added. */
  nth: z.number({ error: 'must be an integer ≥ 1' }).int({ error: 'must be an integer ≥ 1' }).min(1, { error: 'must be an integer ≥ 1' }).optional(),
});

/** A response rule, as code and the control API give it. The single source of its type. */
export const issuerRuleSchema = z.strictObject({
  /** Assigned by addRule when absent. */
  id: z.string().min(1).optional(),
  /** Free text for evidence ("decline all with 51"). */
  description: z.string().optional(),
  match: ruleMatchSchema.optional(),
  /** What the rule does: one key per action (actions/). */
  action: ruleActionSchema.refine((a) => Object.values(a).some((v) => v !== undefined && v !== false), { error: 'does nothing' }),
  /** 'always' (default), 'once', or a number of firings. */
  times: z.union([z.literal('once'), z.literal('always'), z.number().int().min(1)], { error: "must be 'once', 'always' or an integer ≥ 1" }).optional(),
});

export type RuleMatch = z.infer<typeof ruleMatchSchema>;
export type IssuerRule = z.infer<typeof issuerRuleSchema>;
export type { RuleAction } from './actions';

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

/** Check a rule against the schema; a bad one throws RuleError naming the key ("action.responseCode"). */
export function validateRule(rule: unknown): IssuerRule {
  if (!rule || typeof rule !== 'object') throw new RuleError('', 'a rule is an object');
  const r = issuerRuleSchema.safeParse(rule);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  let value: unknown = rule;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  const reason = issue.code === 'invalid_type' && value === undefined ? 'required' : issue.message;
  throw new RuleError(key, value === undefined || typeof value === 'object' ? reason : `${JSON.stringify(value)} ${reason}`);
}

export class RuleEngine {
  private rules: LiveRule[] = [];
  private seq = 0;

  add(input: IssuerRule): string {
    const rule = validateRule(input);
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

function matches(m: RuleMatch | undefined, s: RuleSubject): boolean {
  if (!m) return true;
  if (m.mti !== undefined) {
    const list = Array.isArray(m.mti) ? m.mti : [m.mti];
    if (!list.includes(s.mti) && !list.includes(originalMti(s.mti))) return false;
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
