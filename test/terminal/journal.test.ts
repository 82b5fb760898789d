import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalStore, JournalError, type JournalEntry } from '../../src/terminal/journal';

function entry(stan: string, status: JournalEntry['status'] = 'approved'): JournalEntry {
  return { intentId: `sale-${stan}`, kind: 'sale', stan, batch: '000001', amountMinor: 100, currency: 'CNY', maskedPan: '621094******0021', status, receiptsPrinted: 1, receiptPending: false, at: '2026-11-26T00:00:00.000Z', updatedAt: '' };
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-journal-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a torn last line (power cut mid-write) is dropped, even when it is the only line', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'journal.jsonl'), '{"intentId":"sale-1","kind":"sa');
    assert.deepEqual(new TerminalStore(dir).all(), []);
  });
  withDir((dir) => {
    writeFileSync(join(dir, 'journal.jsonl'), JSON.stringify(entry('000001')) + '\n{"intentId":"sa');
    assert.deepEqual(new TerminalStore(dir).all().map((e) => e.stan), ['000001']);
  });
});

test('a damaged line in the middle of the journal is corruption, not a torn write: a typed error names it', () => {
  withDir((dir) => {
    const f = join(dir, 'journal.jsonl');
    writeFileSync(f, JSON.stringify(entry('000001')) + '\n');
    appendFileSync(f, 'garbage\n');
    appendFileSync(f, JSON.stringify(entry('000002')) + '\n');
    assert.throws(() => new TerminalStore(dir), (e: unknown) => e instanceof JournalError && /journal\.jsonl:2/.test((e as Error).message));
  });
});

test('after a torn write the journal keeps working: the next record is not glued to the torn one', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'journal.jsonl'), JSON.stringify(entry('000001')) + '\n{"intentId":"sa');
    new TerminalStore(dir).put(entry('000002'));
    assert.deepEqual(new TerminalStore(dir).all().map((e) => e.stan), ['000001', '000002']);
  });
  withDir((dir) => {
    // The cut fell just before the newline: the record is whole, the line is not ended.
    writeFileSync(join(dir, 'journal.jsonl'), JSON.stringify(entry('000001')));
    new TerminalStore(dir).put(entry('000002'));
    assert.deepEqual(new TerminalStore(dir).all().map((e) => e.stan), ['000001', '000002']);
  });
});

const REVERSAL = { stan: '000007', batch: '000001', amountMinor: 8000, fields: { '2': '6210940000000021', '4': '000000008000' }, reasonCode: '98' as const, attempts: 0, originalMti: '0200', processingCode: '000000' };

test('after a power cut nothing more reaches the disk: a new store over the folder sees what was written before it', () => {
  withDir((dir) => {
    const store = new TerminalStore(dir);
    store.put(entry('000001'));
    store.nextStan();
    store.powerOff();
    store.put(entry('000002'));
    store.state.pendingReversal = { ...REVERSAL };
    store.saveState();
    assert.equal(store.all().length, 2, 'the dead store still holds in memory what it was doing');
    const booted = new TerminalStore(dir);
    assert.deepEqual(booted.all().map((e) => e.stan), ['000001']);
    assert.equal(booted.state.stan, 1);
    assert.equal(booted.state.pendingReversal, undefined);
  });
});

test('the pending reversal survives in state.json, except under the defect that keeps it in memory only', () => {
  withDir((dir) => {
    const store = new TerminalStore(dir);
    store.state.pendingReversal = { ...REVERSAL };
    store.saveState();
    assert.equal(new TerminalStore(dir).state.pendingReversal?.stan, '000007');
  });
  withDir((dir) => {
    const store = new TerminalStore(dir);
    store.persistReversal = () => false;
    store.state.pendingReversal = { ...REVERSAL };
    store.saveState();
    assert.equal(store.state.pendingReversal?.stan, '000007', 'kept in memory');
    assert.equal(new TerminalStore(dir).state.pendingReversal, undefined, 'gone after a power cut');
  });
});

test('the indexed journal answers as a scan would: updates in place, pages, batch records and the current batch, also after a reload', () => {
  withDir((dir) => {
    const store = new TerminalStore(dir);
    for (let i = 1; i <= 5; i++) store.put(entry(String(i).padStart(6, '0'), i === 3 ? 'declined' : 'approved'));
    store.put({ ...entry('000006'), batch: '000002' });
    // An update keeps the entry where it was; another kind with the same STAN is another entry.
    store.update(store.find((e) => e.stan === '000002')!, { status: 'voided' });
    store.put({ ...entry('000002'), kind: 'void', intentId: 'void-1' });
    const check = (s: TerminalStore) => {
      assert.deepEqual(
        s.all().map((e) => `${e.kind}:${e.batch}:${e.stan}:${e.status}`),
        ['sale:000001:000001:approved', 'sale:000001:000002:voided', 'sale:000001:000003:declined', 'sale:000001:000004:approved', 'sale:000001:000005:approved', 'sale:000002:000006:approved', 'void:000001:000002:approved'],
      );
      assert.deepEqual(s.page(1, 2).map((e) => e.stan), ['000002', '000003']);
      assert.deepEqual(s.page(6, 10).map((e) => e.kind), ['void']);
      assert.deepEqual(s.page(9, 10), []);
      // Batch 1: four approved or voided sales and the approved void; the declined one is no record.
      assert.equal(s.batchRecords(), 5);
      assert.deepEqual(s.currentBatch().map((e) => `${e.kind}:${e.stan}`), ['sale:000001', 'sale:000002', 'sale:000003', 'sale:000004', 'sale:000005', 'void:000002']);
      assert.deepEqual(s.select((e) => e.status === 'approved' && e.kind === 'sale').map((e) => e.stan), ['000001', '000004', '000005', '000006']);
    };
    check(store);
    check(new TerminalStore(dir));
    // What page() and select() hand out are copies: changing them changes nothing stored.
    store.page(0, 1)[0]!.status = 'failed';
    store.select(() => true)[0]!.status = 'failed';
    assert.equal(store.all()[0]!.status, 'approved');
    store.state.batch = 2;
    assert.equal(store.batchRecords(), 1);
    assert.deepEqual(store.currentBatch().map((e) => e.stan), ['000006']);
  });
});
