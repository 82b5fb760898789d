/**
 * The stand-alone issuer driven by a client nobody here wrote: the `iso_8583` npm library in
 * its default format (2-byte binary length, ASCII MTI, binary bitmap, ASCII fields). Told
 * `--dialect ascii87 --bitmap binary`, the issuer reads it and approves; without `--bitmap`
 * (hex bitmap expected) the same bytes cannot be read and get 30 (format error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { once } from 'node:events';
import { getDialect } from '../../../src/protocols/iso8583';
import { startStandalone } from '../../cli/emulator.helpers';
const Iso8583 = require('iso_8583') as new (msg?: Record<string, string>) => { getBufferMessage(): Buffer | { error: string }; getIsoJSON(b: Buffer, cfg: object): Record<string, string> };

const SALE = { 0: '0200', 2: '4761739001010010', 3: '000000', 4: '000000001500', 11: '000123', 12: '131411', 13: '0911', 22: '051', 25: '00', 41: '12345678', 42: '123456789012345', 49: '156' };

/** Start `posbench emulator issuer ARGS…`; resolves with its port and a stop function. */
async function standAlone(args: string[]): Promise<{ port: number; stop: () => Promise<number | null> }> {
  const issuer = await startStandalone<{ port: number }>('issuer', args);
  return { port: issuer.address.port, stop: async () => (await issuer.stop())[0] };
}

/** Send one iso_8583-packed message, read one length-prefixed answer (2-byte binary header). */
async function exchange(port: number, packed: Buffer): Promise<Buffer> {
  const s = net.connect({ host: '127.0.0.1', port });
  await once(s, 'connect');
  s.write(packed);
  let buf = Buffer.alloc(0);
  try {
    for await (const chunk of s) {
      buf = Buffer.concat([buf, chunk as Buffer]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) return buf.subarray(0, 2 + buf.readUInt16BE(0));
    }
    throw new Error('closed before an answer');
  } finally {
    s.destroy();
  }
}

test('iso_8583 (default format) against `posbench emulator issuer --dialect ascii87 --bitmap binary`: approved', async () => {
  const packed = new Iso8583(SALE).getBufferMessage();
  assert.ok(Buffer.isBuffer(packed), 'iso_8583 packed the sale');
  const issuer = await standAlone(['--dialect', 'ascii87', '--bitmap', 'binary', '--seed', '4']);
  try {
    const answer = new Iso8583().getIsoJSON(await exchange(issuer.port, packed), {});
    assert.equal(answer[0], '0210');
    assert.equal(answer[39], '00', 'approved');
    assert.equal(answer[11], '000123');
    assert.match(String(answer[38]), /^[0-9A-Z]{6}$/, 'an authorisation code');
  } finally {
    assert.equal(await issuer.stop(), 0, 'stops cleanly on SIGTERM');
  }
});

test('the same bytes to an issuer expecting a hex bitmap are a format error (39 = 30)', async () => {
  const packed = new Iso8583(SALE).getBufferMessage() as Buffer;
  const issuer = await standAlone(['--dialect', 'ascii87']);
  try {
    const answer = await exchange(issuer.port, packed);
    const reply = getDialect('ascii87', { lengthHeader: 'binary2' }).unpack(answer.subarray(2));
    assert.deepEqual([reply.mti, reply.fields[39]], ['0210', '30']);
  } finally {
    await issuer.stop();
  }
});
