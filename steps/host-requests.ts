/** What reached the emulated issuer, read from its timeline events (steps/power.steps.ts, steps/settlement.steps.ts). */
import type { PosbenchWorld } from './world';

export interface HostRequest {
  seq: number;
  mti: string;
  processingCode: string;
  amountMinor: number;
}

/** Every request that reached the issuer, in the order it arrived (the issuer's timeline events). */
export function hostRequests(world: PosbenchWorld): HostRequest[] {
  return world.bench.timeline
    .filter((e) => e.source === 'issuer' && e.kind === 'iso8583.in')
    .map((e) => {
      const d = (e.data ?? {}) as { mti?: string; fields?: Record<string, string> };
      return { seq: e.seq, mti: String(d.mti ?? ''), processingCode: String(d.fields?.['3'] ?? ''), amountMinor: Number(d.fields?.['4'] ?? NaN) };
    });
}
