/** bandwidth: limit throughput to rateKBps (1 KB = 1024 bytes), pacing pieces of at most 100 ms worth. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { nowMs } from '../timers';
import { FAULT_ATTRIBUTES } from './attributes';

export class BandwidthFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly bytesPerMs: number;
  constructor(spec: FaultSpec) {
    super(spec);
    this.bytesPerMs = ((spec.attributes as FaultAttributesByType['bandwidth']).rateKBps * 1024) / 1000;
  }

  async process(item: Item, ctx: FaultLinkContext, _direction: unknown, next: Next): Promise<void> {
    this.fireOnce(ctx, item, 'throttle', { rateKBps: this.spec.attributes.rateKBps });
    const maxPiece = Math.max(1, Math.floor(this.bytesPerMs * 100));
    const data = item.data;
    for (let off = 0; off < data.length; off += maxPiece) {
      const piece = data.subarray(off, off + maxPiece);
      const last = off + maxPiece >= data.length;
      if (!this.removed) {
        // Keep the average rate across chunks: a piece starts when the previous one is done.
        const start = Math.max(nowMs(), (ctx.state.nextFreeAt as number | undefined) ?? 0);
        const done = start + piece.length / this.bytesPerMs;
        ctx.state.nextFreeAt = done;
        await ctx.waitUntil(done);
      }
      await next({ ...item, data: piece, ...(last ? {} : { afterWrite: undefined }) });
    }
  }
}

export const bandwidth: FaultDefinition = {
  type: 'bandwidth',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.bandwidth,
  create: (spec) => new BandwidthFault(spec),
};
