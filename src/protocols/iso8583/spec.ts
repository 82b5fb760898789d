/**
 * Message specs as data. A spec is a table of field specs, each composed of
 *   an encoder (ascii | bcd | binary | ebcdic | hex) · a length prefix (fixed | LL | LLL | LLLL,
 *   in ascii | bcd | binary | ebcdic) · padding (side + character),
 * plus the message frame (length header, TPDU and application header sizes, MTI and bitmap
 * encodings). Specs load from JSON or YAML, are validated strictly (an unknown key is an error
 * naming the key), and save back to the same shape.
 */
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { encodingExists } from 'iconv-lite';
import type { LengthHeaderKind } from '../framing/length-prefix';
import { SpecError } from './errors';

/** n numeric · a alpha · an · ans · ns · anp · b binary · z track (digits + separator) · xn sign + numeric (C/D + digits). */
export type FieldType = 'n' | 'a' | 'an' | 'ans' | 'ns' | 'anp' | 'b' | 'z' | 'xn';
/** How the field's data is written. bcd: packed digits (n, z); hex: binary as ASCII hex; ebcdic: code page 037. */
export type DataEncoding = 'ascii' | 'bcd' | 'binary' | 'ebcdic' | 'hex';
export type PrefixKind = 'fixed' | 'LL' | 'LLL' | 'LLLL';
export type PrefixEncoding = 'ascii' | 'bcd' | 'binary' | 'ebcdic';
/** How describe()/the CLI hide a field: pan → first 6/last 4; track → PAN part masked, rest starred; secret → all starred. */
export type MaskKind = 'pan' | 'track' | 'secret';

export interface Padding {
  /** Where the padding goes: "left" = value right-aligned, "right" = value left-aligned. */
  side: 'left' | 'right';
  /** One character: "0", " ", "F" … For BCD it is the pad nibble of an odd digit count. */
  char: string;
}

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Fixed length, or maximum length of a variable field. Counts digits (n, z in BCD), characters (text) or bytes (b). */
  length: number;
  prefix: PrefixKind;
  /** Required for LL/LLL/LLLL; absent for fixed. */
  prefixEncoding?: PrefixEncoding;
  encoding: DataEncoding;
  padding?: Padding;
  mask?: MaskKind;
  /** The field holds BER-TLV (field 55): describe() and the CLI show its tags. */
  tlv?: boolean;
}

export interface MessageSpec {
  name: string;
  description?: string;
  lengthHeader: LengthHeaderKind;
  /** Bytes of TPDU before the MTI (CUP: 5), 0 when the dialect has none. */
  tpduLength: number;
  /** Bytes of application header after the TPDU (CUP: 6), 0 when none. */
  headerLength: number;
  /**
   * How describe()/the CLI show text bytes above 0x7F (values themselves stay Latin-1 strings,
   * one character per byte, so they round-trip): e.g. "gb18030" for CUP's Chinese field 63.
   */
  textCharset?: string;
  mti: { encoding: 'ascii' | 'bcd' | 'ebcdic' };
  bitmap: { encoding: 'binary' | 'hex' | 'ebcdic' };
  /** Field number (2..128, as a string key) → field spec. */
  fields: Record<string, FieldSpec>;
}

const FIELD_TYPES: readonly FieldType[] = ['n', 'a', 'an', 'ans', 'ns', 'anp', 'b', 'z', 'xn'];
const DATA_ENCODINGS: readonly DataEncoding[] = ['ascii', 'bcd', 'binary', 'ebcdic', 'hex'];
const PREFIX_KINDS: readonly PrefixKind[] = ['fixed', 'LL', 'LLL', 'LLLL'];
const PREFIX_ENCODINGS: readonly PrefixEncoding[] = ['ascii', 'bcd', 'binary', 'ebcdic'];
const MASK_KINDS: readonly MaskKind[] = ['pan', 'track', 'secret'];
const LENGTH_HEADERS: readonly LengthHeaderKind[] = ['none', 'binary2', 'ascii4'];

const SPEC_KEYS = ['name', 'description', 'lengthHeader', 'tpduLength', 'headerLength', 'textCharset', 'mti', 'bitmap', 'fields'];
const FIELD_KEYS = ['name', 'type', 'length', 'prefix', 'prefixEncoding', 'encoding', 'padding', 'mask', 'tlv'];

/** Largest length a prefix of this kind and encoding can carry. */
export function prefixCapacity(kind: PrefixKind, enc: PrefixEncoding | undefined): number {
  if (kind === 'fixed') return Number.POSITIVE_INFINITY;
  const digits = kind === 'LL' ? 2 : kind === 'LLL' ? 3 : 4;
  if (enc === 'binary') return digits === 2 ? 0xff : 0xffff;
  return 10 ** digits - 1;
}

/** Bytes the prefix takes on the wire. */
export function prefixBytes(kind: PrefixKind, enc: PrefixEncoding | undefined): number {
  if (kind === 'fixed') return 0;
  const digits = kind === 'LL' ? 2 : kind === 'LLL' ? 3 : 4;
  if (enc === 'ascii' || enc === 'ebcdic') return digits;
  if (enc === 'bcd') return Math.ceil(digits / 2);
  return digits === 2 ? 1 : 2; // binary
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v);
}

function checkKeys(o: Obj, allowed: readonly string[], path: string, source?: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      throw new SpecError(path ? `${path}.${k}` : k, `unknown key "${k}" (allowed: ${allowed.join(', ')})`, source);
    }
  }
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], path: string, source?: string): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new SpecError(path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`, source);
  }
  return v as T;
}

function validateField(num: number, raw: unknown, source?: string): FieldSpec {
  const path = `fields.${num}`;
  if (!isObj(raw)) throw new SpecError(path, 'must be an object', source);
  checkKeys(raw, FIELD_KEYS, path, source);
  if (typeof raw.name !== 'string' || !raw.name) throw new SpecError(`${path}.name`, 'must be a non-empty string', source);
  const type = oneOf(raw.type, FIELD_TYPES, `${path}.type`, source);
  if (typeof raw.length !== 'number' || !Number.isInteger(raw.length) || raw.length < 1 || raw.length > 99999) {
    throw new SpecError(`${path}.length`, `must be an integer from 1 to 99999 (got ${JSON.stringify(raw.length)})`, source);
  }
  const prefix = oneOf(raw.prefix, PREFIX_KINDS, `${path}.prefix`, source);
  let prefixEncoding: PrefixEncoding | undefined;
  if (prefix === 'fixed') {
    if (raw.prefixEncoding !== undefined) throw new SpecError(`${path}.prefixEncoding`, 'a fixed field has no length prefix', source);
  } else {
    prefixEncoding = oneOf(raw.prefixEncoding, PREFIX_ENCODINGS, `${path}.prefixEncoding`, source);
    const cap = prefixCapacity(prefix, prefixEncoding);
    if (raw.length > cap) {
      throw new SpecError(`${path}.length`, `${raw.length} does not fit a ${prefix} ${prefixEncoding} prefix (at most ${cap})`, source);
    }
  }
  const encoding = oneOf(raw.encoding, DATA_ENCODINGS, `${path}.encoding`, source);
  if (encoding === 'bcd' && type !== 'n' && type !== 'z') {
    throw new SpecError(`${path}.encoding`, `bcd holds only n or z fields, not ${type}`, source);
  }
  if ((type === 'b') !== (encoding === 'binary' || encoding === 'hex')) {
    throw new SpecError(`${path}.encoding`, type === 'b' ? 'a b field is encoded binary or hex' : `${encoding} is only for b fields`, source);
  }
  const spec: FieldSpec = { name: raw.name, type, length: raw.length, prefix, encoding };
  if (prefixEncoding) spec.prefixEncoding = prefixEncoding;
  if (raw.padding !== undefined) {
    const p = raw.padding;
    if (!isObj(p)) throw new SpecError(`${path}.padding`, 'must be an object {side, char}', source);
    checkKeys(p, ['side', 'char'], `${path}.padding`, source);
    const side = oneOf(p.side, ['left', 'right'] as const, `${path}.padding.side`, source);
    if (typeof p.char !== 'string' || p.char.length !== 1 || p.char.charCodeAt(0) > 255) {
      throw new SpecError(`${path}.padding.char`, 'must be exactly one Latin-1 character', source);
    }
    if (encoding === 'bcd' && !/^[0-9A-Fa-f]$/.test(p.char)) {
      throw new SpecError(`${path}.padding.char`, 'a BCD pad must be one hex digit (usually "0" or "F")', source);
    }
    spec.padding = { side, char: p.char };
  }
  if (raw.mask !== undefined) spec.mask = oneOf(raw.mask, MASK_KINDS, `${path}.mask`, source);
  if (raw.tlv !== undefined) {
    if (typeof raw.tlv !== 'boolean') throw new SpecError(`${path}.tlv`, 'must be true or false', source);
    if (raw.tlv && type !== 'b') throw new SpecError(`${path}.tlv`, 'only a b field can hold TLV', source);
    spec.tlv = raw.tlv;
  }
  return spec;
}

/** Validate a parsed spec object; throws SpecError naming the offending key. */
export function validateSpec(raw: unknown, source?: string): MessageSpec {
  if (!isObj(raw)) throw new SpecError('', 'a spec must be an object', source);
  checkKeys(raw, SPEC_KEYS, '', source);
  if (typeof raw.name !== 'string' || !raw.name) throw new SpecError('name', 'must be a non-empty string', source);
  if (raw.description !== undefined && typeof raw.description !== 'string') throw new SpecError('description', 'must be a string', source);
  const lengthHeader = oneOf(raw.lengthHeader, LENGTH_HEADERS, 'lengthHeader', source);
  for (const k of ['tpduLength', 'headerLength'] as const) {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 64) throw new SpecError(k, 'must be an integer from 0 to 64', source);
  }
  if (!isObj(raw.mti)) throw new SpecError('mti', 'must be an object {encoding}', source);
  checkKeys(raw.mti, ['encoding'], 'mti', source);
  const mtiEnc = oneOf(raw.mti.encoding, ['ascii', 'bcd', 'ebcdic'] as const, 'mti.encoding', source);
  if (!isObj(raw.bitmap)) throw new SpecError('bitmap', 'must be an object {encoding}', source);
  checkKeys(raw.bitmap, ['encoding'], 'bitmap', source);
  const bmEnc = oneOf(raw.bitmap.encoding, ['binary', 'hex', 'ebcdic'] as const, 'bitmap.encoding', source);
  if (!isObj(raw.fields)) throw new SpecError('fields', 'must be an object of field number → field spec', source);
  const fields: Record<string, FieldSpec> = {};
  for (const [key, value] of Object.entries(raw.fields)) {
    const num = Number(key);
    if (!/^\d+$/.test(key) || num < 2 || num > 128) {
      throw new SpecError(`fields.${key}`, num === 1 ? 'field 1 (secondary bitmap) is derived, not specified' : 'field numbers run from 2 to 128', source);
    }
    fields[String(num)] = validateField(num, value, source);
  }
  const spec: MessageSpec = {
    name: raw.name,
    lengthHeader,
    tpduLength: raw.tpduLength as number,
    headerLength: raw.headerLength as number,
    mti: { encoding: mtiEnc },
    bitmap: { encoding: bmEnc },
    fields,
  };
  if (raw.description !== undefined) spec.description = raw.description as string;
  if (raw.textCharset !== undefined) {
    if (typeof raw.textCharset !== 'string' || !encodingExists(raw.textCharset)) {
      throw new SpecError('textCharset', `unknown character set ${JSON.stringify(raw.textCharset)}`, source);
    }
    spec.textCharset = raw.textCharset;
  }
  return spec;
}

/** Parse spec text (JSON, or YAML when `format` says so or the text is not JSON). */
export function parseSpec(text: string, format: 'json' | 'yaml' | 'auto' = 'auto', source?: string): MessageSpec {
  let raw: unknown;
  try {
    if (format === 'json' || (format === 'auto' && text.trimStart().startsWith('{'))) raw = JSON.parse(text);
    else raw = parseYaml(text);
  } catch (err) {
    throw new SpecError('', `not valid ${format === 'auto' ? 'JSON/YAML' : format}: ${(err as Error).message}`, source);
  }
  return validateSpec(raw, source);
}

/** Load a spec file (.json, .yaml, .yml). */
export function loadSpecFile(path: string): MessageSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SpecError('', `cannot read: ${(err as Error).message}`, path);
  }
  const ext = extname(path).toLowerCase();
  return parseSpec(text, ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : 'auto', path);
}

/** Serialise a spec as JSON text in the shape it loads from (fields in numeric order). */
export function specToJson(spec: MessageSpec): string {
  return JSON.stringify(spec, null, 2) + '\n';
}

/** Directory of the specs shipped with posbench. */
export const SPECS_DIR = join(__dirname, 'specs');

const builtinCache = new Map<string, MessageSpec>();

/** A shipped spec by name ("cup", "ascii87"), loaded once. */
export function builtinSpec(name: string): MessageSpec {
  let spec = builtinCache.get(name);
  if (!spec) {
    spec = loadSpecFile(join(SPECS_DIR, `${name}.json`));
    builtinCache.set(name, spec);
  }
  return spec;
}
