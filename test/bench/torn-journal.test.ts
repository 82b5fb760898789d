/** The bench's torn journal record (src/bench/torn-journal.ts): what a write cut by the power leaves on disk. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalToTear, tearLastRecord, JOURNAL_FILE } from '../../src/bench/torn-journal';

test('the last record keeps its first half and loses its line end; the records before it are untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-torn-'));
  try {
    const first = JSON.stringify({ kind: 'sale', stan: '000002' });
    const last = JSON.stringify({ kind: 'sale', stan: '000003', receiptsPrinted: 1 });
    writeFileSync(join(dir, JOURNAL_FILE), `${first}\n${last}\n`);
    const target = journalToTear(dir);
    assert.ok('file' in target);
    const torn = tearLastRecord(target.file);
    assert.deepEqual(torn, { file: target.file, line: 2, bytes: last.length, keptBytes: Math.floor(last.length / 2) });
    assert.equal(readFileSync(target.file, 'utf8'), `${first}\n${last.slice(0, Math.floor(last.length / 2))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no state directory, or no journal file in it: says why, tears nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-torn-'));
  try {
    assert.match((journalToTear(undefined) as { skipped: string }).skipped, /does not know the terminal's state directory/);
    assert.match((journalToTear(dir) as { skipped: string }).skipped, /keeps no journal\.jsonl/);
    writeFileSync(join(dir, JOURNAL_FILE), '\n\n');
    assert.throws(() => tearLastRecord(join(dir, JOURNAL_FILE)), /holds no record to tear/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the line end alone: the record is whole on disk, its newline is not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-torn-'));
  try {
    const last = JSON.stringify({ kind: 'sale', stan: '000004' });
    writeFileSync(join(dir, JOURNAL_FILE), `${last}\n`);
    const torn = tearLastRecord(join(dir, JOURNAL_FILE), true);
    assert.equal(torn.keptBytes, last.length);
    assert.equal(readFileSync(join(dir, JOURNAL_FILE), 'utf8'), last);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

