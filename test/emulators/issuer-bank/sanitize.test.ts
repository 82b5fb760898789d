import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sanitizedHex, maskedFields } from '../../../emulators/issuer-bank/sanitize';
import { IssuerBankEmulator } from '../../../emulators/issuer-bank';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { getDialect, type IsoMessage } from '../../../src/protocols/iso8583';
import { frameMessage, LengthPrefixedDecoder } from '../../../src/protocols/framing/length-prefix';
import * as net from 'node:net';
import { CARD, MID, TID } from './issuer.helpers';

const forms = (pan: string) => [pan, Buffer.from(pan, 'latin1').toString('hex').toUpperCase()];

function msg(withTpdu: boolean): IsoMessage {
  const m: IsoMessage = {
    mti: '0200',
    fields: {
      2: CARD,
      3: '000000',
      4: '000000001000',
      11: '000001',
      35: `${CARD}D30122201234567`,
      41: TID,
      42: MID,
      52: Buffer.from('0123456789ABCDEF', 'hex'),
      55: Buffer.concat([Buffer.from('5A08', 'hex'), Buffer.from(CARD, 'hex'), Buffer.from('9F02060000000010009F2608A1B2C3D4E5F60718', 'hex')]),
    },
  };
  if (withTpdu) {
    m.tpdu = Buffer.from('6000060000', 'hex');
    m.header = Buffer.from('603100311003', 'hex');
  }
  return m;
}

for (const name of ['cup', 'ascii87'] as const) {
  test(`${name}: the hex of a message never holds the PAN, the track or the PIN block, and keeps its length`, () => {
    const d = getDialect(name);
    const m = msg(name === 'cup');
    const body = d.pack(m);
    const hex = sanitizedHex(body, m);
    assert.equal(hex.length, body.length * 2);
    for (const f of forms(CARD)) assert.ok(!hex.includes(f), `${f} leaked`);
    assert.ok(!hex.includes('D30122201234567') && !hex.includes('0123456789ABCDEF'));
    assert.ok(!hex.includes(CARD.slice(6, 12)), 'the middle digits are gone');
    // the rest is intact: the amount and the ARQC are still readable
    assert.ok(hex.includes(name === 'cup' ? '000000001000' : Buffer.from('000000001000').toString('hex').toUpperCase()));
    assert.ok(hex.includes('A1B2C3D4E5F60718'));
    const fields = maskedFields(m);
    assert.equal(fields['2'], '621094******0021');
    assert.equal(fields['35'], '621094******0021D**************');
    assert.equal(fields['52'], '****************');
    assert.ok(!JSON.stringify(fields).includes(CARD));
  });
}

test('card tags inside field 55 are masked even when fields 2 and 35 are absent (contactless)', () => {
  const d = getDialect('cup');
  const other = '5413330089010434';
  const m = msg(true);
  delete m.fields[2];
  delete m.fields[35];
  m.fields[55] = Buffer.concat([Buffer.from('5A08', 'hex'), Buffer.from(other, 'hex'), Buffer.from('5713', 'hex'), Buffer.from(`${other}D22122019882803290000F`, 'hex'), Buffer.from('9F2608A1B2C3D4E5F60718', 'hex')]);
  const body = d.pack(m);
  const hex = sanitizedHex(body, m);
  assert.ok(!hex.includes(other) && !hex.includes('2212201988'));
  assert.ok(hex.includes('541333******0434'));
  assert.ok(hex.includes('A1B2C3D4E5F60718'));
  assert.ok(!maskedFields(m)['55']!.includes(other));
});

test('undecodable bytes: every long digit run (BCD, ASCII, EBCDIC) is starred', () => {
  const raw = Buffer.concat([Buffer.from('0011' + CARD + 'AB', 'hex'), Buffer.from(`xx${CARD}yy`, 'latin1'), Buffer.from('F6F2F1F0F9F4F7F0F0F0F0F0F0F0F2F1', 'hex')]);
  const hex = sanitizedHex(raw);
  for (const f of forms(CARD)) assert.ok(!hex.includes(f));
  assert.ok(!hex.includes('F0F0F0F0F0F0'));
});

test('ascii87 host end to end: approved over ascii4 framing, nothing on the timeline holds the PAN in any form', async () => {
  const d = getDialect('ascii87', { lengthHeader: 'ascii4' });
  const ev = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: d, evidence: ev });
  const { port } = await issuer.start();
  const socket = await new Promise<net.Socket>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
  });
  try {
    const dec = new LengthPrefixedDecoder('ascii4');
    const answer = new Promise<IsoMessage>((resolve) => socket.on('data', (c) => dec.push(c).forEach((f) => resolve(d.unpack(f.body)))));
    const m = msg(false);
    delete m.fields[52];
    m.fields[60] = '22000001000';
    socket.write(frameMessage('ascii4', d.pack(m)));
    const r = await answer;
    assert.equal(r.mti, '0210');
    assert.equal(r.fields[39], '00');
    const all = JSON.stringify(ev.all()) + JSON.stringify(issuer.messages());
    for (const f of forms(CARD)) assert.ok(!all.includes(f), `${f} leaked`);
    const inbound = ev.all().find((e) => e.kind === 'iso8583.in' && /sale/.test(e.summary));
    assert.ok(inbound);
    // Track 2 is masked, but the host's record names its service code (the card policy is judged by it).
    assert.equal((inbound.data as { serviceCode?: string }).serviceCode, '220');
  } finally {
    socket.destroy();
    await issuer.stop();
  }
});

test('a request that decodes without its card-number field (a corrupted bitmap) still never shows the PAN in hex', async () => {
  // A CUP sale whose bitmap lost field 2 and gained 4/5/6: the PAN's BCD digits decode as amounts.
  const body = Buffer.from(
    '600006000060310031100302001C20048000C08010166210947000000021000000000000002500000001051000313233343536373831323334353637FA393031323334353135360011220000010000',
    'hex',
  );
  const d = getDialect('cup');
  const m = d.unpack(body);
  assert.equal(m.fields[2], undefined, 'the message decodes, but without field 2');
  assert.ok(!sanitizedHex(body, m).includes(CARD));
  // end to end: neither the timeline nor messages() (the report's ISO 8583 exchange) holds it
  const ev = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: d, evidence: ev });
  const { port } = await issuer.start();
  const socket = await new Promise<net.Socket>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => resolve(s));
  });
  try {
    const dec = new LengthPrefixedDecoder('binary2');
    const answer = new Promise<IsoMessage>((resolve) => socket.on('data', (c) => dec.push(c).forEach((f) => resolve(d.unpack(f.body)))));
    socket.write(frameMessage('binary2', body));
    assert.equal((await answer).fields[39], '30');
    const all = JSON.stringify(ev.all()) + JSON.stringify(issuer.messages());
    assert.ok(!all.includes(CARD), 'PAN leaked');
  } finally {
    socket.destroy();
    await issuer.stop();
  }
});
