import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerBankEmulator } from '../../../emulators/issuer-bank';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { frameMessage } from '../../../src/protocols/framing/length-prefix';
import { SeededRandom } from '../../../src/util/random';
import { base, CARD, cup, sale, TestClient } from './issuer.helpers';

test('3,000 mutated requests (seeded): the host never fails internally, never leaks a PAN, and keeps serving', async () => {
  const d = cup();
  const ev = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: d, evidence: ev, seed: 21 });
  const { port } = await issuer.start();
  const fuzz = await TestClient.connect(port);
  const good = await TestClient.connect(port);
  const rnd = new SeededRandom(2026);
  const seeds = [
    sale(2500, { stan: '000001' }),
    base('0200', { 2: CARD, 3: '200000', 4: '000000002500', 11: '000002', 60: '23000001000', 61: '000001000001' }),
    base('0220', { 2: CARD, 3: '200000', 4: '000000000100', 11: '000003', 37: '000000000001', 60: '25000001000' }),
    base('0400', { 2: CARD, 3: '000000', 4: '000000002500', 11: '000001', 39: '98', 60: '22000001000' }),
    base('0500', { 11: '000004', 48: '0000000025000010000000000000000', 60: '00000001201' }),
    base('0320', { 11: '000005', 48: '000001000000002500', 60: '00000001201' }),
    base('0800', { 11: '000006', 60: '00000001003' }),
  ].map((m) => d.pack(m));
  const N = 3000;
  try {
    const chunks: Buffer[] = [];
    for (let i = 0; i < N; i++) {
      const body = Buffer.from(seeds[i % seeds.length]!);
      const flips = rnd.int(1, 4);
      for (let k = 0; k < flips; k++) body[rnd.int(11, body.length - 1)] = rnd.int(0, 255);
      chunks.push(frameMessage('binary2', body));
    }
    fuzz.writeRaw(Buffer.concat(chunks));
    const deadline = Date.now() + 20_000;
    while (issuer.statistics().requests + issuer.statistics().badFrames < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const st = issuer.statistics();
    assert.equal(st.requests + st.badFrames, N, 'every frame was handled');
    assert.ok(st.requests > N / 10, `a good share decodes and reaches the processor (${st.requests})`);
    assert.equal(ev.all().filter((e) => e.kind === 'issuer.internal-error').length, 0);
    assert.equal((await good.request(sale(100))).fields[39], '00');
    assert.equal(fuzz.isClosed, false);
    const text = JSON.stringify(ev.all());
    assert.ok(!text.includes(CARD) && !text.includes(Buffer.from(CARD).toString('hex').toUpperCase()));
  } finally {
    await fuzz.close();
    await good.close();
    await issuer.stop();
  }
});
