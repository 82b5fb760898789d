import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageLog } from '../../../emulators/issuer-bank/message-log';
import { cup, HEADER, TPDU } from './issuer.helpers';

test('a logged message owns its bytes: reusing the frame buffer or a field buffer afterwards does not change the log', () => {
  const log = new MessageLog(10, cup());
  const frame = Buffer.alloc(64, 0xab);
  const mac = frame.subarray(8, 16);
  log.push({ seq: 0, atMs: 0, direction: 'in', connection: 1, body: frame.subarray(0, 24), msg: { mti: '0800', tpdu: TPDU, header: HEADER, fields: { 11: '000001', 41: '12345678', 64: mac } } });
  const before = log.list();
  frame.fill(0xcd);
  assert.deepEqual(log.list(), before);
  assert.match(before[0]!.hex, /^(AB){24}$/i);
  assert.equal(before[0]!.fields?.['11'], '000001');
});
