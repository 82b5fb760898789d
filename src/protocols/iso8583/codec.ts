/**
 * The ISO 8583 engine: a MessageSpec compiled once into a flat field table, then pack/unpack
 * with array lookups only. Pack writes into one growing scratch buffer and returns one copy;
 * unpack bounds-checks every read and turns any problem into an UnpackError.
 * The message level is here; each field's encoding is in field-codec.ts.
 */
import type { LengthHeaderKind } from '../framing/length-prefix';
import type { Dialect, IsoMessage } from './types';
import type { MessageSpec } from './spec';
import { prefixCapacity } from './spec';
import { PackError, UnpackError } from './errors';
import { EBCDIC_TO_LATIN1, LATIN1_TO_EBCDIC } from './ebcdic';
import * as fieldCodec from './field-codec';
import type { CompiledField, Writer } from './field-codec';

// Bound once: the hot paths below read plain constants, not module bindings (a CommonJS
// build reaches an imported binding through a getter on every use).
const { BCD_PAIR, compileField, E_BCD, E_BINARY, E_EBCDIC, E_HEX, ENC, hex2, HEX_UPPER, HEX_VAL, own, packField, releaseOwnCopy, unpackedEnd, unpackField, W } = fieldCodec;

export type { CompiledField } from './field-codec';
// ---- the dialect ----------------------------------------------------------------------------

/** A compiled dialect: the runtime form of a MessageSpec. */
export class SpecDialect implements Dialect {
  readonly name: string;
  readonly lengthHeader: LengthHeaderKind;
  readonly tpduLength: number;
  readonly headerLength: number;
  /** Bytes before the MTI (TPDU + application header). */
  readonly mtiOffset: number;
  /** Compiled fields by number (index 0 and 1 unused). */
  readonly fields: ReadonlyArray<CompiledField | undefined>;
  private readonly mtiEnc: number;
  private readonly bitmapEnc: number;
  private readonly bitmapBytes: number;

  constructor(readonly spec: MessageSpec) {
    this.name = spec.name;
    this.lengthHeader = spec.lengthHeader;
    this.tpduLength = spec.tpduLength;
    this.headerLength = spec.headerLength;
    this.mtiOffset = spec.tpduLength + spec.headerLength;
    this.mtiEnc = ENC[spec.mti.encoding]!;
    this.bitmapEnc = ENC[spec.bitmap.encoding]!;
    this.bitmapBytes = this.bitmapEnc === E_BINARY ? 8 : 16;
    const table: Array<CompiledField | undefined> = new Array(129).fill(undefined);
    for (const [key, fs] of Object.entries(spec.fields)) {
      const num = Number(key);
      if (fs.prefix !== 'fixed' && fs.length > prefixCapacity(fs.prefix, fs.prefixEncoding)) {
        throw new PackError(`spec ${spec.name}: field ${num} length does not fit its prefix`, num);
      }
      table[num] = compileField(num, fs);
    }
    this.fields = table;
  }

  fieldName(field: number): string {
    if (field === 0) return 'Message Type Indicator';
    if (field === 1) return 'Secondary Bitmap';
    return this.fields[field]?.name ?? `Field ${field}`;
  }

  field(num: number): CompiledField | undefined {
    return this.fields[num];
  }

  pack(msg: IsoMessage): Buffer {
    const w = W;
    w.pos = 0;
    if (!msg || typeof msg !== 'object') throw new PackError('message must be an object');
    // TPDU and application header.
    if (this.tpduLength) this.writeFixedBuffer(w, msg.tpdu, this.tpduLength, 'tpdu');
    if (this.headerLength) this.writeFixedBuffer(w, msg.header, this.headerLength, 'header');
    // MTI.
    const mti = msg.mti;
    if (typeof mti !== 'string' || mti.length !== 4 || !isDigits(mti)) throw new PackError(`MTI must be 4 digits, got ${JSON.stringify(mti)}`, 0, w.pos);
    w.ensure(4 + 32);
    if (this.mtiEnc === E_BCD) {
      w.buf[w.pos++] = ((mti.charCodeAt(0) - 48) << 4) | (mti.charCodeAt(1) - 48);
      w.buf[w.pos++] = ((mti.charCodeAt(2) - 48) << 4) | (mti.charCodeAt(3) - 48);
    } else if (this.mtiEnc === E_EBCDIC) {
      for (let i = 0; i < 4; i++) w.buf[w.pos++] = LATIN1_TO_EBCDIC[mti.charCodeAt(i)]!;
    } else {
      w.pos += w.buf.write(mti, w.pos, 4, 'latin1');
    }
    // Bitmap.
    const fields = msg.fields;
    if (!fields || typeof fields !== 'object') throw new PackError('fields must be an object');
    const bm = new Uint8Array(16);
    let secondary = msg.secondaryBitmap === true;
    const present: number[] = [];
    for (const key in fields) {
      const value = fields[key as unknown as number];
      if (value === undefined) continue;
      const num = +key;
      if (num === 1) continue; // derived
      if (!(num >= 2 && num <= 128 && (num | 0) === num)) throw new PackError(`field number ${JSON.stringify(key)} is not 2..128`);
      if (this.fields[num] === undefined) throw new PackError(`field ${num} is not defined in the ${this.name} spec`, num);
      if (num > 64) secondary = true;
      bm[(num - 1) >> 3]! |= 0x80 >> ((num - 1) & 7);
      present.push(num);
    }
    if (secondary) bm[0]! |= 0x80;
    const bmLen = secondary ? 16 : 8;
    if (this.bitmapEnc === E_HEX || this.bitmapEnc === E_EBCDIC) {
      for (let i = 0; i < bmLen; i++) {
        const b = bm[i]!;
        let hi = HEX_UPPER.charCodeAt(b >> 4);
        let lo = HEX_UPPER.charCodeAt(b & 15);
        if (this.bitmapEnc === E_EBCDIC) {
          hi = LATIN1_TO_EBCDIC[hi]!;
          lo = LATIN1_TO_EBCDIC[lo]!;
        }
        w.buf[w.pos++] = hi;
        w.buf[w.pos++] = lo;
      }
    } else {
      for (let i = 0; i < bmLen; i++) w.buf[w.pos++] = bm[i]!;
    }
    // Fields (for-in yields integer keys in ascending order; sort defensively if not).
    for (let i = 1; i < present.length; i++) {
      if (present[i]! < present[i - 1]!) {
        present.sort((a, b) => a - b);
        break;
      }
    }
    for (let i = 0; i < present.length; i++) {
      const num = present[i]!;
      packField(this.fields[num]!, fields[num]!, w);
    }
    const out = Buffer.allocUnsafe(w.pos);
    w.buf.copy(out, 0, 0, w.pos);
    return out;
  }

  private writeFixedBuffer(w: Writer, b: Buffer | undefined, len: number, what: string): void {
    if (!Buffer.isBuffer(b) || b.length !== len) {
      throw new PackError(`${what} must be a Buffer of ${len} bytes (the ${this.name} dialect has one), got ${Buffer.isBuffer(b) ? `${b.length} bytes` : typeof b}`, undefined, w.pos);
    }
    w.ensure(len);
    b.copy(w.buf, w.pos);
    w.pos += len;
  }

  unpack(body: Buffer): IsoMessage {
    try {
      return this.unpackUnsafe(body);
    } catch (err) {
      if (err instanceof UnpackError) throw err;
      // Defensive: nothing but UnpackError leaves unpack.
      const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      throw new UnpackError(`internal decoder error: ${(err as Error)?.message ?? String(err)}`, 0, raw);
    }
  }

  private unpackUnsafe(buf: Buffer): IsoMessage {
    if (!Buffer.isBuffer(buf)) throw new UnpackError('input is not a Buffer', 0, Buffer.alloc(0));
    const raw = buf;
    let pos = 0;
    const pre = this.mtiOffset;
    const mtiBytes = this.mtiEnc === E_BCD ? 2 : 4;
    if (buf.length < pre + mtiBytes + this.bitmapBytes) {
      throw new UnpackError(`message of ${buf.length} bytes is shorter than the ${pre + mtiBytes + this.bitmapBytes} bytes of ${pre ? 'TPDU, header, ' : ''}MTI and bitmap`, buf.length, raw);
    }
    const msg: IsoMessage = { mti: '', fields: {} };
    releaseOwnCopy();
    if (this.tpduLength) {
      msg.tpdu = own(buf).subarray(0, this.tpduLength);
      pos = this.tpduLength;
    }
    if (this.headerLength) {
      msg.header = own(buf).subarray(pos, pos + this.headerLength);
      pos += this.headerLength;
    }
    // MTI.
    let mti: string;
    if (this.mtiEnc === E_BCD) {
      const a = BCD_PAIR[buf[pos]!]!;
      const b = BCD_PAIR[buf[pos + 1]!]!;
      if (a === '' || b === '') throw new UnpackError(`MTI bytes ${hex2(buf[pos]!)}${hex2(buf[pos + 1]!)} are not BCD digits`, pos, raw, 0);
      mti = a + b;
    } else {
      const chars = this.mtiEnc === E_EBCDIC ? ebcdicSlice(buf, pos, pos + 4) : buf.toString('latin1', pos, pos + 4);
      if (!isDigits(chars)) throw new UnpackError(`MTI ${JSON.stringify(chars)} is not 4 digits`, pos, raw, 0);
      mti = chars;
    }
    msg.mti = mti;
    pos += mtiBytes;
    // Bitmap(s).
    const bm = new Uint8Array(16);
    pos = this.readBitmap(buf, pos, bm, 0, raw);
    const secondary = (bm[0]! & 0x80) !== 0;
    if (secondary) {
      if (pos + this.bitmapBytes > buf.length) {
        throw new UnpackError(`secondary bitmap needs ${this.bitmapBytes} bytes, only ${buf.length - pos} left`, pos, raw, 1);
      }
      pos = this.readBitmap(buf, pos, bm, 8, raw);
    }
    const last = secondary ? 128 : 64;
    const fields = msg.fields;
    let any2nd = false;
    for (let num = 2; num <= last; num++) {
      if ((bm[(num - 1) >> 3]! & (0x80 >> ((num - 1) & 7))) === 0) continue;
      const f = this.fields[num];
      if (f === undefined) throw new UnpackError(`bitmap announces field ${num}, which the ${this.name} spec does not define`, pos, raw, num);
      if (num > 64) any2nd = true;
      fields[num] = unpackField(f, buf, pos, raw);
      pos = unpackedEnd();
    }
    if (secondary && !any2nd) msg.secondaryBitmap = true;
    if (pos !== buf.length) throw new UnpackError(`${buf.length - pos} byte(s) left over after the last field`, pos, raw);
    releaseOwnCopy();
    return msg;
  }

  private readBitmap(buf: Buffer, pos: number, bm: Uint8Array, at: number, raw: Buffer): number {
    if (this.bitmapEnc === E_BINARY) {
      for (let i = 0; i < 8; i++) bm[at + i] = buf[pos + i]!;
      return pos + 8;
    }
    for (let i = 0; i < 8; i++) {
      let hc = buf[pos + 2 * i]!;
      let lc = buf[pos + 2 * i + 1]!;
      if (this.bitmapEnc === E_EBCDIC) {
        hc = EBCDIC_TO_LATIN1[hc]!;
        lc = EBCDIC_TO_LATIN1[lc]!;
      }
      const hi = HEX_VAL[hc]!;
      const lo = HEX_VAL[lc]!;
      if (hi < 0 || lo < 0) {
        throw new UnpackError(`bitmap character ${JSON.stringify(String.fromCharCode(hi < 0 ? hc : lc))} is not hex`, pos + 2 * i + (hi < 0 ? 0 : 1), raw, at ? 1 : undefined);
      }
      bm[at + i] = (hi << 4) | lo;
    }
    return pos + 16;
  }
}

function ebcdicSlice(buf: Buffer, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(EBCDIC_TO_LATIN1[buf[i]!]!);
  return s;
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}
