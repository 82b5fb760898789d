/**
 * reset_after_approval: right after a message with field 39 = "00" (optionally of one MTI)
 * has been delivered to the terminal, reset the connection. Needs a dialect that decodes
 * field 39; a body that does not decode never counts as an approval.
 */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { withResetAfterWrite } from './reset-after-write';
import { FAULT_ATTRIBUTES } from './attributes';

export class ResetAfterApprovalFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['reset_after_approval'];
  constructor(spec: FaultSpec) {
    const attrs = spec.attributes as FaultAttributesByType['reset_after_approval'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    if (direction !== 'downstream' || !item.message) return next(item);
    const ref = item.message.ref;
    if (ref.responseCode !== '00') return next(item);
    if (this.attrs.mti !== undefined && ref.mti !== this.attrs.mti) return next(item);
    if (!this.consume()) return next(item);
    await next(withResetAfterWrite(item, ctx, ref, this.attrs.delayMs, () => ctx.link.reset()));
  }
}

export const resetAfterApproval: FaultDefinition = {
  type: 'reset_after_approval',
  level: 'message',
  defaultStream: 'downstream',
  fixedStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.reset_after_approval,
  create: (spec) => new ResetAfterApprovalFault(spec),
};
