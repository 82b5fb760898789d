/** slicer: cut each chunk into pieces of averageSize ± sizeVariation bytes (seeded), delayUs apart. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { FAULT_ATTRIBUTES } from './attributes';

export class SlicerFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly attrs: FaultAttributesByType['slicer'];
  constructor(spec: FaultSpec) {
    super(spec);
    this.attrs = spec.attributes as FaultAttributesByType['slicer'];
  }

  async process(item: Item, ctx: FaultLinkContext, _direction: unknown, next: Next): Promise<void> {
    const { averageSize, sizeVariation = 0, delayUs = 0 } = this.attrs;
    const data = item.data;
    let off = 0;
    let pieces = 0;
    while (off < data.length) {
      if (this.removed) {
        await next({ ...item, data: data.subarray(off) });
        return;
      }
      const size = Math.max(1, averageSize + (sizeVariation ? ctx.random.int(-sizeVariation, sizeVariation) : 0));
      const end = Math.min(data.length, off + size);
      const last = end >= data.length;
      pieces++;
      await next({ ...item, data: data.subarray(off, end), ...(last ? {} : { afterWrite: undefined }) });
      off = end;
      if (!last && delayUs > 0) await ctx.waitFor(delayUs / 1000);
    }
    this.fireOnce(ctx, item, 'slice', { pieces, averageSize, sizeVariation, delayUs });
  }
}

export const slicer: FaultDefinition = {
  type: 'slicer',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.slicer,
  create: (spec) => new SlicerFault(spec),
};
