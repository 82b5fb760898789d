import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getDialect, type IsoMessage } from '../../src/protocols/iso8583';
import { WireLedger, type WireFrame } from '../../src/bench/wire-ledger';
import { reconcile, DEFAULT_RECEIPT_FORMAT } from '../../src/oracle';

const cup = getDialect('cup');
const TPDU = Buffer.from('6000060000', 'hex');
const HEADER = Buffer.from('603100311003', 'hex');
const PAN = '6210947000000021';
const TID = 'PB000001';

/** A request as the terminal sends it (CUP), field 60 carrying batch 000007. */
function req(mti: string, stan: string, amount: number, extra: Record<number, string> = {}): IsoMessage {
  return { mti, tpdu: TPDU, header: HEADER, fields: { 2: PAN, 3: '000000', 4: String(amount).padStart(12, '0'), 11: stan, 41: TID, 42: '898310048990001', 60: '22000007', ...extra } };
}

/** The host's answer to `r`: code, RRN, auth code on approvals; field 48 for settlement. */
function ans(r: IsoMessage, code: string, extra: Record<number, string> = {}): IsoMessage {
  const f: Record<number, string> = { ...(r.fields as Record<number, string>), 37: '612345000001', 39: code, ...extra };
  if (code === '00' && r.mti !== '0500' && r.mti !== '0400') f[38] = '123456';
  return { mti: String(Number(r.mti) + 10).padStart(4, '0'), tpdu: TPDU, header: HEADER, fields: f };
}

function feed(ledger: WireLedger, seq: Array<[number, IsoMessage]>): void {
  let t = 1000;
  for (const [connection, m] of seq) {
    const frame: WireFrame = { connection, direction: /^0\d[13]/.test(m.mti) ? 'downstream' : 'upstream', body: cup.pack(m), atMs: t++ };
    ledger.observe(frame);
  }
}

test('an approved sale is a hold with STAN, batch, amount, masked PAN, RRN and auth code; a decline is a decline', () => {
  const w = new WireLedger({ dialect: cup });
  const sale = req('0200', '000011', 2500);
  const declined = req('0200', '000012', 900000);
  feed(w, [[1, sale], [1, ans(sale, '00')], [1, declined], [1, ans(declined, '51')]]);
  const [hold, decline] = w.records();
  assert.deepEqual(
    { kind: hold!.kind, stan: hold!.stan, batch: hold!.batch, amountMinor: hold!.amountMinor, maskedPan: hold!.maskedPan, rrn: hold!.rrn, authCode: hold!.authCode, responseCode: hold!.responseCode, terminalId: hold!.terminalId },
    { kind: 'hold', stan: '000011', batch: '000007', amountMinor: 2500, maskedPan: '621094******0021', rrn: '612345000001', authCode: '123456', responseCode: '00', terminalId: TID },
  );
  assert.equal(decline!.kind, 'decline');
  assert.equal(decline!.responseCode, '51');
  assert.equal(decline!.authCode, undefined);
  assert.ok(!JSON.stringify(w.records()).includes(PAN), 'no full PAN in the records');
});

test('a reversal answered 00 reverses the original; the oracle then sees no approval to stand by', () => {
  const w = new WireLedger({ dialect: cup });
  const sale = req('0200', '000021', 2500);
  const rev = req('0400', '000021', 2500, { 39: '98' });
  feed(w, [[1, sale], [1, ans(sale, '00')], [2, rev], [2, ans(rev, '00')]]);
  const kinds = w.records().map((r) => `${r.kind}:${r.stan}:${r.originalStan ?? ''}`);
  assert.deepEqual(kinds, ['hold:000021:', 'reversal:000021:000021']);
  const desyncs = reconcile({ terminalId: TID, ledger: w.records(), journal: [{ intentId: 'i1', kind: 'sale', stan: '000021', batch: '000007', amountMinor: 2500, status: 'reversed' }], paper: [], injections: [], receiptFormat: DEFAULT_RECEIPT_FORMAT });
  assert.deepEqual(desyncs, []);
});

test('a reversal refused is a decline of the original, and the approval still stands', () => {
  const w = new WireLedger({ dialect: cup });
  const sale = req('0200', '000022', 3000);
  const rev = req('0400', '000022', 3000);
  feed(w, [[1, sale], [1, ans(sale, '00')], [2, rev], [2, ans(rev, '12')]]);
  const desyncs = reconcile({ terminalId: TID, ledger: w.records(), journal: [{ intentId: 'i1', kind: 'sale', stan: '000022', batch: '000007', amountMinor: 3000, status: 'reversed' }], paper: [], injections: [], receiptFormat: DEFAULT_RECEIPT_FORMAT });
  assert.deepEqual(desyncs.map((d) => d.type), ['unreversed-timeout']);
});

test('an unanswered request is unknown, not booked; an answered reversal of it settles the question', () => {
  const w = new WireLedger({ dialect: cup });
  const lost = req('0200', '000031', 4000);
  feed(w, [[1, lost]]);
  assert.deepEqual(w.records().map((r) => r.kind), ['unknown']);
  assert.match(w.unknown()[0]!.note!, /no answer: whether it booked it is unknown/);
  // The terminal says approved: the host's answer was not seen, and the oracle says so.
  const desyncs = reconcile({ terminalId: TID, ledger: w.records(), journal: [{ intentId: 'i1', kind: 'sale', stan: '000031', batch: '000007', amountMinor: 4000, status: 'approved' }], paper: [], injections: [], receiptFormat: DEFAULT_RECEIPT_FORMAT });
  assert.equal(desyncs[0]?.type, 'approval-not-given');
  assert.match(desyncs[0]!.detail, /its record is unknown/);
  const rev = req('0400', '000031', 4000);
  feed(w, [[2, rev], [2, ans(rev, '00')]]);
  assert.deepEqual(w.records().map((r) => r.kind), ['reversal']);
  assert.deepEqual(w.unknown(), []);
});

test('settlement: field 48 of the answer says balanced (1) or not (2), the request the totals sent; void and refund are approvals of their own kind', () => {
  const w = new WireLedger({ dialect: cup });
  const sale = req('0200', '000041', 1000);
  const voidReq = req('0200', '000042', 1000, { 3: '200000', 61: '000007000041' });
  const refund = req('0220', '000043', 500, { 3: '200000' });
  const totals = '000000001000001000000000500001';
  const settle: IsoMessage = { mti: '0500', tpdu: TPDU, header: HEADER, fields: { 11: '000044', 41: TID, 42: '898310048990001', 48: totals, 60: '00000007201' } };
  feed(w, [[1, sale], [1, ans(sale, '00')], [1, voidReq], [1, ans(voidReq, '00')], [1, refund], [1, ans(refund, '00')], [1, settle], [1, ans(settle, '00', { 48: totals + '1' })]]);
  const recs = w.records();
  assert.deepEqual(recs.map((r) => r.kind), ['hold', 'void', 'refund', 'settlement']);
  assert.equal(recs[1]!.originalStan, '000041');
  assert.equal(recs[3]!.balanced, true);
  assert.equal(recs[3]!.amountMinor, 500);
  // The totals the terminal sent, which its settlement slip is held to (oracle rule 11).
  assert.deepEqual(recs[3]!.terminalTotals, { debitMinor: 1000, debitCount: 1, creditMinor: 500, creditCount: 1 });
  const w2 = new WireLedger({ dialect: cup });
  feed(w2, [[1, settle], [1, ans(settle, '00', { 48: totals + '2' })]]);
  assert.equal(w2.records()[0]!.balanced, false);
});

test('a repeated request answered again is a duplicate, not a second charge; frames that do not unpack are kept apart', () => {
  const w = new WireLedger({ dialect: cup });
  const sale = req('0200', '000051', 1800);
  feed(w, [[1, sale], [1, ans(sale, '00')], [2, sale], [2, ans(sale, '00')]]);
  w.observe({ connection: 3, direction: 'upstream', body: Buffer.from('not iso'), atMs: 1 });
  assert.deepEqual(w.records().map((r) => r.kind), ['hold', 'duplicate']);
  assert.equal(w.undecodableFrames().length, 1);
});

test('the batch comes from field 60, else from the terminal\'s current batch', () => {
  const w = new WireLedger({ dialect: cup, currentBatch: () => '000099' });
  const sale = req('0200', '000061', 700);
  delete sale.fields[60];
  feed(w, [[1, sale], [1, ans(sale, '00')]]);
  assert.equal(w.records()[0]!.batch, '000099');
});
