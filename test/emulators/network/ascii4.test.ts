/** The proxy on an ascii4-framed link with the ascii87 dialect (not only CUP / binary2). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { NetworkProxy } from '../../../emulators/network';
import { getDialect } from '../../../src/protocols/iso8583';
import type { IsoMessage } from '../../../src/protocols/iso8583/types';
import { LengthPrefixedDecoder, frameMessage } from '../../../src/protocols/framing/length-prefix';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { evidenceEvent, within } from './network.helpers';

const ascii = getDialect('ascii87', { lengthHeader: 'ascii4' });

function msg(mti: string, stan: string, extra: Record<number, string> = {}): IsoMessage {
  return { mti, fields: { 3: '000000', 4: '000000001000', 11: stan, 41: 'TERM0001', ...extra } };
}

test('ascii4 + ascii87: drop_response and flip_byte work on ASCII-framed messages', async (t) => {
  const host = net.createServer((s) => {
    const dec = new LengthPrefixedDecoder('ascii4');
    s.on('data', (c: Buffer) => {
      for (const f of dec.push(c)) {
        const req = ascii.unpack(f.body);
        s.write(frameMessage('ascii4', ascii.pack(msg('0210', String(req.fields[11]), { 39: '00' }))));
      }
    });
    s.on('error', () => undefined);
  });
  host.listen(0, '127.0.0.1');
  await once(host, 'listening');
  const timeline = new EvidenceTimeline();
  const proxy = new NetworkProxy({
    targetHost: '127.0.0.1',
    targetPort: (host.address() as net.AddressInfo).port,
    lengthHeader: 'ascii4',
    dialect: ascii,
    evidence: timeline,
  });
  const { port } = await proxy.start();
  const term = net.connect({ host: '127.0.0.1', port });
  t.after(async () => {
    term.destroy();
    await proxy.stop();
    await new Promise<void>((r) => host.close(() => r()));
  });
  await once(term, 'connect');
  const replies: IsoMessage[] = [];
  const dec = new LengthPrefixedDecoder('ascii4');
  let wake: (() => void) | undefined;
  term.on('data', (c: Buffer) => {
    for (const f of dec.push(c)) replies.push(ascii.unpack(f.body));
    wake?.();
  });
  const nextReply = async (): Promise<IsoMessage> => {
    while (replies.length === 0) await within(new Promise<void>((r) => (wake = r)), 2000, 'a reply');
    return replies.shift() as IsoMessage;
  };

  proxy.addFault({ type: 'drop_response' });
  term.write(frameMessage('ascii4', ascii.pack(msg('0200', '000001'))));
  const fired = await evidenceEvent(timeline, (e) => e.kind === 'fault.fired');
  assert.match(fired.summary, /0210 STAN 000001 RC 00/);
  term.write(frameMessage('ascii4', ascii.pack(msg('0200', '000002'))));
  assert.equal((await nextReply()).fields[11], '000002');

  // Flip the first byte of the body: the MTI "0210" becomes "1210" on the way to the terminal.
  proxy.addFault({ type: 'flip_byte', attributes: { offset: 0 } });
  term.write(frameMessage('ascii4', ascii.pack(msg('0200', '000003'))));
  assert.equal((await nextReply()).mti, '1210');
});
