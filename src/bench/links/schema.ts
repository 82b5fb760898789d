/**
 * The `link` section of a profile's printer or reader, one variant per kind (discriminated
 * on `kind`); the types in types.ts are inferred from it.
 */
import { z } from 'zod';
import { DEFAULT_LINE_SETTINGS } from '../../transports/types';

const lineSchema = z.strictObject({
  /** The line speed. For the printer this is the one home of its baud rate: the bench gives the terminal the same (terminal setting printer_baud). */
  baud: z.number().int().positive().default(DEFAULT_LINE_SETTINGS.baudRate),
  data_bits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stop_bits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
});

const line = lineSchema.default({ baud: DEFAULT_LINE_SETTINGS.baudRate, data_bits: 8, parity: 'none', stop_bits: 1 });

/** How a serial peripheral reaches the terminal. */
export const serialLink = z.discriminatedUnion('kind', [
  /** An in-process null-modem cable. */
  z.strictObject({ kind: z.literal('mock'), line }),
  /** A pseudo-terminal pair: the terminal opens one end by path. */
  z.strictObject({ kind: z.literal('pty'), line }),
  /** A real port: the device the terminal uses, or (device emulated) the bench's end of the cable. */
  z.strictObject({ kind: z.literal('serial'), path: z.string().min(1), line }),
]);

export type LinkProfile = z.infer<typeof serialLink>;
