/** reset_peer: reset the connection (TCP RST to both peers) timeoutMs after the fault meets it. */
import { BaseFault } from './types';
import type { FaultDefinition, FaultLinkContext, Item, Next } from './types';
import type { FaultAttributesByType, FaultSpec } from '../types';
import { nowMs } from '../timers';
import { FAULT_ATTRIBUTES } from './attributes';

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
  attributes: FAULT_ATTRIBUTES.reset_peer,
  create: (spec) => new ResetPeerFault(spec),
};
