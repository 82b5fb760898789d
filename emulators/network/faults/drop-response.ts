/** drop_response: drop the response to the next request (or the next `count` requests; 0 = all). */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { routeResponse } from './correlate';
import { FAULT_ATTRIBUTES } from './attributes';

export class DropResponseFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['drop_response'];
  constructor(spec: FaultSpec) {
    const attrs = spec.attributes as FaultAttributesByType['drop_response'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    const req = routeResponse(item, ctx, direction, this.attrs.requestMti, this.isActive());
    if (req && item.message && this.consume()) {
      ctx.fire({ action: 'drop', message: item.message.ref, detail: { requestMti: req.mti, requestStan: req.stan } });
      return;
    }
    await next(item);
  }
}

export const dropResponse: FaultDefinition = {
  type: 'drop_response',
  level: 'message',
  defaultStream: 'downstream',
  fixedStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.drop_response,
  create: (spec) => new DropResponseFault(spec),
};
