/** A state directory as older firmware left it, and the new tamperings (src/bench/old-state.ts, src/bench/storage-tamper.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalStore } from '../../src/terminal/journal';
import { clearTextInState, rewriteStateInClear, setStanCounter } from '../../src/bench/old-state';
import { tamper, JOURNAL_FILE, KEY_FILE, STATE_FILE } from '../../src/bench/storage-tamper';

const PAN = '6210947000000021';

/** A state directory the reference terminal's store wrote: a MAC key and an owed reversal carrying PAN, sealed. */
function storedDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-old-state-'));
  const store = new TerminalStore(dir);
  store.state = { stan: 7, batch: 1, signedOn: true, macKeyHex: '00'.repeat(16), pendingReversal: { stan: '000007', batch: '000001', amountMinor: 100, fields: { '2': PAN }, reasonCode: '98', attempts: 0, originalMti: '0200', processingCode: '000000' } };
  store.saveState();
  return dir;
}

test('a state rewritten in clear shows what the migration must seal; the store seals it again on load', () => {
  const dir = storedDir();
  try {
    assert.deepEqual(clearTextInState(dir, [PAN]), []);
    rewriteStateInClear(dir);
    assert.equal(existsSync(join(dir, KEY_FILE)), false);
    const found = clearTextInState(dir, [PAN]);
    assert.ok(found.some((f) => f.includes('621094…0021')) && !found.some((f) => f.includes(PAN)), found.join('; '));
    assert.ok(found.some((f) => f.includes('macKeyHex')) && found.some((f) => f.includes('pendingReversal.fields')));
    const store = new TerminalStore(dir);
    assert.equal(store.state.pendingReversal?.fields['2'], PAN);
    assert.deepEqual(clearTextInState(dir, [PAN]), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the trace number counter is set; the new tamperings change what they name', () => {
  const dir = storedDir();
  try {
    setStanCounter(dir, 999999);
    assert.equal(new TerminalStore(dir).nextStan(), '000001');
    writeFileSync(join(dir, JOURNAL_FILE), '{"a":1}\n{"b":2}\n');
    tamper(dir, 'journal-record-garbled');
    assert.equal(readFileSync(join(dir, JOURNAL_FILE), 'utf8'), '#"a":1}\n{"b":2}\n');
    tamper(dir, 'journal-empty');
    assert.equal(readFileSync(join(dir, JOURNAL_FILE), 'utf8'), '');
    const key = readFileSync(join(dir, KEY_FILE), 'utf8').trim();
    tamper(dir, 'data-key-digit-appended');
    assert.equal(readFileSync(join(dir, KEY_FILE), 'utf8'), `${key}0\n`);
    const state = () => JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));
    tamper(dir, 'reversal-stan-edited');
    assert.equal(state().pendingReversal.stan, '000001');
    tamper(dir, 'sealed-mac-key-no-iv');
    assert.equal(state().sealedMacKey.iv, undefined);
    tamper(dir, 'sealed-mac-key-null');
    assert.equal(state().sealedMacKey, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
