/**
 * Network addresses as `{host, port}` — the one place a "host:port" text is split or made.
 * IPv6 hosts are written in brackets ("[::1]:8583"); an unbracketed text is split at its
 * last colon, so "::1:8583" reads as host "::1", port 8583.
 */
import { PosbenchError } from './errors';

export interface HostPort {
  host: string;
  port: number;
}

export class AddressError extends PosbenchError {
  constructor(readonly text: string, reason: string) {
    super('ADDRESS', `address ${JSON.stringify(text)}: ${reason}`);
  }
}

/** "host:port" → {host, port}; port 0..65535. Throws AddressError naming the text. */
export function parseHostPort(text: string): HostPort {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  let host: string;
  let portText: string;
  if (m) {
    host = m[1]!;
    portText = m[2]!;
  } else {
    const idx = text.lastIndexOf(':');
    if (idx <= 0) throw new AddressError(text, 'expected host:port');
    host = text.slice(0, idx);
    portText = text.slice(idx + 1);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new AddressError(text, `port "${portText}" is not 0..65535`);
  return { host, port: Number(portText) };
}

/** {host, port} → "host:port" ("[::1]:port" for an IPv6 host). */
export function formatHostPort(a: HostPort): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
