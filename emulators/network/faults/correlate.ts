/**
 * Request → response correlation for the response faults (drop / hold / duplicate). A
 * fault arms on each request the terminal sends on a connection (optionally only one MTI)
 * and fires on the first response that answers it: MTI + 10 and the same STAN when both are
 * known; when a body does not decode, the next message back on that connection.
 */
import { isResponseTo } from '../../../src/protocols/iso8583/head';
import type { FaultLinkContext, Item } from './types';
import type { Stream } from '../types';

export interface ArmedRequest {
  mti?: string;
  stan?: string;
  /** performance.now() when the proxy received the request. */
  arrivedAt: number;
}

export function observeRequest(item: Item, ctx: FaultLinkContext, requestMti: string | undefined): void {
  if (!item.message) return;
  const ref = item.message.ref;
  if (requestMti !== undefined && ref.mti !== requestMti) return;
  const armed = (ctx.state.armed as ArmedRequest[] | undefined) ?? (ctx.state.armed = []);
  armed.push({ ...(ref.mti ? { mti: ref.mti } : {}), ...(ref.stan ? { stan: ref.stan } : {}), arrivedAt: item.arrivedAt });
}

/** The armed request this downstream message answers (removed from the armed list), if any. */
export function matchResponse(item: Item, ctx: FaultLinkContext): ArmedRequest | undefined {
  const armed = ctx.state.armed as ArmedRequest[] | undefined;
  if (!item.message || !armed || armed.length === 0) return undefined;
  const ref = item.message.ref;
  const i = armed.findIndex((req) => {
    if (req.mti && ref.mti && !isResponseTo(req.mti, ref.mti)) return false;
    if (req.stan && ref.stan && req.stan !== ref.stan) return false;
    return true;
  });
  if (i < 0) return undefined;
  return armed.splice(i, 1)[0];
}

/** Common shape of the three response faults. */
export function routeResponse(
  item: Item,
  ctx: FaultLinkContext,
  direction: Stream,
  requestMti: string | undefined,
  active: boolean,
): ArmedRequest | undefined {
  if (direction === 'upstream') {
    if (active) observeRequest(item, ctx, requestMti);
    return undefined;
  }
  return matchResponse(item, ctx);
}
