/**
 * Keep card numbers out of what the issuer records. The evidence timeline masks digit runs
 * in strings, but the hex of a frame is not a digit run (ASCII "6210…" is "36323130…",
 * EBCDIC is "F6F2F1F0…"), so frames are masked here before they become hex:
 * - a decoded message: every card value it carries (fields 2, 34, 35, 36, 45 and the PIN
 *   block 52) is looked for in the hex in its BCD, ASCII and EBCDIC forms and starred
 *   (PANs keep first 6 / last 4, tracks keep only the PAN's first 6, PIN blocks nothing);
 * - an undecodable frame, or a decoded one without any card-number field (a corrupted bitmap
 *   can turn the PAN's bytes into "amounts"): every run of ≥ 12 digits in any of those forms
 *   is starred, first 6 / last 4 kept (over-masking is the price of not knowing the layout).
 * Offsets and lengths stay those of the wire bytes (two hex characters per byte).
 */
import { maskPan } from '../../src/util/mask';
import { LATIN1_TO_EBCDIC } from '../../src/protocols/iso8583/ebcdic';
import type { FieldValue, IsoMessage } from '../../src/protocols/iso8583/types';
import { parseTlv, type TlvNode } from '../../src/protocols/tlv';

/** EMV tags that carry card data: 5A PAN, 57 track 2 equivalent, 56/9F6B track data, 9F1F/9F20 discretionary, 5F20 name. */
const CARD_TAGS = new Set(['5A', '57', '56', '9F6B', '9F1F', '9F20', '5F20']);

const PAN_FIELDS = [2, 34];
const TRACK_FIELDS = [35, 36, 45];

/** Star the characters of hex[from, to) except `keepHead` and `keepTail` of them. */
function star(hex: string, from: number, to: number, keepHead: number, keepTail: number): string {
  const a = from + keepHead;
  const b = to - keepTail;
  if (b <= a) return hex;
  return hex.slice(0, a) + '*'.repeat(b - a) + hex.slice(b);
}

function replaceAll(hex: string, needle: string, keepHead: number, keepTail: number): string {
  if (needle.length < 8 || needle.includes('*')) return hex;
  let i = hex.indexOf(needle);
  while (i >= 0) {
    hex = star(hex, i, i + needle.length, keepHead, keepTail);
    i = hex.indexOf(needle, i + needle.length);
  }
  return hex;
}

function asciiHex(s: string): string {
  return Buffer.from(s, 'latin1').toString('hex').toUpperCase();
}

function ebcdicHex(s: string): string {
  const b = Buffer.alloc(s.length);
  for (let i = 0; i < s.length; i++) b[i] = LATIN1_TO_EBCDIC[s.charCodeAt(i) & 0xff]!;
  return b.toString('hex').toUpperCase();
}

/** Hex of a frame body with card data masked (see the file comment). */
export function sanitizedHex(raw: Buffer, msg?: IsoMessage): string {
  let hex = raw.toString('hex').toUpperCase();
  if (!msg) return genericMask(raw, hex);
  const f = msg.fields;
  // Tracks first: their PAN part would otherwise be starred before the whole track is found.
  for (const n of TRACK_FIELDS) {
    const v = f[n];
    if (typeof v !== 'string' || v.length < 8) continue;
    const bcd = v.toUpperCase().replace(/=/g, 'D');
    hex = replaceAll(hex, bcd, 6, 0);
    hex = replaceAll(hex, asciiHex(v), 12, 0);
    hex = replaceAll(hex, ebcdicHex(v), 12, 0);
    // The PAN alone (it may also sit inside field 55, tags 57 / 5A).
    const pan = /^\d{12,19}/.exec(v)?.[0];
    if (pan) hex = replaceAll(hex, pan, 6, 4);
  }
  for (const n of PAN_FIELDS) {
    const v = f[n];
    if (typeof v !== 'string' || v.length < 8) continue;
    hex = replaceAll(hex, v, 6, 4); // BCD
    hex = replaceAll(hex, asciiHex(v), 12, 8);
    hex = replaceAll(hex, ebcdicHex(v), 12, 8);
  }
  const pin = f[52];
  if (Buffer.isBuffer(pin) && pin.length === 8) hex = replaceAll(hex, pin.toString('hex').toUpperCase(), 0, 0);
  const icc = f[55];
  if (Buffer.isBuffer(icc)) {
    let nodes: TlvNode[] = [];
    try {
      nodes = parseTlv(icc);
    } catch {
      // not TLV: the digit-run backstop below still applies
      hex = hex.replace(icc.toString('hex').toUpperCase(), (h) => genericMask(icc, h));
    }
    const found: TlvNode[] = [];
    const walk = (list: TlvNode[]): void => {
      for (const n of list) {
        if (n.children) walk(n.children);
        else if (CARD_TAGS.has(n.tag) && n.value.length >= 4) found.push(n);
      }
    };
    walk(nodes);
    // Track-like tags before 5A: the PAN inside them would otherwise be starred first.
    found.sort((a, b) => Number(a.tag === '5A') - Number(b.tag === '5A'));
    for (const n of found) hex = replaceAll(hex, n.value.toString('hex').toUpperCase(), n.tag === '5A' ? 6 : 0, n.tag === '5A' ? 4 : 0);
  }
  // No card-number field at all: either a message that carries none (sign-on, settlement, …) or
  // one whose bitmap was corrupted so that the PAN's bytes decoded as other fields. The layout
  // cannot be trusted to say where card data is: star every long digit run left, as for undecodable bytes.
  if (![...PAN_FIELDS, ...TRACK_FIELDS].some((n) => f[n] !== undefined)) hex = genericMask(raw, hex);
  return hex;
}

/** Star the middle of every ≥ 12-digit run in BCD, ASCII or EBCDIC form. */
function genericMask(raw: Buffer, hex: string): string {
  const scan = (lo: number, hi: number) => {
    let i = 0;
    while (i < raw.length) {
      if (raw[i]! >= lo && raw[i]! <= hi) {
        let j = i;
        while (j < raw.length && raw[j]! >= lo && raw[j]! <= hi) j++;
        if (j - i >= 12) hex = star(hex, 2 * i, 2 * j, 12, 8);
        i = j;
      } else i++;
    }
  };
  scan(0x30, 0x39);
  scan(0xf0, 0xf9);
  return hex.replace(/\d{12,}/g, (run) => run.slice(0, 6) + '*'.repeat(run.length - 10) + run.slice(-4));
}

/** Field values as strings for records: 2/34 masked, tracks masked, 52 hidden, binary fields as hex (55 card tags masked). */
export function maskedFields(msg: IsoMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(msg.fields)) out[k] = maskedValue(Number(k), v as FieldValue, msg);
  return out;
}

function maskedValue(field: number, v: FieldValue, msg: IsoMessage): string {
  if (field === 52) return '*'.repeat(16);
  if (Buffer.isBuffer(v)) return field === 55 ? sanitizedHex(v, msg).replace(/\d{12,19}/g, (run) => maskPan(run)) : v.toString('hex').toUpperCase();
  if (PAN_FIELDS.includes(field)) return maskPan(v);
  if (TRACK_FIELDS.includes(field)) {
    const m = /^(\d{11,19})(.*)$/s.exec(v);
    if (!m) return '*'.repeat(v.length);
    return maskPan(m[1]!) + m[2]!.replace(/[^D=^]/gi, '*');
  }
  return v;
}
