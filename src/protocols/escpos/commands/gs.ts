/** GS commands: sizes, barcodes (GS k), 2D symbols and graphics (GS ( k, GS ( L, GS 8 L), raster images, cuts, host requests. */
import { DOTS_PER_COLUMN, type ReceiptBarcode, type ReceiptImage, type ReceiptQrCode } from '../receipt';
import { BARCODE_TYPES, EC_LEVELS, SYMBOL_2D, bitImageToRaster, bytesToText, code128Data, hex2 } from './tables';
import type { CommandContext } from '../decoder-state';

export function gs(d: CommandContext, buf: Buffer, i: number): number {
  const n = buf.length;
  if (i + 2 > n) return d.incomplete(buf, i, 2);
  const c = buf[i + 1];
  const st = d.m.style;
  switch (c) {
    case 0x21: {
      // GS ! n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      const w = (m >> 4) + 1;
      const h = (m & 0x0f) + 1;
      if (w > 8 || h > 8) return d.unknownAt(buf, i, 3, `GS ! with invalid size 0x${hex2(m)}`);
      st.width = w;
      st.height = h;
      return 3;
    }
    case 0x42: // GS B n: reverse
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      st.invert = (buf[i + 2] & 1) === 1;
      return 3;
    case 0x68: // GS h n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      d.m.barcodeHeight = buf[i + 2] || 162;
      return 3;
    case 0x77: // GS w n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      d.m.barcodeModule = buf[i + 2];
      return 3;
    case 0x48: {
      // GS H n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2] & 0x0f;
      d.m.barcodeHri = (['none', 'above', 'below', 'both'] as const)[m & 3];
      return 3;
    }
    case 0x62: // GS b n smoothing
    case 0x66: // GS f n HRI font
    case 0x54: // GS T n
    case 0x45: // GS E n
    case 0x2f: {
      // GS / m: print downloaded bit image
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      if (c === 0x2f) {
        if (!d.m.downloaded) return d.unknownAt(buf, i, 3, 'GS / without a downloaded image (GS *)');
        return d.image({ ...d.m.downloaded, align: d.m.align }, i, 3);
      }
      return 3;
    }
    case 0x49: // GS I n: printer ID
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      return d.request('GS I', buf[i + 2], i, 3);
    case 0x72: // GS r n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      return d.request('GS r', buf[i + 2], i, 3);
    case 0x61: // GS a n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      return d.request('GS a', buf[i + 2], i, 3);
    case 0x4c: // GS L nL nH left margin
    case 0x57: // GS W nL nH print area width
    case 0x50: // GS P x y
    case 0x24: // GS $ (page mode)
    case 0x5c: {
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      const v = buf[i + 2] + 256 * buf[i + 3];
      if (c === 0x4c) d.m.leftMarginDots = Math.min(v, d.columns * DOTS_PER_COLUMN - DOTS_PER_COLUMN);
      else if (c === 0x57) d.m.areaDots = v > 0 ? v : d.columns * DOTS_PER_COLUMN;
      return 4;
    }
    case 0x3a: // GS : macro
    case 0x63: // GS c
      return 2;
    case 0x5e: // GS ^ r t m
      if (i + 5 > n) return d.incomplete(buf, i, 5);
      return 5;
    case 0x67: // GS g 0|2 m nL nH
      if (i + 5 > n) return d.incomplete(buf, i, 5);
      return 5;
    case 0x56: {
      // GS V m [n]
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      if (m === 0 || m === 0x30) return d.cut(false, i, 3);
      if (m === 1 || m === 0x31) return d.cut(true, i, 3);
      if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
        if (i + 4 > n) return d.incomplete(buf, i, 4);
        const off = d.base + i;
        // n = extra feed in motion units before the cut: paper, not content
        if (d.line.segs.length > 0) d.line.flush(false, off, off);
        return d.cut(m === 66 || m === 98 || m === 104, i, 4);
      }
      return d.unknownAt(buf, i, 3, `GS V with invalid m=${m}`);
    }
    case 0x6b:
      return barcode(d, buf, i);
    case 0x28:
      return gsParen(d, buf, i);
    case 0x38: {
      // GS 8 L p1 p2 p3 p4 m fn …
      if (i + 7 > n) return d.incomplete(buf, i, 7);
      if (buf[i + 2] !== 0x4c) return d.unknownAt(buf, i, 3, `unknown command GS 8 0x${hex2(buf[i + 2])}`);
      const p = buf[i + 3] + 256 * buf[i + 4] + 65536 * buf[i + 5] + 16777216 * buf[i + 6];
      if (p > 4 * 1024 * 1024) return d.unknownAt(buf, i, 3, `GS 8 L with implausible length ${p}`);
      const len = 7 + p;
      if (i + len > n) return d.incomplete(buf, i, len);
      return graphics(d, buf.subarray(i + 7, i + len), i, len);
    }
    case 0x76: {
      // GS v 0 m xL xH yL yH d…
      if (i + 8 > n) return d.incomplete(buf, i, 8);
      if (buf[i + 2] !== 0x30) return d.unknownAt(buf, i, 3, `unknown command GS v 0x${hex2(buf[i + 2])}`);
      const m = buf[i + 3];
      const xb = buf[i + 4] + 256 * buf[i + 5];
      const y = buf[i + 6] + 256 * buf[i + 7];
      if (!(m <= 3 || (m >= 0x30 && m <= 0x33)) || xb < 1 || xb > 255 || y < 1 || y > 4095) {
        return d.unknownAt(buf, i, 3, `GS v 0 with invalid m=${m} x=${xb} y=${y}`);
      }
      const len = 8 + xb * y;
      if (i + len > n) return d.incomplete(buf, i, len);
      const mode = m & 3;
      const image: ReceiptImage = {
        width: xb * 8 * (mode & 1 ? 2 : 1),
        height: y * (mode & 2 ? 2 : 1),
        bitmap: Buffer.from(buf.subarray(i + 8, i + len)),
        dataWidth: xb * 8,
        dataHeight: y,
        source: 'raster',
        align: d.m.align,
      };
      return d.image(image, i, len);
    }
    case 0x2a: {
      // GS * x y d… (x·y·8 bytes, column format)
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      const xx = buf[i + 2];
      const yy = buf[i + 3];
      if (xx < 1 || yy < 1 || yy > 48) return d.unknownAt(buf, i, 2, `GS * with invalid x=${xx} y=${yy}`);
      const len = 4 + xx * yy * 8;
      if (i + len > n) return d.incomplete(buf, i, len);
      const w = xx * 8;
      const h = yy * 8;
      d.m.downloaded = {
        width: w,
        height: h,
        bitmap: bitImageToRaster(buf.subarray(i + 4, i + len), w, h),
        dataWidth: w,
        dataHeight: h,
        source: 'graphics',
        align: 'left',
      };
      return len;
    }
    default:
      return d.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown command GS 0x${hex2(c)}`);
  }
}

export function barcode(d: CommandContext, buf: Buffer, i: number): number {
  const n = buf.length;
  if (i + 3 > n) return d.incomplete(buf, i, 3);
  const m = buf[i + 2];
  const type = BARCODE_TYPES[m];
  if (!type) return d.unknownAt(buf, i, 3, `GS k with unknown barcode system m=${m}`);
  let data: Buffer;
  let len: number;
  if (m <= 6) {
    let j = i + 3;
    while (j < n && buf[j] !== 0 && j - i - 3 < 255) j++;
    if (j - i - 3 >= 255) return d.unknownAt(buf, i, 3, 'GS k: barcode data without NUL within 255 bytes');
    if (j >= n) return d.incomplete(buf, i, j - i + 1);
    data = buf.subarray(i + 3, j);
    len = j - i + 1;
  } else {
    if (i + 4 > n) return d.incomplete(buf, i, 4);
    const k = buf[i + 3];
    len = 4 + k;
    if (i + len > n) return d.incomplete(buf, i, len);
    data = buf.subarray(i + 4, i + len);
  }
  const text = type.startsWith('CODE128') || type === 'GS1-128' ? code128Data(data) : data.toString('latin1');
  const barcode: ReceiptBarcode = {
    type,
    data: text,
    hri: d.m.barcodeHri,
    heightDots: d.m.barcodeHeight,
    moduleWidth: d.m.barcodeModule,
    align: d.m.align,
  };
  const offset = d.base + i;
  if (d.line.segs.length > 0) d.line.flush(false, offset, offset);
  d.emit({ type: 'barcode', barcode, offset, end: offset + len }, { kind: 'barcode', barcode });
  return len;
}

/** GS ( x pL pH …: 2D symbols (GS ( k), graphics (GS ( L); the rest is skipped by length. */
export function gsParen(d: CommandContext, buf: Buffer, i: number): number {
  const n = buf.length;
  if (i + 5 > n) return d.incomplete(buf, i, 5);
  const fnc = buf[i + 2];
  const p = buf[i + 3] + 256 * buf[i + 4];
  const len = 5 + p;
  if (i + len > n) return d.incomplete(buf, i, len);
  const body = buf.subarray(i + 5, i + len);
  if (fnc === 0x4c) return graphics(d, body, i, len);
  if (fnc !== 0x6b) return len;
  if (p < 2) return d.unknownAt(buf, i, len, 'GS ( k with pL pH < 2');
  const cn = body[0];
  const fn = body[1];
  const sym = SYMBOL_2D[cn];
  if (!sym) return d.unknownAt(buf, i, len, `GS ( k with unknown symbol cn=${cn}`);
  if (cn === 0x31) {
    if (fn === 0x41 && p >= 3) d.m.qr.model = body[2] === 0x31 ? 1 : body[2] === 0x33 ? 3 : 2;
    else if (fn === 0x43 && p >= 3) d.m.qr.size = body[2];
    else if (fn === 0x45 && p >= 3) d.m.qr.ec = EC_LEVELS[(body[2] - 0x30) & 3];
  }
  if (fn === 0x50) {
    // store: cn fn m d…
    d.m.stored2d.set(cn, Buffer.from(body.subarray(Math.min(3, body.length))));
    return len;
  }
  if (fn === 0x51) {
    const data = d.m.stored2d.get(cn);
    if (!data) return d.unknownAt(buf, i, len, `GS ( k print ${sym} without stored data`);
    const offset = d.base + i;
    if (d.line.segs.length > 0) d.line.flush(false, offset, offset);
    const text = bytesToText(data);
    if (cn === 0x31) {
      const qrcode: ReceiptQrCode = { data: text, model: d.m.qr.model, moduleSize: d.m.qr.size, errorCorrection: d.m.qr.ec, align: d.m.align };
      d.emit({ type: 'qrcode', qrcode, offset, end: offset + len }, { kind: 'qrcode', qrcode });
    } else {
      const barcode: ReceiptBarcode = { type: sym, data: text, hri: 'none', heightDots: 0, moduleWidth: 0, align: d.m.align };
      d.emit({ type: 'barcode', barcode, offset, end: offset + len }, { kind: 'barcode', barcode });
    }
    return len;
  }
  return len;
}

/** GS ( L / GS 8 L body (m fn …): fn 112 stores a raster graphic, fn 2/50 prints it. */
export function graphics(d: CommandContext, body: Buffer, i: number, len: number): number {
  if (body.length < 2) {
    d.recordUnknown(d.base + i, Buffer.from(body), 'GS ( L / GS 8 L body shorter than m fn');
    return len;
  }
  const fn = body[1];
  if (fn === 112 && body.length >= 10) {
    const bx = body[3] === 2 || body[3] === 0x32 ? 2 : 1;
    const by = body[4] === 2 || body[4] === 0x32 ? 2 : 1;
    const w = body[6] + 256 * body[7];
    const h = body[8] + 256 * body[9];
    const rowBytes = Math.ceil(w / 8);
    const bitmap = Buffer.from(body.subarray(10, 10 + rowBytes * h));
    if (w > 0 && h > 0 && bitmap.length === rowBytes * h) {
      d.m.bufferedGraphic = { width: w * bx, height: h * by, bitmap, dataWidth: w, dataHeight: h, source: 'graphics', align: 'left' };
    } else {
      d.recordUnknown(d.base + i, Buffer.from(body.subarray(0, Math.min(10, body.length))), `GS ( L fn 112 with inconsistent size ${w}x${h}`);
    }
    return len;
  }
  if (fn === 2 || fn === 50) {
    if (!d.m.bufferedGraphic) return len;
    const img = { ...d.m.bufferedGraphic, align: d.m.align };
    d.m.bufferedGraphic = null;
    return d.image(img, i, len);
  }
  return len;
}
