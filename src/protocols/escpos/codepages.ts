/**
 * Character tables: ESC t n code pages (Epson numbering) and the multi-byte encodings
 * used in Chinese (kanji) mode. Text is decoded with iconv-lite.
 */
import iconv from 'iconv-lite';
import { PosbenchError } from '../../util/errors';

/** ESC t n → iconv-lite encoding (Epson's table; pages iconv-lite lacks are left out). */
export const ESC_T_CODEPAGES: Readonly<Record<number, string>> = {
  0: 'cp437',
  1: 'shift_jis', // Katakana: JIS X 0201 half-width katakana in 0xA1–0xDF
  2: 'cp850',
  3: 'cp860',
  4: 'cp863',
  5: 'cp865',
  13: 'cp857',
  14: 'cp737',
  15: 'iso-8859-7',
  16: 'windows-1252',
  17: 'cp866',
  18: 'cp852',
  19: 'cp858',
  21: 'tis620',
  26: 'tis620',
  32: 'cp720',
  33: 'cp775',
  34: 'cp855',
  35: 'cp861',
  36: 'cp862',
  37: 'cp864',
  38: 'cp869',
  39: 'iso-8859-2',
  40: 'iso-8859-15',
  44: 'cp1125',
  45: 'windows-1250',
  46: 'windows-1251',
  47: 'windows-1253',
  48: 'windows-1254',
  49: 'windows-1255',
  50: 'windows-1256',
  51: 'windows-1257',
  52: 'windows-1258',
};

/** Encodings whose characters take more than one byte: they are used in Chinese (kanji) mode. */
const MULTIBYTE = new Set(['gb18030', 'gbk', 'gb2312', 'cp936', 'big5', 'cp950', 'shiftjis', 'shift_jis', 'sjis', 'cp932', 'euckr', 'euc-kr', 'cp949']);

export class EncodingError extends PosbenchError {
  constructor(readonly encoding: string) {
    super('ESCPOS_ENCODING', `unknown encoding "${encoding}" (try gb18030, cp437, cp858, windows-1252 …)`);
  }
}

export function normaliseEncoding(name: string): string {
  const n = name.trim().toLowerCase();
  if (!iconv.encodingExists(n)) throw new EncodingError(name);
  return n;
}

export function isMultiByte(encoding: string): boolean {
  return MULTIBYTE.has(encoding.toLowerCase().replace(/[^a-z0-9_-]/g, ''));
}

export type MultiByteFamily = 'gb18030' | 'sjis' | 'double';

export function multiByteFamily(encoding: string): MultiByteFamily {
  const e = encoding.toLowerCase();
  if (e.startsWith('gb') || e === 'cp936') return 'gb18030';
  if (e.includes('jis') || e === 'cp932') return 'sjis';
  return 'double';
}

/** A 256-entry byte → string table for a single-byte code page (fast decoding). */
const tableCache = new Map<string, string[]>();
export function singleByteTable(encoding: string): string[] {
  let t = tableCache.get(encoding);
  if (!t) {
    t = [];
    for (let b = 0; b < 256; b++) {
      let ch = iconv.decode(Buffer.from([b]), encoding);
      if (ch.length === 0) ch = '\ufffd';
      // Epson's PC857 and PC858 pages carry the euro sign at 0xD5.
      if (b === 0xd5 && (encoding === 'cp857' || encoding === 'cp858') && ch === '\ufffd') ch = '€';
      t.push(ch);
    }
    tableCache.set(encoding, t);
  }
  return t;
}
