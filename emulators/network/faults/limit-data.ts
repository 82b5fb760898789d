/** limit_data: forward at most `bytes` bytes in this direction, then close the connection. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { FAULT_ATTRIBUTES } from './attributes';

export class LimitDataFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly bytes: number;
  constructor(spec: FaultSpec) {
    super(spec);
    this.bytes = (spec.attributes as FaultAttributesByType['limit_data']).bytes;
  }

  attach(ctx: FaultLinkContext): void {
    if (this.bytes === 0) this.cut(ctx);
  }

  async process(item: Item, ctx: FaultLinkContext, _direction: unknown, next: Next): Promise<void> {
    const sent = (ctx.state.sent as number | undefined) ?? 0;
    const remaining = this.bytes - sent;
    if (remaining <= 0) return;
    const data = item.data.length > remaining ? item.data.subarray(0, remaining) : item.data;
    ctx.state.sent = sent + data.length;
    if (sent + data.length < this.bytes) return next(item);
    const afterWrite = [...(item.afterWrite ?? []), () => this.cut(ctx)];
    await next({ ...item, data, afterWrite });
  }

  private cut(ctx: FaultLinkContext): void {
    if (ctx.state.cut) return;
    ctx.state.cut = true;
    ctx.fire({ action: 'close', detail: { bytes: this.bytes } });
    ctx.link.close();
  }
}

export const limitData: FaultDefinition = {
  type: 'limit_data',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.limit_data,
  create: (spec) => new LimitDataFault(spec),
};
