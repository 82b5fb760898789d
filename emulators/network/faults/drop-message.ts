/** drop_message: drop the nth message (counted from when the fault was added, on every connection) in `stream`. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { FAULT_ATTRIBUTES } from './attributes';

export class DropMessageFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['drop_message'];
  private seen = 0;
  constructor(spec: FaultSpec) {
    const attrs = spec.attributes as FaultAttributesByType['drop_message'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    if (direction !== this.spec.stream || !item.message || !this.isActive()) return next(item);
    const ref = item.message.ref;
    if (this.attrs.mti !== undefined && ref.mti !== this.attrs.mti) return next(item);
    this.seen++;
    if (this.seen >= (this.attrs.nth ?? 1) && this.consume()) {
      ctx.fire({ action: 'drop', message: ref, detail: { nth: this.seen } });
      return;
    }
    await next(item);
  }
}

export const dropMessage: FaultDefinition = {
  type: 'drop_message',
  level: 'message',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.drop_message,
  create: (spec) => new DropMessageFault(spec),
};
