/**
 * BER-TLV (EMV field 55 and friends): multi-byte tags, short and long (81, 82, 83) lengths,
 * constructed tags parsed into children. Every error is a TlvError with the byte offset.
 */
import { PosbenchError } from '../../util/errors';

export class TlvError extends PosbenchError {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly tag?: string,
  ) {
    super('TLV', `BER-TLV error at offset ${offset}${tag ? ` (tag ${tag})` : ''}: ${reason}`);
  }
}

export interface TlvNode {
  /** Tag as uppercase hex, e.g. "9F26". */
  tag: string;
  /** Primitive tags: the value bytes. Constructed tags: the encoded children. */
  value: Buffer;
  /** Constructed tags only: the parsed children. */
  children?: TlvNode[];
}

export interface ParseTlvOptions {
  /** Parse constructed tags (bit 6 of the first tag byte) into children (default true). */
  recurse?: boolean;
  /** Accept 00 / FF padding bytes between objects (EMV allows them; default true). */
  allowPadding?: boolean;
}

/** Is this tag constructed (bit 6 of its first byte)? */
export function isConstructed(tag: string): boolean {
  return (parseInt(tag.slice(0, 2), 16) & 0x20) !== 0;
}

function hex(b: Buffer): string {
  return b.toString('hex').toUpperCase();
}

/** Parse a BER-TLV byte string into a list of nodes. */
export function parseTlv(data: Buffer, opts: ParseTlvOptions = {}): TlvNode[] {
  return parseAt(data, 0, data.length, opts.recurse !== false, opts.allowPadding !== false, 0);
}

/** Alias of parseTlv (the name the reference terminal uses). */
export const decodeTlv = parseTlv;

function parseAt(data: Buffer, start: number, end: number, recurse: boolean, allowPadding: boolean, depth: number): TlvNode[] {
  if (depth > 32) throw new TlvError(start, 'constructed tags nested more than 32 deep');
  const out: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    const first = data[pos]!;
    if (allowPadding && (first === 0x00 || first === 0xff)) {
      pos++;
      continue;
    }
    // Tag.
    const tagStart = pos;
    pos++;
    if ((first & 0x1f) === 0x1f) {
      for (;;) {
        if (pos >= end) throw new TlvError(tagStart, 'tag runs past the end of the data');
        const b = data[pos++]!;
        if ((b & 0x80) === 0) break;
        if (pos - tagStart >= 4) throw new TlvError(tagStart, 'tag longer than 4 bytes');
      }
    }
    const tag = hex(data.subarray(tagStart, pos));
    // Length.
    if (pos >= end) throw new TlvError(pos, 'length missing', tag);
    const lenStart = pos;
    let len = data[pos++]!;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 3) throw new TlvError(lenStart, `unsupported length form 0x${len.toString(16).toUpperCase()}`, tag);
      if (pos + n > end) throw new TlvError(lenStart, 'length bytes run past the end of the data', tag);
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + data[pos++]!;
    }
    if (pos + len > end) throw new TlvError(lenStart, `length ${len} runs past the end of the data (${end - pos} bytes left)`, tag);
    const value = Buffer.from(data.subarray(pos, pos + len));
    const node: TlvNode = { tag, value };
    if (recurse && (first & 0x20) !== 0) node.children = parseAt(data, pos, pos + len, recurse, allowPadding, depth + 1);
    out.push(node);
    pos += len;
  }
  return out;
}

function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  if (len <= 0xff) return Buffer.from([0x81, len]);
  if (len <= 0xffff) return Buffer.from([0x82, len >> 8, len & 0xff]);
  if (len <= 0xffffff) return Buffer.from([0x83, len >> 16, (len >> 8) & 0xff, len & 0xff]);
  throw new TlvError(0, `value of ${len} bytes is too long`);
}

function encodeTag(tag: string): Buffer {
  if (!/^([0-9A-Fa-f]{2}){1,4}$/.test(tag)) throw new TlvError(0, `tag "${tag}" is not 1–4 bytes of hex`, tag);
  const b = Buffer.from(tag, 'hex');
  const multi = (b[0]! & 0x1f) === 0x1f;
  if (!multi && b.length > 1) throw new TlvError(0, `tag ${tag}: first byte does not announce more tag bytes`, tag);
  if (multi) {
    if (b.length === 1) throw new TlvError(0, `tag ${tag}: first byte announces more tag bytes`, tag);
    for (let i = 1; i < b.length; i++) {
      const more = (b[i]! & 0x80) !== 0;
      if (more !== (i < b.length - 1)) throw new TlvError(0, `tag ${tag}: continuation bits are inconsistent`, tag);
    }
  }
  return b;
}

/** Encode nodes to BER-TLV. A node with children is encoded from its children (value ignored). */
export function encodeTlv(nodes: TlvNode[]): Buffer {
  const parts: Buffer[] = [];
  for (const node of nodes) {
    const value = node.children ? encodeTlv(node.children) : node.value;
    parts.push(encodeTag(node.tag), encodeLength(value.length), value);
  }
  return Buffer.concat(parts);
}

/**
 * Build primitive objects from tag → value (Buffer or hex). Note that a plain object lists
 * all-digit keys ("95", "82", "57") first in numeric order; pass [tag, value] pairs to keep
 * an exact order.
 */
export function tlvFromMap(map: Record<string, Buffer | string> | Array<[string, Buffer | string]>): Buffer {
  const entries = Array.isArray(map) ? map : Object.entries(map);
  return encodeTlv(entries.map(([tag, v]) => ({ tag: tag.toUpperCase(), value: Buffer.isBuffer(v) ? v : Buffer.from(v, 'hex') })));
}

/** Flatten to tag → uppercase hex (primitive tags at every depth; a repeated tag keeps the first). */
export function tlvToMap(data: Buffer | TlvNode[]): Record<string, string> {
  const nodes = Buffer.isBuffer(data) ? parseTlv(data) : data;
  const out: Record<string, string> = {};
  const walk = (list: TlvNode[]): void => {
    for (const n of list) {
      if (n.children) walk(n.children);
      else if (!(n.tag in out)) out[n.tag] = hex(n.value);
    }
  };
  walk(nodes);
  return out;
}

/** Find the first node with this tag (depth-first). */
export function findTag(nodes: TlvNode[], tag: string): TlvNode | undefined {
  const t = tag.toUpperCase();
  for (const n of nodes) {
    if (n.tag === t) return n;
    if (n.children) {
      const hit = findTag(n.children, t);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** Common EMV tag names (for describe()). */
export const EMV_TAG_NAMES: Readonly<Record<string, string>> = {
  '4F': 'Application Identifier (card)',
  '50': 'Application Label',
  '56': 'Track 1 Equivalent Data',
  '57': 'Track 2 Equivalent Data',
  '5A': 'Application PAN',
  '5F20': 'Cardholder Name',
  '5F24': 'Application Expiration Date',
  '5F2A': 'Transaction Currency Code',
  '5F34': 'PAN Sequence Number',
  '71': 'Issuer Script Template 1',
  '72': 'Issuer Script Template 2',
  '82': 'Application Interchange Profile',
  '84': 'Dedicated File Name',
  '8A': 'Authorisation Response Code',
  '91': 'Issuer Authentication Data',
  '95': 'Terminal Verification Results',
  '9A': 'Transaction Date',
  '9C': 'Transaction Type',
  '9F02': 'Amount, Authorised',
  '9F03': 'Amount, Other',
  '9F06': 'Application Identifier (terminal)',
  '9F09': 'Application Version Number',
  '9F10': 'Issuer Application Data',
  '9F1A': 'Terminal Country Code',
  '9F1E': 'Interface Device Serial Number',
  '9F1F': 'Track 1 Discretionary Data',
  '9F20': 'Track 2 Discretionary Data',
  '9F26': 'Application Cryptogram',
  '9F27': 'Cryptogram Information Data',
  '9F33': 'Terminal Capabilities',
  '9F34': 'CVM Results',
  '9F35': 'Terminal Type',
  '9F36': 'Application Transaction Counter',
  '9F37': 'Unpredictable Number',
  '9F41': 'Transaction Sequence Counter',
  '9F63': 'Card Product Identification',
  '9F6B': 'Track 2 Data (contactless)',
  '9F74': 'VLP Issuer Authorisation Code',
};

/** Tags that carry a PAN or track data: masked wherever they leave the process. */
export const SENSITIVE_TAGS: ReadonlySet<string> = new Set(['5A', '57', '56', '9F6B', '9F1F', '9F20', '5F20']);

/** Top-level tags → value (first occurrence wins). Throws TlvError (with the offset) on bad input. */
export function tlvMap(buf: Buffer): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const n of parseTlv(buf, { recurse: false })) if (!m.has(n.tag)) m.set(n.tag, n.value);
  return m;
}

/** Encode primitive [tag, value] pairs in order. */
export function encodeTlvPairs(items: Iterable<[string, Buffer]>): Buffer {
  return encodeTlv([...items].map(([tag, value]) => ({ tag, value })));
}

export { bcd, unbcd, formatYymmdd, unpredictableNumberBytes } from './emv-data';
