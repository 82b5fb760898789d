/**
 * Card data at rest (src/terminal/card-vault.ts): the stored reversal's fields and the MAC
 * key are sealed under the terminal key in state.json, the key file is the owner's alone, a clear-text
 * state.json from before sealing is migrated on load, a tampered one is a typed error
 * naming the file — and on a whole bench (in-process and as its own process) the state
 * file holds no card number or track 2 while the reversal still replays after a restart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalStore, type PendingReversal } from '../../src/terminal/journal';
import { CardDataError, KEY_FILE } from '../../src/terminal/card-vault';
import { Bench } from '../../src/bench/bench';
import { loadProfile } from '../../src/bench/profile';

const PAN = '6222021234567890123';

function reversal(): PendingReversal {
  return { stan: '000007', batch: '000001', amountMinor: 8000, fields: { 2: PAN, 4: '000000008000', 11: '000007', 14: '2812' }, reasonCode: '98', attempts: 0, originalMti: '0200', processingCode: '000000' };
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-vault-test-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a stored reversal is sealed in state.json and opens again on the next load', () => {
  withDir((dir) => {
    const store = new TerminalStore(dir);
    store.state.pendingReversal = reversal();
    store.saveState();
    const text = readFileSync(join(dir, 'state.json'), 'utf8');
    assert.ok(!text.includes(PAN) && !text.includes('2812'), `state.json holds card data in clear: ${text}`);
    assert.match(text, /"sealedFields":\{"alg":"A256GCM"/);
    assert.equal(statSync(join(dir, KEY_FILE)).mode & 0o777, 0o600, 'the terminal key is readable by others');
    assert.equal(statSync(join(dir, 'state.json')).mode & 0o077, 0, 'state.json is readable by others');
    assert.deepEqual(new TerminalStore(dir).state.pendingReversal, reversal());
  });
});

test('the working MAC key is sealed too, and a clear-text one from before sealing is migrated', () => {
  withDir((dir) => {
    const key = '00112233445566778899aabbccddeeff';
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ stan: 3, batch: 1, signedOn: true, macKeyHex: key }));
    assert.equal(new TerminalStore(dir).state.macKeyHex, key);
    const text = readFileSync(join(dir, 'state.json'), 'utf8');
    assert.ok(!text.includes(key) && !text.includes('macKeyHex'), `state.json holds the MAC key in clear: ${text}`);
    assert.match(text, /"sealedMacKey":\{"alg":"A256GCM"/);
    assert.equal(new TerminalStore(dir).state.macKeyHex, key);
  });
});

test('no key file is made while there is nothing to seal', () => {
  withDir((dir) => {
    const store = new TerminalStore(dir);
    store.nextStan();
    assert.throws(() => statSync(join(dir, KEY_FILE)), /ENOENT/);
  });
});

test('a clear-text state.json from before sealing is read and sealed on load', () => {
  withDir((dir) => {
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ stan: 7, batch: 1, signedOn: true, pendingReversal: reversal() }));
    const store = new TerminalStore(dir);
    assert.deepEqual(store.state.pendingReversal, reversal());
    assert.ok(!readFileSync(join(dir, 'state.json'), 'utf8').includes(PAN), 'the clear-text state was not migrated');
  });
});

test('a tampered ciphertext, a moved record or a lost key is a CardDataError naming the file', () => {
  withDir((dir) => {
    const store = new TerminalStore(dir);
    store.state.pendingReversal = reversal();
    store.saveState();
    const file = join(dir, 'state.json');
    const good = readFileSync(file, 'utf8');
    const state = JSON.parse(good) as { pendingReversal: { stan: string; sealedFields: { data: string } } };
    const data = Buffer.from(state.pendingReversal.sealedFields.data, 'base64');
    data[0] = data[0]! ^ 1;
    writeFileSync(file, JSON.stringify({ ...state, pendingReversal: { ...state.pendingReversal, sealedFields: { ...state.pendingReversal.sealedFields, data: data.toString('base64') } } }));
    const expect = (re: RegExp) => (e: unknown) => e instanceof CardDataError && e.code === 'CARD_DATA' && e.message.includes(file) && re.test(e.message);
    assert.throws(() => new TerminalStore(dir), expect(/altered/));
    // The sealed fields of STAN 000007 cannot be passed off as another reversal's.
    writeFileSync(file, JSON.stringify({ ...JSON.parse(good), pendingReversal: { ...JSON.parse(good).pendingReversal, stan: '000008' } }));
    assert.throws(() => new TerminalStore(dir), expect(/altered/));
    writeFileSync(file, JSON.stringify({ ...state, pendingReversal: { ...state.pendingReversal, sealedFields: { alg: 'A256GCM' } } }));
    assert.throws(() => new TerminalStore(dir), expect(/not a sealed value/));
    writeFileSync(file, good);
    unlinkSync(join(dir, KEY_FILE));
    assert.throws(() => new TerminalStore(dir), expect(/terminal key .* is missing/));
  });
});

for (const profile of ['reference', 'reference-pty']) {
  test(`${profile}: after a stored reversal state.json holds no card number or track 2, and the reversal replays after a restart`, async () => {
    const bench = await Bench.start({ profile: loadProfile(profile), scenario: 'card data at rest' });
    try {
      const issuer = bench.requireIssuer();
      const card = bench.catalog.get('UNIONPAY_CHIP');
      assert.equal((await bench.driver.signOn()).ok, true);
      await bench.driver.setSetting('reversal_retries', '1');
      const silent = issuer.addRule({ description: 'never respond', match: { mti: ['0200', '0400'] }, action: { noResponse: true } });
      const sale = bench.driver.sale(8000);
      await bench.waitForDisplay(/PRESENT CARD/);
      await bench.presentCard('UNIONPAY_CHIP');
      assert.equal((await sale).outcome, 'failed');
      await bench.removeCardIfPresent();
      assert.equal((await bench.driver.status()).pendingReversal, true);
      const stateText = readFileSync(join(bench.dut!.addresses!.stateDir!, 'state.json'), 'utf8');
      for (const secret of [card.pan, card.track2, card.track2.split('=')[1]!]) assert.ok(!stateText.includes(secret), `state.json holds ${secret.slice(0, 6)}… in clear`);

      await bench.restartTerminal();
      issuer.removeRule(silent);
      const next = bench.driver.sale(8100);
      await bench.waitForDisplay(/PRESENT CARD/);
      await bench.presentCard('UNIONPAY_CHIP');
      assert.equal((await next).outcome, 'approved');
      await bench.removeCardIfPresent();
      const events = issuer.ledger.events();
      assert.ok(events.some((e) => e.kind === 'reversal' && e.amountMinor === 8000), 'the stored reversal of 80.00 never reached the host');
    } finally {
      await bench.stop();
    }
  });
}
