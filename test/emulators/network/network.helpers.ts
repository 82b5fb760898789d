/** Test doubles for the proxy tests: a tiny CUP issuer and a tiny terminal, both over real TCP on port 0. */
import net from 'node:net';
import { once } from 'node:events';
import type { Socket, Server } from 'node:net';
import { getDialect } from '../../../src/protocols/iso8583';
import type { IsoMessage } from '../../../src/protocols/iso8583/types';
import { LengthPrefixedDecoder, frameMessage } from '../../../src/protocols/framing/length-prefix';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import type { EvidenceEvent } from '../../../src/evidence/types';

export const cup = getDialect('cup');
export const PAN = '6210947000000021';

export function request(stan: string, mti = '0200'): IsoMessage {
  return {
    mti,
    tpdu: Buffer.from('6000060000', 'hex'),
    header: Buffer.from('603100311003', 'hex'),
    fields: { 2: PAN, 3: '000000', 4: '000000001000', 11: stan, 41: 'TERM0001', 42: '123456789012345', 49: '156', 64: Buffer.alloc(8, 0xab) },
  };
}

export function responseTo(req: IsoMessage, rc = '00'): IsoMessage {
  return {
    mti: req.mti.slice(0, 2) + String(Number(req.mti[2]) + 1) + '0',
    tpdu: Buffer.from('6000000006', 'hex'),
    header: Buffer.from('603100311003', 'hex'),
    fields: { 3: '000000', 4: '000000001000', 11: String(req.fields[11]), 39: rc, 41: 'TERM0001', 64: Buffer.alloc(8, 0xcd) },
  };
}

export function frame(msg: IsoMessage): Buffer {
  return frameMessage('binary2', cup.pack(msg));
}

/** Rejects after `ms` unless `p` settles first (the timer is always cleared). */
export async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, guard]);
  } finally {
    clearTimeout(timer);
  }
}

/** A queue of values with awaitable next(). */
class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(v: T) => void> = [];
  push(v: T): void {
    const w = this.waiters.shift();
    if (w) w(v);
    else this.items.push(v);
  }
  next(): Promise<T> {
    const v = this.items.shift();
    if (v !== undefined) return Promise.resolve(v);
    return new Promise((r) => this.waiters.push(r));
  }
  get size(): number {
    return this.items.length;
  }
}

export interface Received {
  body: Buffer;
  msg: IsoMessage | undefined;
  at: number;
  socket: Socket;
}

/** An issuer double: decodes framed requests and answers with `respond` (null = no answer). */
export class StubIssuer {
  readonly requests = new Inbox<Received>();
  readonly all: Received[] = [];
  readonly connections = new Inbox<Socket>();
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  respond: (req: IsoMessage) => IsoMessage | null = (req) => responseTo(req);
  port = 0;

  async start(): Promise<number> {
    this.server = net.createServer({ allowHalfOpen: true }, (s) => {
      s.setNoDelay(true);
      this.sockets.add(s);
      this.connections.push(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
      s.on('end', () => s.end());
      const dec = new LengthPrefixedDecoder('binary2');
      s.on('data', (chunk: Buffer) => {
        for (const f of dec.push(chunk)) {
          let msg: IsoMessage | undefined;
          try {
            msg = cup.unpack(f.body);
          } catch {
            msg = undefined;
          }
          const r: Received = { body: Buffer.from(f.body), msg, at: performance.now(), socket: s };
          this.all.push(r);
          this.requests.push(r);
          const answer = msg ? this.respond(msg) : null;
          if (answer && !s.destroyed && !s.writableEnded) s.write(frame(answer));
        }
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

/** A terminal double: sends frames, collects framed replies, reports how the connection ended. */
export class StubTerminal {
  readonly frames = new Inbox<{ body: Buffer; at: number }>();
  readonly chunks: Buffer[] = [];
  error: NodeJS.ErrnoException | undefined;
  ended = false;
  readonly closed: Promise<void>;
  private constructor(readonly socket: Socket) {
    const dec = new LengthPrefixedDecoder('binary2');
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      for (const f of dec.push(chunk)) this.frames.push({ body: Buffer.from(f.body), at: performance.now() });
    });
    socket.on('end', () => {
      this.ended = true;
    });
    socket.on('error', (err) => {
      this.error = err;
    });
    this.closed = new Promise((r) => socket.once('close', () => r()));
  }

  static async connect(port: number): Promise<StubTerminal> {
    const s = net.connect({ host: '127.0.0.1', port });
    const t = new StubTerminal(s);
    await once(s, 'connect');
    return t;
  }

  send(msg: IsoMessage): number {
    this.socket.write(frame(msg));
    return performance.now();
  }

  sendRaw(b: Buffer): void {
    this.socket.write(b);
  }

  next(ms = 2000): Promise<{ body: Buffer; at: number }> {
    return within(this.frames.next(), ms, 'a frame at the terminal');
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Resolves with the first evidence event (already recorded or future) matching `pred`. */
export function evidenceEvent(t: EvidenceTimeline, pred: (e: EvidenceEvent) => boolean, ms = 2000): Promise<EvidenceEvent> {
  const found = t.all().find(pred);
  if (found) return Promise.resolve(found);
  let off: () => void = () => undefined;
  const p = new Promise<EvidenceEvent>((resolve) => {
    off = t.onEvent((e) => {
      if (pred(e)) resolve(e);
    });
  });
  return within(p, ms, 'an evidence event').finally(() => off());
}

/** Connection refused / reset: resolves with the error code of a connect attempt. */
export function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    s.on('connect', () => {
      s.destroy();
      resolve(undefined);
    });
  });
}
