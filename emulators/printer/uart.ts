/**
 * A UART receiving bytes sent at the wrong baud rate.
 *
 * Model (deterministic for a seed):
 * - The sender puts each byte on the line as a frame: start bit (0), data bits LSB first,
 *   optional parity bit, stop bit(s) (1), each `1/senderBaud` s long. Bytes of one chunk
 *   follow each other back to back, except that a seeded idle gap of 0–2 bit times is
 *   inserted before a byte with probability 0.25 (a sending UART's FIFO refill). The line is
 *   idle (1) before a chunk and after it: a chunk is one burst.
 * - The receiver (at `receiverBaud`, same framing) waits for a 1→0 edge, detects it after a
 *   seeded delay of 0–1/16 bit (16× oversampling), then samples the start bit at half a bit,
 *   each data bit and the stop bit at the middle of its own bit times. A start bit that
 *   reads 1 is a false start (ignored). A stop bit that reads 0 is a framing error: the byte
 *   is still delivered (as a real UART's data register holds it) and counted. It then looks
 *   for the next falling edge after the stop-bit sample.
 * Equal baud rates give the bytes back unchanged.
 */
import type { LineSettings } from '../../src/transports/types';
import { SeededRandom } from '../../src/util/random';

export interface UartGarblerOptions {
  senderBaud: number;
  receiverBaud: number;
  /** Framing used by both sides (data bits, parity, stop bits); the baud rate field is ignored. */
  line: LineSettings;
  rng: SeededRandom;
}

export class UartGarbler {
  framingErrors = 0;
  parityErrors = 0;
  private readonly ts: number;
  private readonly tr: number;

  constructor(private readonly opts: UartGarblerOptions) {
    this.ts = 1 / opts.senderBaud;
    this.tr = 1 / opts.receiverBaud;
  }

  garble(chunk: Buffer): Buffer {
    if (this.opts.senderBaud === this.opts.receiverBaud) return Buffer.from(chunk);
    const { line, rng } = this.opts;
    const nData = line.dataBits;
    const hasParity = line.parity !== 'none';
    const nBits = 1 + nData + (hasParity ? 1 : 0); // bits before the stop bit(s)
    const ts = this.ts;
    const frameLen = (nBits + line.stopBits) * ts;

    // Sender frames: start time and levels of the nBits bits before the stop bit.
    const starts: number[] = [];
    const levels: Uint8Array[] = [];
    let t = 0;
    for (const byte of chunk) {
      if (rng.next() < 0.25) t += rng.next() * 2 * ts;
      const bits = new Uint8Array(nBits);
      bits[0] = 0;
      let ones = 0;
      for (let k = 0; k < nData; k++) {
        const bit = (byte >> k) & 1;
        bits[1 + k] = bit;
        ones += bit;
      }
      if (hasParity) bits[1 + nData] = parityBit(line.parity, ones);
      starts.push(t);
      levels.push(bits);
      t += frameLen;
    }
    const end = t;

    let p = 0; // frame pointer (times only increase)
    const level = (time: number): number => {
      while (p < starts.length && starts[p] + frameLen <= time) p++;
      if (p >= starts.length || time < starts[p]) return 1;
      const idx = Math.floor((time - starts[p]) / ts);
      return idx < nBits ? levels[p][idx] : 1;
    };
    /** First 1→0 transition after `from` (sender transitions sit on its bit boundaries). */
    const nextFallingEdge = (from: number): number | null => {
      let q = p;
      let before = level(from);
      while (q < starts.length) {
        for (let j = 0; j <= nBits; j++) {
          const b = starts[q] + j * ts;
          if (b <= from) continue;
          const at = level(b + ts * 1e-6);
          if (before === 1 && at === 0) return b;
          before = at;
        }
        q++; // the stop bit and any idle gap keep the line at 1 until the next start bit
      }
      return null;
    };

    const tr = this.tr;
    const out: number[] = [];
    let search = -ts * 1e-3; // the line was idle before the chunk
    for (;;) {
      const edge = nextFallingEdge(search);
      if (edge === null || edge >= end) break;
      const t0 = edge + (rng.next() * tr) / 16;
      if (level(t0 + 0.5 * tr) !== 0) {
        search = t0 + 0.5 * tr;
        continue; // false start
      }
      let value = 0;
      let ones = 0;
      for (let k = 0; k < nData; k++) {
        const bit = level(t0 + (1.5 + k) * tr);
        value |= bit << k;
        ones += bit;
      }
      let s = t0 + (1.5 + nData) * tr;
      if (hasParity) {
        if (level(s) !== parityBit(line.parity, ones)) this.parityErrors++;
        s += tr;
      }
      if (level(s) !== 1) this.framingErrors++;
      out.push(value);
      search = s;
    }
    return Buffer.from(out);
  }
}

function parityBit(parity: LineSettings['parity'], ones: number): number {
  switch (parity) {
    case 'even':
      return ones & 1;
    case 'odd':
      return (ones & 1) ^ 1;
    case 'mark':
      return 1;
    default:
      return 0;
  }
}
