/**
 * The terminal's ECR port end to end (TCP, the real framing): what the bench relies on
 * after every scenario must work however long the terminal has been in service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockSerialPair, type SerialTransport } from '../../src/transports';
import { TerminalRuntime } from '../../src/terminal/runtime';
import { DEFAULT_TERMINAL_CONFIG, type TerminalConfig } from '../../src/terminal/config';
import { BorrowedTransport } from '../../src/bench/links/borrowed-transport';
import { EcrTerminalDriver } from '../../src/bench/terminal-driver';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { ECR_COMMANDS, type EcrCommand, type JournalEntry, type StatusResult } from '../../src/protocols/ecr/contract';

function entry(i: number): JournalEntry {
  const stan = String(i).padStart(6, '0');
  return {
    intentId: `sale-${i}`,
    kind: 'sale',
    stan,
    batch: '000001',
    amountMinor: 1000 + i,
    currency: 'CNY',
    maskedPan: '621094******0021',
    entryMode: '052',
    status: 'approved',
    responseCode: '00',
    authCode: '123456',
    rrn: `0000000${String(i).padStart(5, '0')}`,
    receiptsPrinted: 1,
    receiptPending: false,
    at: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:01.000Z',
  };
}

/** A reference terminal as its own runtime (reader on a mock pair, no printer, no host), driven over ECR. */
async function withTerminal(stateDir: string, settings: Partial<TerminalConfig>, fn: (driver: EcrTerminalDriver) => Promise<void>): Promise<void> {
  const [ra, rb] = createMockSerialPair({ label: 'reader' });
  await ra.open();
  await rb.open();
  const runtime = new TerminalRuntime({
    config: { ...DEFAULT_TERMINAL_CONFIG, readerPort: (ra as SerialTransport).path, ...settings },
    stateDir,
    openPrinter: () => Promise.reject(new Error('no printer')),
    openReader: async () => {
      const t = new BorrowedTransport(ra);
      await t.open();
      return t;
    },
  });
  const driver = new EcrTerminalDriver(new EvidenceTimeline(), 5000);
  try {
    const ecr = await runtime.start();
    await driver.connect(ecr.ecrHost, ecr.ecrPort);
    await fn(driver);
  } finally {
    await driver.close();
    await runtime.stop();
    await ra.close();
    await rb.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

test('the journal of a terminal with many transactions comes back whole over ECR (not a silent hang)', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-ecr-'));
  writeFileSync(join(stateDir, 'journal.jsonl'), Array.from({ length: 60 }, (_, i) => JSON.stringify(entry(i + 1)) + '\n').join(''));
  await withTerminal(stateDir, {}, async (driver) => {
    const journal = await driver.journal();
    assert.equal(journal.length, 60);
    assert.deepEqual(journal.map((e) => e.stan), Array.from({ length: 60 }, (_, i) => String(i + 1).padStart(6, '0')));
    // Asked for all of it at once, the terminal says it cannot, instead of never answering.
    await assert.rejects(driver.request('journal'), /cannot be sent/);
  });
});

test('the reference terminal answers every command of the ECR contract, and names an unknown one', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'posbench-ecr-'));
  const args: Partial<Record<EcrCommand, Record<string, unknown>>> = { sale: { amountMinor: 100 }, refund: { amountMinor: 100 }, setConfig: { name: 'receipt_copies', value: '1' }, journal: { offset: 0, limit: 5 } };
  await withTerminal(stateDir, { connectTimeoutMs: 200 }, async (driver) => {
    const answers: string[] = [];
    for (const cmd of ECR_COMMANDS) {
      // Not signed on and no host: many commands fail, but each one with an answer of its own.
      const code = await driver.request(cmd, args[cmd]).then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? 'error',
      );
      answers.push(`${cmd}:${code}`);
    }
    assert.ok(!answers.some((a) => a.endsWith(':ECR_UNKNOWN_COMMAND') || a.endsWith(':ECR_TIMEOUT')), answers.join(' '));
    const status = await driver.status();
    assert.deepEqual(Object.keys(status).sort(), ['batch', 'batchLimit', 'batchRecords', 'display', 'firmware', 'pendingReversal', 'signedOn', 'time'] satisfies (keyof StatusResult)[]);
    assert.deepEqual(status.firmware, { name: 'posbench-reference-terminal', version: (require('../../package.json') as { version: string }).version });
    await assert.rejects(driver.request('fly' as EcrCommand), { code: 'ECR_UNKNOWN_COMMAND' });
    await assert.rejects(driver.request('sale', { amountMinor: -1 }), { code: 'ECR_BAD_ARGS' });
  });
});
