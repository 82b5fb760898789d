/** slow_close: when the source of this direction closes, wait delayMs before passing the close on. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { FAULT_ATTRIBUTES } from './attributes';

export class SlowCloseFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly delayMs: number;
  constructor(spec: FaultSpec) {
    super(spec);
    this.delayMs = (spec.attributes as FaultAttributesByType['slow_close']).delayMs;
  }

  async process(item: Item, _ctx: FaultLinkContext, _direction: unknown, next: Next): Promise<void> {
    await next(item);
  }

  async beforeEnd(ctx: FaultLinkContext): Promise<void> {
    ctx.fire({ action: 'delay-close', detail: { delayMs: this.delayMs } });
    await ctx.waitFor(this.delayMs);
  }
}

export const slowClose: FaultDefinition = {
  type: 'slow_close',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.slow_close,
  create: (spec) => new SlowCloseFault(spec),
};
