/** Tampering with the reference terminal's stored data while its power is off (src/bench/storage-tamper.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tamper, TamperError, KEY_FILE, STATE_FILE } from '../../src/bench/storage-tamper';

function stateDir(state: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-tamper-'));
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(state));
  writeFileSync(join(dir, KEY_FILE), 'ab'.repeat(32) + '\n');
  return dir;
}
const sealed = () => ({ alg: 'A256GCM', iv: 'aXY=', tag: 'dGFn', data: 'QUJD' });
const read = (dir: string) => JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8'));

test('each tampering changes exactly what it names', () => {
  const dir = stateDir({ stan: 3, sealedMacKey: sealed(), pendingReversal: { stan: '000003', sealedFields: sealed() } });
  try {
    tamper(dir, 'sealed-mac-key-altered');
    assert.equal(read(dir).sealedMacKey.data, 'AUJD');
    assert.equal(read(dir).pendingReversal.sealedFields.data, 'QUJD');
    tamper(dir, 'sealed-reversal-altered');
    assert.equal(read(dir).pendingReversal.sealedFields.data, 'AUJD');
    tamper(dir, 'sealed-mac-key-foreign');
    assert.equal(read(dir).sealedMacKey.alg, 'A128CBC');
    tamper(dir, 'sealed-mac-key-unsealed');
    assert.equal(read(dir).sealedMacKey.tag, undefined);
    tamper(dir, 'data-key-replaced');
    assert.equal(readFileSync(join(dir, KEY_FILE), 'utf8'), 'not a key\n');
    tamper(dir, 'data-key-lost');
    assert.equal(existsSync(join(dir, KEY_FILE)), false);
    tamper(dir, 'state-unreadable');
    assert.throws(() => read(dir), SyntaxError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what cannot be tampered with says why', () => {
  const dir = stateDir({ stan: 1 });
  try {
    assert.throws(() => tamper(undefined, 'data-key-lost'), (e: Error) => e instanceof TamperError && /does not know the terminal's state directory/.test(e.message));
    assert.throws(() => tamper(dir, 'sealed-reversal-altered'), /holds no stored reversal \(a reversal must be owed\) to alter/);
    assert.throws(() => tamper(dir, 'sealed-mac-key-unsealed'), /holds no sealed MAC key/);
    rmSync(join(dir, STATE_FILE));
    assert.throws(() => tamper(dir, 'state-unreadable'), /keeps no state\.json/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
