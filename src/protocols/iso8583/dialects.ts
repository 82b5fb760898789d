/** The shipped dialects, built from the specs in ./specs with the caller's options applied. */
import type { Dialect, DialectOptions } from './types';
import { SpecDialect } from './codec';
import { builtinSpec, prefixCapacity, type MessageSpec } from './spec';
import { SpecError } from './errors';

export type DialectName = 'cup' | 'ascii87';

export const DIALECT_NAMES: readonly DialectName[] = ['cup', 'ascii87'];

const cache = new Map<string, SpecDialect>();

/** A dialect by name. cup: lengthHeader (default binary2). ascii87: bitmap hex|binary, lengthHeader (default none). */
export function getDialect(name: DialectName, opts: DialectOptions = {}): Dialect {
  const key = `${name}|${opts.bitmap ?? ''}|${opts.lengthHeader ?? ''}|${opts.binaryFields ?? ''}|${opts.tpduLength ?? ''}|${opts.headerLength ?? ''}|${opts.lenient ? 1 : 0}`;
  let d = cache.get(key);
  if (d) return d;
  if (!DIALECT_NAMES.includes(name)) throw new SpecError('', `unknown dialect ${JSON.stringify(name)} (known: ${DIALECT_NAMES.join(', ')})`);
  d = new SpecDialect(applyOptions(builtinSpec(name), opts));
  cache.set(key, d);
  return d;
}

/** A copy of a spec with DialectOptions applied (the spec itself is not changed). */
export function applyOptions(base: MessageSpec, opts: DialectOptions): MessageSpec {
  const spec: MessageSpec = { ...base, mti: { ...base.mti }, bitmap: { ...base.bitmap }, fields: { ...base.fields } };
  if (opts.lengthHeader !== undefined) {
    if (!['none', 'binary2', 'ascii4'].includes(opts.lengthHeader)) throw new SpecError('lengthHeader', `unknown length header ${JSON.stringify(opts.lengthHeader)}`);
    spec.lengthHeader = opts.lengthHeader;
  }
  if (opts.bitmap !== undefined) {
    if (opts.bitmap !== 'hex' && opts.bitmap !== 'binary') throw new SpecError('bitmap', `unknown bitmap form ${JSON.stringify(opts.bitmap)}`);
    spec.bitmap = { encoding: opts.bitmap };
  }
  for (const k of ['tpduLength', 'headerLength'] as const) {
    const v = opts[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0 || v > 64) throw new SpecError(k, 'must be an integer from 0 to 64');
    spec[k] = v;
  }
  if (opts.binaryFields !== undefined && opts.binaryFields !== 'raw' && opts.binaryFields !== 'hex') {
    throw new SpecError('binaryFields', `unknown binary field form ${JSON.stringify(opts.binaryFields)}`);
  }
  for (const [num, f] of Object.entries(spec.fields)) {
    let g = f;
    if (opts.binaryFields && g.type === 'b' && g.prefix === 'fixed') g = { ...g, encoding: opts.binaryFields === 'hex' ? 'hex' : 'binary' };
    if (opts.lenient) {
      if (g.prefix !== 'fixed') g = { ...g, length: Math.min(prefixCapacity(g.prefix, g.prefixEncoding), 99999) };
      if ((g.type === 'n' || g.type === 'z') && g.encoding !== 'bcd') g = { ...g, type: 'ans' };
    }
    spec.fields[num] = g;
  }
  return spec;
}

/** A dialect from any validated spec (see spec.ts: loadSpecFile / parseSpec / validateSpec). */
export function createDialect(spec: MessageSpec): SpecDialect {
  return new SpecDialect(spec);
}
