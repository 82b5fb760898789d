/**
 * The refund advice (src/terminal/refund-advice.ts): a refund whose answer was lost is kept
 * without its track, PIN and ICC data, sealed in state.json like a pending reversal (so it
 * survives a restart), and repeated as 0221 with the same STAN until an intact answer: 00 or
 * 94 acknowledges it, another code records the refund declined, no answer keeps it owed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalStore, type PendingReversal } from '../../src/terminal/journal';
import { adviceRecord, repeatAdvice } from '../../src/terminal/refund-advice';
import type { HostMessages } from '../../src/terminal/host-messages';
import type { HostResult } from '../../src/terminal/host-link';
import type { IsoMessage } from '../../src/protocols/iso8583/types';
import type { TerminalConfig } from '../../src/terminal/config';

const PAN = '6222021234567890123';
const REFUND: IsoMessage = {
  mti: '0220',
  fields: { 2: PAN, 3: '200000', 4: '000000000100', 11: '000003', 35: `${PAN}=28122010000000000`, 37: '123456789012', 38: '512444', 41: 'PB000001', 55: Buffer.from('9f2608', 'hex'), 61: '000001000002', 64: Buffer.alloc(8) },
};

function withStore(fn: (store: TerminalStore, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-advice-test-'));
  return fn(new TerminalStore(dir), dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** A host that answers each repeat from `answers` (undefined: no answer) and records what it got. */
function host(answers: (string | undefined)[]): { messages: HostMessages; sent: IsoMessage[] } {
  const sent: IsoMessage[] = [];
  const messages = {
    base: (mti: string): IsoMessage => ({ mti, fields: {} }),
    withMac: (m: IsoMessage) => m,
    checkReply: () => 'ok' as const,
    send: async (m: IsoMessage): Promise<HostResult> => {
      sent.push(m);
      const code = answers.shift();
      if (code === undefined) return { ok: false, failure: 'timeout', detail: 'no reply', sent: true };
      return { ok: true, reply: { mti: '0230', fields: { ...m.fields, 39: code, 37: '000000000077' } }, raw: Buffer.alloc(0) };
    },
  } as unknown as HostMessages;
  return { messages, sent };
}

function putRefund(store: TerminalStore): void {
  store.put({ intentId: 'r1', kind: 'refund', stan: '000003', batch: store.batch, amountMinor: 100, currency: 'CNY', status: 'pending', receiptsPrinted: 0, receiptPending: false, at: '', updatedAt: '' });
}

const config = (reversalRetries: number) => () => ({ reversalRetries }) as TerminalConfig;

test('the advice keeps the refund without track, PIN, ICC data or MAC, and survives a restart sealed', () =>
  withStore(async (store, dir) => {
    const p = adviceRecord(REFUND, store.batch);
    assert.equal(p.advice, true);
    assert.deepEqual(Object.keys(p.fields).sort(), ['11', '2', '3', '37', '38', '4', '41', '61']);
    store.state.pendingReversal = p;
    store.saveState();
    assert.ok(!readFileSync(join(dir, 'state.json'), 'utf8').includes(PAN), 'state.json holds the card number in clear');
    assert.deepEqual(new TerminalStore(dir).state.pendingReversal, p);
  }));

test('repeated as 0221 with the same STAN until the host answers; 00 acknowledges it once', () =>
  withStore(async (store) => {
    putRefund(store);
    store.state.pendingReversal = adviceRecord(REFUND, store.batch);
    const { messages, sent } = host([undefined, undefined, undefined, '00']);
    const acked: PendingReversal[] = [];
    const d = { store, messages, config: config(2), log: () => undefined, acknowledged: async (p: PendingReversal) => void acked.push(p) };
    assert.equal(await repeatAdvice(store.state.pendingReversal, d), false, 'a cycle without an answer delivers nothing');
    assert.ok(store.state.pendingReversal, 'the advice stays owed');
    assert.equal(await repeatAdvice(store.state.pendingReversal, d), true);
    assert.deepEqual(sent.map((m) => `${m.mti} ${String(m.fields[11])}`), ['0221 000003', '0221 000003', '0221 000003', '0221 000003']);
    assert.equal(store.state.pendingReversal, undefined);
    assert.equal(acked.length, 1);
    assert.equal(acked[0]!.attempts, 4);
  }));

test('94 (duplicate transmission) acknowledges it too; a refusal records the refund declined', async () => {
  await withStore(async (store) => {
    putRefund(store);
    store.state.pendingReversal = adviceRecord(REFUND, store.batch);
    let acked = 0;
    assert.equal(await repeatAdvice(store.state.pendingReversal, { store, messages: host(['94']).messages, config: config(1), log: () => undefined, acknowledged: async () => void acked++ }), true);
    assert.equal(acked, 1);
  });
  await withStore(async (store) => {
    putRefund(store);
    store.state.pendingReversal = adviceRecord(REFUND, store.batch);
    assert.equal(await repeatAdvice(store.state.pendingReversal, { store, messages: host(['51']).messages, config: config(1), log: () => undefined, acknowledged: async () => assert.fail('a refusal is no acknowledgement') }), true);
    assert.equal(store.state.pendingReversal, undefined);
    assert.equal(store.find((e) => e.stan === '000003')?.status, 'declined');
  });
});
