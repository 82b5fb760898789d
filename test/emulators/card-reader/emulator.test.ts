import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { CardReaderEmulator } from '../../../emulators/card-reader';
import { ArqcVerifier, checkArqc, loadCardCatalog, tlvMap, verifyArqc } from '../../../src/cards';
import type { EvidenceInput } from '../../../src/evidence/types';
import { MSG, PRESENTATION_CODE, ReaderClient, ReaderError, ReaderFrameDecoder, ReaderLink, TAG, encodeFrame, message, track2ToTag57, type CardEvent } from '../../../src/protocols/reader';
import { createMockSerialPair, PtyPair, SerialTransport, TcpListener, TcpTransport, type Transport } from '../../../src/transports';

const catalog = loadCardCatalog();
const SALE = { amountMinor: 2500, currencyCode: 156, date: '261126', unpredictableNumber: Buffer.from('0badcafe', 'hex'), type: 'ARQC' as const };

interface Rig {
  emulator: CardReaderEmulator;
  client: ReaderClient;
  events: CardEvent[];
  evidence: EvidenceInput[];
  close(): Promise<void>;
}

async function rigOver(terminalSide: Transport, readerSide: Transport, cleanup: () => Promise<void> = async () => undefined): Promise<Rig> {
  const evidence: EvidenceInput[] = [];
  const emulator = new CardReaderEmulator({ catalog, evidence: { record: (e) => evidence.push(e) }, seed: 7 });
  emulator.attach(readerSide);
  const client = new ReaderClient(terminalSide, { requestTimeoutMs: 2000 });
  const events: CardEvent[] = [];
  client.on('card', (e) => events.push(e));
  return {
    emulator,
    client,
    events,
    evidence,
    close: async () => {
      client.close();
      emulator.detach();
      await Promise.all([terminalSide.close(), readerSide.close()]);
      await cleanup();
    },
  };
}

async function mockRig(): Promise<Rig> {
  const [terminal, reader] = createMockSerialPair({ label: 'reader' });
  await Promise.all([terminal.open(), reader.open()]);
  return rigOver(terminal, reader);
}

const EVENT_FOR = { chip: 'inserted', swipe: 'swiped', tap: 'tapped' } as const;

describe('card reader emulator + ReaderClient', () => {
  it('every catalog card is presented the catalog way and read over a mock pair', async () => {
    const rig = await mockRig();
    try {
      for (const card of catalog.all()) {
        const before = rig.events.length;
        await rig.emulator.present(card.name);
        const ev = rig.events.at(-1)!;
        assert.equal(ev.event, EVENT_FOR[card.presentation], card.name);
        assert.equal(ev.presentation, card.presentation);
        if (card.presentation === 'chip') assert.equal(ev.track2, undefined, 'a chip insert carries no track data');
        else {
          assert.equal(ev.track2, card.track2);
          assert.equal(ev.pan, card.pan);
          assert.equal(ev.expiry, card.expiry);
          assert.equal(ev.serviceCode, card.serviceCode);
        }
        if (card.behaviour.chipFails) {
          await assert.rejects(rig.client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'CHIP_NO_ANSWER');
        } else {
          const read = await rig.client.readCard();
          assert.equal(read.presentation, card.presentation);
          assert.equal(read.track2, card.track2);
          assert.equal(read.pan, card.pan);
          assert.equal(read.expiry, card.expiry);
          assert.equal(read.serviceCode, card.serviceCode);
          if (card.presentation !== 'swipe') assert.equal(read.aid, card.emv!.aid);
        }
        await rig.emulator.remove();
        assert.equal(rig.events.at(-1)!.event, 'removed');
        assert.equal(rig.events.length, before + 2);
      }
      // evidence never holds a full PAN
      const text = JSON.stringify(rig.evidence);
      for (const card of catalog.all()) assert.ok(!text.includes(card.pan), `no full PAN of ${card.name} in evidence`);
      assert.ok(rig.evidence.some((e) => e.source === 'reader' && e.kind === 'card.read'));
    } finally {
      await rig.close();
    }
  });

  it('Generate AC returns field-55 TLV whose ARQC the issuer verifies; ATC counts up per use', async () => {
    const rig = await mockRig();
    try {
      const card = catalog.get('UNIONPAY_CHIP');
      await rig.emulator.present('UNIONPAY_CHIP');
      const first = await rig.client.generateAc(SALE);
      const tags = tlvMap(first.tlv);
      for (const t of ['9F26', '9F27', '9F10', '9F37', '9F36', '95', '9A', '9C', '9F02', '5F2A', '82', '9F1A', '84']) assert.ok(tags.has(t), `tag ${t}`);
      assert.equal(first.cid, 0x80);
      assert.equal(first.atc, card.emv!.atcStart);
      assert.equal(tags.get('9F02')!.toString('hex'), '000000002500');
      assert.equal(tags.get('5F2A')!.toString('hex'), '0156');
      assert.equal(tags.get('84')!.toString('hex').toUpperCase(), card.emv!.aid);
      assert.equal(verifyArqc(card, first.tlv), true);

      const second = await rig.client.generateAc({ ...SALE, date: new Date(Date.UTC(2026, 10, 26)) });
      assert.equal(second.atc, first.atc + 1, 'ATC counts up');
      assert.notDeepEqual(second.cryptogram, first.cryptogram);
      assert.equal(rig.emulator.atcOf('UNIONPAY_CHIP'), first.atc + 2);

      // the issuer's view: first and second verify; replaying the first is refused
      const issuer = new ArqcVerifier();
      assert.equal(issuer.check(card, first.tlv).verdict, 'ok');
      assert.equal(issuer.check(card, second.tlv).verdict, 'ok');
      assert.equal(issuer.check(card, first.tlv).verdict, 'replay');
      // a wrong cryptogram (one bit flipped in 9F26) is refused
      const tampered = Buffer.from(second.tlv);
      const at = tampered.indexOf(Buffer.from('9F2608', 'hex')) + 3;
      tampered[at] ^= 0x01;
      assert.equal(checkArqc(card, tampered).verdict, 'bad-cryptogram');

      // cards sharing the PAN share the chip's ATC
      await rig.emulator.present('CARD_PULLED_EARLY', { pulledEarly: false });
      const third = await rig.client.generateAc(SALE);
      assert.equal(third.atc, second.atc + 1);
      // TC / AAC requests come back with their CID
      assert.equal((await rig.client.generateAc({ ...SALE, type: 'AAC' })).cid, 0x00);
      assert.equal((await rig.client.generateAc({ ...SALE, type: 'TC' })).cid, 0x40);
    } finally {
      await rig.close();
    }
  });

  it('tap and VISA chip generate verifiable cryptograms too; a swiped card has no chip to ask', async () => {
    const rig = await mockRig();
    try {
      for (const name of ['MASTERCARD_CONTACTLESS', 'VISA_CHIP']) {
        await rig.emulator.present(name);
        const { tlv } = await rig.client.generateAc(SALE);
        assert.equal(verifyArqc(catalog.get(name), tlv), true, name);
      }
      await rig.emulator.present('UNIONPAY_MAGSTRIPE');
      await assert.rejects(rig.client.generateAc(SALE), (e: unknown) => e instanceof ReaderError && e.code === 'NOT_SUPPORTED');
    } finally {
      await rig.close();
    }
  });

  it('chip failure then fallback swipe; chip card swiped then inserted', async () => {
    const rig = await mockRig();
    try {
      await rig.emulator.present('CHIP_READ_FAILURE');
      await assert.rejects(rig.client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'CHIP_NO_ANSWER');
      await assert.rejects(rig.client.generateAc(SALE), (e: unknown) => e instanceof ReaderError && e.code === 'CHIP_NO_ANSWER');
      await rig.emulator.present('CHIP_READ_FAILURE', { as: 'swipe' });
      const swipe = rig.events.at(-1)!;
      assert.equal(swipe.event, 'swiped');
      assert.equal(swipe.serviceCode, '220');
      assert.deepEqual(
        rig.events.map((e) => e.event),
        ['inserted', 'removed', 'swiped'],
      );

      await rig.emulator.present('CHIP_CARD_SWIPED');
      assert.equal(rig.events.at(-1)!.serviceCode, '220', 'the terminal sees a chip service code on the stripe');
      await rig.emulator.present('CHIP_CARD_SWIPED', { as: 'chip' });
      const { tlv } = await rig.client.generateAc(SALE);
      assert.equal(verifyArqc(catalog.get('CHIP_CARD_SWIPED'), tlv), true);
    } finally {
      await rig.close();
    }
  });

  it('card pulled early: removed event, then CARD_REMOVED; requests without a card fail typed', async () => {
    const rig = await mockRig();
    try {
      await assert.rejects(rig.client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'NO_CARD');
      await rig.emulator.present('CARD_PULLED_EARLY');
      await rig.client.readCard();
      await assert.rejects(rig.client.generateAc(SALE), (e: unknown) => e instanceof ReaderError && e.code === 'CARD_REMOVED');
      assert.equal(rig.events.at(-1)!.event, 'removed');
      assert.equal(rig.emulator.presented, undefined);
      await assert.rejects(rig.client.generateAc(SALE), (e: unknown) => e instanceof ReaderError && e.code === 'CARD_REMOVED');
      assert.ok(rig.evidence.some((e) => e.kind === 'card.pulled-early'));

      // pullEarly() arms it for any card; remove() at any moment
      await rig.emulator.present('UNIONPAY_CHIP');
      rig.emulator.pullEarly();
      await assert.rejects(rig.client.generateAc(SALE), (e: unknown) => e instanceof ReaderError && e.code === 'CARD_REMOVED');
      await rig.emulator.present('VISA_CHIP');
      const ac = rig.client.generateAc(SALE);
      await ac; // completes before the removal below
      await rig.emulator.remove();
      await assert.rejects(rig.client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'CARD_REMOVED');
    } finally {
      await rig.close();
    }
  });

  it('survives a noisy line: corrupted frames are NAKed and retransmitted, noise is skipped', async () => {
    const rig = await mockRig();
    try {
      const clientDiag: string[] = [];
      rig.client.on('diag', (d) => clientDiag.push(d.kind));
      await rig.emulator.sendNoise(32);
      rig.emulator.corruptNextFrames(2);
      await rig.emulator.present('UNIONPAY_CHIP');
      assert.equal(rig.events.at(-1)!.event, 'inserted');
      assert.equal(rig.events.length, 1, 'delivered once despite two retransmissions');
      assert.equal(clientDiag.filter((k) => k === 'nak-sent').length, 2);
      assert.ok(clientDiag.includes('garbage'));
      rig.client.link.corruptNextFrames(1);
      const { tlv } = await rig.client.generateAc(SALE);
      assert.equal(verifyArqc(catalog.get('UNIONPAY_CHIP'), tlv), true);
      assert.ok(rig.evidence.some((e) => e.kind === 'link.nak'));
    } finally {
      await rig.close();
    }
  });

  it('a request times out with TIMEOUT when no reader answers, and fails CLOSED when the link goes', async () => {
    const [terminal, reader] = createMockSerialPair();
    await Promise.all([terminal.open(), reader.open()]);
    const client = new ReaderClient(terminal, { ackTimeoutMs: 20, maxRetransmits: 1, requestTimeoutMs: 100 });
    await assert.rejects(client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'LINK_FAILED');
    // something ACKs but never answers
    reader.on('data', () => void reader.write(Buffer.from([0x06])));
    await assert.rejects(client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'TIMEOUT');
    const pending = client.readCard();
    const closed = once(terminal, 'close');
    await reader.close();
    await closed;
    await assert.rejects(pending, (e: unknown) => e instanceof ReaderError && e.code === 'CLOSED');
    client.close();
    await terminal.close();
  });

  it('an answer that arrived is used even when the ACKs of the request never come back', async () => {
    const [terminal, reader] = createMockSerialPair();
    await Promise.all([terminal.open(), reader.open()]);
    const client = new ReaderClient(terminal, { ackTimeoutMs: 30, maxRetransmits: 1, requestTimeoutMs: 500 });
    // A reader whose ACKs are lost on the line: it answers the request, but never ACKs it.
    const dec = new ReaderFrameDecoder();
    const card = catalog.get('VISA_CHIP');
    let answered = false;
    reader.on('data', (c) => {
      for (const u of dec.push(c)) {
        if (u.kind !== 'frame' || answered) continue;
        answered = true;
        const rid = u.payload[2]!;
        const answer = message(MSG.CARD_DATA, [[TAG.PRESENTATION, Buffer.from([PRESENTATION_CODE.chip])], ['57', track2ToTag57(card.track2)]], rid);
        void reader.write(encodeFrame(Buffer.concat([Buffer.from([1]), answer])));
      }
    });
    try {
      const read = await client.readCard(); // LINK_FAILED although the reader's answer is in hand
      assert.equal(read.pan, card.pan);
    } finally {
      client.close();
      await Promise.all([terminal.close(), reader.close()]);
    }
  });

  it('a late answer to a timed-out request is not taken for the answer to the next one', async () => {
    const [terminal, reader] = createMockSerialPair();
    await Promise.all([terminal.open(), reader.open()]);
    const client = new ReaderClient(terminal, { requestTimeoutMs: 100 });
    const ignored: Error[] = [];
    client.on('error', (e) => ignored.push(e));
    // a slow fake reader: answers request 1 after 150 ms, request 2 after 60 ms, with different cards
    const fake = new ReaderLink(reader);
    const visa = catalog.get('VISA_CHIP');
    const unionpay = catalog.get('UNIONPAY_CHIP');
    fake.on('message', (m) => {
      const rid = m[1]!;
      const card = rid === 1 ? visa : unionpay;
      const answer = message(MSG.CARD_DATA, [[TAG.PRESENTATION, Buffer.from([PRESENTATION_CODE.chip])], ['57', track2ToTag57(card.track2)]], rid);
      setTimeout(() => void fake.send(answer).catch(() => undefined), rid === 1 ? 150 : 60);
    });
    await assert.rejects(client.readCard(), (e: unknown) => e instanceof ReaderError && e.code === 'TIMEOUT');
    const second = await client.readCard();
    assert.equal(second.pan, unionpay.pan, 'the answer to request 2, not the late answer to request 1');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(ignored.length, 1);
    assert.match(ignored[0]!.message, /request 1 ignored/);
    client.close();
    fake.close();
    await Promise.all([terminal.close(), reader.close()]);
  });

  it('works the same over TCP and over a PTY pair', async () => {
    // TCP: the reader listens, the terminal connects
    const listener = new TcpListener();
    const { port } = await listener.listen();
    const accepted = once(listener, 'connection') as Promise<[Transport]>;
    const terminalTcp = new TcpTransport({ host: '127.0.0.1', port });
    await terminalTcp.open();
    const [readerTcp] = await accepted;
    const tcp = await rigOver(terminalTcp, readerTcp, () => listener.close());
    try {
      await tcp.emulator.present('UNIONPAY_CHIP');
      assert.equal(verifyArqc(catalog.get('UNIONPAY_CHIP'), (await tcp.client.generateAc(SALE)).tlv), true);
    } finally {
      await tcp.close();
    }

    const pty = await PtyPair.create();
    const terminalPty = new SerialTransport({ path: pty.pathA });
    const readerPty = new SerialTransport({ path: pty.pathB });
    await Promise.all([terminalPty.open(), readerPty.open()]);
    const rig = await rigOver(terminalPty, readerPty, () => pty.close());
    try {
      await rig.emulator.present('MASTERCARD_CONTACTLESS');
      assert.equal(rig.events.at(-1)!.event, 'tapped');
      const read = await rig.client.readCard();
      assert.equal(read.pan, catalog.get('MASTERCARD_CONTACTLESS').pan);
      assert.equal(verifyArqc(catalog.get('MASTERCARD_CONTACTLESS'), (await rig.client.generateAc(SALE)).tlv), true);
    } finally {
      await rig.close();
    }
  });
});
