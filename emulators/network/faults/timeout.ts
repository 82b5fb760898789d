/** timeout (blackhole): drop every chunk; close the connection after timeoutMs (0 = keep it open). */
import { z } from 'zod';
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { nowMs } from '../timers';

export class TimeoutFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly timeoutMs: number;
  constructor(spec: FaultSpec) {
    super(spec);
    this.timeoutMs = (spec.attributes as FaultAttributesByType['timeout']).timeoutMs;
  }

  attach(ctx: FaultLinkContext): void {
    if (this.timeoutMs <= 0) return;
    ctx.timerAt(nowMs() + this.timeoutMs, () => {
      ctx.fire({ action: 'close', detail: { timeoutMs: this.timeoutMs } });
      ctx.link.close();
    });
  }

  process(item: Item, ctx: FaultLinkContext): void {
    this.fireOnce(ctx, item, 'drop', { bytes: item.data.length });
    // Data is dropped on the ground (not passed to next).
  }
}

export const timeout: FaultDefinition = {
  type: 'timeout',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: z.strictObject({ timeoutMs: z.number().min(0) }),
  create: (spec) => new TimeoutFault(spec),
};
