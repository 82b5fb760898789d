/**
 * Working keys the issuer hands out at sign-on (field 62) and the PIN-block check.
 *
 * Field 62 of the 0810 (32 bytes):  PIK (16) · MAK (16)  — the MAC key is the last 16 bytes.
 * - keys are double-length 3DES keys;
 * - with no master key configured the keys travel in clear (the default, documented);
 *   with `masterKey` (TMK, 16 bytes) each key is 3DES-ECB encrypted under it.
 * keyCheckValue() (first 4 bytes of 3DES-ECB(key, 8 × 00)) is offered for evidence/debugging.
 * PIN block (field 52): ISO 9564 format 0, 3DES-ECB encrypted under the PIK.
 */
import * as crypto from 'node:crypto';

export interface WorkingKeys {
  /** PIN key (PIK / TPK), 16 bytes. */
  pinKey: Buffer;
  /** MAC key (MAK / TAK), 16 bytes: what the terminal uses for field 64. */
  macKey: Buffer;
}

function ede3(key16: Buffer): Buffer {
  if (key16.length !== 16) throw new RangeError(`3DES key must be 16 bytes, got ${key16.length}`);
  return Buffer.concat([key16, key16.subarray(0, 8)]);
}

export function tdesEcbEncrypt(key16: Buffer, data: Buffer): Buffer {
  const c = crypto.createCipheriv('des-ede3', ede3(key16), null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function tdesEcbDecrypt(key16: Buffer, data: Buffer): Buffer {
  const d = crypto.createDecipheriv('des-ede3', ede3(key16), null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

/** Key check value: first 4 bytes of the key encrypting eight zero bytes. */
export function keyCheckValue(key16: Buffer): Buffer {
  return tdesEcbEncrypt(key16, Buffer.alloc(8)).subarray(0, 4);
}

export const FIELD62_LENGTH = 32;

/** Build field 62 of the sign-on response. */
export function encodeWorkingKeys(keys: WorkingKeys, masterKey?: Buffer): Buffer {
  const wrap = (k: Buffer) => (masterKey ? tdesEcbEncrypt(masterKey, k) : k);
  return Buffer.concat([wrap(keys.pinKey), wrap(keys.macKey)]);
}

/** Read field 62 (the terminal's side). Throws RangeError on a wrong length. */
export function decodeWorkingKeys(field62: Buffer, masterKey?: Buffer): WorkingKeys {
  if (field62.length !== FIELD62_LENGTH) throw new RangeError(`field 62 must be ${FIELD62_LENGTH} bytes, got ${field62.length}`);
  const unwrap = (k: Buffer) => (masterKey ? tdesEcbDecrypt(masterKey, k) : Buffer.from(k));
  return { pinKey: unwrap(field62.subarray(0, 16)), macKey: unwrap(field62.subarray(16, 32)) };
}

function panBlock(pan: string): Buffer {
  // 12 right-most PAN digits excluding the check digit, left-padded with 0000.
  const digits = pan.slice(0, -1).slice(-12).padStart(12, '0');
  return Buffer.from('0000' + digits, 'hex');
}

/** ISO 9564 format 0 PIN block, encrypted under the PIN key (the terminal's side, for tests and the bench). */
export function encryptPinBlock(pinKey: Buffer, pin: string, pan: string): Buffer {
  if (!/^\d{4,12}$/.test(pin)) throw new RangeError('PIN must be 4–12 digits');
  const pinField = Buffer.from(('0' + pin.length.toString(16) + pin).padEnd(16, 'F'), 'hex');
  const pb = panBlock(pan);
  const clear = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) clear[i] = pinField[i]! ^ pb[i]!;
  return tdesEcbEncrypt(pinKey, clear);
}

/** The clear PIN inside an encrypted format-0 block, or undefined when the block is not a valid format-0 block. */
export function decryptPinBlock(pinKey: Buffer, block: Buffer, pan: string): string | undefined {
  if (block.length !== 8) return undefined;
  const clear = tdesEcbDecrypt(pinKey, block);
  const pb = panBlock(pan);
  const x = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) x[i] = clear[i]! ^ pb[i]!;
  const hex = x.toString('hex').toUpperCase();
  if (hex[0] !== '0') return undefined;
  const len = parseInt(hex[1]!, 16);
  if (len < 4 || len > 12) return undefined;
  const pin = hex.slice(2, 2 + len);
  if (!/^\d+$/.test(pin) || !/^F*$/.test(hex.slice(2 + len))) return undefined;
  return pin;
}
