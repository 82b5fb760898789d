/** The shipped dialects, built from the specs in ./specs with the caller's options applied. */
import type { Dialect, DialectOptions } from './types';
import { SpecDialect } from './codec';
import { builtinSpec, type MessageSpec } from './spec';
import { SpecError } from './errors';

export type DialectName = 'cup' | 'ascii87';

export const DIALECT_NAMES: readonly DialectName[] = ['cup', 'ascii87'];

const cache = new Map<string, SpecDialect>();

/** A dialect by name. cup: lengthHeader (default binary2). ascii87: bitmap hex|binary, lengthHeader (default none). */
export function getDialect(name: DialectName, opts: DialectOptions = {}): Dialect {
  const key = `${name}|${opts.bitmap ?? ''}|${opts.lengthHeader ?? ''}`;
  let d = cache.get(key);
  if (d) return d;
  if (!DIALECT_NAMES.includes(name)) throw new SpecError('', `unknown dialect ${JSON.stringify(name)} (known: ${DIALECT_NAMES.join(', ')})`);
  const base = builtinSpec(name);
  const spec: MessageSpec = { ...base, mti: { ...base.mti }, bitmap: { ...base.bitmap } };
  if (opts.lengthHeader) {
    if (!['none', 'binary2', 'ascii4'].includes(opts.lengthHeader)) throw new SpecError('lengthHeader', `unknown length header ${JSON.stringify(opts.lengthHeader)}`);
    spec.lengthHeader = opts.lengthHeader;
  }
  if (opts.bitmap) {
    if (opts.bitmap !== 'hex' && opts.bitmap !== 'binary') throw new SpecError('bitmap', `unknown bitmap form ${JSON.stringify(opts.bitmap)}`);
    spec.bitmap = { encoding: opts.bitmap };
  }
  d = new SpecDialect(spec);
  cache.set(key, d);
  return d;
}

/** A dialect from any validated spec (see spec.ts: loadSpecFile / parseSpec / validateSpec). */
export function createDialect(spec: MessageSpec): SpecDialect {
  return new SpecDialect(spec);
}
