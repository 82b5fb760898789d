/**
 * hold_response: hold the response to the next request until afterTimeoutMs after the
 * terminal's host timeout (counted from when the proxy received the request), then deliver
 * it — the "approval arrives after the terminal gave up" case. With holdMs instead, hold
 * for a fixed time after the response arrives. Removing the fault delivers at once.
 */
import { BaseFault } from './types';
import type { FaultDefinition, FaultEnv, FaultLinkContext, Item, Next } from './types';
import { FaultConfigError } from '../types';
import type { FaultAttributesByType, FaultSpec, Stream } from '../types';
import { nowMs } from '../timers';
import { describeRef } from '../message';
import { routeResponse } from './correlate';
import { FAULT_ATTRIBUTES } from './attributes';

export class HoldResponseFault extends BaseFault {
  readonly level = 'message' as const;
  private readonly attrs: FaultAttributesByType['hold_response'];
  private readonly hostTimeoutMs: number | undefined;
  constructor(spec: FaultSpec, env: FaultEnv) {
    const attrs = spec.attributes as FaultAttributesByType['hold_response'];
    super(spec, attrs.count ?? 1);
    this.attrs = attrs;
    this.hostTimeoutMs = attrs.hostTimeoutMs ?? env.hostTimeoutMs;
    if (attrs.holdMs === undefined && this.hostTimeoutMs === undefined) {
      throw new FaultConfigError(`${spec.name}.attributes.hostTimeoutMs`, 'hold_response needs holdMs, or a host timeout (attribute hostTimeoutMs or the proxy option hostTimeoutMs)');
    }
  }

  async process(item: Item, ctx: FaultLinkContext, direction: Stream, next: Next): Promise<void> {
    const req = routeResponse(item, ctx, direction, this.attrs.requestMti, this.isActive());
    if (!req || !item.message || !this.consume()) return next(item);
    const deadline =
      this.attrs.holdMs !== undefined
        ? item.arrivedAt + this.attrs.holdMs
        : req.arrivedAt + (this.hostTimeoutMs as number) + (this.attrs.afterTimeoutMs ?? 0);
    const ref = item.message.ref;
    ctx.fire({
      action: 'hold',
      message: ref,
      detail: { holdForMs: Math.max(0, Math.round(deadline - nowMs())), sinceRequestMs: Math.round(deadline - req.arrivedAt) },
    });
    await ctx.waitUntil(deadline);
    const outcome = !ctx.link.writable('downstream') ? 'discarded' : ctx.link.terminalEnded() ? 'delivered-after-terminal-closed' : 'delivered';
    const sinceRequestMs = Math.round(nowMs() - req.arrivedAt);
    const words = {
      discarded: 'discarded (the terminal connection is gone)',
      'delivered-after-terminal-closed': 'delivered after the terminal had closed its side (it will not read it)',
      delivered: 'delivered',
    }[outcome];
    ctx.note('fault.released', `${this.spec.name}: ${words}: held ${describeRef(ref)} ${sinceRequestMs} ms after the request`, {
      fault: this.spec.name,
      type: this.spec.type,
      outcome,
      delivered: outcome !== 'discarded',
      sinceRequestMs,
      message: ref,
    });
    await next(item);
  }
}

export const holdResponse: FaultDefinition = {
  type: 'hold_response',
  level: 'message',
  defaultStream: 'downstream',
  fixedStream: 'downstream',
  attributes: FAULT_ATTRIBUTES.hold_response,
  create: (spec, env) => new HoldResponseFault(spec, env),
};
