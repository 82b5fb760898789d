/** Test helpers: a minimal terminal-side client over real TCP, and message builders. */
import * as net from 'node:net';
import { frameMessage, LengthPrefixedDecoder } from '../../../src/protocols/framing/length-prefix';
import type { Dialect, IsoMessage } from '../../../src/protocols/iso8583';
import { getDialect, setMac } from '../../../src/protocols/iso8583';

export const cup = (): Dialect => getDialect('cup');

export const TPDU = Buffer.from('6000060000', 'hex');
export const HEADER = Buffer.from('603100311003', 'hex');
export const TID = '12345678';
export const MID = '123456789012345';
export const CARD = '6210947000000021';

export class TestClient {
  private decoder = new LengthPrefixedDecoder('binary2');
  private frames: Buffer[] = [];
  private waiters: Array<(b: Buffer) => void> = [];
  closed: Promise<void>;
  isClosed = false;

  private constructor(
    readonly socket: net.Socket,
    readonly dialect: Dialect,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (c) => {
      for (const f of this.decoder.push(c)) {
        const w = this.waiters.shift();
        if (w) w(Buffer.from(f.body));
        else this.frames.push(Buffer.from(f.body));
      }
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        resolve();
      }),
    );
  }

  static connect(port: number, dialect: Dialect = cup()): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => resolve(new TestClient(s, dialect)));
      s.once('error', reject);
    });
  }

  send(msg: IsoMessage): void {
    this.socket.write(frameMessage('binary2', this.dialect.pack(msg)));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Next frame body, or rejects after timeoutMs. */
  nextBody(timeoutMs = 2000): Promise<Buffer> {
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        reject(new Error(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (b: Buffer) => {
        clearTimeout(t);
        resolve(b);
      };
      this.waiters.push(done);
    });
  }

  async next(timeoutMs = 2000): Promise<IsoMessage> {
    return this.dialect.unpack(await this.nextBody(timeoutMs));
  }

  async request(msg: IsoMessage, timeoutMs = 2000): Promise<IsoMessage> {
    this.send(msg);
    return this.next(timeoutMs);
  }

  /** Resolves true when no frame arrives within ms (the socket stays open). */
  async silentFor(ms: number): Promise<boolean> {
    try {
      await this.nextBody(ms);
      return false;
    } catch {
      return true;
    }
  }

  close(): Promise<void> {
    this.socket.destroy();
    return this.closed;
  }
}

let stanSeq = 0;
export function nextStan(): string {
  stanSeq = (stanSeq % 999999) + 1;
  return String(stanSeq).padStart(6, '0');
}

export function base(mti: string, fields: IsoMessage['fields']): IsoMessage {
  return { mti, tpdu: TPDU, header: HEADER, fields: { 41: TID, 42: MID, ...fields } };
}

export function sale(amountMinor: number, o: { pan?: string; stan?: string; batch?: string; extra?: IsoMessage['fields'] } = {}): IsoMessage {
  return base('0200', {
    2: o.pan ?? CARD,
    3: '000000',
    4: String(amountMinor).padStart(12, '0'),
    11: o.stan ?? nextStan(),
    22: '051',
    25: '00',
    49: '156',
    60: `22${o.batch ?? '000001'}000`,
    ...o.extra,
  });
}

export function withMac(d: Dialect, msg: IsoMessage, key: Buffer): IsoMessage {
  return setMac(d, msg, key);
}

export function amount(msg: IsoMessage): number {
  return Number(String(msg.fields[4]));
}
