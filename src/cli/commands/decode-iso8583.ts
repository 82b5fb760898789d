/**
 * `posbench decode iso8583 --dialect cup|ascii87 [--bitmap hex|binary]
 *   [--length-header none|binary2|ascii4] [--json] [--unmasked] FILE|-`
 *
 * Decodes captured ISO 8583 messages: raw bytes or hex text (detected; whitespace ignored),
 * one message or several length-framed ones. PAN, track and PIN data are masked unless
 * --unmasked. A message that does not decode is reported with its field and offset (exit 1).
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { PosbenchError } from '../../util/errors';
import { headerSize, type LengthHeaderKind } from '../../protocols/framing/length-prefix';
import {
  applyOptions,
  createDialect,
  describe,
  getDialect,
  loadSpecFile,
  messageJson,
  UnpackError,
  type Dialect,
  type DialectOptions,
  type IsoMessage,
  type IsoMessageJson,
  type MessageSpec,
} from '../../protocols/iso8583';

export interface DecodeIso8583Options {
  dialect: 'cup' | 'ascii87';
  bitmap?: 'hex' | 'binary';
  /** When not given the dialect's default is tried first, then the other kinds. */
  lengthHeader?: LengthHeaderKind;
  unmasked?: boolean;
  /** Decode with this spec instead of the shipped dialect's (see src/protocols/iso8583/README.md). */
  spec?: MessageSpec;
  /** Called with a human note when the input was read in a way not asked for (e.g. another length header). */
  onNote?: (note: string) => void;
}

const specDialects = new WeakMap<MessageSpec, Map<string, Dialect>>();

function dialectFor(opts: DecodeIso8583Options, options: DialectOptions = {}): Dialect {
  if (!opts.spec) return getDialect(opts.dialect, options);
  let byKey = specDialects.get(opts.spec);
  if (!byKey) specDialects.set(opts.spec, (byKey = new Map()));
  const key = JSON.stringify(options);
  let d = byKey.get(key);
  if (!d) byKey.set(key, (d = createDialect(applyOptions(opts.spec, options))));
  return d;
}

/** One decoded message in the --json shape. */
export type DecodedIso8583 = IsoMessageJson;

export class DecodeError extends PosbenchError {
  constructor(
    message: string,
    readonly messageIndex: number,
    /** Byte offset in the decoded input (after hex conversion) where the problem is. */
    readonly inputOffset: number,
    readonly field?: number,
    cause?: unknown,
  ) {
    super('DECODE_ISO8583', message, { cause });
  }
}

const LENGTH_HEADERS: LengthHeaderKind[] = ['none', 'binary2', 'ascii4'];

/** Hex text → bytes, or undefined when the text is not hex (whitespace, 0x and : separators ignored). */
export function hexTextToBytes(input: Buffer): Buffer | undefined {
  const text = input.toString('latin1').replace(/0x/gi, '').replace(/[\s:]+/g, '');
  if (text.length === 0 || text.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(text)) return undefined;
  return Buffer.from(text, 'hex');
}

/**
 * A hex dump with offsets — xxd, hexdump -C, od -A x -t x1, Wireshark "Copy as Hex Dump" —
 * to bytes, or undefined when the text is not one. Each line: an offset, up to 16 bytes as
 * hex groups, then an optional ASCII column (after a wide gap, or between | |). Every
 * offset must equal the number of bytes before it.
 */
export function hexDumpToBytes(input: Buffer): Buffer | undefined {
  const lines = input.toString('latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return undefined;
  const out: number[] = [];
  for (const line of lines) {
    const m = /^\s*([0-9a-fA-F]{4,8}):?(\s+)(.*)$/.exec(line.replace(/\|.*\|?\s*$/, ''));
    if (!m) return undefined;
    // the offset must count the bytes so far: that is what tells a dump from plain hex
    if (parseInt(m[1]!, 16) !== out.length) return undefined;
    const rest = m[3]!;
    const tokens = rest.split(/(\s+)/); // tokens and the gaps between them
    let bytes = 0;
    for (let i = 0; i < tokens.length; i += 2) {
      const tok = tokens[i]!;
      if (tok === '') continue;
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(tok) || bytes + tok.length / 2 > 16) break;
      for (let j = 0; j < tok.length; j += 2) out.push(parseInt(tok.slice(j, j + 2), 16));
      bytes += tok.length / 2;
      const gap = tokens[i + 1] ?? '';
      if (gap.length >= 3) break; // the ASCII column follows
    }
    if (bytes === 0 && rest.trim() !== '') return undefined;
  }
  return out.length ? Buffer.from(out) : undefined;
}

function isText(b: Buffer): boolean {
  for (const c of b) if (c < 0x09 || (c > 0x0d && c < 0x20) || c > 0x7e) return false;
  return true;
}

/** Raw bytes as given; text files lose their trailing newline. */
function rawBytes(input: Buffer): Buffer {
  if (!isText(input)) return input;
  let end = input.length;
  while (end > 0 && (input[end - 1] === 0x0a || input[end - 1] === 0x0d)) end--;
  return input.subarray(0, end);
}

interface Decoded {
  msg: IsoMessage;
  offset: number;
  length: number;
}

/** Split by the length header and unpack every message; throws DecodeError. */
function decodeFrames(bytes: Buffer, dialect: Dialect, lh: LengthHeaderKind): Decoded[] {
  const out: Decoded[] = [];
  const hs = headerSize(lh);
  let pos = 0;
  let index = 0;
  if (bytes.length === 0) throw new DecodeError('input is empty', 1, 0);
  while (pos < bytes.length) {
    index++;
    let bodyStart = pos;
    let bodyEnd = bytes.length;
    if (hs) {
      if (bytes.length - pos < hs) throw new DecodeError(`message ${index} at byte ${pos}: ${bytes.length - pos} byte(s) left, too short for a ${lh} length header`, index, pos);
      let len: number;
      if (lh === 'binary2') len = bytes.readUInt16BE(pos);
      else {
        const t = bytes.subarray(pos, pos + 4).toString('latin1');
        if (!/^\d{4}$/.test(t)) throw new DecodeError(`message ${index} at byte ${pos}: ascii4 length header ${JSON.stringify(t)} is not 4 digits`, index, pos);
        len = Number(t);
      }
      bodyStart = pos + hs;
      bodyEnd = bodyStart + len;
      if (bodyEnd > bytes.length) {
        throw new DecodeError(`message ${index} at byte ${pos}: length header announces ${len} bytes but only ${bytes.length - bodyStart} follow`, index, pos);
      }
    }
    const body = bytes.subarray(bodyStart, bodyEnd);
    try {
      out.push({ msg: dialect.unpack(body), offset: bodyStart, length: body.length });
    } catch (err) {
      if (err instanceof UnpackError) {
        const at = err.field !== undefined ? `field ${err.field} (${dialect.fieldName(err.field)}) at offset ${err.offset}` : `offset ${err.offset}`;
        throw new DecodeError(`message ${index}: ${at} of the message body (byte ${bodyStart + err.offset} of the input): ${err.reason}`, index, bodyStart + err.offset, err.field, err);
      }
      throw err;
    }
    pos = bodyEnd;
  }
  return out;
}

/** Of several failed readings, report the one that got furthest into the input. */
function furthest(errors: unknown[]): unknown {
  let best: unknown = errors[0];
  for (const e of errors) {
    if (e instanceof DecodeError && (!(best instanceof DecodeError) || e.inputOffset > best.inputOffset)) best = e;
  }
  return best;
}

function decodeWith(candidates: Buffer[], dialect: Dialect, lh: LengthHeaderKind): Decoded[] {
  const errors: unknown[] = [];
  for (const c of candidates) {
    try {
      return decodeFrames(c, dialect, lh);
    } catch (err) {
      errors.push(err);
    }
  }
  throw furthest(errors);
}

/**
 * Decode every message in a capture. Returns the --json objects (masked unless opts.unmasked).
 * Throws DecodeError naming the message, field and offset.
 */
export function decodeIso8583(input: Buffer, opts: DecodeIso8583Options): DecodedIso8583[] {
  return decodeIso8583Messages(input, opts).map((d) => messageJson(d.msg, d.dialect, { unmasked: opts.unmasked === true }));
}

/** Like decodeIso8583 but returns the messages themselves with the dialect each was read with. */
export function decodeIso8583Messages(input: Buffer, opts: DecodeIso8583Options): Array<{ msg: IsoMessage; dialect: Dialect }> {
  const hex = hexTextToBytes(input);
  const raw = rawBytes(input);
  const candidates = hex ? [hex, raw] : [raw];
  const dump = isText(input) ? hexDumpToBytes(input) : undefined;
  if (dump) candidates.unshift(dump);
  const defaultHeader = dialectFor(opts).lengthHeader;
  const headers: LengthHeaderKind[] = opts.lengthHeader ? [opts.lengthHeader] : [defaultHeader, ...LENGTH_HEADERS.filter((h) => h !== defaultHeader)];
  const errors: unknown[] = [];
  let firstVariant = true;
  for (const variant of variants(opts, headers)) {
    const dialect = dialectFor(opts, variant.options);
    try {
      const decoded = decodeWith(candidates, dialect, variant.options.lengthHeader!);
      if (variant.notes.length) opts.onNote?.(`note: decoded with ${variant.notes.join(', ')} (the reading asked for, or the default, did not fit)`);
      return decoded.map((d) => ({ msg: d.msg, dialect }));
    } catch (err) {
      // the reading the user asked for (or the defaults) explains a failure best
      if (firstVariant) errors.push(err);
    }
    firstVariant = false;
  }
  // Several text lines (hex or ASCII messages, framed or not): one or more messages per line.
  const lines = input.toString('latin1').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (isText(input) && lines.length > 1) {
    const notes = new Set<string>();
    try {
      const all = lines.flatMap((line, i) => {
        try {
          return decodeIso8583Messages(Buffer.from(line.trim(), 'latin1'), { ...opts, onNote: (n) => notes.add(n) });
        } catch (err) {
          if (err instanceof DecodeError) throw new DecodeError(`line ${i + 1}: ${err.message}`, i + 1, err.inputOffset, err.field, err);
          throw err;
        }
      });
      for (const n of notes) opts.onNote?.(n);
      return all;
    } catch {
      // report the whole-input error below
    }
  }
  throw furthest(errors);
}

interface Variant {
  options: DialectOptions & { lengthHeader: LengthHeaderKind };
  /** What differs from what was asked / the defaults, for the user's note. */
  notes: string[];
}

/**
 * Readings to try, the asked-for/default one first: length header, bitmap form (ascii87),
 * fixed binary fields raw or hex (ascii87), TPDU/header present or not (cup), strict or
 * lenient maximum lengths.
 */
function* variants(opts: DecodeIso8583Options, headers: LengthHeaderKind[]): Generator<Variant> {
  const custom = opts.spec !== undefined;
  const ascii = !custom && opts.dialect === 'ascii87';
  // a spec file says what it means: only the length header and leniency are guessed
  const bitmaps: Array<'hex' | 'binary' | undefined> = opts.bitmap ? [opts.bitmap] : ascii ? ['hex', 'binary'] : [undefined];
  const binaries: Array<'raw' | 'hex' | undefined> = ascii ? ['raw', 'hex'] : [undefined];
  const frames: Array<{ tpduLength?: number; headerLength?: number; note?: string }> = custom
    ? [{}]
    : ascii
      ? [{}, { headerLength: 12, note: 'a 12-character header before the MTI (BASE24 "ISO…")' }]
      : [{}, { headerLength: 0, note: 'a TPDU but no application header' }, { tpduLength: 0, headerLength: 0, note: 'no TPDU and no application header' }];
  for (const lenient of [false, true]) {
    for (const frame of frames) {
      for (const binaryFields of binaries) {
        for (const bitmap of bitmaps) {
          for (const lh of headers) {
            const options: Variant['options'] = { lengthHeader: lh };
            const notes: string[] = [];
            if (lh !== headers[0]) notes.push(`--length-header ${lh}`);
            if (bitmap) {
              options.bitmap = bitmap;
              if (bitmap !== bitmaps[0]) notes.push(`--bitmap ${bitmap}`);
            }
            if (binaryFields) {
              options.binaryFields = binaryFields;
              if (binaryFields === 'hex') notes.push('fixed-length binary fields as hex characters');
            }
            if (frame.tpduLength !== undefined) options.tpduLength = frame.tpduLength;
            if (frame.headerLength !== undefined) options.headerLength = frame.headerLength;
            if (frame.note) notes.push(frame.note);
            if (lenient) {
              options.lenient = true;
              notes.push('lenient lengths and characters');
            }
            yield { options, notes };
          }
        }
      }
    }
  }
}

export interface DecodeIo {
  readInput(file: string): Buffer;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface DecodeCliOptions {
  dialect: 'cup' | 'ascii87';
  /** Path of a spec file (JSON/YAML) to decode with instead of the dialect's. */
  spec?: string;
  bitmap?: 'hex' | 'binary';
  lengthHeader?: LengthHeaderKind;
  json?: boolean;
  unmasked?: boolean;
}

/** The command body: returns the exit code (0 ok, 1 decode or input error). */
export function runDecodeIso8583(file: string, opts: DecodeCliOptions, io: DecodeIo): number {
  let input: Buffer;
  try {
    input = io.readInput(file);
  } catch (err) {
    io.stderr(`posbench decode iso8583: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const base: DecodeIso8583Options = { dialect: opts.dialect, unmasked: opts.unmasked === true, onNote: (n) => io.stderr(n + '\n') };
    if (opts.spec) base.spec = loadSpecFile(opts.spec);
    if (opts.bitmap) base.bitmap = opts.bitmap;
    if (opts.lengthHeader) base.lengthHeader = opts.lengthHeader;
    const messages = decodeIso8583Messages(input, base);
    if (opts.json) {
      const objs = messages.map(({ msg, dialect }) => messageJson(msg, dialect, { unmasked: opts.unmasked === true }));
      io.stdout((objs.length === 1 ? JSON.stringify(objs[0], null, 2) : JSON.stringify(objs, null, 2)) + '\n');
    } else {
      io.stdout(messages.map(({ msg, dialect }, i) => (messages.length > 1 ? `# message ${i + 1}\n` : '') + describe(msg, dialect, { unmasked: opts.unmasked === true })).join('\n\n') + '\n');
    }
    return 0;
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    io.stderr(`posbench decode iso8583: ${text}\n`);
    return 1;
  }
}

function readInputFromDisk(file: string): Buffer {
  return file === '-' ? readFileSync(0) : readFileSync(file);
}

/** Register `iso8583` under the `posbench decode` parent command. */
export function registerDecodeIso8583(decode: Command): void {
  decode
    .command('iso8583')
    .description('decode captured ISO 8583 messages (raw bytes or hex text; several length-framed messages are decoded one by one)')
    .addOption(new Option('--dialect <name>', 'message dialect').choices(['cup', 'ascii87']).makeOptionMandatory())
    .addOption(new Option('--bitmap <form>', 'bitmap as hex characters or binary bytes (ascii87)').choices(['hex', 'binary']))
    .addOption(new Option('--length-header <kind>', 'length header before each message').choices(LENGTH_HEADERS))
    .option('--spec <file>', 'decode with this spec file (JSON/YAML) instead of the dialect\'s')
    .option('--json', 'print JSON: {mti, tpdu, header, fields, tlv}')
    .option('--unmasked', 'show PAN, track and PIN data in clear')
    .argument('<file>', 'capture file, or - for standard input')
    .action((file: string, opts: DecodeCliOptions) => {
      const code = runDecodeIso8583(file, opts, {
        readInput: readInputFromDisk,
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
      if (code !== 0) process.exitCode = code;
    });
}
