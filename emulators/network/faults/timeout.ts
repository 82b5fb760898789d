/** timeout (blackhole): drop every chunk; close the connection after timeoutMs (0 = keep it open). */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { nowMs } from '../timers';
import { FAULT_ATTRIBUTES } from './attributes';

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
  attributes: FAULT_ATTRIBUTES.timeout,
  create: (spec) => new TimeoutFault(spec),
};
