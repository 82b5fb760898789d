/**
 * The reference terminal against a scripted host: each test decides, message by message,
 * what the "host" answers, so reply checks and reversal bookkeeping can be driven into
 * the corners a well-behaved issuer emulator never visits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDialect, type IsoMessage } from '../../src/protocols/iso8583';
import { LengthPrefixedDecoder, frameMessage } from '../../src/protocols/framing/length-prefix';
import type { Transport, TransportEvents } from '../../src/transports/types';
import { ReferenceTerminal } from '../../src/terminal/reference-terminal';
import { DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../src/terminal/config';
import type { CardData, CardEvent, CardSource } from '../../src/terminal/card-source';

const dialect = getDialect('cup');
const PAN = '6210947000000021';
const SWIPE: CardData = { pan: PAN, expiry: '3012', serviceCode: '101', track2: `${PAN}D3012101000`, presentation: 'swipe' };

/** What the scripted host does with one request: answer it, or stay silent (undefined). */
type Script = (req: IsoMessage) => IsoMessage | undefined;

class ScriptedLink extends EventEmitter<TransportEvents> implements Transport {
  readonly description = 'scripted host';
  isOpen = true;
  private readonly decoder = new LengthPrefixedDecoder('binary2');
  constructor(private readonly onRequest: (req: IsoMessage) => IsoMessage | undefined) {
    super();
  }
  async open(): Promise<void> {}
  async write(data: Buffer): Promise<void> {
    for (const f of this.decoder.push(data)) {
      const reply = this.onRequest(dialect.unpack(f.body));
      if (reply) setImmediate(() => this.isOpen && this.emit('data', frameMessage('binary2', dialect.pack(reply))));
    }
  }
  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.emit('close');
  }
}

class FakeCards extends EventEmitter<{ card: [e: CardEvent] }> implements CardSource {
  async readCard(): Promise<CardData> {
    return { ...SWIPE, presentation: 'chip', serviceCode: '201', panSequence: '001' };
  }
  async generateAc(): Promise<{ tlv: Buffer }> {
    return { tlv: Buffer.from('9f2608' + '1122334455667788', 'hex') };
  }
}

/** A well-formed answer: MTI + 10, the key fields echoed, response code `code`. */
function answer(req: IsoMessage, code: string, patch: Record<number, string> = {}): IsoMessage {
  const fields: IsoMessage['fields'] = {};
  for (const n of [2, 3, 4, 11, 25, 41, 42, 49, 60]) if (req.fields[n] !== undefined) fields[n] = req.fields[n]!;
  Object.assign(fields, { 37: '000000000001', 39: code }, code === '00' ? { 38: '123456' } : {}, patch);
  return { mti: String(Number(req.mti) + 10).padStart(4, '0'), tpdu: req.tpdu, header: req.header, fields };
}

async function rig(script: Script, settings: Partial<TerminalConfig> = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-host-replies-'));
  const seen: IsoMessage[] = [];
  const cards = new FakeCards();
  const terminal = new ReferenceTerminal(
    { ...DEFAULT_TERMINAL_CONFIG, hostAddress: 'scripted:1', hostTimeoutMs: 60, reversalRetries: 1, printReceipts: false, ...settings },
    stateDir,
    {
      dialect,
      connectHost: async () =>
        new ScriptedLink((req) => {
          seen.push(req);
          return script(req);
        }),
      openPrinter: () => Promise.reject(new Error('no printer')),
      cards,
    },
  );
  await terminal.start();
  terminal.store.state.signedOn = true; // no MAC key: these tests are about the other checks
  const close = async () => {
    await terminal.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  return { terminal, cards, seen, close };
}

test('an approval for a different amount is not taken as approval of this sale: it is reversed', async () => {
  const r = await rig((req) => (req.mti === '0200' ? answer(req, '00', { 4: '000000000001' }) : req.mti === '0400' ? answer(req, '00') : undefined));
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    const res = await p;
    assert.equal(res.outcome, 'failed', JSON.stringify(res));
    assert.ok(r.seen.some((m) => m.mti === '0400'), 'the approval of the wrong amount is reversed');
  } finally {
    await r.close();
  }
});

test('an approval naming another merchant is not taken as approval of this sale', async () => {
  const r = await rig((req) => (req.mti === '0200' ? answer(req, '00', { 42: '999999999999999' }) : req.mti === '0400' ? answer(req, '00') : undefined));
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    const res = await p;
    assert.equal(res.outcome, 'failed', JSON.stringify(res));
  } finally {
    await r.close();
  }
});

test('a reversal answer refusing the reversal keeps it pending and the sale is not journaled as reversed', async () => {
  const r = await rig((req) => (req.mti === '0400' ? answer(req, '96') : undefined));
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    const res = await p;
    assert.equal(res.outcome, 'failed');
    assert.ok(r.terminal.store.state.pendingReversal, 'the host refused the reversal: it is still owed');
    assert.notEqual(r.terminal.journal().find((e) => e.stan === res.stan)?.status, 'reversed');
  } finally {
    await r.close();
  }
});

test('a reversal answer for another terminal does not clear the reversal', async () => {
  const r = await rig((req) => (req.mti === '0400' ? answer(req, '00', { 41: 'OTHER001' }) : undefined));
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    const res = await p;
    assert.ok(r.terminal.store.state.pendingReversal, 'an answer addressed to another terminal is no acknowledgement');
    assert.notEqual(r.terminal.journal().find((e) => e.stan === res.stan)?.status, 'reversed');
  } finally {
    await r.close();
  }
});

test('a chip card pulled while the terminal replays an old reversal is caught before completion', async () => {
  let silentOnReversal = true;
  const r = await rig((req) => {
    if (req.mti === '0400') {
      if (silentOnReversal) return undefined;
      // The customer pulls the card while the terminal is busy with the old reversal.
      r.cards.emit('card', { event: 'removed' });
      return answer(req, '00');
    }
    return req.mti === '0200' && req.fields[11] !== '000001' ? answer(req, '00') : undefined;
  });
  try {
    // 1: a sale times out and its reversal cannot be delivered: it stays pending.
    const p1 = r.terminal.sale(1000, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    await p1;
    assert.ok(r.terminal.store.state.pendingReversal);
    // 2: a chip sale; the old reversal goes first, and the card is pulled meanwhile.
    silentOnReversal = false;
    const p2 = r.terminal.sale(2000, 'i2');
    r.cards.emit('card', { event: 'inserted' });
    const res = await p2;
    assert.equal(res.outcome, 'failed', `the card left the reader before completion, yet: ${JSON.stringify(res)}`);
    assert.ok(r.seen.some((m) => m.mti === '0400' && m.fields[11] === res.stan), 'the approval without the card is reversed');
  } finally {
    await r.close();
  }
});

test('settlement waits for an undelivered reversal: the batch is not closed over money the host still holds', async () => {
  const r = await rig((req) => (req.mti === '0500' ? { ...answer(req, '00'), fields: { ...answer(req, '00').fields, 48: `${String(req.fields[48]).slice(0, 30)}1` } } : undefined));
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    await p;
    assert.ok(r.terminal.store.state.pendingReversal);
    const batch = r.terminal.store.batch;
    await assert.rejects(r.terminal.settle(), /reversal/);
    assert.equal(r.seen.filter((m) => m.mti === '0500').length, 0, 'no 0500 goes out while a reversal is owed');
    assert.equal(r.terminal.store.batch, batch, 'the batch stays open');
  } finally {
    await r.close();
  }
});

test('a card whose data cannot be packed fails the sale cleanly: no socket, no reversal of a message never sent', async () => {
  let connects = 0;
  const r = await rig(() => undefined);
  const io = (r.terminal as unknown as { io: { connectHost: (...a: unknown[]) => Promise<Transport> } }).io;
  const connect = io.connectHost;
  io.connectHost = (...a) => {
    connects++;
    return connect(...a);
  };
  try {
    const long = '62109470000000000211'; // passes Luhn, one digit longer than field 2 allows
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: { ...SWIPE, pan: long, track2: undefined } });
    const res = await p;
    assert.equal(res.outcome, 'failed', JSON.stringify(res));
    assert.equal(connects, 0, 'nothing to send, so no connection is opened');
    assert.equal(r.terminal.store.state.pendingReversal, undefined, 'a request that never left is not reversed');
  } finally {
    await r.close();
  }
});

test('the same card with a MAC key in place (the request is packed to be MACed) also fails cleanly', async () => {
  const r = await rig(() => undefined);
  r.terminal.store.state.macKeyHex = '0123456789abcdeffedcba9876543210';
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: { ...SWIPE, pan: '62109470000000000211', track2: undefined } });
    const res = await p;
    assert.equal(res.outcome, 'failed', JSON.stringify(res));
    assert.equal(r.seen.length, 0);
  } finally {
    await r.close();
  }
});

test('seeded defect resend-with-new-stan takes the answer to its re-sent request: two approvals for one sale', async () => {
  let n = 0;
  const r = await rig((req) => (req.mti === '0200' && ++n === 2 ? answer(req, '00') : req.mti === '0400' ? answer(req, '00') : undefined), { defects: ['resend-with-new-stan'] });
  try {
    const p = r.terminal.sale(2500, 'i1');
    r.cards.emit('card', { event: 'swiped', card: SWIPE });
    const res = await p;
    const sales = r.seen.filter((m) => m.mti === '0200');
    assert.equal(sales.length, 2);
    assert.notEqual(sales[0]!.fields[11], sales[1]!.fields[11]);
    assert.equal(res.outcome, 'approved', `the defect re-sends and believes the answer: ${JSON.stringify(res)}`);
    assert.equal(r.seen.filter((m) => m.mti === '0400').length, 0, 'the first request is never reversed: that is the double charge');
  } finally {
    await r.close();
  }
});

test('a sign-on reply that answers another STAN does not sign the terminal on', async () => {
  const r = await rig((req) => (req.mti === '0800' ? answer(req, '00', { 11: '999999', 60: '00000777003' }) : undefined));
  try {
    r.terminal.store.state.signedOn = false;
    const res = await r.terminal.signOn();
    assert.equal(res.ok, false);
    assert.match(res.reason ?? '', /does not answer the sign-on/);
    assert.equal(r.terminal.store.state.signedOn, false);
    assert.notEqual(r.terminal.store.batch, '000777', 'the batch of a foreign reply is not adopted');
  } finally {
    await r.close();
  }
});

test('a matching sign-on reply signs on and adopts the host batch', async () => {
  const r = await rig((req) => (req.mti === '0800' ? answer(req, '00', { 60: '00000777003' }) : undefined));
  try {
    r.terminal.store.state.signedOn = false;
    assert.equal((await r.terminal.signOn()).ok, true);
    assert.equal(r.terminal.store.batch, '000777');
  } finally {
    await r.close();
  }
});

test('a settlement reply with the wrong MTI fails the settlement and keeps the batch open', async () => {
  const r = await rig((req) => (req.mti === '0500' ? { ...answer(req, '00', { 48: '1' }), mti: '0210' } : undefined));
  try {
    const batch = r.terminal.store.batch;
    await assert.rejects(r.terminal.settle(), /does not answer the settlement/);
    assert.equal(r.terminal.store.batch, batch);
  } finally {
    await r.close();
  }
});
