/**
 * flip_byte: XOR one byte (default 0x01) of the nth message in `stream`. `offset` is a
 * position in the message body (after the length header, so framing stays intact);
 * negative counts from the end: -1 (the default) is the last byte — inside the MAC
 * (field 64, the last 8 bytes) when the message carries one.
 */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { FAULT_ATTRIBUTES } from './attributes';

export class FlipByteFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['flip_byte'];
  private seen = 0;
  constructor(spec: FaultSpec) {
    const attrs = spec.attributes as FaultAttributesByType['flip_byte'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    if (direction !== this.spec.stream || !item.message || !this.isActive()) return next(item);
    const meta = item.message;
    const ref = meta.ref;
    if (this.attrs.mti !== undefined && ref.mti !== this.attrs.mti) return next(item);
    this.seen++;
    if (this.seen < (this.attrs.nth ?? 1)) return next(item);
    const bodyLength = meta.raw.length - meta.headerLength;
    const requested = this.attrs.offset ?? -1;
    const offset = requested < 0 ? bodyLength + requested : requested;
    if (offset < 0 || offset >= bodyLength) {
      // Not applicable to this message (too short): let it pass, the fault stays armed.
      return next(item);
    }
    if (!this.consume()) return next(item);
    const data = Buffer.from(item.data);
    const at = meta.headerLength + offset;
    const before = data[at] as number;
    data[at] = before ^ (this.attrs.xor ?? 0x01);
    ctx.fire({ action: 'flip', message: ref, detail: { bodyOffset: offset, before, after: data[at] } });
    await next({ ...item, data });
  }
}

export const flipByte: FaultDefinition = {
  type: 'flip_byte',
  level: 'message',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.flip_byte,
  create: (spec) => new FlipByteFault(spec),
};
