/**
 * Status bytes of an Epson-compatible receipt printer (docs/domain.md §2).
 *
 * DLE EOT n — one byte, bits 1 and 4 always set (base 0x12):
 *   n=1 printer:      bit 3 offline, bit 5 waiting for online recovery
 *   n=2 offline cause: bit 2 cover open, bit 3 paper fed by button, bit 5 stopped at paper end, bit 6 error
 *   n=3 error cause:  bit 2 recoverable, bit 3 autocutter, bit 5 unrecoverable, bit 6 auto-recoverable
 *   n=4 paper sensor: bits 2+3 near end, bits 5+6 paper end
 * GS r 1 — bits 0+1 near end, bits 2+3 paper end; GS r 2 — drawer (bit 0, kept 0).
 * GS a — 4 bytes: byte 1 = 0x10 fixed | bit 3 offline | bit 5 cover open;
 *   byte 2 = bit 3 autocutter error | bit 5 unrecoverable; byte 3 = bits 0–1 near end,
 *   bits 2–3 paper end; byte 4 = 0.
 */

export type PaperState = 'ok' | 'near-end' | 'out';

export interface PrinterState {
  paper: PaperState;
  coverOpen: boolean;
  cutterError: boolean;
}

/** Offline in the ESC/POS sense: the printer stops printing (cover open, paper end, error). */
export function isStopped(s: PrinterState): boolean {
  return s.coverOpen || s.paper === 'out' || s.cutterError;
}

export function dleEotByte(n: number, s: PrinterState): number {
  let v = 0x12;
  switch (n) {
    case 1:
      if (isStopped(s)) v |= 0x08;
      if (s.cutterError) v |= 0x20;
      break;
    case 2:
      if (s.coverOpen) v |= 0x04;
      if (s.paper === 'out') v |= 0x20;
      if (s.cutterError) v |= 0x40;
      break;
    case 3:
      if (s.cutterError) v |= 0x08;
      break;
    case 4:
      if (s.paper === 'near-end') v |= 0x0c;
      if (s.paper === 'out') v |= 0x60;
      break;
  }
  return v;
}

/** GS r n (n = 1/49 paper, 2/50 drawer, 4/52 ink) and ESC v (paper). */
export function gsRByte(n: number, s: PrinterState): number {
  if (n === 1 || n === 49) return (s.paper === 'near-end' ? 0x03 : 0) | (s.paper === 'out' ? 0x0c : 0);
  return 0x00;
}

export function asbBytes(s: PrinterState): Buffer {
  const b1 = 0x10 | (isStopped(s) ? 0x08 : 0) | (s.coverOpen ? 0x20 : 0);
  const b2 = s.cutterError ? 0x08 : 0;
  const b3 = (s.paper === 'near-end' ? 0x03 : 0) | (s.paper === 'out' ? 0x0c : 0);
  return Buffer.from([b1, b2, b3, 0x00]);
}

/** GS I n: printer ID. Bytes for n 1–3 / 49–51; a "_text\0" block for 65–69. */
export function gsIReply(n: number): Buffer | null {
  const one: Record<number, number> = { 1: 0x20, 2: 0x02, 3: 0x64, 49: 0x20, 50: 0x02, 51: 0x64 };
  if (one[n] !== undefined) return Buffer.from([one[n]]);
  const text: Record<number, string> = { 65: '1.00 posbench', 66: 'POSBENCH', 67: 'POSBENCH-EMU', 68: 'PB0000001', 69: '' };
  if (text[n] !== undefined) return Buffer.concat([Buffer.from([0x5f]), Buffer.from(text[n], 'latin1'), Buffer.from([0])]);
  return null;
}

/** Human meaning of a status reply, for evidence. */
export function describeStatus(n: number, byte: number): string {
  const bits: string[] = [];
  if (n === 1) {
    if (byte & 0x08) bits.push('offline');
    if (byte & 0x20) bits.push('waiting for recovery');
  } else if (n === 2) {
    if (byte & 0x04) bits.push('cover open');
    if (byte & 0x20) bits.push('paper end stop');
    if (byte & 0x40) bits.push('error');
  } else if (n === 3) {
    if (byte & 0x08) bits.push('autocutter error');
  } else if (n === 4) {
    if ((byte & 0x0c) === 0x0c) bits.push('paper near end');
    if ((byte & 0x60) === 0x60) bits.push('paper end');
  }
  return bits.length ? bits.join(', ') : 'ok';
}
