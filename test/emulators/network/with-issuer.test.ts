/**
 * The proxy in front of the real issuer emulator: what each message fault does to the
 * money (the ledger) and to what the terminal sees.
 */
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { NetworkProxy } from '../../../emulators/network';
import { IssuerBankEmulator } from '../../../emulators/issuer-bank';
import { buildField60, setMac, verifyMac } from '../../../src/protocols/iso8583';
import type { IsoMessage } from '../../../src/protocols/iso8583/types';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { cup, evidenceEvent, PAN, StubTerminal, within } from './network.helpers';

const TID = 'TERM0001';
const MID = '123456789012345';

function sale(stan: string, amountMinor = 1000): IsoMessage {
  return {
    mti: '0200',
    tpdu: Buffer.from('6000060000', 'hex'),
    header: Buffer.from('603100311003', 'hex'),
    fields: {
      2: PAN,
      3: '000000',
      4: String(amountMinor).padStart(12, '0'),
      11: stan,
      14: '3012',
      22: '021',
      25: '00',
      41: TID,
      42: MID,
      49: '156',
      60: buildField60({ type: '22', batch: '000001' }),
    },
  };
}

async function bench(t: TestContext): Promise<{ issuer: IssuerBankEmulator; proxy: NetworkProxy; timeline: EvidenceTimeline; term: StubTerminal }> {
  const timeline = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup, evidence: timeline, seed: 1 });
  const addr = await issuer.start();
  const proxy = new NetworkProxy({ targetHost: addr.host, targetPort: addr.port, dialect: cup, evidence: timeline, seed: 1 });
  const { port } = await proxy.start();
  const term = await StubTerminal.connect(port);
  t.after(async () => {
    term.close();
    await proxy.stop();
    await issuer.stop();
  });
  return { issuer, proxy, timeline, term };
}

test('drop_response on a sale: the issuer holds the money, the terminal hears nothing; its reversal passes and releases it', async (t) => {
  const { issuer, proxy, timeline, term } = await bench(t);
  proxy.addFault({ type: 'drop_response', attributes: { requestMti: '0200' } });
  term.send(sale('000001'));
  await evidenceEvent(timeline, (e) => e.kind === 'fault.fired');
  assert.deepEqual(issuer.ledger.events().map((e) => e.kind), ['hold']);
  assert.equal(term.frames.size, 0);
  term.send({ ...sale('000001'), mti: '0400', fields: { ...sale('000001').fields, 39: '98' } });
  const reply = cup.unpack((await term.next()).body);
  assert.equal(reply.mti, '0410');
  assert.equal(reply.fields[39], '00');
  assert.deepEqual(issuer.ledger.events().map((e) => e.kind), ['hold', 'reversal', 'release']);
});

test('flip_byte on a MACed approval: the MAC check at the terminal fails', async (t) => {
  const { issuer, proxy, term } = await bench(t);
  const { macKey } = issuer.keysFor(TID);
  proxy.addFault({ type: 'flip_byte', attributes: { mti: '0210' } });
  term.send(setMac(cup, { ...sale('000002'), fields: { ...sale('000002').fields, 64: Buffer.alloc(8) } }, macKey));
  const reply = cup.unpack((await term.next()).body);
  assert.equal(reply.fields[39], '00', 'the host approved');
  assert.equal(verifyMac(cup, reply, macKey), false, 'but the MAC no longer verifies');
  term.send(setMac(cup, { ...sale('000003'), fields: { ...sale('000003').fields, 64: Buffer.alloc(8) } }, macKey));
  const intact = cup.unpack((await term.next()).body);
  assert.equal(verifyMac(cup, intact, macKey), true, 'the next one is intact');
});

test('hold_response: the approval arrives after the terminal host timeout', async (t) => {
  const { issuer, proxy, term } = await bench(t);
  proxy.addFault({ type: 'hold_response', attributes: { hostTimeoutMs: 60, afterTimeoutMs: 30 } });
  const sentAt = term.send(sale('000004'));
  const reply = await within(term.next(), 2000, 'the late approval');
  assert.ok(reply.at - sentAt >= 89, `arrived after ${reply.at - sentAt} ms`);
  assert.equal(cup.unpack(reply.body).fields[39], '00');
  assert.deepEqual(issuer.ledger.events().map((e) => e.kind), ['hold']);
});

test('reset_after_request on a sale: the issuer still approves and holds; the terminal sees a reset', async (t) => {
  const { issuer, proxy, term } = await bench(t);
  const held = new Promise<void>((resolve) => issuer.ledger.onEvent((e) => (e.kind === 'hold' ? resolve() : undefined)));
  proxy.addFault({ type: 'reset_after_request', attributes: { requestMti: '0200' } });
  term.send(sale('000005'));
  await within(term.closed, 2000, 'reset at the terminal');
  assert.equal(term.error?.code, 'ECONNRESET');
  await within(held, 2000, 'the hold at the issuer');
  assert.equal(term.frames.size, 0);
  assert.equal(proxy.firedFaults()[0]?.action, 'reset');
});
