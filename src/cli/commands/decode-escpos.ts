/**
 * `posbench decode escpos [--columns 32|48] [--encoding gb18030|cp437|…] [--json]
 *   [--png FILE] [--hex] [--unmasked] FILE|-`
 *
 * Decodes a captured ESC/POS byte dump (raw bytes; hex text with --hex, or detected when
 * the file is whitespace-separated hex pairs) into receipts: one per cut, bytes after the
 * last cut form a final receipt with "cut": false. Unknown or malformed commands are listed
 * with their offset. Card-number-like digit runs in text lines (13–19 digits passing Luhn)
 * are masked unless --unmasked; barcode and QR data are shown as sent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  decodeEscPosReceipts,
  DecodeJson,
  EncodingError,
  normaliseEncoding,
  PaperColumns,
  Receipt,
  receiptFontInfo,
  renderReceiptsPng,
  toDecodeJson,
} from '../../protocols/escpos';
import { luhnValid, maskPan } from '../../util/mask';

export interface DecodeEscPosCliOptions {
  columns?: string | number;
  encoding?: string;
  json?: boolean;
  png?: string;
  hex?: boolean;
  unmasked?: boolean;
}

export interface DecodeEscPosIo {
  readInput(file: string): Buffer;
  writeFile(path: string, data: Buffer): void;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface DecodeEscPosOutput {
  /** What goes to stdout (JSON or the human view). */
  stdout: string;
  /** Notes for stderr. */
  notes: string[];
  json: DecodeJson;
  receipts: Receipt[];
  /** The PNG when asked for. */
  png?: Buffer;
}

const CARD_LIKE = /\d{13,19}/g;

/** Mask 13–19 digit runs that pass Luhn (real card numbers always do). */
export function maskCardNumbers(text: string): { text: string; masked: number } {
  let masked = 0;
  const out = text.replace(CARD_LIKE, (run) => {
    if (!luhnValid(run)) return run;
    masked++;
    return maskPan(run);
  });
  return { text: out, masked };
}

/**
 * A copy of the receipts for the PNG with card numbers masked as in the text view. The
 * image is drawn from the style segments, and a number may span several of them (part of it
 * bold): the line's segments are masked as one string and cut back at the same places
 * (masking keeps the length). Barcodes and QR codes stay as sent.
 */
export function maskReceiptsForImage(receipts: Receipt[]): Receipt[] {
  return receipts.map((r) => {
    const copy = new Receipt(r.columns);
    copy.cut = r.cut;
    copy.cutType = r.cutType;
    copy.startOffset = r.startOffset;
    copy.endOffset = r.endOffset;
    for (const it of r.items) {
      if (it.kind !== 'text') {
        copy.items.push(it);
        continue;
      }
      const whole = maskCardNumbers(it.line.segments.map((sg) => sg.text).join('')).text;
      let at = 0;
      const segments = it.line.segments.map((sg) => {
        const text = whole.slice(at, at + sg.text.length);
        at += sg.text.length;
        return { ...sg, text };
      });
      copy.items.push({ kind: 'text', line: { ...it.line, text: maskCardNumbers(it.line.text).text, segments } });
    }
    return copy;
  });
}

/** Whitespace/colon-separated hex pairs (at least one separator), or undefined. */
export function hexDumpToBytes(input: Buffer, force = false): Buffer | undefined {
  const s = input.toString('latin1').replace(/0x/gi, '').trim();
  if (!force && !/^[0-9a-fA-F]{2}([\s:,]+[0-9a-fA-F]{2})+[\s]*$/.test(s)) return undefined;
  const compact = s.replace(/[\s:,]+/g, '');
  if (compact.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(compact)) return undefined;
  return Buffer.from(compact, 'hex');
}

export class DecodeEscPosOptionError extends Error {}

/** The decoding core of the command (no I/O): parses options, decodes, formats. */
export function decodeEscPosForCli(input: Buffer, opts: DecodeEscPosCliOptions): DecodeEscPosOutput {
  const columns = Number(opts.columns ?? 48);
  if (columns !== 32 && columns !== 48) throw new DecodeEscPosOptionError(`--columns must be 32 or 48, got ${String(opts.columns)}`);
  const encoding = normaliseEncoding(opts.encoding ?? 'gb18030');
  const notes: string[] = [];
  let bytes = input;
  const hex = hexDumpToBytes(input, opts.hex === true);
  if (opts.hex && !hex) throw new DecodeEscPosOptionError('--hex: the input is not hex text');
  if (hex) {
    bytes = hex;
    if (!opts.hex) notes.push(`note: input read as a hex dump (${hex.length} bytes)`);
  }
  const result = decodeEscPosReceipts(bytes, { columns: columns as PaperColumns, encoding });
  const json = toDecodeJson(result);
  let maskedCount = 0;
  if (!opts.unmasked) {
    for (const r of json.receipts) {
      for (const l of r.lines) {
        const m = maskCardNumbers(l.text);
        l.text = m.text;
        maskedCount += m.masked;
      }
    }
  }
  let stdout: string;
  if (opts.json) {
    stdout = JSON.stringify(json, null, 2) + '\n';
  } else {
    const parts: string[] = [];
    let textMasked = 0;
    result.receipts.forEach((r, i) => {
      parts.push(`=== receipt ${i + 1} (${r.cut ? `${r.cutType ?? 'full'} cut` : 'not cut'}, bytes ${r.startOffset}–${r.endOffset}) ===`);
      let text = r.text();
      if (!opts.unmasked) {
        text = text
          .split('\n')
          .map((line) => {
            if (/^\s*\[(BARCODE|QR) /.test(line)) return line;
            const m = maskCardNumbers(line);
            textMasked += m.masked;
            return m.text;
          })
          .join('\n');
      }
      parts.push(text);
    });
    if (result.receipts.length === 0) parts.push('(no receipts: nothing visible was printed)');
    if (result.unknown.length > 0) {
      parts.push(`--- ${result.unknown.length} unknown or malformed command(s) ---`);
      for (const u of result.unknown.slice(0, 200)) parts.push(`offset ${u.offset}: ${u.bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ')} — ${u.reason}`);
      if (result.unknown.length > 200) parts.push(`… ${result.unknown.length - 200} more (see --json)`);
    }
    stdout = parts.join('\n') + '\n';
    maskedCount = textMasked;
  }
  if (maskedCount > 0 && !opts.unmasked) notes.push(`note: ${maskedCount} card-number-like digit run(s) masked (--unmasked to show them)`);
  const out: DecodeEscPosOutput = { stdout, notes, json, receipts: result.receipts };
  if (opts.png) {
    out.png = renderReceiptsPng(opts.unmasked ? result.receipts : maskReceiptsForImage(result.receipts));
    const f = receiptFontInfo();
    if (f.note) notes.push(`note: ${f.note}`);
  }
  return out;
}

/** The command body: returns the exit code (0 ok, 1 input or option error). */
export function runDecodeEscPos(file: string, opts: DecodeEscPosCliOptions, io: DecodeEscPosIo): number {
  let input: Buffer;
  try {
    input = io.readInput(file);
  } catch (err) {
    io.stderr(`posbench decode escpos: cannot read ${file}: ${(err as Error).message}\n`);
    return 1;
  }
  let out: DecodeEscPosOutput;
  try {
    out = decodeEscPosForCli(input, opts);
  } catch (err) {
    if (err instanceof DecodeEscPosOptionError || err instanceof EncodingError) {
      io.stderr(`posbench decode escpos: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  io.stdout(out.stdout);
  if (opts.png && out.png) {
    try {
      io.writeFile(opts.png, out.png);
      out.notes.push(`wrote ${opts.png} (${out.receipts.length} receipt${out.receipts.length === 1 ? '' : 's'})`);
    } catch (err) {
      io.stderr(`posbench decode escpos: cannot write ${opts.png}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  for (const n of out.notes) io.stderr(n + '\n');
  return 0;
}

/** Register `escpos` under the `posbench decode` parent command. */
export function registerDecodeEscPos(decode: Command): void {
  decode
    .command('escpos')
    .description('decode a captured ESC/POS printer byte stream into receipts (text, barcodes, QR codes, images, cuts)')
    .addOption(new Option('--columns <n>', 'paper width in columns: 32 (58 mm) or 48 (80 mm)').choices(['32', '48']).default('48'))
    .option('--encoding <name>', "printer's power-on character set: gb18030 (Chinese mode on), gbk, big5, cp437, cp858, windows-1252 …", 'gb18030')
    .option('--json', 'print JSON: {receipts: [{lines, barcodes, qrcodes, images, cut}], unknown: [{offset, bytes}]}')
    .option('--png <file>', 'also render the receipts to a PNG image')
    .option('--hex', 'the input is hex text (detected automatically when it is whitespace-separated hex pairs)')
    .option('--unmasked', 'show card-number-like digit runs in clear')
    .argument('<file>', 'byte dump, or - for standard input')
    .action((file: string, opts: DecodeEscPosCliOptions) => {
      const code = runDecodeEscPos(file, opts, {
        readInput: (f) => (f === '-' ? readFileSync(0) : readFileSync(f)),
        writeFile: (p, d) => writeFileSync(p, d),
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
      });
      if (code !== 0) process.exitCode = code;
    });
}
