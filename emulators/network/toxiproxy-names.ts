/**
 * Toxiproxy's attribute names ↔ posbench's. The control API speaks Toxiproxy's (its README,
 * "Toxics": latency/jitter in ms, rate in KB/s, delay in ms — µs for slicer —, timeout in ms,
 * average_size / size_variation in bytes, bytes) and accepts posbench's (latencyMs,
 * rateKBps, …) as aliases; the model stores posbench's. Message faults (drop_response, …)
 * have no Toxiproxy counterpart and keep their names both ways.
 */
import type { FaultSpec, FaultType } from './types';

const TOXIPROXY_NAMES: Partial<Record<FaultType, Record<string, string>>> = {
  latency: { latency: 'latencyMs', jitter: 'jitterMs' },
  bandwidth: { rate: 'rateKBps' },
  timeout: { timeout: 'timeoutMs' },
  reset_peer: { timeout: 'timeoutMs' },
  slow_close: { delay: 'delayMs' },
  slicer: { average_size: 'averageSize', size_variation: 'sizeVariation', delay: 'delayUs' },
  limit_data: { bytes: 'bytes' },
};

/** Attributes Toxiproxy always lists, with the value it shows when unset. */
const TOXIPROXY_DEFAULTS: Partial<Record<FaultType, Record<string, number>>> = {
  latency: { jitter: 0 },
  slicer: { size_variation: 0, delay: 0 },
};

/** Translate Toxiproxy attribute names to posbench's (posbench's own pass through). */
export function fromToxiproxyAttributes(type: string, attributes: unknown): unknown {
  const aliases = TOXIPROXY_NAMES[type as FaultType];
  if (!aliases || !attributes || typeof attributes !== 'object' || Array.isArray(attributes)) return attributes;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attributes as Record<string, unknown>)) out[aliases[k] ?? k] = v;
  return out;
}

/** A stored fault as Toxiproxy shows a toxic: Toxiproxy's attribute names, its defaults filled in. */
export function toToxiproxyToxic(spec: FaultSpec): FaultSpec {
  const aliases = TOXIPROXY_NAMES[spec.type];
  if (!aliases) return spec;
  const back = new Map(Object.entries(aliases).map(([toxi, ours]) => [ours, toxi]));
  const attributes: Record<string, unknown> = { ...TOXIPROXY_DEFAULTS[spec.type] };
  for (const [k, v] of Object.entries(spec.attributes)) attributes[back.get(k) ?? k] = v;
  return { ...spec, attributes };
}
