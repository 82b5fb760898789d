/** One-line texts of messages and rules for the evidence timeline (card numbers masked). */
import { maskPan } from '../../src/util/mask';
import type { IsoMessage } from '../../src/protocols/iso8583';
import type { IssuerRule } from './rules';
import { describeAction } from './actions';

/** "← 0200 sale STAN 000012 TID T1 621094******0021 25.00" */
export function oneLine(direction: 'in' | 'out', msg: IsoMessage, txn: string, reason?: string): string {
  const f = msg.fields;
  const parts = [direction === 'in' ? '←' : '→', msg.mti, txn];
  if (f[11] !== undefined) parts.push(`STAN ${String(f[11])}`);
  if (f[41] !== undefined) parts.push(`TID ${String(f[41]).trim()}`);
  const pan = typeof f[2] === 'string' ? f[2] : typeof f[35] === 'string' ? /^\d+/.exec(f[35])?.[0] : undefined;
  if (pan) parts.push(maskPan(pan));
  if (typeof f[4] === 'string' && /^\d+$/.test(f[4])) parts.push((Number(f[4]) / 100).toFixed(2));
  if (f[39] !== undefined) parts.push(`39=${String(f[39])}`);
  if (f[38] !== undefined) parts.push(`auth ${String(f[38])}`);
  if (reason) parts.push(`— ${reason}`);
  return parts.join(' ');
}

export function ruleText(r: Pick<IssuerRule, 'action' | 'match' | 'description'>): string {
  if (r.description) return r.description;
  const a = describeAction(r.action);
  const m = r.match ? Object.entries(r.match).map(([k, v]) => `${k}=${k === 'pan' ? maskPan(String(v)) : JSON.stringify(v)}`).join(' ') : '';
  return m ? `${a} when ${m}` : a;
}
