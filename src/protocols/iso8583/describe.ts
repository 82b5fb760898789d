/**
 * Human and JSON views of a message, with sensitive data masked by default:
 * fields the spec marks (2, 34 PAN; 35, 36, 45 track; 52 PIN block) and the PAN/track tags
 * inside TLV fields (5A, 57, 56, 9F6B, 9F1F, 9F20, 5F20).
 */
import { decode as iconvDecode } from 'iconv-lite';
import { maskPan, maskPansInText } from '../../util/mask';
import { EMV_TAG_NAMES, SENSITIVE_TAGS, parseTlv, type TlvNode } from '../tlv';
import type { Dialect, FieldValue, IsoMessage } from './types';
import { SpecDialect, type CompiledField } from './codec';
import type { MaskKind } from './spec';

const DEFAULT_MASKS: Record<number, MaskKind> = { 2: 'pan', 34: 'pan', 35: 'track', 36: 'track', 45: 'track', 52: 'secret' };

export interface DescribeOptions {
  /** Show PAN, track and PIN data in clear (only for a bench technician's own eyes). */
  unmasked?: boolean;
}

/** Mask track data: the PAN part first 6/last 4, everything after the separator starred. */
export function maskTrack(track: string): string {
  const m = /^([^0-9]*)([0-9]+)(.*)$/s.exec(track);
  if (!m) return '*'.repeat(track.length);
  const [, lead, digits, rest] = m as unknown as [string, string, string, string];
  const pan = digits.length > 19 ? '*'.repeat(digits.length - 4) + digits.slice(-4) : maskPan(digits);
  // track 1 (^NAME^…): only the ^ separators stay; track 2/3: the D or = separators stay
  return lead + pan + (rest.includes('^') ? rest.replace(/[^^]/g, '*') : rest.replace(/[^D=]/g, '*'));
}

function maskValue(kind: MaskKind, text: string): string {
  if (kind === 'pan') return maskPan(text);
  if (kind === 'track') return maskTrack(text);
  return '*'.repeat(text.length);
}

function compiled(dialect: Dialect, num: number): CompiledField | undefined {
  return dialect instanceof SpecDialect ? dialect.field(num) : undefined;
}

// A spec without `mask`/`tlv` keys (one written for another tool, or by hand) must not show
// PAN, track, PIN or ICC data in clear: the standard fields fall back to the default masks.
function maskKindOf(dialect: Dialect, num: number): MaskKind | undefined {
  const f = compiled(dialect, num);
  return f?.mask ?? DEFAULT_MASKS[num];
}

function isTlvField(dialect: Dialect, num: number): boolean {
  const f = compiled(dialect, num);
  return f ? f.tlv || (num === 55 && f.isBinary) : num === 55;
}

const ASCII_HEX = /^(?:[0-9A-Fa-f]{2})+$/;

/**
 * The BER-TLV bytes of a TLV field: the field itself, or — when an implementation carried
 * field 55 as ASCII hex characters (moov-io Spec87ASCII, iso_8583 npm) — those characters decoded.
 * Throws TlvError when neither parses.
 */
export function tlvNodesOf(value: Buffer): TlvNode[] {
  try {
    return parseTlv(value);
  } catch (err) {
    const text = value.toString('latin1');
    if (ASCII_HEX.test(text)) {
      try {
        return parseTlv(Buffer.from(text, 'hex'));
      } catch {
        // fall through to the original error
      }
    }
    throw err;
  }
}

/** Hex of bytes that could not be parsed: every run of 12+ decimal digits keeps only its first 6 and last 4. */
export function maskDigitRuns(hex: string): string {
  return hex.replace(/\d{12,}/g, (r) => r.slice(0, 6) + '*'.repeat(r.length - 10) + r.slice(-4));
}

/** A TLV value as text, masked when the tag carries a PAN or track data. */
export function tlvValueText(tag: string, value: Buffer, unmasked: boolean): string {
  const hex = value.toString('hex').toUpperCase();
  if (unmasked || !SENSITIVE_TAGS.has(tag)) return hex;
  if (tag === '5A') return maskPan(hex.replace(/F+$/, ''));
  if (tag === '57' || tag === '9F6B') return maskTrack(hex.replace(/F+$/, ''));
  return '*'.repeat(hex.length);
}

/** Field value as the text the CLI/describe show: characters, or uppercase hex for binary; masked unless asked. */
export function fieldText(dialect: Dialect, num: number, value: FieldValue, unmasked = false): string {
  if (Buffer.isBuffer(value)) {
    let hex = value.toString('hex').toUpperCase();
    if (isTlvField(dialect, num)) {
      let nodes: TlvNode[] | undefined;
      try {
        nodes = tlvNodesOf(value);
        // TLV carried as ASCII hex characters: show those characters, not their codes
        if (!isRawTlv(value)) hex = value.toString('latin1').toUpperCase();
      } catch {
        nodes = undefined;
      }
      if (unmasked) return hex;
      const kind = maskKindOf(dialect, num);
      if (kind) return maskValue(kind, hex);
      // the hex of a TLV field can hold a PAN (5A) or track (57): rebuild it with those masked
      return nodes ? maskTlvHex(nodes) : maskDigitRuns(hex);
    }
    if (unmasked) return hex;
    const kind = maskKindOf(dialect, num);
    return kind ? maskValue(kind, hex) : hex;
  }
  const shown = displayText(dialect, value);
  if (unmasked) return shown;
  const kind = maskKindOf(dialect, num);
  if (kind) return maskValue(kind, shown);
  const f = compiled(dialect, num);
  if (f && !f.fixed && f.charClass === 0) return maskPansInText(shown);
  return shown;
}

function isRawTlv(value: Buffer): boolean {
  try {
    parseTlv(value);
    return true;
  } catch {
    return false;
  }
}

/** Text with bytes above 0x7F shown in the spec's textCharset when they decode cleanly. */
function displayText(dialect: Dialect, text: string): string {
  const charset = dialect instanceof SpecDialect ? dialect.spec.textCharset : undefined;
  if (!charset || !/[\u0080-\u00ff]/.test(text)) return text;
  const decoded = iconvDecode(Buffer.from(text, 'latin1'), charset);
  return decoded.includes('\ufffd') ? text : decoded;
}

function maskTlvHex(nodes: TlvNode[]): string {
  let out = '';
  for (const n of nodes) {
    const inner = n.children ? maskTlvHex(n.children) : tlvValueText(n.tag, n.value, false);
    const len = n.children ? Buffer.from(inner.replace(/\*/g, '0'), 'hex').length : n.value.length;
    out += n.tag + lengthHex(len) + inner;
  }
  return out;
}

function lengthHex(len: number): string {
  if (len < 0x80) return len.toString(16).padStart(2, '0').toUpperCase();
  if (len <= 0xff) return '81' + len.toString(16).padStart(2, '0').toUpperCase();
  return '82' + len.toString(16).padStart(4, '0').toUpperCase();
}

/** Flatten a TLV field into tag → hex (masked unless asked). Throws TlvError on bad TLV. */
export function tlvFieldMap(value: Buffer, unmasked = false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (list: TlvNode[]): void => {
    for (const n of list) {
      if (n.children) walk(n.children);
      else if (!(n.tag in out)) out[n.tag] = tlvValueText(n.tag, n.value, unmasked);
    }
  };
  walk(tlvNodesOf(value));
  return out;
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** A human dump: one line per field, "F002 Primary Account Number: 621094******0021". */
export function describe(msg: IsoMessage, dialect: Dialect, opts: DescribeOptions = {}): string {
  const unmasked = opts.unmasked === true;
  const lines: string[] = [`${dialect.name} ${msg.mti}`];
  if (msg.tpdu) lines.push(`  TPDU   ${msg.tpdu.toString('hex').toUpperCase()}`);
  if (msg.header) {
    const printable = /^[\x20-\x7e]+$/.test(msg.header.toString('latin1'));
    lines.push(`  Header ${msg.header.toString('hex').toUpperCase()}${printable ? ` ("${msg.header.toString('latin1')}")` : ''}`);
  }
  const nums = Object.keys(msg.fields)
    .map(Number)
    .filter((n) => msg.fields[n] !== undefined)
    .sort((a, b) => a - b);
  if (msg.secondaryBitmap || nums.some((n) => n > 64)) lines.push(`  F001 ${dialect.fieldName(1)}: present`);
  for (const num of nums) {
    const value = msg.fields[num]!;
    const name = dialect.fieldName(num);
    if (isTlvField(dialect, num) && Buffer.isBuffer(value)) {
      let nodes: TlvNode[] | undefined;
      try {
        nodes = tlvNodesOf(value);
      } catch (err) {
        const hex = value.toString('hex').toUpperCase();
        lines.push(`  F${pad3(num)} ${name}: ${unmasked ? hex : maskDigitRuns(hex)} (${value.length} bytes, not BER-TLV: ${(err as Error).message})`);
        continue;
      }
      lines.push(`  F${pad3(num)} ${name}: ${value.length} bytes of TLV`);
      const walk = (list: TlvNode[], depth: number): void => {
        for (const n of list) {
          const tagName = EMV_TAG_NAMES[n.tag] ?? 'tag';
          if (n.children) {
            lines.push(`${'  '.repeat(depth + 3)}${n.tag} ${tagName}:`);
            walk(n.children, depth + 1);
          } else lines.push(`${'  '.repeat(depth + 3)}${n.tag} ${tagName}: ${tlvValueText(n.tag, n.value, unmasked)}`);
        }
      };
      walk(nodes, 0);
      continue;
    }
    const text = fieldText(dialect, num, value, unmasked);
    const shown = Buffer.isBuffer(value) ? text : JSON.stringify(text);
    lines.push(`  F${pad3(num)} ${name}: ${shown}`);
  }
  return lines.join('\n');
}

/** A message as plain JSON (the CLI's --json shape): fields as characters, binary as uppercase hex, TLV fields also as tag maps. */
export interface IsoMessageJson {
  mti: string;
  tpdu?: string;
  header?: string;
  fields: Record<string, string>;
  tlv?: Record<string, Record<string, string>>;
}

/** The JSON view of a message, masked unless opts.unmasked (for evidence, reports and the CLI). */
export function messageJson(msg: IsoMessage, dialect: Dialect, opts: DescribeOptions = {}): IsoMessageJson {
  const unmasked = opts.unmasked === true;
  const out: IsoMessageJson = { mti: msg.mti, fields: {} };
  if (msg.tpdu) out.tpdu = msg.tpdu.toString('hex').toUpperCase();
  if (msg.header) out.header = msg.header.toString('hex').toUpperCase();
  const nums = Object.keys(msg.fields)
    .map(Number)
    .sort((a, b) => a - b);
  for (const num of nums) {
    const value = msg.fields[num];
    if (value === undefined) continue;
    out.fields[String(num)] = fieldText(dialect, num, value, unmasked);
    if (isTlvField(dialect, num) && Buffer.isBuffer(value)) {
      try {
        (out.tlv ??= {})[String(num)] = tlvFieldMap(value, unmasked);
      } catch {
        // not BER-TLV: the field itself is still shown (masked), without a tag map
      }
    }
  }
  return out;
}
