/**
 * One ISO 8583 exchange with the acquirer host, the way POS terminals do it on dial-up
 * and most IP links: connect, send one framed request, wait for one framed reply or the
 * host timeout, disconnect.
 */
import type { Transport } from '../transports/types';
import { LengthPrefixedDecoder, frameMessage } from '../protocols/framing/length-prefix';
import type { Dialect, IsoMessage } from '../protocols/iso8583/types';
import type { HostPort } from '../util/address';

export type HostFailure =
  /** Could not connect: nothing was sent. */
  | 'connect-failed'
  /** The request was (possibly) sent, the link broke before a reply. */
  | 'connection-lost'
  /** The request was sent, no reply within the host timeout. */
  | 'timeout'
  /** A reply came but does not decode. */
  | 'bad-reply'
  /** The request itself cannot be packed (bad card or config data): nothing was sent. */
  | 'bad-request';

export type HostResult = { ok: true; reply: IsoMessage; raw: Buffer } | { ok: false; failure: HostFailure; detail: string; sent: boolean };

export type HostConnector = (address: HostPort, connectTimeoutMs: number) => Promise<Transport>;

export async function exchange(
  connect: HostConnector,
  dialect: Dialect,
  address: HostPort,
  request: IsoMessage,
  timing: { connectTimeoutMs: number; hostTimeoutMs: number },
): Promise<HostResult> {
  let body: Buffer;
  try {
    body = dialect.pack(request);
  } catch (e) {
    return { ok: false, failure: 'bad-request', detail: (e as Error).message, sent: false };
  }
  let link: Transport;
  try {
    link = await connect(address, timing.connectTimeoutMs);
  } catch (e) {
    return { ok: false, failure: 'connect-failed', detail: (e as Error).message, sent: false };
  }
  const decoder = new LengthPrefixedDecoder(dialect.lengthHeader === 'ascii4' ? 'ascii4' : 'binary2');
  try {
    return await new Promise<HostResult>((resolve) => {
      // Once connected, any failure may have left the request at the host: firmware must
      // treat it as sent (and reverse it), never as "nothing happened".
      const sent = true;
      const finish = (r: HostResult) => {
        clearTimeout(timer);
        link.off('data', onData);
        link.off('close', onClose);
        resolve(r);
      };
      const timer = setTimeout(
        () => finish({ ok: false, failure: 'timeout', detail: `no reply within ${timing.hostTimeoutMs} ms`, sent }),
        timing.hostTimeoutMs,
      );
      const onData = (chunk: Buffer) => {
        let frames;
        try {
          frames = decoder.push(chunk);
        } catch (e) {
          finish({ ok: false, failure: 'bad-reply', detail: (e as Error).message, sent });
          return;
        }
        const f = frames[0];
        if (!f) return;
        try {
          finish({ ok: true, reply: dialect.unpack(f.body), raw: f.body });
        } catch (e) {
          finish({ ok: false, failure: 'bad-reply', detail: (e as Error).message, sent });
        }
      };
      const onClose = () => finish({ ok: false, failure: 'connection-lost', detail: 'the host closed the connection', sent });
      link.on('data', onData);
      link.on('close', onClose);
      link.on('error', () => undefined);
      link.write(frameMessage(dialect.lengthHeader, body)).catch((e: Error) =>
        finish({ ok: false, failure: 'connection-lost', detail: e.message, sent }),
      );
    });
  } finally {
    await link.close().catch(() => undefined);
  }
}
