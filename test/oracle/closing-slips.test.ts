/** Rules 11 and 12: the settlement slip and the fault slip against the host's record (src/oracle/closing-slips.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrinterEmulator } from '../../emulators/printer';
import { reconcile, type Desync, type Injection, type LedgerRecord, type PaperRecord } from '../../src/oracle';
import { readClosingSlips } from '../../src/oracle/closing-slips';
import { DEFAULT_RECEIPT_FORMAT } from '../../src/oracle';
import { faultSlipLines, type FaultSlipData } from '../../src/terminal/fault-slip';
import { settlementSlipLines, type SettlementSlipData } from '../../src/terminal/settlement-slip';
import { linesEscPos, type SlipLine } from '../../src/terminal/slip';
import { AT, hold, input, PAN } from './oracle.helpers';

function onPaper(lines: SlipLine[]): PaperRecord {
  const printer = new PrinterEmulator({ columns: 32, encoding: 'gb18030' });
  printer.receive(linesEscPos(lines, 'gb18030'));
  const e = printer.journal()[0]!;
  return { text: e.receipt.text(), complete: e.complete };
}

const SHOP = { merchantName: 'POSBENCH TEST SHOP', merchantId: '898310048990001', terminalId: 'PB000001', currencyName: 'CNY', dateTime: AT, testMode: true };

function settlementSlip(o: Partial<SettlementSlipData> = {}): PaperRecord {
  return onPaper(settlementSlipLines({ ...SHOP, operatorId: '01', batch: '000001', debitCount: 2, debitTotalMinor: 3005, creditCount: 1, creditTotalMinor: 500, balanced: true, uploaded: 0, ...o }, 32));
}

function faultSlip(o: Partial<FaultSlipData['reversal']> = {}, data: Partial<FaultSlipData> = {}): PaperRecord {
  const reversal = { stan: '000002', batch: '000001', amountMinor: 1205, fields: { '2': '6210948000000021' }, processingCode: '000000', reasonCode: '98' as const, attempts: 3, ...o };
  return onPaper(faultSlipLines({ ...SHOP, reversal, ...data }, 32));
}

function settlement(extra: Partial<LedgerRecord> = {}): LedgerRecord {
  return { kind: 'settlement', terminalId: 'PB000001', stan: '000009', batch: '000001', amountMinor: 2505, maskedPan: '', responseCode: '00', balanced: true, terminalTotals: { debitCount: 2, debitMinor: 3005, creditCount: 1, creditMinor: 500 }, ...extra };
}

const judged = (d: Desync[]) => d.map((x) => [x.type, x.cause, x.detail]);

test("the reference terminal's settlement and fault slips read back: batch, totals, outcome, trace, amount, card, type", () => {
  const { settlements, faults } = readClosingSlips([settlementSlip({ balanced: false, uploaded: 3 }), faultSlip({ processingCode: '200000' })], DEFAULT_RECEIPT_FORMAT);
  assert.deepEqual(settlements, [{ number: 1, batch: '000001', dateTime: '2026/12/01 10:30:05', debits: { count: 2, text: '30.05', minor: 3005 }, credits: { count: 1, text: '5.00', minor: 500 }, outcome: 'unbalanced' }]);
  assert.deepEqual(faults, [{ number: 2, batch: '000001', dateTime: '2026/12/01 10:30:05', stan: '000002', amountText: '12.05', amountMinor: 1205, maskedPan: PAN, txnType: 'VOID' }]);
});

test('a settlement slip that prints what the terminal sent and what the host answered is in sync', () => {
  assert.deepEqual(reconcile(input({ ledger: [settlement()], paper: [settlementSlip()] })), []);
});

test('a settlement slip whose totals are not the ones the terminal sent is a receipt-field-mismatch, per side', () => {
  const d = reconcile(input({ ledger: [settlement()], paper: [settlementSlip({ debitTotalMinor: 3050, creditCount: 0 })] }));
  assert.deepEqual(judged(d), [
    ['receipt-field-mismatch', 'firmware-defect', 'settlement slip #1: debits printed "2 for 30.50", expected 2 for 30.05, the totals the terminal sent in its settlement (field 48)'],
    ['receipt-field-mismatch', 'firmware-defect', 'settlement slip #1: credits printed "0 for 5.00", expected 1 for 5.00, the totals the terminal sent in its settlement (field 48)'],
  ]);
  assert.deepEqual(d[0]!.evidence!.slips, [1]);
});

test('a settlement slip that says balanced when the host found it unbalanced, and the other way round', () => {
  const unbalanced = settlement({ balanced: false });
  assert.deepEqual(reconcile(input({ ledger: [unbalanced], paper: [settlementSlip()] })).map((x) => [x.type, x.detail.replace(/:.*printed/, ' printed')]), [
    ['settlement-mismatch', "settlement of batch 000001: the terminal's totals differ from the host's"],
    ['receipt-field-mismatch', 'settlement slip #1 printed "balanced", expected unbalanced, as the host answered (field 48)'],
  ]);
  assert.equal(reconcile(input({ ledger: [settlement()], paper: [settlementSlip({ balanced: false })] }))[0]!.detail, 'settlement slip #1: reconciliation outcome printed "unbalanced", expected balanced, as the host answered (field 48)');
});

test('a settlement slip for a batch the host refused or never saw is a receipt-without-approval', () => {
  const refused = reconcile(input({ ledger: [settlement({ responseCode: '96', balanced: undefined })], paper: [settlementSlip()] }));
  assert.deepEqual(judged(refused), [['receipt-without-approval', 'firmware-defect', 'settlement slip #1 says batch 000001 closed, but the host refused its settlement (96)']]);
  const none = reconcile(input({ ledger: [settlement({ batch: '000002' })], paper: [settlementSlip()] }));
  assert.deepEqual(judged(none), [['receipt-without-approval', 'firmware-defect', 'settlement slip #1 says batch 000001 closed, but the host has no settlement of it']]);
  // A repeated settlement: the one the host answered 00 is the one the slip is held to.
  assert.deepEqual(reconcile(input({ ledger: [settlement({ responseCode: '96' }), settlement()], paper: [settlementSlip()] })), []);
});

test("a settlement slip dated outside the bench clock's window: misconfiguration when the terminal clock was set, else firmware", () => {
  const late = settlementSlip({ dateTime: new Date(AT.getTime() + 86_400_000) });
  assert.deepEqual(reconcile(input({ ledger: [settlement()], paper: [late] })).map((x) => [x.type, x.cause]), [['receipt-field-mismatch', 'firmware-defect']]);
  const clock: Injection = { atMs: 1, cause: 'misconfiguration', affects: ['paper', 'host'], what: 'terminal setting terminal_clock', setting: 'terminal_clock' };
  assert.deepEqual(reconcile(input({ ledger: [settlement()], paper: [late], injections: [clock] })).map((x) => [x.type, x.cause]), [['receipt-field-mismatch', 'misconfiguration']]);
});

/** Only the fault slip's own rule: the approval it names also stands unreversed (rule 2), which is not what these tests are about. */
const faultFindings = (ledger: LedgerRecord[], paper: PaperRecord[]) => reconcile(input({ ledger, journal: [], paper, messages: [] })).filter((d) => d.detail.startsWith('fault slip'));

test('a fault slip that names what the host booked — amount, card, type — has nothing to answer for', () => {
  assert.deepEqual(faultFindings([hold()], [faultSlip()]), []);
  // A void the host booked, then gave back when its reversal arrived (the hold restored under the void's STAN): the void is what the slip names.
  const voided = hold('000003', 1205, { kind: 'void', mti: '0200', holdId: undefined });
  const restored = hold('000003', 1205, { mti: '0400' });
  assert.deepEqual(faultFindings([hold(), voided, restored], [faultSlip({ stan: '000003', processingCode: '200000' })]), []);
  // One the host never booked has nothing to contradict it.
  assert.deepEqual(faultFindings([], [faultSlip({ amountMinor: 99 })]), []);
});

test("a fault slip whose amount, card or type is not the host's is a receipt-field-mismatch naming the STAN", () => {
  const d = faultFindings([hold()], [faultSlip({ amountMinor: 1250, processingCode: '200000', fields: { '2': '6210948000000039' } })]);
  assert.deepEqual(judged(d), [
    ['receipt-field-mismatch', 'firmware-defect', 'fault slip #1 (STAN 000002): amount printed "12.50", expected 12.05, the amount the host booked'],
    ['receipt-field-mismatch', 'firmware-defect', 'fault slip #1 (STAN 000002): card number printed "621094******0039", expected 621094******0021 (first 6 / last 4)'],
    ['receipt-field-mismatch', 'firmware-defect', 'fault slip #1 (STAN 000002): transaction type printed "VOID", expected SALE'],
  ]);
  assert.deepEqual(d[0]!.stan, '000002');
  assert.deepEqual(d[0]!.evidence!.slips, [1]);
});

test("a fault slip with the full number of the right card is not this rule's finding (every receipt masks the card number catches it); one without a trace is", () => {
  const full = faultSlip();
  const shown = { ...full, text: full.text.replace(PAN, '6210948000000021') };
  const d = faultFindings([hold()], [shown]);
  assert.equal(d.length, 0, 'the full number is the same card: MASK-01 (every receipt masks) is the step that catches it');
  const noTrace = { ...full, text: full.text.replace(/ORIG TRACE \d+/, 'ORIG TRACE') };
  assert.deepEqual(judged(faultFindings([hold()], [noTrace])), [['receipt-field-mismatch', 'firmware-defect', 'fault slip #1: original trace number printed "", expected the trace number of the transaction whose reversal failed']]);
});
