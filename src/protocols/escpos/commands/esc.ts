/** ESC commands: styles, alignment, code tables, feeds, positions, bit images (ESC *), tab stops. */
import { ESC_T_CODEPAGES } from '../codepages';
import type { ReceiptImage } from '../receipt';
import { bitImageToRaster, hex2, skipByLength } from './tables';
import type { CommandContext } from '../decoder-state';

export function esc(d: CommandContext, buf: Buffer, i: number): number {
  const n = buf.length;
  if (i + 2 > n) return d.incomplete(buf, i, 2);
  const c = buf[i + 1];
  const st = d.m.style;
  switch (c) {
    case 0x40: // ESC @
      if (d.line.segs.length > 0) d.line.segs = [];
      d.reset();
      d.emit({ type: 'init', offset: d.base + i, end: d.base + i + 2 });
      return 2;
    case 0x21: {
      // ESC ! n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      st.font = m & 0x01 ? 'B' : 'A';
      st.bold = (m & 0x08) !== 0;
      st.height = m & 0x10 ? 2 : 1;
      st.width = m & 0x20 ? 2 : 1;
      st.underline = m & 0x80 ? 1 : 0;
      return 3;
    }
    case 0x45: // ESC E n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      st.bold = (buf[i + 2] & 1) === 1;
      return 3;
    case 0x47: // ESC G n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      st.doubleStrike = (buf[i + 2] & 1) === 1;
      return 3;
    case 0x2d: {
      // ESC - n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      st.underline = m === 1 || m === 0x31 ? 1 : m === 2 || m === 0x32 ? 2 : 0;
      return 3;
    }
    case 0x61: {
      // ESC a n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      const a = m === 0 || m === 0x30 ? 'left' : m === 1 || m === 0x31 ? 'center' : m === 2 || m === 0x32 ? 'right' : null;
      if (!a) return d.unknownAt(buf, i, 3, `ESC a with invalid n=${m}`);
      d.m.align = a;
      return 3;
    }
    case 0x74: {
      // ESC t n
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      const cp = ESC_T_CODEPAGES[m];
      if (cp) d.m.codeTable = cp;
      else d.recordUnknown(d.base + i, buf.subarray(i, i + 3), `ESC t ${m}: code table not supported, keeping ${d.m.codeTable}`);
      return 3;
    }
    case 0x64: {
      // ESC d n: print and feed n lines
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const lines = buf[i + 2];
      const off = d.base + i;
      for (let k = 0; k < lines; k++) {
        if (k === 0 && d.line.segs.length === 0 && d.line.hasGraphics) {
          d.line.hasGraphics = false;
          continue;
        }
        d.line.flush(false, off, off + 3);
      }
      return 3;
    }
    case 0x4a: // ESC J n: print and feed n dots
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      if (d.line.segs.length > 0) d.line.flush(false, d.base + i, d.base + i + 3);
      d.line.hasGraphics = false;
      return 3;
    case 0x4b: // ESC K n (reverse feed), ESC e n: no effect on the model
    case 0x65:
    case 0x4d: // ESC M n font
    case 0x20: // ESC SP n
    case 0x52: // ESC R n international set
    case 0x25: // ESC % n user-defined set
    case 0x3f: // ESC ? n
    case 0x7b: // ESC { n upside down
    case 0x56: // ESC V n rotate
    case 0x55: // ESC U n unidirectional
    case 0x3d: // ESC = n peripheral
    case 0x72: // ESC r n colour
    case 0x54: // ESC T n page direction
    case 0x33: {
      // ESC 3 n line spacing
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      const m = buf[i + 2];
      if (c === 0x4d) {
        if (m === 0 || m === 0x30) st.font = 'A';
        else if (m === 1 || m === 0x31) st.font = 'B';
      } else if (c === 0x20) d.m.charSpacingDots = m;
      return 3;
    }
    case 0x75: // ESC u n: transmit peripheral status
      if (i + 3 > n) return d.incomplete(buf, i, 3);
      return d.request('ESC u', buf[i + 2], i, 3);
    case 0x76: // ESC v: transmit paper sensor status
      return d.request('ESC v', 0, i, 2);
    case 0x32: // ESC 2
    case 0x4c: // ESC L page mode
    case 0x53: // ESC S standard mode
    case 0x0c: // ESC FF print page
    case 0x3c: // ESC < return home
      return 2;
    case 0x69: // ESC i / ESC m: (partial) cut, older form
    case 0x6d:
      return d.cut(true, i, 2);
    case 0x24:
    case 0x5c: {
      // ESC $ nL nH absolute / ESC \ nL nH relative position (dots)
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      const v = buf[i + 2] + 256 * buf[i + 3];
      if (c === 0x24) d.line.moveTo(v);
      else d.line.moveTo(d.line.x + (v >= 0x8000 ? v - 0x10000 : v));
      return 4;
    }
    case 0x70: // ESC p m t1 t2
      if (i + 5 > n) return d.incomplete(buf, i, 5);
      d.emit({ type: 'pulse', offset: d.base + i, end: d.base + i + 5 });
      return 5;
    case 0x63: // ESC c 0|1|3|4|5 n
    case 0x42: // ESC B n t (buzzer)
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      return 4;
    case 0x37: // ESC 7 n1 n2 n3: heating parameters (mini thermal printers)
      if (i + 5 > n) return d.incomplete(buf, i, 5);
      return 5;
    case 0x38: // ESC 8 n1 n2: sleep timeout (mini thermal printers)
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      return 4;
    case 0x0e: // ESC SO / ESC DC4: double width on / off (older models)
    case 0x14:
      d.m.style.width = c === 0x0e ? 2 : 1;
      return 2;
    case 0x57: // ESC W: page-mode area
      if (i + 10 > n) return d.incomplete(buf, i, 10);
      return 10;
    case 0x44: {
      // ESC D n1 … nk NUL
      let j = i + 2;
      while (j < n && buf[j] !== 0 && j - i < 2 + 33) j++;
      if (j - i >= 2 + 33) return d.unknownAt(buf, i, 2, 'ESC D without NUL within 32 tab stops');
      if (j >= n) return d.incomplete(buf, i, j - i + 1);
      const stops: number[] = [];
      for (let k = i + 2; k < j; k++) if (stops.length === 0 || buf[k] > stops[stops.length - 1]) stops.push(buf[k]);
      d.m.tabColumns = stops;
      return j - i + 1;
    }
    case 0x2a: {
      // ESC * m nL nH d…
      if (i + 5 > n) return d.incomplete(buf, i, 5);
      const m = buf[i + 2];
      const cols = buf[i + 3] + 256 * buf[i + 4];
      if (![0, 1, 32, 33].includes(m) || cols < 1 || cols > 2047) return d.unknownAt(buf, i, 2, `ESC * with invalid m=${m} n=${cols}`);
      const rowsBytes = m >= 32 ? 3 : 1;
      const len = 5 + cols * rowsBytes;
      if (i + len > n) return d.incomplete(buf, i, len);
      const img = bitImageToRaster(buf.subarray(i + 5, i + len), cols, rowsBytes * 8);
      const scaleX = m === 0 || m === 32 ? 2 : 1;
      const scaleY = m < 32 ? 2 : 1;
      const image: ReceiptImage = {
        width: cols * scaleX,
        height: rowsBytes * 8 * scaleY,
        bitmap: img,
        dataWidth: cols,
        dataHeight: rowsBytes * 8,
        source: 'bit-image',
        align: d.m.align,
      };
      const offset = d.base + i;
      if (d.line.segs.length > 0) d.line.flush(false, offset, offset);
      d.line.hasGraphics = true;
      d.emit({ type: 'image', image, offset, end: offset + len }, { kind: 'image', image });
      return len;
    }
    case 0x26: {
      // ESC & y c1 c2 [x d1 … d(y·x)] …
      if (i + 5 > n) return d.incomplete(buf, i, 5);
      const y = buf[i + 2];
      const c1 = buf[i + 3];
      const c2 = buf[i + 4];
      if (c2 < c1 || y < 1 || y > 3) return d.unknownAt(buf, i, 2, `ESC & with invalid y=${y} c1=${c1} c2=${c2}`);
      let j = i + 5;
      for (let ch = c1; ch <= c2; ch++) {
        if (j >= n) return d.incomplete(buf, i, j - i + 1);
        j += 1 + y * buf[j];
      }
      if (j > n) return d.incomplete(buf, i, j - i);
      return j - i;
    }
    case 0x28: // ESC ( fn pL pH …
      return skipByLength(d, buf, i);
    default:
      return d.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown command ESC 0x${hex2(c)}`);
  }
}
