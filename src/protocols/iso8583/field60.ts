/**
 * CUP field 60 (n..17, LLLVAR BCD): 60.1 transaction type (2) · 60.2 batch number (6) ·
 * 60.3 network management code (3) · 60.4 terminal read capability (1) · 60.5 IC condition
 * code (1; 2 = fallback) · anything after that kept as `rest`.
 */
import { PackError } from './errors';

export interface Field60 {
  /** 60.1, two digits: 22 sale, 23 void, 25 refund, 01 balance, 10 pre-auth, 00 sign-on. */
  type: string;
  /** 60.2, six digits. */
  batch: string;
  /** 60.3, three digits (000 for transactions, 001/003/004 for sign-on key types). */
  networkCode?: string;
  /** 60.4, one digit (5 chip, 6 chip + contactless …). */
  readerCapability?: string;
  /** 60.5, one digit (0 normal, 1 chip, 2 fallback). */
  icCondition?: string;
  /** Further subfields as digits, unparsed. */
  rest?: string;
}

const PARTS: Array<[keyof Field60, number]> = [
  ['type', 2],
  ['batch', 6],
  ['networkCode', 3],
  ['readerCapability', 1],
  ['icCondition', 1],
];

/** Build the field 60 string. Optional subfields may be left out only from the end. */
export function buildField60(p: Field60): string {
  let out = '';
  let ended: string | undefined;
  for (const [key, len] of PARTS) {
    const v = p[key];
    if (v === undefined) {
      ended ??= key;
      continue;
    }
    if (ended) throw new PackError(`field 60: ${key} given but ${ended} is missing`, 60);
    if (!/^\d+$/.test(v) || v.length !== len) throw new PackError(`field 60: ${key} must be ${len} digit(s), got ${JSON.stringify(v)}`, 60);
    out += v;
  }
  if (p.rest !== undefined) {
    if (ended) throw new PackError(`field 60: rest given but ${ended} is missing`, 60);
    if (!/^\d*$/.test(p.rest)) throw new PackError('field 60: rest must be digits', 60);
    out += p.rest;
  }
  if (out.length > 17) throw new PackError(`field 60 is ${out.length} digits, at most 17`, 60);
  return out;
}

/** Split a field 60 string into its subfields (missing trailing subfields stay undefined). */
export function parseField60(value: string): Field60 {
  const out: Field60 = { type: value.slice(0, 2), batch: value.slice(2, 8) };
  let pos = 8;
  for (const [key, len] of PARTS.slice(2)) {
    if (value.length >= pos + len) (out as unknown as Record<string, string>)[key] = value.slice(pos, pos + len);
    pos += len;
  }
  if (value.length > 13) out.rest = value.slice(13);
  return out;
}
