/**
 * A device on the network that is not a printer: it sends back whatever it gets, as the
 * echo service does (RFC 862) — the kind of thing a mistyped printer address lands on. A
 * terminal that dials it for a print job gets its own status query back as the answer:
 * DLE EOT 1 answered by 0x10, whose fixed bits are not a printer status byte's (0xx1xx10,
 * docs/domain.md §2). The terminal must see no printer there and print nothing.
 */
import { createServer, type Socket } from 'node:net';

export interface EchoDevice {
  host: string;
  port: number;
  /** Bytes it has received (and sent back). */
  readonly bytes: number;
  close(): Promise<void>;
}

/** Start an echo device on a free port of 127.0.0.1. */
export async function startEchoDevice(): Promise<EchoDevice> {
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (chunk) => {
      bytes += chunk.length;
      s.write(chunk);
    });
    s.on('error', () => undefined); // a terminal that hangs up mid-echo is no fault of the device
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the echo device has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    get bytes() {
      return bytes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
