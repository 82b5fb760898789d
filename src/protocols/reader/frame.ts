/**
 * Reader link framing: STX · LEN(2, big-endian) · PAYLOAD · ETX · LRC, with single-byte
 * ACK / NAK between frames. LRC = XOR of every byte from LEN to ETX inclusive.
 *
 * ReaderFrameDecoder is a pure streaming decoder: push any chunking of the byte stream and
 * get whole units back. Outside a frame, ACK/NAK are control units and any other byte is
 * garbage, skipped until the next STX. A candidate frame whose length is out of range or
 * whose ETX is missing was not a frame: its STX counts as garbage and the scan resumes at
 * the next byte. A frame with a bad LRC is consumed whole and reported (the link NAKs it).
 */
export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;
/** Largest payload accepted (bytes). */
export const MAX_PAYLOAD = 2048;
const HEADER = 3; // STX + LEN
const TRAILER = 2; // ETX + LRC

export function lrc(bytes: Buffer): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

export function encodeFrame(payload: Buffer): Buffer {
  if (payload.length === 0 || payload.length > MAX_PAYLOAD) throw new RangeError(`reader frame payload must be 1–${MAX_PAYLOAD} bytes, got ${payload.length}`);
  const f = Buffer.alloc(HEADER + payload.length + TRAILER);
  f[0] = STX;
  f.writeUInt16BE(payload.length, 1);
  payload.copy(f, HEADER);
  f[HEADER + payload.length] = ETX;
  f[f.length - 1] = lrc(f.subarray(1, f.length - 1));
  return f;
}

export type ReaderUnit =
  | { kind: 'frame'; payload: Buffer }
  | { kind: 'ack' }
  | { kind: 'nak' }
  | { kind: 'bad-lrc'; expected: number; actual: number; length: number }
  | { kind: 'garbage'; bytes: Buffer };

export class ReaderFrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private garbage: number[] = [];

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** True while a frame has started but not completed. */
  get inFrame(): boolean {
    return this.buf.length > 0 && this.buf[0] === STX;
  }

  push(chunk: Buffer): ReaderUnit[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : Buffer.from(chunk);
    return this.drain();
  }

  /**
   * Give up on a partial frame (inter-byte timeout): its STX becomes garbage and the rest is
   * rescanned for another frame start.
   */
  dropPartial(): ReaderUnit[] {
    if (!this.inFrame) return [];
    this.garbage.push(this.buf[0]!);
    this.buf = this.buf.subarray(1);
    const units = this.drain();
    // whatever is left is an incomplete candidate; keep waiting for it
    return units;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
    this.garbage = [];
  }

  private drain(): ReaderUnit[] {
    const out: ReaderUnit[] = [];
    const flushGarbage = () => {
      if (this.garbage.length) {
        out.push({ kind: 'garbage', bytes: Buffer.from(this.garbage) });
        this.garbage = [];
      }
    };
    let i = 0;
    const buf = this.buf;
    while (i < buf.length) {
      const b = buf[i]!;
      if (b !== STX) {
        if (b === ACK || b === NAK) {
          flushGarbage();
          out.push({ kind: b === ACK ? 'ack' : 'nak' });
        } else {
          this.garbage.push(b);
        }
        i++;
        continue;
      }
      if (buf.length - i < HEADER) break; // need the length
      const len = buf.readUInt16BE(i + 1);
      if (len === 0 || len > MAX_PAYLOAD) {
        this.garbage.push(b);
        i++;
        continue;
      }
      const total = HEADER + len + TRAILER;
      if (buf.length - i < total) break; // wait for the rest
      if (buf[i + HEADER + len] !== ETX) {
        this.garbage.push(b);
        i++;
        continue;
      }
      flushGarbage();
      const expected = lrc(buf.subarray(i + 1, i + total - 1));
      const actual = buf[i + total - 1]!;
      if (expected !== actual) out.push({ kind: 'bad-lrc', expected, actual, length: len });
      else out.push({ kind: 'frame', payload: Buffer.from(buf.subarray(i + HEADER, i + HEADER + len)) });
      i += total;
    }
    flushGarbage();
    this.buf = i >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(i));
    return out;
  }
}
