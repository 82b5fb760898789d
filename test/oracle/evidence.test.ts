import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { hostMessagesFrom } from '../../src/oracle';

test("host messages are read off the issuer's iso8583 events, with their timeline numbers", () => {
  const t = new EvidenceTimeline();
  t.record({ source: 'step', kind: 'step', summary: 'When a sale of 12.05 …' });
  t.record({ source: 'issuer', kind: 'iso8583.in', summary: 'in 0200', data: { mti: '0200', fields: { '11': '000002', '41': 'PB000001', '4': '000000001205' } } });
  t.record({ source: 'issuer', kind: 'iso8583.out', summary: 'out 0210', data: { mti: '0210', fields: { '11': '000002', '41': 'PB000001', '38': '123456', '39': '00', '37': '633510000001' } } });
  t.record({ source: 'printer', kind: 'receipt.completed', summary: 'receipt' });
  assert.deepEqual(hostMessagesFrom(t.all()), [
    { seq: 2, direction: 'in', mti: '0200', terminalId: 'PB000001', stan: '000002' },
    { seq: 3, direction: 'out', mti: '0210', terminalId: 'PB000001', stan: '000002', responseCode: '00', authCode: '123456', rrn: '633510000001' },
  ]);
});
