/** reset_peer: reset the connection (TCP RST to both peers) timeoutMs after the fault meets it. */
import { z } from 'zod';
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { nowMs } from '../timers';

export class ResetPeerFault extends BaseFault {
  readonly level = 'stream' as const;
  private readonly timeoutMs: number;
  constructor(spec: FaultSpec) {
    super(spec);
    this.timeoutMs = (spec.attributes as FaultAttributesByType['reset_peer']).timeoutMs;
  }

  attach(ctx: FaultLinkContext): void {
    ctx.timerAt(nowMs() + this.timeoutMs, () => {
      ctx.fire({ action: 'reset', detail: { timeoutMs: this.timeoutMs } });
      ctx.link.reset();
    });
  }

  async process(item: Item, _ctx: FaultLinkContext, _direction: unknown, next: Next): Promise<void> {
    await next(item);
  }
}

export const resetPeer: FaultDefinition = {
  type: 'reset_peer',
  level: 'stream',
  defaultStream: 'downstream',
  attributes: z.strictObject({ timeoutMs: z.number().min(0) }),
  create: (spec) => new ResetPeerFault(spec),
};
