/**
 * Barcode and QR symbols for the PNG renderer: the receipt model's barcode types mapped to
 * bwip-js encoders, the symbol's module pattern from `bwipjs.raw` (synchronous), laid out in
 * printer dots the way ESC/POS prints it (GS w module width, GS h height, QR module size).
 * Results are cached by (encoder, data, options): bwip-js takes a few ms for a QR code.
 * Nothing here throws: data a symbology cannot encode gives `{ kind: 'error', message }`.
 */
import bwipjs = require('bwip-js');
import type { ReceiptBarcode, ReceiptQrCode } from './receipt';

/** A linear symbol: element widths in dots, bar first, bars and spaces alternating. */
export interface LinearSymbol {
  kind: 'linear';
  bcid: string;
  /** Element widths in dots (index 0, 2, 4 … are bars). */
  widths: number[];
  widthDots: number;
  /** Bar height in dots. */
  heightDots: number;
  /** The human-readable line (for EAN/UPC with the check digit). */
  hri: string;
}

/**
 * A 2D symbol: `cols` × `rows` modules, row-major, 1 = dark; each module `module` dots wide
 * and `moduleHeight` dots high (square except PDF417, whose rows are 3 modules high).
 */
export interface MatrixSymbol {
  kind: 'matrix';
  bcid: string;
  cols: number;
  rows: number;
  pixs: Uint8Array;
  module: number;
  moduleHeight: number;
  widthDots: number;
  heightDots: number;
}

export interface SymbolError {
  kind: 'error';
  message: string;
}

export type SymbolLayout = LinearSymbol | MatrixSymbol | SymbolError;

/** What bwip-js is asked for one receipt symbol. */
export interface BwipRequest {
  bcid: string;
  text: string;
  options: Record<string, string | boolean>;
}

/** HRI as the encoder writes it (EAN/UPC with the check digit, DataBar with "(01)"); others print the data. */
const HRI_FROM_ENCODER = new Set(['UPC-A', 'UPC-E', 'EAN13', 'EAN8', 'GS1-DATABAR-OMNI', 'GS1-DATABAR-TRUNCATED', 'GS1-DATABAR-LIMITED', 'GS1-DATABAR-EXPANDED']);

/** Binary symbologies: GS w n gives narrow = n, wide = n × 2.5 dots (Epson table 2:5, 3:8, 4:10, 5:13, 6:15). */
const BINARY_LEVEL = new Set(['CODE39', 'ITF', 'CODABAR']);

/**
 * bwip-js encoder and text for a receipt barcode, or an error message when there is none.
 * The model's data are the bytes the host sent (Latin-1 per byte; CODE128 `{A {B {C {1…{4 {S`
 * already decoded by the decoder); they are passed with `binarytext` so bwip-js encodes the
 * same bytes. 2D data (UTF-8 when valid) go back to their original bytes first.
 */
export function bwipRequestForBarcode(b: Pick<ReceiptBarcode, 'type' | 'data'>): BwipRequest | SymbolError {
  const data = b.data;
  if (data.length === 0) return err('no data');
  const bin = (bcid: string, text: string, options: Record<string, string | boolean> = {}): BwipRequest => ({
    bcid,
    text: toBinaryText(text),
    options: { ...options, binarytext: true },
  });
  switch (b.type) {
    case 'UPC-A':
      return bin('upca', data, { includetext: true });
    case 'UPC-E':
      // 6 digits: number system 0 implied; 7/8: with number system (and check digit); 11/12: UPC-A form.
      return bin('upce', /^\d{6}$/.test(data) ? `0${data}` : data, { includetext: true });
    case 'EAN13':
      return bin('ean13', data, { includetext: true });
    case 'EAN8':
      return bin('ean8', data, { includetext: true });
    case 'CODE39': {
      // The printer adds the '*' start/stop characters; ones sent in the data are not doubled.
      const m = /^\*(.*)\*$/s.exec(data);
      const body = m ? m[1] : data;
      return body ? bin('code39', body) : err('no data between the * start/stop characters');
    }
    case 'ITF':
      return bin('interleaved2of5', data);
    case 'CODABAR': {
      // Start/stop characters a–d are accepted in either case.
      const t = data.length >= 2 ? data[0].toUpperCase() + data.slice(1, -1) + data[data.length - 1].toUpperCase() : data;
      return bin('rationalizedCodabar', t);
    }
    case 'CODE93':
      return bin('code93ext', data); // full ASCII, as GS k 72 takes 0–127
    case 'CODE128':
    case 'CODE128-AUTO':
      return bin('code128', data);
    case 'GS1-128':
      // FNC1 in first position; FNC1 separators between variable-length AIs are not in the model.
      return bin('code128', `^FNC1${data.replace(/\^/g, '^^')}`, { parsefnc: true });
    case 'GS1-DATABAR-OMNI':
      return bin('databaromni', gtin01(data));
    case 'GS1-DATABAR-TRUNCATED':
      return bin('databartruncated', gtin01(data));
    case 'GS1-DATABAR-LIMITED':
      return bin('databarlimited', gtin01(data));
    case 'GS1-DATABAR-EXPANDED':
      return bin('databarexpanded', data);
    case 'PDF417':
      return { bcid: 'pdf417', text: payloadText(data), options: { binarytext: true } };
    case 'DATAMATRIX':
      return { bcid: 'datamatrix', text: payloadText(data), options: { binarytext: true } };
    case 'AZTEC':
      return { bcid: 'azteccode', text: payloadText(data), options: { binarytext: true } };
    default:
      return err(`no renderer for ${b.type} symbols`);
  }
}

/** bwip-js request for a QR code: model 2 (also used for model 1, which bwip-js lacks), model 3 = Micro QR. */
export function bwipRequestForQr(q: Pick<ReceiptQrCode, 'data' | 'model' | 'errorCorrection'>): BwipRequest | SymbolError {
  if (q.data.length === 0) return err('no data');
  return {
    bcid: q.model === 3 ? 'microqrcode' : 'qrcode',
    text: payloadText(q.data),
    options: { eclevel: q.errorCorrection, binarytext: true },
  };
}

/** A receipt barcode laid out in dots (`paperDots`: a symbol wider than the paper is not printed). */
export function barcodeLayout(b: ReceiptBarcode, paperDots: number): SymbolLayout {
  try {
    const req = bwipRequestForBarcode(b);
    if ('kind' in req) return req;
    const raw = rawSymbol(req);
    if (raw.kind === 'error') return raw;
    const n = b.moduleWidth > 0 ? Math.min(Math.max(b.moduleWidth, 1), 6) : 3;
    let out: SymbolLayout;
    if (raw.kind === 'matrix') {
      out = matrixLayout(req.bcid, raw, n);
    } else {
      const binary = BINARY_LEVEL.has(b.type);
      const wide = Math.round(n * 2.5);
      const widths = raw.sbs.map((u) => (binary ? (u > 1.5 ? wide : n) : Math.round(u * n)));
      const hri = HRI_FROM_ENCODER.has(b.type) ? raw.txt || b.data : b.data;
      out = {
        kind: 'linear',
        bcid: req.bcid,
        widths,
        widthDots: widths.reduce((a, w) => a + w, 0),
        heightDots: b.heightDots > 0 ? Math.min(b.heightDots, 255) : 162,
        hri,
      };
    }
    return fits(out, paperDots);
  } catch (e) {
    return err(errorText(e));
  }
}

/** A receipt QR code laid out in dots (module size GS ( k fn 67, 1–16 dots). */
export function qrLayout(q: ReceiptQrCode, paperDots: number): SymbolLayout {
  try {
    const req = bwipRequestForQr(q);
    if ('kind' in req) return req;
    const raw = rawSymbol(req);
    if (raw.kind === 'error') return raw;
    if (raw.kind !== 'matrix') return err(`${req.bcid} gave no module matrix`);
    const mod = Math.min(Math.max(q.moduleSize || 3, 1), 16);
    return fits(matrixLayout(req.bcid, raw, mod), paperDots);
  } catch (e) {
    return err(errorText(e));
  }
}

type RawMatrix = { kind: 'matrix'; cols: number; rows: number; rowScale: number; pixs: Uint8Array };
type RawResult = { kind: 'linear'; sbs: number[]; txt: string } | RawMatrix | SymbolError;

function matrixLayout(bcid: string, raw: RawMatrix, module: number): MatrixSymbol {
  const moduleHeight = module * raw.rowScale;
  return { kind: 'matrix', bcid, cols: raw.cols, rows: raw.rows, pixs: raw.pixs, module, moduleHeight, widthDots: raw.cols * module, heightDots: raw.rows * moduleHeight };
}

const CACHE_MAX = 512;
const cache = new Map<string, RawResult>();

/** bwipjs.raw for a request, normalised and cached (errors too); never throws. */
export function rawSymbol(req: BwipRequest): RawResult {
  const key = `${req.bcid}\u0000${req.text}\u0000${JSON.stringify(req.options)}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  const res = computeRaw(req);
  cache.set(key, res);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return res;
}

/** Empties the symbol cache (tests, benchmarks). */
export function clearSymbolCache(): void {
  cache.clear();
}

function computeRaw(req: BwipRequest): RawResult {
  try {
    const opts = { bcid: req.bcid, text: req.text, ...req.options } as unknown as bwipjs.RawOptions;
    const out = bwipjs.raw(opts) as unknown as Array<Record<string, unknown>>;
    const first = out[0];
    if (!first) return err(`${req.bcid}: no symbol`);
    if (Array.isArray(first.pixs) && typeof first.pixx === 'number' && typeof first.pixy === 'number') {
      const cols = first.pixx;
      const src = first.pixs as number[];
      // pixy counts module heights: PDF417 gives each row once with pixy = rows × row height.
      const rows = cols > 0 ? src.length / cols : 0;
      const rowScale = rows > 0 ? first.pixy / rows : 0;
      if (!Number.isInteger(rows) || rows === 0 || !Number.isInteger(rowScale) || rowScale < 1) {
        return err(`${req.bcid}: matrix of ${src.length} modules does not fit ${cols}×${first.pixy}`);
      }
      return { kind: 'matrix', cols, rows, rowScale, pixs: Uint8Array.from(src, (v) => (v ? 1 : 0)) };
    }
    if (Array.isArray(first.sbs)) {
      // DataBar symbols start with a zero-width bar (they begin with a space): parity is kept.
      const sbs = (first.sbs as number[]).slice();
      const txt = Array.isArray(first.txt) ? (first.txt as Array<[string]>).map((t) => t[0]).join('') : '';
      return { kind: 'linear', sbs, txt };
    }
    return err(`${req.bcid} is not drawn (neither bars nor a module matrix)`);
  } catch (e) {
    return err(errorText(e));
  }
}

function fits(s: LinearSymbol | MatrixSymbol, paperDots: number): SymbolLayout {
  if (s.widthDots > paperDots) {
    return err(`symbol is ${s.widthDots} dots wide, the paper ${paperDots}: a printer would not print it`);
  }
  return s;
}

function err(message: string): SymbolError {
  return { kind: 'error', message };
}

/** bwip-js error text without its "bwipp.ean13badLength#6878: " prefix. */
function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.replace(/^bwip(?:p|-js)[.:][\w.]*(?:#\d+)?:\s*/, '') || 'cannot encode';
}

/** Latin-1 string (one char per byte) for bwip-js `binarytext`; anything wider goes as UTF-8. */
function toBinaryText(s: string): string {
  return /[\u0100-\uffff]/.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s;
}

/**
 * The bytes a 2D payload was sent as, one char per byte. The decoder shows valid UTF-8 as
 * UTF-8 and anything else as Latin-1: text with characters above U+00FF, or whose Latin-1
 * bytes would be valid UTF-8, was UTF-8; otherwise the Latin-1 reading is the original.
 */
function payloadText(s: string): string {
  if (!/[\u0080-\uffff]/.test(s)) return s;
  if (/[\u0100-\uffff]/.test(s)) return Buffer.from(s, 'utf8').toString('latin1');
  const latin1 = Buffer.from(s, 'latin1');
  return latin1.toString('utf8').includes('\ufffd') ? s : Buffer.from(s, 'utf8').toString('latin1');
}

/** "(01)" + GTIN-14 for GS1 DataBar: 13 digits get their check digit, as the printer adds it. */
function gtin01(data: string): string {
  if (/^\d{13}$/.test(data)) return `(01)${data}${gs1CheckDigit(data)}`;
  if (/^\d{14}$/.test(data)) return `(01)${data}`;
  return data;
}

function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10;
}
