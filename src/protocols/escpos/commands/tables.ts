/**
 * Tables and byte conversions the ESC/POS command table uses: barcode systems (GS k m),
 * 2D symbols (GS ( k cn), column-format bit images, CODE128 code sets.
 */
import type { CommandContext } from '../decoder-state';

export const BARCODE_TYPES: Readonly<Record<number, string>> = {
  0: 'UPC-A',
  1: 'UPC-E',
  2: 'EAN13',
  3: 'EAN8',
  4: 'CODE39',
  5: 'ITF',
  6: 'CODABAR',
  65: 'UPC-A',
  66: 'UPC-E',
  67: 'EAN13',
  68: 'EAN8',
  69: 'CODE39',
  70: 'ITF',
  71: 'CODABAR',
  72: 'CODE93',
  73: 'CODE128',
  74: 'GS1-128',
  75: 'GS1-DATABAR-OMNI',
  76: 'GS1-DATABAR-TRUNCATED',
  77: 'GS1-DATABAR-LIMITED',
  78: 'GS1-DATABAR-EXPANDED',
  79: 'CODE128-AUTO',
};

export const SYMBOL_2D: Readonly<Record<number, string>> = {
  0x30: 'PDF417',
  0x31: 'QR',
  0x32: 'MAXICODE',
  0x33: 'GS1-DATABAR-2D',
  0x34: 'COMPOSITE',
  0x35: 'AZTEC',
  0x36: 'DATAMATRIX',
};

export const EC_LEVELS = ['L', 'M', 'Q', 'H'] as const;
export const DEFAULT_TAB_COLUMNS = 8;

/** Column-format bit image (vertical bytes, MSB on top) → row-major 1-bpp raster. */
export function bitImageToRaster(data: Buffer, cols: number, rows: number): Buffer {
  const rowBytes = Math.ceil(cols / 8);
  const out = Buffer.alloc(rowBytes * rows);
  const bytesPerCol = rows / 8;
  for (let x = 0; x < cols; x++) {
    for (let k = 0; k < bytesPerCol; k++) {
      const v = data[x * bytesPerCol + k];
      if (!v) continue;
      for (let bit = 0; bit < 8; bit++) {
        if (v & (0x80 >> bit)) {
          const y = k * 8 + bit;
          out[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
        }
      }
    }
  }
  return out;
}

/**
 * CODE128 data as sent to GS k 73: "{A" "{B" "{C" select the code set, "{1".."{4" are FNC
 * codes, "{S" shift, "{{" a literal brace; in code set C each byte is two digits.
 */
export function code128Data(data: Buffer): string {
  if (data.length < 2 || data[0] !== 0x7b) return data.toString('latin1');
  let out = '';
  let set: 'A' | 'B' | 'C' = 'B';
  for (let k = 0; k < data.length; k++) {
    const b = data[k];
    if (b === 0x7b && k + 1 < data.length) {
      const s = data[k + 1];
      k++;
      if (s === 0x41 || s === 0x42 || s === 0x43) set = String.fromCharCode(s) as 'A' | 'B' | 'C';
      else if (s === 0x7b) out += '{';
      continue; // FNC1–4 and shift carry no data character
    }
    out += set === 'C' ? String(b).padStart(2, '0') : String.fromCharCode(b);
  }
  return out;
}

/** QR/2D payloads: UTF-8 when valid, otherwise Latin-1. */
export function bytesToText(b: Buffer): string {
  const s = b.toString('utf8');
  return s.includes('\ufffd') ? b.toString('latin1') : s;
}

export function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** ESC ( / FS ( x pL pH d…: a command the model skips by its 2-byte length. */
export function skipByLength(d: CommandContext, buf: Buffer, i: number): number {
  if (i + 5 > buf.length) return d.incomplete(buf, i, 5);
  const len = 5 + buf[i + 3] + 256 * buf[i + 4];
  if (i + len > buf.length) return d.incomplete(buf, i, len);
  return len;
}
