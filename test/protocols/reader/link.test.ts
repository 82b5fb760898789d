import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { ACK, NAK, ReaderError, ReaderFrameDecoder, ReaderLink, encodeFrame, type ReaderLinkDiag } from '../../../src/protocols/reader';
import { createMockSerialPair, type Transport } from '../../../src/transports';

async function pair(): Promise<[Transport, Transport]> {
  const [a, b] = createMockSerialPair({ label: 'reader-link' });
  await Promise.all([a.open(), b.open()]);
  return [a, b];
}

function diags(link: ReaderLink): ReaderLinkDiag[] {
  const out: ReaderLinkDiag[] = [];
  link.on('diag', (d) => out.push(d));
  return out;
}

describe('ReaderLink', () => {
  it('delivers messages both ways, each ACKed and delivered once', async () => {
    const [a, b] = await pair();
    const la = new ReaderLink(a);
    const lb = new ReaderLink(b);
    const got: string[] = [];
    lb.on('message', (m) => got.push(m.toString()));
    await la.send(Buffer.from('one'));
    await la.send(Buffer.from('two'));
    const back = once(la, 'message');
    await lb.send(Buffer.from('three'));
    assert.equal(((await back)[0] as Buffer).toString(), 'three');
    assert.deepEqual(got, ['one', 'two']);
    la.close();
    lb.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('a frame with a bad LRC is NAKed and retransmitted, and delivered once', async () => {
    const [a, b] = await pair();
    const la = new ReaderLink(a);
    const lb = new ReaderLink(b);
    const da = diags(la);
    const db = diags(lb);
    const got: string[] = [];
    lb.on('message', (m) => got.push(m.toString()));
    la.corruptNextFrames(2);
    await la.send(Buffer.from('after two NAKs'));
    assert.deepEqual(got, ['after two NAKs']);
    assert.equal(db.filter((d) => d.kind === 'nak-sent').length, 2);
    assert.equal(da.filter((d) => d.kind === 'nak-received').length, 2);
    assert.equal(da.filter((d) => d.kind === 'retransmit').length, 2);
    la.close();
    lb.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('gives up with LINK_FAILED after the bounded retransmits', async () => {
    const [a, b] = await pair();
    const la = new ReaderLink(a, { maxRetransmits: 2, ackTimeoutMs: 50 });
    // the far end NAKs everything
    let framesSeen = 0;
    const dec = new ReaderFrameDecoder();
    b.on('data', (c) => {
      for (const u of dec.push(c)) if (u.kind === 'frame') {
        framesSeen++;
        void b.write(Buffer.from([NAK]));
      }
    });
    await assert.rejects(la.send(Buffer.from('x')), (e: unknown) => e instanceof ReaderError && e.code === 'LINK_FAILED');
    assert.equal(framesSeen, 3, 'first send + 2 retransmits');
    la.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('retransmits when the ACK is lost, and the receiver drops the duplicate', async () => {
    const [a, b] = await pair();
    const la = new ReaderLink(a, { ackTimeoutMs: 40 });
    const da = diags(la);
    // raw far end: swallow the first frame silently, ACK the rest, count deliveries
    const dec = new ReaderFrameDecoder();
    const payloads: string[] = [];
    let first = true;
    const rawFarEnd = (c: Buffer) => {
      for (const u of dec.push(c)) if (u.kind === 'frame') {
        payloads.push(u.payload.toString('hex'));
        if (first) first = false;
        else void b.write(Buffer.from([ACK]));
      }
    };
    b.on('data', rawFarEnd);
    await la.send(Buffer.from('hi'));
    assert.equal(payloads.length, 2, 'sent twice');
    assert.equal(payloads[0], payloads[1], 'the retransmission repeats the frame (same sequence byte)');
    assert.ok(da.some((d) => d.kind === 'ack-timeout'));
    la.close();
    b.off('data', rawFarEnd);

    // now the receiving side: a repeated frame is ACKed again but delivered once
    const lb = new ReaderLink(b);
    const db = diags(lb);
    const got: Buffer[] = [];
    lb.on('message', (m) => got.push(m));
    const acks: number[] = [];
    a.on('data', (c) => acks.push(...c));
    const f = encodeFrame(Buffer.from([7, 0x41]));
    await a.write(f);
    await a.write(f);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(got.length, 1);
    assert.deepEqual(acks, [ACK, ACK]);
    assert.ok(db.some((d) => d.kind === 'duplicate'));
    lb.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('skips garbage between frames and drops a stale partial frame', async () => {
    const [a, b] = await pair();
    const lb = new ReaderLink(b, { interByteTimeoutMs: 30 });
    const db = diags(lb);
    const got: string[] = [];
    lb.on('message', (m) => got.push(m.toString()));
    await a.write(Buffer.from('line noise!'));
    await a.write(encodeFrame(Buffer.from([1, ...Buffer.from('first')])));
    await a.write(Buffer.from([0x02, 0x00, 0x40, 0x01])); // a frame start that never completes
    await new Promise((r) => setTimeout(r, 60));
    await a.write(encodeFrame(Buffer.from([2, ...Buffer.from('second')])));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, ['first', 'second']);
    assert.ok(db.some((d) => d.kind === 'garbage'));
    assert.ok(db.some((d) => d.kind === 'partial-dropped'));
    lb.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('line noise that looks like a frame start does not swallow the ACKs of the next exchange (default timeouts)', async () => {
    const [a, b] = await pair();
    const la = new ReaderLink(a);
    const lb = new ReaderLink(b);
    const got: string[] = [];
    lb.on('message', (m) => got.push(m.toString()));
    // STX + a plausible length toward the sender: its decoder now waits for 256 payload bytes,
    // and the peer's ACKs arrive inside that candidate frame.
    await b.write(Buffer.from([0x02, 0x01, 0x00]));
    await la.send(Buffer.from('after the noise')); // LINK_FAILED when the stale partial outlives every retransmission
    assert.deepEqual(got, ['after the noise']);
    la.close();
    lb.close();
    await Promise.all([a.close(), b.close()]);
  });

  it('pending sends reject with CLOSED when the transport closes', async () => {
    const [a, b] = await pair();
    const la = new ReaderLink(a, { ackTimeoutMs: 1000 });
    const sending = la.send(Buffer.from('never acked'));
    await b.close(); // peer hangs up → a closes too (mock cable)
    await assert.rejects(sending, (e: unknown) => e instanceof ReaderError && e.code === 'CLOSED');
    await assert.rejects(la.send(Buffer.from('late')), (e: unknown) => e instanceof ReaderError && e.code === 'CLOSED');
    await a.close();
  });
});
