/**
 * The printer emulator as a network receipt printer: raw TCP, JetDirect-style (port 9100
 * by convention, docs/domain.md §2). Each accepted connection is a Transport
 * (src/transports/tcp.ts); this class only decides which one the emulator is attached to.
 * Decoding, status replies and faults are the emulator's own, exactly as on serial.
 *
 * Connections are served one at a time, as an Epson UB-E02 interface does: up to
 * `maxConnections` are accepted (3), the first prints and gets the status answers, the
 * others wait — what they send is held and printed, in order, when their turn comes, even
 * if they closed meanwhile (their bytes had reached the printer's TCP stack). A printing
 * connection idle for `idleTimeoutMs` (5 minutes) is closed. Automatic status back (GS a)
 * belongs to the connection that enabled it and ends with it. A connection beyond the
 * limit, or a waiting one that sends more than `waitingBufferBytes`, is closed at once.
 */
import { EventEmitter } from 'node:events';
import type { EvidenceSink } from '../../src/evidence/types';
import { nullEvidence } from '../../src/evidence/types';
import { TcpListener } from '../../src/transports/tcp';
import type { Transport, TransportListener } from '../../src/transports/types';
import type { PrinterEmulator } from './printer-emulator';

/** The raw printing port of JetDirect-style network printers (docs/domain.md §2). */
export const RAW_PRINTING_PORT = 9100;

export interface PrinterTcpServerOptions {
  /** Listen here (default 127.0.0.1; port 0 — the default — picks a free one). Not with `listener`. */
  host?: string;
  port?: number;
  /** Take connections from this listener instead (a bench link's); it is listened on by its owner. */
  listener?: TransportListener;
  /** Connections held at once, the printing one included (3); more are closed at once. */
  maxConnections?: number;
  /** Close the printing connection after this long without data (300000 ms; 0: never). */
  idleTimeoutMs?: number;
  /** Bytes a waiting connection may send before its turn (262144); beyond, it is closed. */
  waitingBufferBytes?: number;
  evidence?: EvidenceSink;
}

interface Session {
  id: number;
  transport: Transport;
  peer: string;
  held: Buffer[];
  heldBytes: number;
  bytes: number;
  ended: boolean;
}

export interface PrinterConnectionInfo {
  id: number;
  peer: string;
  bytes: number;
}

export class PrinterTcpServer extends EventEmitter<{ printing: [c: PrinterConnectionInfo]; closed: [c: PrinterConnectionInfo] }> {
  private readonly listener: TransportListener;
  private readonly ownListener: boolean;
  private readonly evidence: EvidenceSink;
  private readonly maxConnections: number;
  private readonly idleTimeoutMs: number;
  private readonly waitingBufferBytes: number;
  private readonly sessions: Session[] = [];
  private active?: Session;
  private idleTimer?: NodeJS.Timeout;
  private seq = 0;
  private closing = false;
  private readonly onConnection = (t: Transport) => this.accept(t);

  constructor(
    private readonly printer: PrinterEmulator,
    opts: PrinterTcpServerOptions = {},
  ) {
    super();
    this.ownListener = !opts.listener;
    this.listener = opts.listener ?? new TcpListener({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
    this.evidence = opts.evidence ?? nullEvidence;
    this.maxConnections = opts.maxConnections ?? 3;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 300_000;
    this.waitingBufferBytes = opts.waitingBufferBytes ?? 262_144;
    this.listener.on('connection', this.onConnection);
  }

  /** Start listening (own listener only); resolves with the bound address. */
  async listen(): Promise<{ host: string; port: number }> {
    if (!this.ownListener) throw new Error('PrinterTcpServer: the listener was handed in; its owner listens');
    return this.listener.listen();
  }

  /** Connections open now (printing and waiting). */
  get connections(): number {
    return this.sessions.filter((s) => !s.ended).length + (this.active && !this.active.ended ? 1 : 0);
  }

  /** Stop accepting, close every connection; what waiting connections held is discarded. The emulator is not stopped. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.listener.off('connection', this.onConnection);
    this.clearIdle();
    const open = [...this.sessions, ...(this.active ? [this.active] : [])];
    this.sessions.length = 0;
    if (this.active) this.printer.release(this.active.transport);
    this.active = undefined;
    await Promise.all(open.map((s) => s.transport.close().catch(() => undefined)));
    if (this.ownListener) await this.listener.close();
  }

  private record(kind: string, summary: string, data: Record<string, unknown>): void {
    this.evidence.record({ source: 'printer', kind, summary, data });
  }

  private accept(t: Transport): void {
    t.on('error', () => undefined); // the close that follows carries it
    const s: Session = { id: ++this.seq, transport: t, peer: t.description, held: [], heldBytes: 0, bytes: 0, ended: false };
    if (this.closing || this.connections >= this.maxConnections) {
      this.record('tcp.refused', `connection #${s.id} closed at once: ${this.closing ? 'the printer is stopping' : `${this.maxConnections} connections already held`}`, { connection: s.id, peer: s.peer });
      void t.close();
      return;
    }
    t.on('data', (chunk: Buffer) => this.onData(s, chunk));
    t.once('close', () => this.onClose(s));
    this.sessions.push(s);
    const ahead = this.active ? ` (waiting behind #${this.active.id})` : '';
    this.record('tcp.accepted', `connection #${s.id} from ${s.peer}${ahead}`, { connection: s.id, peer: s.peer, waiting: Boolean(this.active) });
    this.next();
  }

  /** Count every byte; hold those of a waiting connection (the emulator reads the printing one itself). */
  private onData(s: Session, chunk: Buffer): void {
    s.bytes += chunk.length;
    if (s === this.active) {
      this.armIdle(s);
      return;
    }
    s.held.push(chunk);
    s.heldBytes += chunk.length;
    if (s.heldBytes > this.waitingBufferBytes) {
      this.record('tcp.overflow', `connection #${s.id} sent ${s.heldBytes} bytes while waiting (limit ${this.waitingBufferBytes}): closed, its data discarded`, { connection: s.id, bytes: s.heldBytes });
      this.drop(s);
      void s.transport.close();
    }
  }

  private onClose(s: Session): void {
    s.ended = true;
    if (s === this.active) {
      this.finish(s);
      this.next();
      return;
    }
    // A waiting connection that closed keeps its turn when it sent something: those bytes print.
    if (s.heldBytes === 0) this.drop(s);
  }

  private drop(s: Session): void {
    const i = this.sessions.indexOf(s);
    if (i >= 0) this.sessions.splice(i, 1);
    s.held = [];
    s.heldBytes = 0;
  }

  /** The next waiting connection gets the printer: attach it, then feed what it sent while waiting. */
  private next(): void {
    while (!this.active && !this.closing && this.sessions.length > 0) {
      const s = this.sessions.shift()!;
      this.active = s;
      this.emit('printing', info(s));
      this.record('tcp.printing', `connection #${s.id} prints${s.heldBytes ? ` (${s.heldBytes} bytes held while waiting)` : ''}${s.ended ? ', already closed by the client' : ''}`, {
        connection: s.id,
        held: s.heldBytes,
      });
      if (!s.ended) this.printer.attach(s.transport);
      const held = s.held;
      s.held = [];
      s.heldBytes = 0;
      for (const chunk of held) this.printer.receive(chunk);
      if (s.ended) this.finish(s);
      else this.armIdle(s);
    }
  }

  private finish(s: Session): void {
    this.printer.release(s.transport);
    this.clearIdle();
    this.active = undefined;
    this.emit('closed', info(s));
    this.record('tcp.closed', `connection #${s.id} closed after ${s.bytes} bytes`, { connection: s.id, bytes: s.bytes });
  }

  private armIdle(s: Session): void {
    this.clearIdle();
    if (this.idleTimeoutMs <= 0) return;
    this.idleTimer = setTimeout(() => {
      this.record('tcp.idle-timeout', `connection #${s.id} idle for ${this.idleTimeoutMs} ms: closed`, { connection: s.id, idleTimeoutMs: this.idleTimeoutMs });
      void s.transport.close();
    }, this.idleTimeoutMs);
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

function info(s: Session): PrinterConnectionInfo {
  return { id: s.id, peer: s.peer, bytes: s.bytes };
}
