/**
 * Serve an HTTP request handler (an express app) on host:port — how a control API is put
 * around a model by whoever owns the model. `close()` ends every open connection too, so a
 * keep-alive client never holds a test or a process open.
 */
import { createServer, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import type { HostPort } from './address';

export interface HttpServerHandle {
  readonly address: HostPort;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
}

export async function serveHttp(handler: RequestListener, opts: ServeOptions = {}): Promise<HttpServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  let closing: Promise<void> | undefined;
  return {
    address: { host, port },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })),
  };
}
