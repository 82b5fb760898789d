/**
 * A terminal that sends requests and never reads the answers: the issuer stops reading its
 * connection once the answers queued for it pass the high-water mark (back-pressure), so
 * what the issuer holds for it stays bounded, and another terminal keeps being answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { once } from 'node:events';
import { frameMessage } from '../../../src/protocols/framing/length-prefix';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { IssuerBankEmulator } from '../../../emulators/issuer-bank';
import { FLOW_DEFAULTS } from '../../../emulators/issuer-bank/connection';
import { base, cup, TestClient } from './issuer.helpers';

test('a client that never reads: the issuer pauses reading, its queue stays under the bound, others are served', async (t) => {
  const evidence = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup(), evidence, seed: 5 });
  const { port } = await issuer.start();
  const greedy = net.connect({ host: '127.0.0.1', port });
  await once(greedy, 'connect');
  greedy.pause(); // never reads
  greedy.on('error', () => undefined);
  try {
    // Echo tests (0820/301): ~100 answer bytes each, no ledger effect.
    let stan = 0;
    const echo = () => frameMessage('binary2', cup().pack(base('0820', { 11: String((stan++ % 999999) + 1).padStart(6, '0'), 60: '00000007301' })));
    const batch = Buffer.concat(Array.from({ length: 500 }, echo));
    let batches = 0;
    let maxQueued = 0;
    let pausedSeen = false;
    const deadline = Date.now() + 20_000;
    // Write until the issuer has stopped reading and our own socket is backed up (the bytes wait with the sender).
    while (Date.now() < deadline) {
      if (greedy.writableLength < 4 * 1024 * 1024) {
        greedy.write(batch);
        batches++;
      }
      await new Promise((r) => setImmediate(r));
      for (const q of issuer.connectionQueues()) {
        maxQueued = Math.max(maxQueued, q.queuedBytes);
        pausedSeen ||= q.paused;
      }
      if (pausedSeen && greedy.writableLength > 1024 * 1024) break;
    }
    assert.ok(pausedSeen, 'the issuer paused reading the greedy connection');
    assert.ok(greedy.writableLength > 1024 * 1024, `the unread requests wait on the sender's side (${greedy.writableLength} bytes)`);
    // One chunk's worth of frames can be in hand when the mark is passed; never more than the bound.
    assert.ok(maxQueued <= FLOW_DEFAULTS.maxQueuedBytes, `queued answers ${maxQueued} ≤ ${FLOW_DEFAULTS.maxQueuedBytes}`);
    assert.ok(maxQueued < 2 * FLOW_DEFAULTS.writeHighWaterBytes, `queued answers ${maxQueued} stay near the high-water mark`);
    assert.equal(issuer.connectionCount, 1, 'paused, not closed');
    assert.ok(evidence.all().some((e) => e.kind === 'connection.paused'), 'the pause is on the evidence timeline');

    t.diagnostic(`greedy: max queued ${maxQueued} bytes, ${greedy.writableLength} bytes waiting at the sender, ${batches * 500} requests written`);
    const polite = await TestClient.connect(port);
    const answer = await polite.request(base('0820', { 11: '000001', 60: '00000007301' }));
    assert.equal(answer.fields[39], '00', 'another connection keeps being answered');
    await polite.close();

    // Reading again drains the queue and the issuer resumes.
    greedy.resume();
    const resumed = new Promise<void>((resolve) => evidence.onEvent((e) => e.kind === 'connection.resumed' && resolve()));
    await resumed;
    assert.ok(evidence.all().some((e) => e.kind === 'connection.resumed'), 'resumes once the client reads');
  } finally {
    greedy.destroy();
    await issuer.stop();
  }
});

test('a transport that cannot pause: input held while paused is bounded, then the connection is closed (write-overrun)', async () => {
  const { EventEmitter } = await import('node:events');
  const { IssuerConnection } = await import('../../../emulators/issuer-bank/connection');
  let closed = false;
  // Writes never complete (a peer that never reads); no pause(): data keeps coming.
  const transport = Object.assign(new EventEmitter(), {
    description: 'fake',
    isOpen: true,
    open: async () => undefined,
    write: () => new Promise<void>(() => undefined),
    close: async () => {
      closed = true;
    },
  });
  const events: string[] = [];
  const conn = new IssuerConnection(
    1,
    transport as never,
    { lengthHeader: 'binary2', maxFrameBytes: 8192, frameTimeoutMs: 0, idleTimeoutMs: 0, writeHighWaterBytes: 1000, maxQueuedBytes: 5000 },
    {
      frame: (c) => c.sendRaw(Buffer.alloc(300)),
      badInput: () => undefined,
      closed: () => undefined,
      flow: (_c, e, d) => events.push(`${e} ${d.queuedBytes}/${d.heldBytes}`),
    },
  );
  const frame = frameMessage('binary2', Buffer.alloc(100, 0x30));
  for (let i = 0; i < 4; i++) transport.emit('data', frame);
  assert.equal(conn.isPaused, true, 'paused once 1200 bytes are queued');
  assert.equal(conn.queuedBytes, 1200);
  for (let i = 0; i < 60 && !closed; i++) transport.emit('data', frame);
  assert.equal(conn.queuedBytes, 1200, 'nothing more is answered while paused');
  assert.ok(closed, 'closed once the held input passed the bound');
  assert.deepEqual(events, ['paused 1200/0', 'write-overrun 1200/5100']);
});
