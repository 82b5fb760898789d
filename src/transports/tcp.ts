/** TCP client and listener transports (node:net), Nagle off for request/response links. */
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { BaseTransport, errText } from './base';
import type { Transport, TransportListener } from './types';
import { TransportError } from './types';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Give up connecting after this long (default 5000 ms). */
  connectTimeoutMs?: number;
}

/**
 * A TCP connection as a Transport. `new TcpTransport({host, port})` connects on open();
 * `TcpTransport.fromSocket(socket)` wraps an already connected socket (the listener's side).
 */
export class TcpTransport extends BaseTransport {
  private socket?: net.Socket;
  private desc: string;

  constructor(private readonly options: TcpTransportOptions) {
    super();
    this.desc = `tcp ${options.host}:${options.port}`;
  }

  get description(): string {
    return this.desc;
  }

  /** Wrap a connected socket; the returned transport is already open. */
  static fromSocket(socket: net.Socket): TcpTransport {
    const t = new TcpTransport({ host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 });
    t.desc = `tcp ${socket.localAddress}:${socket.localPort} ← ${socket.remoteAddress}:${socket.remotePort}`;
    t.attach(socket);
    t.state = 'open';
    return t;
  }

  protected doOpen(): Promise<void> {
    const { host, port, connectTimeoutMs = 5000 } = this.options;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError(this.description, `connect timed out after ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      const onError = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new TransportError(this.description, `connect failed: ${err.message}`, { cause: err }));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        this.desc = `tcp ${socket.localAddress}:${socket.localPort} → ${host}:${port}`;
        this.attach(socket);
        resolve();
      });
    });
  }

  private attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    let lastError: Error | undefined;
    socket.on('data', (chunk: Buffer) => this.deliver(chunk));
    socket.on('error', (err) => {
      lastError = err;
      this.reportError(new TransportError(this.description, err.message, { cause: err }));
    });
    // Peer sent FIN: no half-open links in posbench, finish closing our side too.
    socket.on('end', () => socket.end(() => socket.destroy()));
    socket.on('close', () => this.markClosed(lastError));
  }

  /** Stop reading the socket (back-pressure: the peer's writes then wait in the kernel, not here). */
  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  protected doWrite(data: Buffer): Promise<void> {
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      if (!socket || socket.destroyed) {
        reject(new TransportError(this.description, 'socket is gone'));
        return;
      }
      socket.write(data, (err) => (err ? reject(new TransportError(this.description, `write failed: ${errText(err)}`, { cause: err })) : resolve()));
    });
  }

  protected async doClose(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) {
      this.markClosed();
      return;
    }
    // Flush what was written, send FIN, then release the handle.
    socket.end(() => socket.destroy());
  }
}

export interface TcpListenerOptions {
  host?: string;
  /** 0 (default) → a free port. */
  port?: number;
}

/** A TCP server handing out one open TcpTransport per accepted connection. */
export class TcpListener extends EventEmitter<{ connection: [t: Transport]; error: [err: Error] }> implements TransportListener {
  private server?: net.Server;
  private readonly accepted = new Set<TcpTransport>();
  private bound?: { host: string; port: number };

  constructor(private readonly options: TcpListenerOptions = {}) {
    super();
  }

  get description(): string {
    const host = this.bound?.host ?? this.options.host ?? '127.0.0.1';
    return `tcp listener ${host}:${this.bound?.port ?? this.options.port ?? 0}`;
  }

  /** The bound address once listening. */
  get address(): { host: string; port: number } | undefined {
    return this.bound;
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.server) return Promise.reject(new TransportError(this.description, 'already listening'));
    const host = this.options.host ?? '127.0.0.1';
    const server = net.createServer((socket) => {
      const t = TcpTransport.fromSocket(socket);
      this.accepted.add(t);
      t.once('close', () => this.accepted.delete(t));
      this.emit('connection', t);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => reject(new TransportError(this.description, `listen failed: ${err.message}`, { cause: err })));
      server.listen(this.options.port ?? 0, host, () => {
        server.removeAllListeners('error');
        server.on('error', (err) => {
          if (this.listenerCount('error') > 0) this.emit('error', new TransportError(this.description, err.message, { cause: err }));
        });
        const addr = server.address() as net.AddressInfo;
        this.bound = { host, port: addr.port };
        resolve(this.bound);
      });
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closing = new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all([...this.accepted].map((t) => t.close()));
    await closing;
  }
}
