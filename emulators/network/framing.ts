/**
 * Zero-copy frame boundary tracking for a byte stream framed with a length header
 * (src/protocols/framing/length-prefix.ts: binary2 / ascii4). The proxy runs one splitter
 * per connection and direction, always — even when it only forwards chunks — so a message
 * fault added mid-stream knows where the next message starts.
 */
import { FramingError, headerSize, maxBodyLength, readLengthHeader } from '../../src/protocols/framing/length-prefix';
import type { LengthHeaderKind } from '../../src/protocols/framing/length-prefix';

/** A piece of one frame inside one chunk (a subarray of the chunk, never a copy). */
export interface Segment {
  data: Buffer;
  /** The segment begins with the frame's first header byte. */
  start: boolean;
  /** The segment ends with the frame's last body byte. */
  end: boolean;
}

export class FrameSplitter {
  private readonly hs: number;
  private readonly header: Buffer;
  private headerHave = 0;
  private bodyLeft = 0;
  private inBody = false;
  private consumed = 0;
  private frameOffset = 0;

  constructor(
    readonly kind: Exclude<LengthHeaderKind, 'none'>,
    readonly maxLength: number = maxBodyLength(kind),
  ) {
    this.hs = headerSize(kind);
    this.header = Buffer.alloc(this.hs);
  }

  /** True between frames (the next byte starts a header). */
  get atBoundary(): boolean {
    return !this.inBody && this.headerHave === 0;
  }

  /**
   * Advance over `chunk`; when `out` is given, push the chunk's segments into it.
   * Throws FramingError (with the stream offset of the bad header) on an invalid header.
   */
  process(chunk: Buffer, out?: Segment[]): void {
    const len = chunk.length;
    let i = 0;
    while (i < len) {
      const segStart = i;
      let start = false;
      if (!this.inBody) {
        start = this.headerHave === 0;
        if (start) this.frameOffset = this.consumed + i;
        const take = Math.min(this.hs - this.headerHave, len - i);
        chunk.copy(this.header, this.headerHave, i, i + take);
        this.headerHave += take;
        i += take;
        if (this.headerHave < this.hs) {
          out?.push({ data: chunk.subarray(segStart, i), start, end: false });
          break;
        }
        this.headerHave = 0;
        this.bodyLeft = this.readLength();
        this.inBody = true;
      }
      const take = Math.min(this.bodyLeft, len - i);
      i += take;
      this.bodyLeft -= take;
      const end = this.bodyLeft === 0;
      if (end) this.inBody = false;
      out?.push({ data: chunk.subarray(segStart, i), start, end });
    }
    this.consumed += len;
  }

  private readLength(): number {
    const n = readLengthHeader(this.kind, this.header, this.frameOffset);
    if (n > this.maxLength) throw new FramingError(this.frameOffset, `announced length ${n} exceeds the limit of ${this.maxLength}`);
    return n;
  }
}
