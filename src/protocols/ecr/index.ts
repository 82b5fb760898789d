/**
 * ECR (cash-register integration) protocol — how a till, or the bench, drives a terminal.
 *
 * Wire format: 4 ASCII digits of length, then that many bytes of UTF-8 JSON. Three kinds:
 *   request  {"type":"request","id":7,"cmd":"sale","args":{"amountMinor":2500}}
 *   response {"type":"response","id":7,"ok":true,"result":{...}} | {"ok":false,"error":{"code","message"}}
 *   event    {"type":"event","event":"display","data":{"text":"PRESENT CARD"}}
 * A response answers the request with the same id; long operations (a sale) answer when
 * the transaction is finished, and other requests (cancel) may be sent meanwhile.
 * A frame holds at most 9999 bytes: `journal` takes {offset, limit} and answers one page;
 * an answer too long for a frame comes back as error RESPONSE_TOO_LARGE.
 *
 * The commands, their arguments, results and errors: `./contract.ts`.
 */
import { EventEmitter } from 'node:events';
import type { Transport } from '../../transports/types';
import { LengthPrefixedDecoder, frameMessage } from '../framing/length-prefix';
import { PosbenchError } from '../../util/errors';
import type { EcrCommand } from './contract';

export * from './contract';

export interface EcrRequest {
  type: 'request';
  id: number;
  cmd: EcrCommand;
  args?: Record<string, unknown>;
}
export interface EcrResponse {
  type: 'response';
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}
export interface EcrEvent {
  type: 'event';
  event: string;
  data?: Record<string, unknown>;
}
export type EcrMessage = EcrRequest | EcrResponse | EcrEvent;

export class EcrError extends PosbenchError {
  constructor(code: string, message: string) {
    super(`ECR_${code}`, message);
  }
}

/** Frames EcrMessages over a Transport in both directions. */
export class EcrLink extends EventEmitter<{ message: [m: EcrMessage]; error: [e: Error] }> {
  private readonly decoder = new LengthPrefixedDecoder('ascii4');
  private readonly onData = (chunk: Buffer) => {
    try {
      for (const f of this.decoder.push(chunk)) {
        let m: EcrMessage;
        try {
          m = JSON.parse(f.body.toString('utf8')) as EcrMessage;
        } catch {
          this.emit('error', new EcrError('FORMAT', `frame at offset ${f.offset} is not JSON`));
          continue;
        }
        this.emit('message', m);
      }
    } catch (e) {
      this.decoder.reset();
      this.emit('error', e as Error);
    }
  };

  constructor(readonly transport: Transport) {
    super();
    transport.on('data', this.onData);
  }

  /** Rejects (never throws) when the message does not fit a frame or the link is closed. */
  async send(m: EcrMessage): Promise<void> {
    await this.transport.write(frameMessage('ascii4', Buffer.from(JSON.stringify(m), 'utf8')));
  }

  detach(): void {
    this.transport.off('data', this.onData);
  }
}

/** Client side: request/response with ids, events re-emitted. */
export class EcrClient extends EventEmitter<{ event: [e: EcrEvent]; closed: [] }> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; cmd: string }>();
  private readonly link: EcrLink;

  constructor(readonly transport: Transport) {
    super();
    this.link = new EcrLink(transport);
    this.link.on('message', (m) => {
      if (m.type === 'event') this.emit('event', m);
      else if (m.type === 'response') {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new EcrError(m.error?.code ?? 'FAILED', `${p.cmd}: ${m.error?.message ?? 'failed'}`));
      }
    });
    this.link.on('error', () => undefined);
    transport.on('close', () => {
      for (const [, p] of this.pending) p.reject(new EcrError('CLOSED', `${p.cmd}: the terminal closed the ECR link`));
      this.pending.clear();
      this.emit('closed');
    });
  }

  request<T = unknown>(cmd: EcrCommand, args?: Record<string, unknown>, timeoutMs = 120000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new EcrError('TIMEOUT', `${cmd}: no answer from the terminal within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        cmd,
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.link.send({ type: 'request', id, cmd, ...(args ? { args } : {}) }).catch((e: Error) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(e);
      });
    });
  }

  close(): Promise<void> {
    this.link.detach();
    return this.transport.close();
  }
}
