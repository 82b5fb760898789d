/** duplicate_response: deliver the response to the next request, then `copies` (default 1) more times. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { routeResponse } from './correlate';
import { FAULT_ATTRIBUTES } from './attributes';

export class DuplicateResponseFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['duplicate_response'];
  constructor(spec: FaultSpec) {
    const attrs = spec.attributes as FaultAttributesByType['duplicate_response'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    const req = routeResponse(item, ctx, direction, this.attrs.requestMti, this.isActive());
    if (!req || !item.message || !this.consume()) return next(item);
    const copies = this.attrs.copies ?? 1;
    ctx.fire({ action: 'duplicate', message: item.message.ref, detail: { copies } });
    await next(item);
    for (let i = 0; i < copies; i++) await next({ data: item.data, arrivedAt: item.arrivedAt, message: item.message });
  }
}

export const duplicateResponse: FaultDefinition = {
  type: 'duplicate_response',
  level: 'message',
  defaultStream: 'downstream',
  fixedStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.duplicate_response,
  create: (spec) => new DuplicateResponseFault(spec),
};
