/** latency: delay every chunk by latencyMs ± jitterMs (uniform, seeded), measured from its arrival. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { FAULT_ATTRIBUTES } from './attributes';

export class LatencyFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly attrs: FaultAttributesByType['latency'];
  constructor(spec: FaultSpec) {
    super(spec);
    this.attrs = spec.attributes as FaultAttributesByType['latency'];
  }

  async process(item: Item, ctx: FaultLinkContext, _direction: unknown, next: Next): Promise<void> {
    const jitterMs = this.attrs.jitterMs ? (ctx.random.next() * 2 - 1) * this.attrs.jitterMs : 0;
    const delayMs = Math.max(0, this.attrs.latencyMs + jitterMs);
    this.fireOnce(ctx, item, 'delay', { latencyMs: this.attrs.latencyMs, jitterMs: this.attrs.jitterMs ?? 0, delayMs: Math.round(delayMs * 1000) / 1000 });
    await ctx.waitUntil(item.arrivedAt + delayMs);
    await next(item);
  }
}

export const latency: FaultDefinition = {
  type: 'latency',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.latency,
  create: (spec) => new LatencyFault(spec),
};
