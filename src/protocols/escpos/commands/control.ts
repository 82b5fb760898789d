/**
 * The command table's entry: a control byte (< 0x20) at buf[i] — LF, HT, FF, CAN, DC2 and
 * DLE here, ESC / GS / FS in their own files. Every handler returns the command's length,
 * or INCOMPLETE after saving the tail when its bytes are not all there yet.
 */
import * as tables from './tables';
import * as escCommands from './esc';
import * as gsCommands from './gs';
import * as fsCommands from './fs';
import type { CommandContext } from '../decoder-state';

// Bound once (a CommonJS build reaches an imported binding through a getter on every use).
const { DEFAULT_TAB_COLUMNS, hex2 } = tables;
const { esc } = escCommands;
const { gs } = gsCommands;
const { fs } = fsCommands;

/** Handle the command at buf[i] (a byte < 0x20). Returns its length or INCOMPLETE. */
export function control(d: CommandContext, buf: Buffer, i: number): number {
  const b = buf[i];
  switch (b) {
    case 0x0a: {
      const off = d.base + i;
      if (d.line.segs.length === 0 && d.line.hasGraphics) d.line.hasGraphics = false;
      else d.line.flush(false, off, off + 1);
      return 1;
    }
    case 0x0d: // CR: ignored (auto line feed off), the LF that follows prints
    case 0x00: // NUL padding
      return 1;
    case 0x09: {
      // HT: next tab stop (ESC D stops, default every 8 columns)
      const cell = d.line.singleDots();
      const col = Math.floor(d.line.x / cell);
      const stops = d.m.tabColumns.length > 0 ? d.m.tabColumns : null;
      let next = -1;
      if (stops) next = stops.find((s) => s > col) ?? -1;
      else next = (Math.floor(col / DEFAULT_TAB_COLUMNS) + 1) * DEFAULT_TAB_COLUMNS;
      if (next >= 0) d.line.moveTo(next * cell);
      return 1;
    }
    case 0x0c: {
      // FF: print (page mode) — behaves as a line end when something is buffered
      if (d.line.segs.length > 0) d.line.flush(false, d.base + i, d.base + i + 1);
      return 1;
    }
    case 0x12: {
      // DC2 # n (print density) / DC2 T (test page) on mini thermal printers
      if (i + 2 > buf.length) return d.incomplete(buf, i, 2);
      const c = buf[i + 1];
      if (c === 0x23) return i + 3 > buf.length ? d.incomplete(buf, i, 3) : 3;
      if (c === 0x54) return 2;
      return d.unknownAt(buf, i, 1, `unknown control byte 0x12 (DC2 0x${hex2(c)})`);
    }
    case 0x18: // CAN: cancel page-mode data
      d.line.segs = [];
      d.line.x = 0;
      return 1;
    case 0x10:
      return dle(d, buf, i);
    case 0x1b:
      return esc(d, buf, i);
    case 0x1d:
      return gs(d, buf, i);
    case 0x1c:
      return fs(d, buf, i);
    default:
      return d.unknownAt(buf, i, 1, `unknown control byte 0x${hex2(b)}`);
  }
}

export function dle(d: CommandContext, buf: Buffer, i: number): number {
  const n = buf.length;
  if (i + 2 > n) return d.incomplete(buf, i, 2);
  const c = buf[i + 1];
  if (c === 0x04) {
    if (i + 3 > n) return d.incomplete(buf, i, 3);
    const m = buf[i + 2];
    if (m >= 1 && m <= 4) return d.request('DLE EOT', m, i, 3);
    if (m === 7 || m === 8) {
      if (i + 4 > n) return d.incomplete(buf, i, 4);
      return d.request('DLE EOT', m, i, 4);
    }
    return d.unknownAt(buf, i, 3, `DLE EOT with invalid n=${m}`);
  }
  if (c === 0x05) {
    if (i + 3 > n) return d.incomplete(buf, i, 3);
    return d.request('DLE ENQ', buf[i + 2], i, 3);
  }
  if (c === 0x14) {
    if (i + 3 > n) return d.incomplete(buf, i, 3);
    const fn = buf[i + 2];
    const lens: Record<number, number> = { 1: 5, 2: 5, 3: 7, 4: 4, 5: 6, 6: 6, 7: 4, 8: 10 };
    const len = lens[fn];
    if (!len) return d.unknownAt(buf, i, 3, `DLE DC4 with unknown fn=${fn}`);
    if (i + len > n) return d.incomplete(buf, i, len);
    if (fn === 1) d.emit({ type: 'pulse', offset: d.base + i, end: d.base + i + len });
    return len;
  }
  return d.unknownAt(buf, i, c < 0x20 ? 1 : 2, `unknown DLE command 0x${hex2(c)}`);
}
