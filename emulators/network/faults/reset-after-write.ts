/** Shared by reset_after_request and reset_after_approval: once a message is written, reset (at once or after delayMs). */
import type { FaultLinkContext, Item } from './types';
import type { MessageRef } from '../types';
import { nowMs } from '../timers';

/** The item, with a reset scheduled after it has been written; `reset` picks which sides go. */
export function withResetAfterWrite(item: Item, ctx: FaultLinkContext, ref: MessageRef, delayMs: number | undefined, reset: () => void): Item {
  const doReset = (): void => {
    ctx.fire({ action: 'reset', message: ref, ...(delayMs ? { detail: { delayMs } } : {}) });
    reset();
  };
  const schedule = (): void => {
    if (delayMs) ctx.timerAt(nowMs() + delayMs, doReset);
    else doReset();
  };
  return { ...item, afterWrite: [...(item.afterWrite ?? []), schedule] };
}
