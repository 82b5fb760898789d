/**
 * ASCII ISO 8583 messages published with other implementations (a PHP ISO 8583 library's
 * unit tests, with 4-digit ASCII length headers; jPOS-based echo messages; a BASE24-style
 * "ISO…" header): they decode with the CLI core and the codec, field for field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDialect, describe } from '../../../src/protocols/iso8583';
import { decodeIso8583 } from '../../../src/cli/commands/decode-iso8583';

const NETWORK = '00550800822000000000000004000000000000000925105308000051301';
const FINANCE =
  '01680200F2384001888080040000000006000000161111222233334444470040000001000000092510530800005217530809256010035030350318092500005211112222360004201811101150201041110110131374';
const REVERSE =
  '02520400F2384001888080040000004206000000161111222233334444470040000001000000092510530800005317530809256010035030350318092500005211112222360004201802100000520925105308000000005030000000050300000100000000000100000000000000000000000011101150201041110110131374';

test('ascii4-framed messages, one per line, decode field for field', () => {
  const notes: string[] = [];
  const [net, fin, rev, ...rest] = decodeIso8583(Buffer.from([NETWORK, FINANCE, REVERSE].join('\n') + '\n'), {
    dialect: 'ascii87',
    lengthHeader: 'ascii4',
    unmasked: true,
    onNote: (n) => notes.push(n),
  });
  assert.equal(rest.length, 0);
  assert.deepEqual(notes, []);
  assert.deepEqual(net, { mti: '0800', fields: { '7': '0925105308', '11': '000051', '70': '301' } });
  assert.deepEqual(fin, {
    mti: '0200',
    fields: {
      '2': '1111222233334444',
      '3': '470040',
      '4': '000001000000',
      '7': '0925105308',
      '11': '000052',
      '12': '175308',
      '13': '0925',
      '18': '6010',
      '32': '503',
      '33': '503',
      '37': '180925000052',
      '41': '11112222',
      '49': '360',
      '62': '2018',
      '102': '10115020104',
      '103': '10110131374',
    },
  });
  assert.equal(rev!.mti, '0400');
  assert.equal(rev!.fields['90'], '021000005209251053080000000050300000000503');
  assert.equal(rev!.fields['95'], '000001000000000001000000000000000000000000');
});

test('the same messages concatenated without newlines, and with the header kind left to detection', () => {
  const notes: string[] = [];
  const all = decodeIso8583(Buffer.from(NETWORK + FINANCE + REVERSE), { dialect: 'ascii87', onNote: (n) => notes.push(n) });
  assert.deepEqual(
    all.map((o) => o.mti),
    ['0800', '0200', '0400'],
  );
  assert.match(notes.join(), /--length-header ascii4/);
  // masked by default: the PAN keeps first 6 / last 4
  assert.equal(all[1]!.fields['2'], '111122******4444');
});

test('codec: the finance message re-packs to the identical bytes', () => {
  const d = getDialect('ascii87');
  const body = Buffer.from(FINANCE.slice(4));
  assert.deepEqual(d.pack(d.unpack(body)), body);
});

test('jPOS-style echo and a BASE24 "ISO…" header', () => {
  const [echo] = decodeIso8583(Buffer.from('0800822000000000000004000000000000000921073300000200301'), { dialect: 'ascii87' });
  assert.deepEqual(echo, { mti: '0800', fields: { '7': '0921073300', '11': '000200', '70': '301' } });
  const notes: string[] = [];
  const [b24] = decodeIso8583(Buffer.from('ISO0060000750800822000000000000004000000000000000904072533101033001'), { dialect: 'ascii87', onNote: (n) => notes.push(n) });
  assert.equal(b24!.header, Buffer.from('ISO006000075').toString('hex').toUpperCase());
  assert.deepEqual(b24!.fields, { '7': '0904072533', '11': '101033', '70': '001' });
  assert.match(notes.join(), /BASE24/);
  const d = getDialect('ascii87', { headerLength: 12 });
  assert.match(describe(d.unpack(Buffer.from('ISO0060000750800822000000000000004000000000000000904072533101033001')), d), /Header 49534F303036303030303735 \("ISO006000075"\)/);
});
