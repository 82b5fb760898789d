/**
 * The field level of the ISO 8583 engine: a FieldSpec compiled into a flat record, and
 * packing / unpacking one field (encoding, length prefix, padding, character checks) with
 * array lookups only. The message level (MTI, bitmaps, TPDU, header) is in codec.ts.
 */
import type { FieldValue } from './types';
import type { FieldSpec, MaskKind } from './spec';
import { prefixBytes } from './spec';
import { PackError, UnpackError } from './errors';
import { EBCDIC_TO_LATIN1, LATIN1_TO_EBCDIC } from './ebcdic';


// Encodings as small integers so the hot path switches on numbers.
export const E_ASCII = 0;
export const E_BCD = 1;
export const E_BINARY = 2;
export const E_EBCDIC = 3;
export const E_HEX = 4;
export const ENC: Record<string, number> = { ascii: E_ASCII, bcd: E_BCD, binary: E_BINARY, ebcdic: E_EBCDIC, hex: E_HEX };

// Character classes checked on pack and unpack.
const C_ANY = 0;
const C_DIGITS = 1;
const C_TRACK = 2; // digits and a separator (D or =)

export interface CompiledField {
  readonly num: number;
  readonly spec: FieldSpec;
  readonly name: string;
  readonly isBinary: boolean;
  readonly fixed: boolean;
  /** Fixed length or maximum, in the field's unit (digits, characters or bytes). */
  readonly length: number;
  /** 0 fixed, else the number of length digits (2, 3, 4). */
  readonly prefixDigits: number;
  readonly prefixEnc: number;
  readonly prefixBytes: number;
  readonly enc: number;
  readonly padLeft: boolean;
  readonly padChar: string;
  readonly padNibble: number;
  readonly hasPadding: boolean;
  readonly charClass: number;
  readonly mask: MaskKind | undefined;
  readonly tlv: boolean;
  /** Upper bound of the bytes this field can take on the wire (prefix + data). */
  readonly maxWireBytes: number;
}

export function compileField(num: number, spec: FieldSpec): CompiledField {
  const enc = ENC[spec.encoding]!;
  const prefixDigits = spec.prefix === 'fixed' ? 0 : spec.prefix === 'LL' ? 2 : spec.prefix === 'LLL' ? 3 : 4;
  const prefixEnc = spec.prefixEncoding ? ENC[spec.prefixEncoding]! : E_ASCII;
  const pb = prefixBytes(spec.prefix, spec.prefixEncoding);
  const dataBytes = enc === E_BCD ? Math.ceil(spec.length / 2) : enc === E_HEX ? spec.length * 2 : spec.length;
  const padChar = spec.padding?.char ?? (spec.type === 'n' ? '0' : ' ');
  return {
    num,
    spec,
    name: spec.name,
    isBinary: spec.type === 'b',
    fixed: spec.prefix === 'fixed',
    length: spec.length,
    prefixDigits,
    prefixEnc,
    prefixBytes: pb,
    enc,
    padLeft: spec.padding ? spec.padding.side === 'left' : spec.type === 'n',
    padChar,
    padNibble: enc === E_BCD ? parseInt(padChar, 16) || 0 : 0,
    hasPadding: spec.padding !== undefined,
    charClass: spec.type === 'n' ? C_DIGITS : spec.type === 'z' ? C_TRACK : C_ANY,
    mask: spec.mask,
    tlv: spec.tlv === true,
    maxWireBytes: pb + dataBytes,
  };
}

// ---- tables ---------------------------------------------------------------------------------

export const HEX_UPPER = '0123456789ABCDEF';
/** byte → two-character BCD string, or '' when a nibble is not a decimal digit. */
export const BCD_PAIR: string[] = [];
for (let i = 0; i < 256; i++) {
  const hi = i >> 4;
  const lo = i & 15;
  BCD_PAIR.push(hi < 10 && lo < 10 ? String(hi) + String(lo) : '');
}
/** ASCII hex char code → value, or -1. */
export const HEX_VAL = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX_VAL[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VAL[65 + i] = 10 + i;
  HEX_VAL[97 + i] = 10 + i;
}

// ---- writer ---------------------------------------------------------------------------------

export class Writer {
  buf: Buffer = Buffer.allocUnsafe(4096);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

/** Shared scratch writer: pack is synchronous, so one per process is enough. */
export const W = new Writer();

function writeDigitsAscii(w: Writer, value: number, digits: number, ebcdic: boolean): void {
  for (let i = digits - 1; i >= 0; i--) {
    const d = 48 + (value % 10);
    w.buf[w.pos + i] = ebcdic ? LATIN1_TO_EBCDIC[d]! : d;
    value = Math.floor(value / 10);
  }
  w.pos += digits;
}

function writePrefix(f: CompiledField, w: Writer, len: number): void {
  switch (f.prefixEnc) {
    case E_ASCII:
      writeDigitsAscii(w, len, f.prefixDigits, false);
      return;
    case E_EBCDIC:
      writeDigitsAscii(w, len, f.prefixDigits, true);
      return;
    case E_BCD: {
      if (f.prefixDigits === 2) {
        w.buf[w.pos++] = ((Math.floor(len / 10) % 10) << 4) | len % 10;
      } else {
        const hi = Math.floor(len / 100);
        const lo = len % 100;
        w.buf[w.pos++] = ((Math.floor(hi / 10) % 10) << 4) | hi % 10;
        w.buf[w.pos++] = (Math.floor(lo / 10) << 4) | lo % 10;
      }
      return;
    }
    default: // binary
      if (f.prefixDigits === 2) w.buf[w.pos++] = len;
      else {
        w.buf[w.pos++] = len >> 8;
        w.buf[w.pos++] = len & 0xff;
      }
  }
}

function checkChars(f: CompiledField, s: string): string | undefined {
  const cls = f.charClass;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) return `character ${JSON.stringify(s[i])} at position ${i} is not Latin-1`;
    if (cls === C_DIGITS) {
      if (c < 48 || c > 57) return `"${s[i]}" at position ${i} is not a digit (n field)`;
    } else if (cls === C_TRACK) {
      if ((c < 48 || c > 57) && c !== 68 && c !== 61 && c !== 100) return `"${s[i]}" at position ${i} is not a digit or separator (z field)`;
    }
  }
  return undefined;
}

function nibbleOf(c: number): number {
  // digits → 0..9; D, d, = → 0xD; hex letters for a pad char
  if (c >= 48 && c <= 57) return c - 48;
  if (c === 61) return 13;
  const v = HEX_VAL[c]!;
  return v < 0 ? 0 : v;
}

export function packField(f: CompiledField, value: FieldValue, w: Writer): void {
  const num = f.num;
  if (f.isBinary) {
    if (!Buffer.isBuffer(value)) throw new PackError(`a b field takes a Buffer, got ${typeof value}`, num, w.pos);
    const len = value.length;
    if (f.fixed ? len !== f.length : len > f.length) {
      throw new PackError(f.fixed ? `must be exactly ${f.length} bytes, got ${len}` : `${len} bytes exceed the maximum of ${f.length}`, num, w.pos);
    }
    w.ensure(f.prefixBytes + len * 2);
    if (!f.fixed) writePrefix(f, w, len);
    if (f.enc === E_HEX) {
      for (let i = 0; i < len; i++) {
        const b = value[i]!;
        w.buf[w.pos++] = HEX_UPPER.charCodeAt(b >> 4);
        w.buf[w.pos++] = HEX_UPPER.charCodeAt(b & 15);
      }
    } else {
      value.copy(w.buf, w.pos);
      w.pos += len;
    }
    return;
  }
  if (typeof value !== 'string') throw new PackError(`a ${f.spec.type} field takes a string, got ${Buffer.isBuffer(value) ? 'a Buffer' : typeof value}`, num, w.pos);
  let s = value;
  const bad = checkChars(f, s);
  if (bad) throw new PackError(bad, num, w.pos);
  let len = s.length;
  if (f.fixed) {
    if (len > f.length) throw new PackError(`${len} characters exceed the fixed length ${f.length}`, num, w.pos);
    if (len < f.length) {
      s = f.padLeft ? s.padStart(f.length, f.padChar) : s.padEnd(f.length, f.padChar);
      len = f.length;
    }
  } else if (len > f.length) {
    throw new PackError(`${len} characters exceed the maximum of ${f.length}`, num, w.pos);
  }
  w.ensure(f.prefixBytes + len);
  if (!f.fixed) writePrefix(f, w, len);
  const buf = w.buf;
  switch (f.enc) {
    case E_BCD: {
      let i = 0;
      if (len & 1) {
        if (f.padLeft) {
          buf[w.pos++] = (f.padNibble << 4) | nibbleOf(s.charCodeAt(0));
          i = 1;
        }
      }
      const evenEnd = i + ((len - i) & ~1);
      for (; i < evenEnd; i += 2) buf[w.pos++] = (nibbleOf(s.charCodeAt(i)) << 4) | nibbleOf(s.charCodeAt(i + 1));
      if (i < len) buf[w.pos++] = (nibbleOf(s.charCodeAt(i)) << 4) | f.padNibble;
      return;
    }
    case E_EBCDIC:
      for (let i = 0; i < len; i++) buf[w.pos++] = LATIN1_TO_EBCDIC[s.charCodeAt(i)]!;
      return;
    default:
      if (len <= 32) {
        // short strings: a JS loop beats the call into C++
        let p = w.pos;
        for (let i = 0; i < len; i++) buf[p++] = s.charCodeAt(i);
        w.pos = p;
      } else w.pos += buf.write(s, w.pos, len, 'latin1');
  }
}

// ---- reader ---------------------------------------------------------------------------------

function readPrefix(f: CompiledField, buf: Buffer, pos: number, raw: Buffer): number {
  const n = f.prefixBytes;
  if (pos + n > buf.length) throw new UnpackError(`length prefix needs ${n} bytes, only ${buf.length - pos} left`, pos, raw, f.num);
  let len = 0;
  switch (f.prefixEnc) {
    case E_ASCII:
    case E_EBCDIC:
      for (let i = 0; i < n; i++) {
        let c = buf[pos + i]!;
        if (f.prefixEnc === E_EBCDIC) c = EBCDIC_TO_LATIN1[c]!;
        if (c < 48 || c > 57) throw new UnpackError(`length prefix byte 0x${hex2(buf[pos + i]!)} is not a digit`, pos + i, raw, f.num);
        len = len * 10 + (c - 48);
      }
      break;
    case E_BCD:
      for (let i = 0; i < n; i++) {
        const b = buf[pos + i]!;
        if ((b >> 4) > 9 || (b & 15) > 9) throw new UnpackError(`BCD length prefix byte 0x${hex2(b)} is not two decimal digits`, pos + i, raw, f.num);
        len = len * 100 + (b >> 4) * 10 + (b & 15);
      }
      break;
    default:
      len = n === 1 ? buf[pos]! : (buf[pos]! << 8) | buf[pos + 1]!;
  }
  if (len > f.length) throw new UnpackError(`length ${len} exceeds the maximum of ${f.length}`, pos, raw, f.num);
  return len;
}

export function hex2(b: number): string {
  return HEX_UPPER[b >> 4]! + HEX_UPPER[b & 15]!;
}

/** Result slot of unpackField (avoids allocating a tuple per field). */
let nextPos = 0;

/** Where the field unpackField read last ends. */
export function unpackedEnd(): number {
  return nextPos;
}
/**
 * The message's private copy of its body: binary values are views into it, so one
 * allocation serves every b field and the caller's buffer is never aliased.
 */
let ownCopy: Buffer | undefined;

/** A new message starts (or one ended): its private copy is made afresh. */
export function releaseOwnCopy(): void {
  ownCopy = undefined;
}

export function own(buf: Buffer): Buffer {
  if (ownCopy === undefined) {
    ownCopy = Buffer.allocUnsafe(buf.length);
    buf.copy(ownCopy);
  }
  return ownCopy;
}

export function unpackField(f: CompiledField, buf: Buffer, pos: number, raw: Buffer): FieldValue {
  let len = f.length;
  if (!f.fixed) {
    len = readPrefix(f, buf, pos, raw);
    pos += f.prefixBytes;
  }
  const enc = f.enc;
  const bytes = enc === E_BCD ? (len + 1) >> 1 : enc === E_HEX ? len * 2 : len;
  if (pos + bytes > buf.length) {
    throw new UnpackError(`needs ${bytes} bytes of data, only ${buf.length - pos} left`, pos, raw, f.num);
  }
  nextPos = pos + bytes;
  switch (enc) {
    case E_BINARY:
      return own(buf).subarray(pos, pos + len);
    case E_HEX: {
      const out = Buffer.allocUnsafe(len);
      for (let i = 0; i < len; i++) {
        const hi = HEX_VAL[buf[pos + 2 * i]!]!;
        const lo = HEX_VAL[buf[pos + 2 * i + 1]!]!;
        if (hi < 0 || lo < 0) throw new UnpackError('binary data is not hex characters', pos + 2 * i, raw, f.num);
        out[i] = (hi << 4) | lo;
      }
      return out;
    }
    case E_BCD:
      return decodeBcd(f, buf, pos, len, raw);
    case E_EBCDIC: {
      const tmp = Buffer.allocUnsafe(len);
      for (let i = 0; i < len; i++) tmp[i] = EBCDIC_TO_LATIN1[buf[pos + i]!]!;
      const s = tmp.toString('latin1', 0, len);
      checkUnpackedChars(f, s, pos, raw);
      return s;
    }
    default: {
      const s = len <= 24 ? latin1Short(buf, pos, len) : buf.toString('latin1', pos, pos + len);
      if (f.charClass !== C_ANY) checkUnpackedChars(f, s, pos, raw);
      return s;
    }
  }
}

function latin1Short(buf: Buffer, pos: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(buf[pos + i]!);
  return s;
}

function checkUnpackedChars(f: CompiledField, s: string, pos: number, raw: Buffer): void {
  if (f.charClass === C_ANY) return;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (f.charClass === C_TRACK && (c === 61 || c === 68 || c === 100)) continue;
    throw new UnpackError(`byte 0x${hex2(c)} is not a ${f.charClass === C_DIGITS ? 'digit' : 'track character'}`, pos + i, raw, f.num);
  }
}

function decodeBcd(f: CompiledField, buf: Buffer, pos: number, len: number, raw: Buffer): string {
  const track = f.charClass === C_TRACK;
  const odd = (len & 1) === 1;
  const skipFirst = odd && f.padLeft;
  // Fast path: even digit count, plain digits.
  if (!odd && !track) {
    let s = '';
    const end = pos + (len >> 1);
    for (let p = pos; p < end; p++) {
      const pair = BCD_PAIR[buf[p]!]!;
      if (pair === '') throw new UnpackError(`BCD byte 0x${hex2(buf[p]!)} is not two decimal digits`, p, raw, f.num);
      s += pair;
    }
    return s;
  }
  let s = '';
  for (let k = 0; k < len; k++) {
    const nib = skipFirst ? k + 1 : k;
    const p = pos + (nib >> 1);
    const b = buf[p]!;
    const v = nib & 1 ? b & 15 : b >> 4;
    if (v < 10) s += String.fromCharCode(48 + v);
    else if (track && v === 13) s += 'D';
    else throw new UnpackError(`nibble ${HEX_UPPER[v]} is not a ${track ? 'digit or separator D' : 'decimal digit'}`, p, raw, f.num);
  }
  return s;
}

