/**
 * Length-prefixed framing for ISO 8583 links (and anything else framed the same way).
 * A streaming decoder: bytes may arrive split anywhere; `push()` returns every complete
 * frame body (without its header). A bad header raises FramingError with the offset.
 */
import { PosbenchError } from '../../util/errors';

/** binary2: 2-byte big-endian length (CUP, most binary hosts); ascii4: 4 ASCII digits; none: unframed. */
export type LengthHeaderKind = 'none' | 'binary2' | 'ascii4';

export class FramingError extends PosbenchError {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super('FRAMING', `framing error at stream offset ${offset}: ${reason}`);
  }
}

export function headerSize(kind: LengthHeaderKind): number {
  return kind === 'binary2' ? 2 : kind === 'ascii4' ? 4 : 0;
}

export function maxBodyLength(kind: LengthHeaderKind): number {
  return kind === 'binary2' ? 0xffff : kind === 'ascii4' ? 9999 : Number.POSITIVE_INFINITY;
}

/**
 * The body length a complete header announces. `header` holds at least headerSize(kind)
 * bytes; a bad ASCII header throws FramingError at `streamOffset` (where the header starts).
 */
export function readLengthHeader(kind: Exclude<LengthHeaderKind, 'none'>, header: Buffer, streamOffset: number): number {
  if (kind === 'binary2') return header.readUInt16BE(0);
  const text = header.toString('latin1', 0, 4);
  if (!/^\d{4}$/.test(text)) throw new FramingError(streamOffset, `ASCII length header "${JSON.stringify(text).slice(1, -1)}" is not 4 digits`);
  return Number(text);
}

/** Prefix a body with its length header. */
export function frameMessage(kind: LengthHeaderKind, body: Buffer): Buffer {
  if (kind === 'none') return body;
  if (body.length > maxBodyLength(kind)) throw new FramingError(0, `body of ${body.length} bytes is too long for a ${kind} header`);
  if (kind === 'binary2') {
    const h = Buffer.alloc(2);
    h.writeUInt16BE(body.length);
    return Buffer.concat([h, body]);
  }
  return Buffer.concat([Buffer.from(String(body.length).padStart(4, '0'), 'ascii'), body]);
}

export interface Frame {
  /** The frame body, without the header. */
  body: Buffer;
  /** The whole frame as it was on the wire (header + body). */
  raw: Buffer;
  /** Offset of the frame's first header byte in the stream. */
  offset: number;
}

export class LengthPrefixedDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private consumed = 0;

  constructor(
    readonly kind: Exclude<LengthHeaderKind, 'none'>,
    /** Frames announcing more than this are rejected (a host sets its own limit). */
    readonly maxLength: number = maxBodyLength(kind),
  ) {}

  /** Bytes buffered but not yet a complete frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** How many body bytes the frame in progress announced, or undefined before a full (valid) header. */
  announcedLength(): number | undefined {
    const hs = headerSize(this.kind);
    if (this.buf.length < hs) return undefined;
    try {
      return this.readLength();
    } catch {
      return undefined;
    }
  }

  /**
   * Every frame completed by `chunk`. A bad header throws FramingError — but frames complete
   * before it in the same chunk are returned first (a host reads them before it reaches the
   * bad header); the bad bytes stay buffered and the next push() throws.
   */
  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Frame[] = [];
    const hs = headerSize(this.kind);
    while (this.buf.length >= hs) {
      let len: number;
      try {
        len = this.readLength();
        if (len > this.maxLength) throw new FramingError(this.consumed, `announced length ${len} exceeds the limit of ${this.maxLength}`);
      } catch (err) {
        if (out.length > 0) return out;
        throw err;
      }
      if (this.buf.length < hs + len) break;
      const raw = this.buf.subarray(0, hs + len);
      out.push({ body: raw.subarray(hs), raw, offset: this.consumed });
      this.consumed += hs + len;
      this.buf = this.buf.subarray(hs + len);
    }
    return out;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }

  private readLength(): number {
    return readLengthHeader(this.kind, this.buf, this.consumed);
  }
}
