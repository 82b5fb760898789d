/**
 * The reference terminal against the real issuer and card reader emulators, with a
 * minimal printer on the other end of the mock cable that answers DLE EOT as told and
 * keeps the bytes (decoded with the project's ESC/POS decoder).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockSerialPair, type SerialTransport } from '../../src/transports';
import { IssuerBankEmulator } from '../../emulators/issuer-bank';
import { CardReaderEmulator } from '../../emulators/card-reader';
import { loadCardCatalog } from '../../src/cards';
import { getDialect } from '../../src/protocols/iso8583';
import { decodeEscPosReceipts } from '../../src/protocols/escpos';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { TerminalRuntime } from '../../src/terminal/runtime';
import { DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../src/terminal/config';
import { BorrowedTransport } from '../../src/bench/links/borrowed-transport';
import { EcrTerminalDriver } from '../../src/bench/terminal-driver';

async function rig(settings: Partial<TerminalConfig> = {}) {
  const timeline = new EvidenceTimeline();
  const catalog = loadCardCatalog();
  const issuer = new IssuerBankEmulator({ dialect: getDialect('cup'), evidence: timeline });
  const host = await issuer.start();
  const [pa, pb] = createMockSerialPair({ label: 'printer' });
  const [ra, rb] = createMockSerialPair({ label: 'reader' });
  for (const t of [pa, pb, ra, rb]) await t.open();
  const printed: Buffer[] = [];
  const status = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 } as Record<number, number>;
  pb.on('data', (d: Buffer) => {
    if (d.length === 3 && d[0] === 0x10 && d[1] === 0x04) void pb.write(Buffer.from([status[d[2]!]!]));
    else printed.push(d);
  });
  const reader = new CardReaderEmulator({ catalog, evidence: timeline });
  reader.attach(rb);
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-term-test-'));
  const runtime = new TerminalRuntime({
    config: {
      ...DEFAULT_TERMINAL_CONFIG,
      hostAddress: `${host.host}:${host.port}`,
      printerPort: (pa as SerialTransport).path,
      readerPort: (ra as SerialTransport).path,
      hostTimeoutMs: 400,
      printerStatusTimeoutMs: 200,
      ...settings,
    },
    stateDir,
    openPrinter: async () => {
      const t = new BorrowedTransport(pa);
      await t.open();
      return t;
    },
    openReader: async () => {
      const t = new BorrowedTransport(ra);
      await t.open();
      return t;
    },
  });
  const ecr = await runtime.start();
  const driver = new EcrTerminalDriver(timeline);
  await driver.connect(ecr.ecrHost, ecr.ecrPort);
  const waitDisplay = async (re: RegExp) => {
    for (let i = 0; i < 200 && !re.test(driver.display); i++) await new Promise((r) => setImmediate(r));
    if (!re.test(driver.display)) await new Promise<void>((resolve) => timeline.onEvent(() => re.test(driver.display) && resolve()));
  };
  const sale = async (amountMinor: number, card: string) => {
    const p = driver.sale(amountMinor);
    await waitDisplay(/PRESENT CARD/);
    await reader.present(card);
    return p;
  };
  const receipts = () => decodeEscPosReceipts(Buffer.concat(printed), { columns: 32 }).receipts.map((r) => r.text());
  const close = async () => {
    await driver.close();
    await runtime.stop();
    await issuer.stop();
    for (const t of [pa, pb, ra, rb]) await t.close();
    rmSync(stateDir, { recursive: true, force: true });
  };
  return { timeline, issuer, reader, driver, status, sale, receipts, close, waitDisplay };
}

test('a chip sale is signed, approved, journaled and printed with the PAN masked', async () => {
  const r = await rig();
  try {
    assert.equal((await r.driver.signOn()).ok, true);
    const res = await r.sale(2500, 'UNIONPAY_CHIP');
    assert.equal(res.outcome, 'approved', JSON.stringify(res));
    assert.equal(res.receiptsPrinted, 1);
    const [slip] = r.receipts();
    assert.ok(slip, 'a slip was printed');
    assert.match(slip, /621094\*{6}0021/);
    assert.doesNotMatch(slip, /6210947000000021/);
    assert.match(slip, new RegExp(`凭证号: ${res.stan}`));
    assert.match(slip, /CNY 25\.00/);
    const holds = r.issuer.ledger.events().filter((e) => e.kind === 'hold');
    assert.deepEqual(holds.map((h) => [h.stan, h.amountMinor]), [[res.stan, 2500]]);
    const journal = await r.driver.journal();
    assert.equal(journal.find((e) => e.stan === res.stan)?.status, 'approved');
  } finally {
    await r.close();
  }
});

test('a terminal that has not signed on refuses to sell', async () => {
  const r = await rig();
  try {
    const res = await r.driver.sale(100);
    assert.equal(res.outcome, 'failed');
    assert.match(res.display, /SIGN ON/);
    assert.equal(r.issuer.ledger.events().length, 0);
  } finally {
    await r.close();
  }
});

test('no host reply: the terminal times out and reverses (reason 98)', async () => {
  const r = await rig();
  try {
    await r.driver.signOn();
    r.issuer.addRule({ match: { mti: '0200' }, action: { noResponse: true } });
    const res = await r.sale(4200, 'UNIONPAY_CHIP');
    assert.equal(res.outcome, 'failed');
    assert.match(res.display, /HOST TIMEOUT/);
    const kinds = r.issuer.ledger.events().map((e) => e.kind);
    assert.ok(kinds.includes('hold') && kinds.includes('reversal'), kinds.join(','));
    const reversal = r.issuer.messages().find((m) => m.mti === '0400');
    assert.equal(reversal?.fields?.['39'], '98');
    assert.equal(r.receipts().length, 0, 'no slip for a failed sale');
    assert.equal((await r.driver.journal()).find((e) => e.stan === res.stan)?.status, 'reversed');
  } finally {
    await r.close();
  }
});

test('seeded defect no-reversal-on-timeout leaves the hold in place', async () => {
  const r = await rig({ defects: ['no-reversal-on-timeout'] });
  try {
    await r.driver.signOn();
    r.issuer.addRule({ match: { mti: '0200' }, action: { noResponse: true } });
    await r.sale(4200, 'UNIONPAY_CHIP');
    assert.equal(r.issuer.ledger.events().filter((e) => e.kind === 'reversal').length, 0);
    assert.equal(r.issuer.ledger.holds().length, 1);
  } finally {
    await r.close();
  }
});

test('a decline prints nothing and keeps no reversal', async () => {
  const r = await rig();
  try {
    await r.driver.signOn();
    r.issuer.addRule({ match: { mti: '0200' }, action: { responseCode: '51' } });
    const res = await r.sale(1000, 'UNIONPAY_CHIP');
    assert.equal(res.outcome, 'declined');
    assert.equal(res.responseCode, '51');
    assert.equal(r.receipts().length, 0);
    assert.equal((await r.driver.status()).pendingReversal, false);
  } finally {
    await r.close();
  }
});

test('paper out after approval: approved, slip owed, reprint later marked DUPLICATE', async () => {
  const r = await rig();
  try {
    await r.driver.signOn();
    r.status[4] = 0x72; // paper end
    const res = await r.sale(1500, 'UNIONPAY_CHIP');
    assert.equal(res.outcome, 'approved');
    assert.equal(res.receiptPending, true);
    assert.match(res.display, /OUT OF PAPER/);
    assert.equal(r.receipts().length, 0);
    r.status[4] = 0x12;
    const rp = await r.driver.reprint();
    assert.equal(rp.ok, true);
    const slips = r.receipts();
    assert.equal(slips.length, 1);
    assert.match(slips[0]!, /DUPLICATE/);
  } finally {
    await r.close();
  }
});

test('a swiped chip card is sent to the chip reader; a bad check digit is refused locally', async () => {
  const r = await rig();
  try {
    await r.driver.signOn();
    const p = r.driver.sale(800);
    await r.waitDisplay(/PRESENT CARD/);
    await r.reader.present('CHIP_CARD_SWIPED');
    await r.waitDisplay(/INSERT CHIP/);
    await r.driver.cancel();
    const res = await p;
    assert.equal(res.outcome, 'cancelled');
    const bad = await r.sale(800, 'BAD_LUHN_CARD');
    assert.equal(bad.outcome, 'failed');
    assert.match(bad.display, /INVALID CARD/);
    assert.equal(r.issuer.messages().filter((m) => m.mti === '0200').length, 0, 'nothing went online');
  } finally {
    await r.close();
  }
});

test('a reversal answer whose MAC does not verify is no acknowledgement: the reversal stays owed', async () => {
  const r = await rig({ reversalRetries: 1 });
  try {
    await r.driver.signOn();
    r.issuer.addRule({ match: { mti: '0200' }, action: { noResponse: true } });
    r.issuer.addRule({ match: { mti: '0400' }, action: { badMac: true }, times: 'once' });
    const res = await r.sale(4200, 'UNIONPAY_CHIP');
    assert.equal(res.outcome, 'failed');
    assert.equal((await r.driver.status()).pendingReversal, true, 'a 0410 with a bad MAC cleared the stored reversal');
    assert.notEqual((await r.driver.journal()).find((e) => e.stan === res.stan)?.status, 'reversed');
  } finally {
    await r.close();
  }
});

test('seeded defect receipt-before-approval: the slip printed early still counts in the journal', async () => {
  const r = await rig({ defects: ['receipt-before-approval'] });
  try {
    await r.driver.signOn();
    const res = await r.sale(2500, 'UNIONPAY_CHIP');
    assert.equal(res.outcome, 'approved');
    assert.equal(r.receipts().length, 1);
    const e = (await r.driver.journal()).find((x) => x.stan === res.stan);
    assert.equal(e?.receiptsPrinted, 1, 'the journal forgot the slip it printed before the approval');
    assert.equal(res.receiptsPrinted, 1);
  } finally {
    await r.close();
  }
});

test('settlement after a sale, a void, a sale and a refund is balanced and closes the batch', async () => {
  const r = await rig();
  const card = async (p: Promise<{ outcome: string }>) => {
    await r.waitDisplay(/PRESENT CARD/);
    await r.reader.present('UNIONPAY_CHIP');
    const res = await p;
    await r.reader.remove();
    return res;
  };
  try {
    await r.driver.signOn();
    const batch = (await r.driver.status()).batch;
    assert.equal((await card(r.driver.sale(1000))).outcome, 'approved');
    assert.equal((await card(r.driver.voidLast())).outcome, 'approved');
    assert.equal((await card(r.driver.sale(3000))).outcome, 'approved');
    assert.equal((await card(r.driver.refund(500))).outcome, 'approved');
    const s = await r.driver.settle();
    assert.equal(s.balanced, true, JSON.stringify(s));
    assert.deepEqual([s.debitTotalMinor, s.debitCount, s.creditTotalMinor, s.creditCount], [3000, 1, 500, 1]);
    assert.notEqual((await r.driver.status()).batch, batch);
  } finally {
    await r.close();
  }
});
