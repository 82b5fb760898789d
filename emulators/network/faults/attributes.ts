/**
 * Every network fault's attributes as zod schemas: the single source of their names, units
 * and limits. `FaultAttributesByType` (types.ts) is inferred from this table, each fault's
 * definition validates with its entry, and unknown keys are errors.
 */
import { z } from 'zod';

/** An MTI attribute: four digits. */
export const mtiSchema = z.string().regex(/^\d{4}$/, 'an MTI is four digits');
/** How many times a message fault fires (0 = unlimited; default 1 for one-shot faults). */
export const countSchema = z.number().int().min(0).optional();

export const FAULT_ATTRIBUTES = {
  /** Delay every chunk by latencyMs ± jitterMs (uniform, seeded). */
  latency: z.strictObject({ latencyMs: z.number().min(0), jitterMs: z.number().min(0).optional() }),
  /** Limit throughput to rateKBps kilobytes (1024 bytes) per second. */
  bandwidth: z.strictObject({ rateKBps: z.number().positive() }),
  /** Blackhole: drop all data; close the connection after timeoutMs (0 = never close). */
  timeout: z.strictObject({ timeoutMs: z.number().min(0) }),
  /** Reset the connection (TCP RST to both peers) timeoutMs after the fault meets it. */
  reset_peer: z.strictObject({ timeoutMs: z.number().min(0) }),
  /** Delay the close (FIN) in this direction by delayMs. */
  slow_close: z.strictObject({ delayMs: z.number().min(0) }),
  /** Cut chunks into pieces of averageSize ± sizeVariation bytes, delayUs between pieces. */
  slicer: z
    .strictObject({
      averageSize: z.number().int().min(1),
      sizeVariation: z.number().int().min(0).optional(),
      delayUs: z.number().min(0).optional(),
    })
    .refine((a) => (a.sizeVariation ?? 0) < a.averageSize, { message: 'sizeVariation must be smaller than averageSize', path: ['sizeVariation'] }),
  /** Forward at most `bytes` bytes in this direction, then close the connection. */
  limit_data: z.strictObject({ bytes: z.number().int().min(0) }),
  /** The network is down: new connections are refused, open ones are cut (reset). */
  down: z.strictObject({}),
  /** Drop the response to the next request(s) (optionally only requests of one MTI). */
  drop_response: z.strictObject({ requestMti: mtiSchema.optional(), count: countSchema }),
  /** Drop the nth message (counted from when the fault is added) in `stream`. */
  drop_message: z.strictObject({ nth: z.number().int().min(1).optional(), mti: mtiSchema.optional(), count: countSchema }),
  /**
   * Hold the response to the next request until afterTimeoutMs after the terminal's host
   * timeout (measured from when the proxy received the request), then deliver it.
   * Alternatively holdMs: hold for a fixed time after the response arrives.
   */
  hold_response: z.strictObject({
    afterTimeoutMs: z.number().min(0).optional(),
    hostTimeoutMs: z.number().min(0).optional(),
    holdMs: z.number().min(0).optional(),
    requestMti: mtiSchema.optional(),
    count: countSchema,
    }),
  /** Deliver the response to the next request `copies` extra times. */
  duplicate_response: z.strictObject({ copies: z.number().int().min(1).optional(), requestMti: mtiSchema.optional(), count: countSchema }),
  /** Reset the terminal's connection (and close the issuer side) right after (or delayMs after) a request is forwarded. */
  reset_after_request: z.strictObject({ requestMti: mtiSchema.optional(), count: countSchema, delayMs: z.number().min(0).optional() }),
  /**
   * Reset the connection right after (or delayMs after) an approval (field 39 = "00") has been
   * delivered. With delayMs 0 the terminal may see the reset as a plain end of stream if it
   * had not yet read the approval when the RST arrived (the kernel's choice, not ours).
   */
  reset_after_approval: z.strictObject({ mti: mtiSchema.optional(), count: countSchema, delayMs: z.number().min(0).optional() }),
  /** XOR one byte of the nth message in `stream`; offset < 0 counts from the end of the body (-1 = last byte, in the MAC). */
  flip_byte: z.strictObject({
    nth: z.number().int().min(1).optional(),
    offset: z.number().int().optional(),
    xor: z.number().int().min(1).max(255).optional(),
    mti: mtiSchema.optional(),
    count: countSchema,
    }),
} as const;
