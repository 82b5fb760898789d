/**
 * A link: how one peripheral (printer, card reader) reaches the terminal — a cable with
 * the terminal's end and the bench's end, or (tcp.ts, printers only) a network port. One
 * small class per `link.kind` in the profile (mock.ts, pty.ts, serial.ts, tcp.ts), chosen
 * in registry.ts.
 *
 * Contract:
 * - `open()` makes the cable: afterwards `path` is what the terminal opens, and
 *   `benchSide` is the bench's end, open when the bench drives it (an emulator attaches
 *   there). Call it once. A network port (tcp) has no single bench end: its `path` is
 *   `tcp://HOST:PORT`, `benchSide` throws, and `benchListener` hands out one transport per
 *   connection (the emulator's TCP server takes them).
 * - `openTerminalSide()` gives an in-process terminal its end, open; it may be called again
 *   after the terminal closed its end (firmware reopens its printer port on a setting
 *   change or a power cycle). A kind whose terminal end the bench does not hold rejects.
 * - `close()` releases everything `open()` made (processes, ports); safe to call twice and
 *   after a failed open.
 */
import type { LineSettings, Transport } from '../../transports/types';
import type { TransportListener } from '../../transports/types';
import { DEFAULT_LINE_SETTINGS } from '../../transports/types';
import type { LinkProfile } from './schema';
import { PosbenchError } from '../../util/errors';

/** The `link` section of a profile's printer or reader, one variant per kind (schema.ts). */
export type { LinkProfile };
export type LinkKind = LinkProfile['kind'];
export type LinkProfileOf<K extends LinkKind> = Extract<LinkProfile, { kind: K }>;
export type LinkDevice = 'printer' | 'reader';

export interface Link {
  readonly kind: LinkKind;
  readonly device: LinkDevice;
  readonly lineSettings: LineSettings;
  /** The path the terminal opens. Valid after open(). */
  readonly path: string;
  /** The bench's end of the cable. Valid after open(). */
  readonly benchSide: Transport;
  /** A network port's bench end: one transport per accepted connection (tcp, device emulated). Valid after open(). */
  readonly benchListener?: TransportListener;
  /** How the cable was made, where a kind has a choice (a PTY pair: socat or the npm bridge, and why). Valid after open(). */
  readonly via?: { backend: string; reason: string };
  open(): Promise<void>;
  openTerminalSide(baudRate?: number): Promise<Transport>;
  close(): Promise<void>;
}

export class LinkError extends PosbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('LINK', message, options);
  }
}

/** The profile's line settings (baud, data bits, parity, stop bits) as a transport wants them; a tcp link has none (the defaults stand in). */
export function lineSettingsOf(link: LinkProfile): LineSettings {
  if (!('line' in link)) return { ...DEFAULT_LINE_SETTINGS };
  return { baudRate: link.line.baud, dataBits: link.line.data_bits, parity: link.line.parity, stopBits: link.line.stop_bits };
}

/** Throws unless open() has run: the getters of every kind share it. */
export function opened<T>(value: T | undefined, link: { kind: string; device: string }, what: string): T {
  if (value === undefined) throw new LinkError(`the ${link.device} ${link.kind} link is not open: no ${what} yet`);
  return value;
}
