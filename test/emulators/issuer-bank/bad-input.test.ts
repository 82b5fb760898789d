import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssuerBankEmulator, type IssuerBankOptions } from '../../../emulators/issuer-bank';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { frameMessage } from '../../../src/protocols/framing/length-prefix';
import { getDialect } from '../../../src/protocols/iso8583';
import { SeededRandom } from '../../../src/util/random';
import { CARD, cup, sale, TestClient } from './issuer.helpers';

/** Start an issuer, a misbehaving client and a good terminal; run `bad`, then check the good one is still served. */
async function scenario(opts: Partial<IssuerBankOptions>, bad: (c: TestClient, issuer: IssuerBankEmulator) => Promise<void>): Promise<EvidenceTimeline> {
  const ev = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup(), evidence: ev, frameTimeoutMs: 150, idleTimeoutMs: 2000, ...opts });
  const { port } = await issuer.start();
  const good = await TestClient.connect(port);
  const evil = await TestClient.connect(port);
  try {
    const served = (async () => {
      for (let i = 0; i < 5; i++) assert.equal((await good.request(sale(100))).fields[39], '00');
    })();
    await bad(evil, issuer);
    await served;
    assert.equal((await good.request(sale(100))).fields[39], '00', 'the good terminal is still served afterwards');
    assert.equal(good.isClosed, false);
  } finally {
    await good.close();
    await evil.close();
    await issuer.stop();
  }
  return ev;
}

test('garbage bytes announcing a huge frame: refused at once, connection closed, logged', async () => {
  const ev = await scenario({}, async (evil) => {
    evil.writeRaw(Buffer.concat([Buffer.from([0xff, 0xfe]), new SeededRandom(11).bytes(64)]));
    await evil.closed;
  });
  const e = ev.all().find((x) => x.kind === 'connection.frame-too-long');
  assert.ok(e, 'logged');
  assert.match(e.summary, /65534/);
});

test('a complete frame of garbage with a readable head gets a format-error answer (30); unreadable garbage gets none', async () => {
  const ev = await scenario({}, async (evil) => {
    // TPDU + header + MTI 0200, then a bitmap announcing fields that are not there.
    const body = Buffer.concat([Buffer.from('6000060000603100311003' + '0200', 'hex'), Buffer.from('FFFFFFFFFFFFFFFF0102', 'hex')]);
    evil.writeRaw(frameMessage('binary2', body));
    const r = await evil.next();
    assert.equal(r.mti, '0210');
    assert.equal(r.fields[39], '30');
    assert.deepEqual(r.tpdu, Buffer.from('6000000006', 'hex'));
    evil.writeRaw(frameMessage('binary2', new SeededRandom(3).bytes(20).fill(0xaa, 11, 13)));
    assert.equal(await evil.silentFor(100), true);
    assert.equal(evil.isClosed, false, 'framing is intact: the connection stays');
  });
  assert.equal(ev.all().filter((x) => x.kind === 'iso8583.bad-frame').length, 2);
});

test('a truncated frame is dropped with the connection after frameTimeoutMs', async () => {
  const ev = await scenario({}, async (evil) => {
    const full = frameMessage('binary2', cup().pack(sale(100)));
    evil.writeRaw(full.subarray(0, 20));
    const t0 = performance.now();
    await evil.closed;
    assert.ok(performance.now() - t0 >= 100);
  });
  const e = ev.all().find((x) => x.kind === 'connection.frame-timeout');
  assert.ok(e);
  assert.match(e.summary, /20 bytes received/);
});

test('a header announcing 65,535 bytes that never come: closed after the frame timeout (when the host allows such frames)', async () => {
  const ev = await scenario({ maxFrameBytes: 65535 }, async (evil) => {
    evil.writeRaw(Buffer.from([0xff, 0xff, 0x60, 0x00]));
    await evil.closed;
  });
  assert.match(ev.all().find((x) => x.kind === 'connection.frame-timeout')!.summary, /announced 65535/);
});

test('a client trickling bytes cannot hold a frame open past frameTimeoutMs', async () => {
  const ev = await scenario({}, async (evil) => {
    const full = frameMessage('binary2', cup().pack(sale(100)));
    let i = 0;
    const timer = setInterval(() => {
      if (i < full.length && !evil.isClosed) evil.writeRaw(full.subarray(i, ++i));
    }, 10);
    try {
      await evil.closed;
    } finally {
      clearInterval(timer);
    }
    assert.ok(i < full.length, 'closed before the frame was complete');
  });
  assert.ok(ev.all().some((x) => x.kind === 'connection.frame-timeout'));
});

test('a silent connection is closed after idleTimeoutMs while a busy one stays', async () => {
  const ev = new EvidenceTimeline();
  const issuer = new IssuerBankEmulator({ dialect: cup(), evidence: ev, idleTimeoutMs: 120 });
  const { port } = await issuer.start();
  const good = await TestClient.connect(port);
  const silent = await TestClient.connect(port);
  try {
    let closed = false;
    void silent.closed.then(() => (closed = true));
    let n = 0;
    while (!closed) {
      assert.equal((await good.request(sale(100))).fields[39], '00');
      n++;
      await new Promise((r) => setTimeout(r, 30));
    }
    assert.ok(n >= 3);
    assert.equal(good.isClosed, false);
    assert.ok(ev.all().some((x) => x.kind === 'connection.idle-timeout'));
  } finally {
    await good.close();
    await silent.close();
    await issuer.stop();
  }
});

test('ascii4 length header that is not digits: framing error, connection closed, PAN not in the log', async () => {
  const ev = new EvidenceTimeline();
  const d = getDialect('ascii87', { lengthHeader: 'ascii4' });
  const issuer = new IssuerBankEmulator({ dialect: d, evidence: ev });
  const { port } = await issuer.start();
  const evil = await TestClient.connect(port, d);
  try {
    evil.writeRaw(Buffer.from(`AB12${CARD}=2512`, 'latin1'));
    await evil.closed;
  } finally {
    await evil.close();
    await issuer.stop();
  }
  const e = ev.all().find((x) => x.kind === 'connection.framing-error');
  assert.ok(e);
  assert.ok(!JSON.stringify(ev.all()).includes(Buffer.from(CARD, 'latin1').toString('hex').toUpperCase()), 'no ASCII-hex PAN');
  assert.ok(!JSON.stringify(ev.all()).includes(CARD));
});

test('options are validated: a dialect without a length header cannot serve TCP', () => {
  assert.throws(() => new IssuerBankEmulator({ dialect: getDialect('ascii87') }), /length header/);
  assert.throws(() => new IssuerBankEmulator({ dialect: cup(), accounts: [{ pan: '12', balanceMinor: 1 }] }), /accounts\[0\]\.pan/);
});
