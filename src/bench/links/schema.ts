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

/** HOST:PORT (an IPv6 host in brackets). Port 0 lets the bench pick a free one (emulated printer only). */
const hostPort = z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/, 'HOST:PORT, e.g. 192.0.2.20:9100').refine((v) => Number(v.slice(v.lastIndexOf(':') + 1)) <= 65535, 'the port is 0–65535');

/**
 * A network receipt printer: raw TCP, port 9100 by convention (docs/domain.md §2). No serial
 * line settings. Emulated: the bench listens at `address` (default 127.0.0.1 on a free
 * port); real: `address` is the printer's. The terminal prints to tcp://ADDRESS.
 */
export const tcpLink = z.strictObject({ kind: z.literal('tcp'), address: hostPort.optional() });

/** How the printer reaches the terminal: a serial cable of any kind, or the network. */
export const printerLink = z.discriminatedUnion('kind', [...serialLink.options, tcpLink]);

export type LinkProfile = z.infer<typeof printerLink>;
export type SerialLinkProfile = z.infer<typeof serialLink>;
