/**
 * Field 64/128 MAC: ANSI X9.19 retail CBC-MAC (single-DES CBC with K1 over the zero-padded
 * data, then the last block decrypted with K2 and encrypted with K1), via node:crypto.
 * An 8-byte key gives the plain X9.9 single-DES CBC-MAC.
 *
 * The MAC covers the message from the MTI to the end of the field before the MAC, with the
 * bitmap bit of the MAC field set (TPDU and application header excluded), as CUP terminals do.
 */
import { createCipheriv, createDecipheriv, timingSafeEqual } from 'node:crypto';
import type { Dialect, IsoMessage } from './types';
import { SpecDialect } from './codec';
import { PackError } from './errors';

const ZERO_IV = Buffer.alloc(8);

function desKey3(k: Buffer): Buffer {
  return Buffer.concat([k, k, k]);
}

/** Single-DES ECB/CBC is not in OpenSSL 3's default provider: run it as 3DES with K|K|K. */
function desCbcLastBlock(key8: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('des-ede3-cbc', desKey3(key8), ZERO_IV);
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(data), c.final()]);
  return out.subarray(out.length - 8);
}

function desEcb(key8: Buffer, block: Buffer, decrypt: boolean): Buffer {
  const c = decrypt ? createDecipheriv('des-ede3-ecb', desKey3(key8), null) : createCipheriv('des-ede3-ecb', desKey3(key8), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/** ISO 9797-1 padding method 1: zero bytes up to a multiple of 8 (one zero block for empty data). */
function zeroPad(data: Buffer): Buffer {
  const len = data.length === 0 ? 8 : Math.ceil(data.length / 8) * 8;
  if (len === data.length) return data;
  const out = Buffer.alloc(len);
  data.copy(out);
  return out;
}

/** 8-byte MAC. key: 16 bytes (X9.19 retail MAC, K1|K2) or 8 bytes (X9.9). */
export function computeMac(key: Buffer, data: Buffer): Buffer {
  if (!Buffer.isBuffer(key) || (key.length !== 16 && key.length !== 8)) {
    throw new PackError(`MAC key must be 16 bytes (3DES K1|K2) or 8 bytes (DES), got ${Buffer.isBuffer(key) ? key.length : typeof key}`, 64);
  }
  const k1 = key.subarray(0, 8);
  const h = desCbcLastBlock(k1, zeroPad(data));
  if (key.length === 8) return h;
  return desEcb(k1, desEcb(key.subarray(8, 16), h, true), false);
}

/** The field that carries the MAC: 128 when the message has a secondary bitmap, else 64. */
export function macField(msg: IsoMessage): 64 | 128 {
  if (msg.secondaryBitmap) return 128;
  for (const k in msg.fields) {
    const n = +k;
    if (n > 64 && n !== 128 && msg.fields[n] !== undefined) return 128;
  }
  return 64;
}

/** The bytes the MAC covers: MTI … end of the field before the MAC (MAC bit set in the bitmap). */
export function macInput(dialect: Dialect, msg: IsoMessage): Buffer {
  const field = macField(msg);
  const fields = { ...msg.fields, [field]: Buffer.alloc(8) };
  if (field === 128) delete fields[64];
  const packed = dialect.pack({ ...msg, fields });
  let start: number;
  let macBytes = 8;
  if (dialect instanceof SpecDialect) {
    start = dialect.mtiOffset;
    macBytes = dialect.field(field)?.maxWireBytes ?? 8;
  } else {
    start = (msg.tpdu?.length ?? 0) + (msg.header?.length ?? 0);
  }
  return packed.subarray(start, packed.length - macBytes);
}

/** A copy of msg with its MAC field (64, or 128 with a secondary bitmap) set. */
export function setMac(dialect: Dialect, msg: IsoMessage, key: Buffer): IsoMessage {
  const field = macField(msg);
  const mac = computeMac(key, macInput(dialect, msg));
  const fields = { ...msg.fields, [field]: mac };
  if (field === 128) delete fields[64];
  return { ...msg, fields };
}

/** Does the message carry a correct MAC? False when the MAC field is absent or wrong. */
export function verifyMac(dialect: Dialect, msg: IsoMessage, key: Buffer): boolean {
  const field = macField(msg);
  const got = msg.fields[field];
  if (!Buffer.isBuffer(got) || got.length !== 8) return false;
  let want: Buffer;
  try {
    want = computeMac(key, macInput(dialect, msg));
  } catch {
    return false;
  }
  return timingSafeEqual(got, want);
}
