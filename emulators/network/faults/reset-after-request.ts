/**
 * reset_after_request: right after the next request (optionally of one MTI) has been
 * forwarded to the issuer, reset the terminal's connection (RST) and close the issuer's
 * side (FIN after the request): the issuer has the request, the terminal never hears back.
 */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { withResetAfterWrite } from './reset-after-write';
import { FAULT_ATTRIBUTES } from './attributes';

export class ResetAfterRequestFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['reset_after_request'];
  constructor(spec: FaultSpec) {
    const attrs = spec.attributes as FaultAttributesByType['reset_after_request'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    if (direction !== 'upstream' || !item.message) return next(item);
    const ref = item.message.ref;
    if (this.attrs.requestMti !== undefined && ref.mti !== this.attrs.requestMti) return next(item);
    if (!this.consume()) return next(item);
    await next(withResetAfterWrite(item, ctx, ref, this.attrs.delayMs, () => ctx.link.resetTerminalCloseIssuer()));
  }
}

export const resetAfterRequest: FaultDefinition = {
  type: 'reset_after_request',
  level: 'message',
  defaultStream: 'upstream',
  fixedStream: 'upstream',
  attributes: FAULT_ATTRIBUTES.reset_after_request,
  create: (spec) => new ResetAfterRequestFault(spec),
};
