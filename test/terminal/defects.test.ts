/**
 * The seeded defect registry (src/terminal/defects.ts): one parser for the setting and the
 * CLI option, every defect documented in docs/desyncs.md with its class; and the settings
 * and originals the new defects bend (contactless_limit, the void/refund original).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFECT_CLASSES, DEFECTS, FIRMWARE_DEFECTS, parseDefects, UnknownDefectError } from '../../src/terminal/defects';
import { applySetting, DEFAULT_TERMINAL_CONFIG, TerminalConfigError } from '../../src/terminal/config';
import { findOriginal } from '../../src/terminal/originals';
import { TerminalStore, type JournalEntry } from '../../src/terminal/journal';
import { PROJECT_ROOT } from '../../src/bench/profile';

test('parseDefects keeps the order, drops duplicates and blanks, and names the known defects for an unknown one', () => {
  assert.deepEqual(parseDefects(' no-paper-check, ,void-oldest-sale,no-paper-check'), ['no-paper-check', 'void-oldest-sale']);
  assert.deepEqual(parseDefects(''), []);
  assert.throws(
    () => parseDefects('no-paper-check,no-paper-chek'),
    (e: unknown) => e instanceof UnknownDefectError && e.code === 'UNKNOWN_DEFECT' && e.defect === 'no-paper-chek' && /known: no-reversal-on-timeout, .*no-contactless-limit/.test(e.message),
  );
});

test('the terminal setting "defects" uses the same parser and names the setting', () => {
  assert.deepEqual(applySetting(DEFAULT_TERMINAL_CONFIG, 'defects', 'void-settled-sale').defects, ['void-settled-sale']);
  assert.throws(() => applySetting(DEFAULT_TERMINAL_CONFIG, 'defects', 'bogus'), (e: unknown) => e instanceof TerminalConfigError && e.setting === 'defects' && /unknown defect "bogus"/.test(e.message));
});

test('every defect has a known class and a one-line description, and its row in docs/desyncs.md', () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'desyncs.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Seeded firmware defects'));
  for (const name of FIRMWARE_DEFECTS) {
    const info = DEFECTS[name];
    assert.ok(info.class in DEFECT_CLASSES, `${name}: class ${info.class}`);
    assert.ok(info.description.length > 10 && !info.description.includes('\n'), `${name}: description`);
    assert.match(section, new RegExp(`^\\| \`${name}\` \\| \`${info.class}\` \\|`, 'm'), `docs/desyncs.md has no row for ${name} (class ${info.class})`);
  }
  for (const cls of Object.keys(DEFECT_CLASSES)) assert.match(section, new RegExp(`^\\| \`${cls}\` \\|`, 'm'), `docs/desyncs.md does not describe the class ${cls}`);
});

test('contactless_limit is an amount (two decimals at most) or off, 0 (no limit) by default', () => {
  assert.equal(DEFAULT_TERMINAL_CONFIG.contactlessLimitMinor, 0);
  assert.equal(applySetting(DEFAULT_TERMINAL_CONFIG, 'contactless_limit', '300.00').contactlessLimitMinor, 30000);
  assert.equal(applySetting(DEFAULT_TERMINAL_CONFIG, 'contactless_limit', '300').contactlessLimitMinor, 30000, 'a YAML profile writes 300.00 as 300');
  assert.equal(applySetting(DEFAULT_TERMINAL_CONFIG, 'contactless_limit', '3.5').contactlessLimitMinor, 350);
  assert.equal(applySetting(DEFAULT_TERMINAL_CONFIG, 'contactless_limit', 'off').contactlessLimitMinor, 0);
  for (const bad of ['3.005', '-1.00', '0.00', 'ten', '1e3']) {
    assert.throws(() => applySetting(DEFAULT_TERMINAL_CONFIG, 'contactless_limit', bad), (e: unknown) => e instanceof TerminalConfigError && e.setting === 'contactless_limit', bad);
  }
});

function journal(entries: Array<Partial<JournalEntry> & Pick<JournalEntry, 'kind' | 'stan' | 'amountMinor' | 'status'>>): { store: TerminalStore; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-originals-test-'));
  const store = new TerminalStore(dir);
  store.state.batch = 1;
  for (const e of entries) store.put({ intentId: `i-${e.stan}`, batch: store.batch, currency: 'CNY', maskedPan: '621094******0021', entryMode: '051', receiptsPrinted: 1, receiptPending: false, at: '', updatedAt: '', ...e } as JournalEntry);
  return { store, done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('void and refund hit the last approved sale; the original-selection defects hit or cap against another', () => {
  const { store, done } = journal([
    { kind: 'sale', stan: '000001', amountMinor: 5000, status: 'approved' },
    { kind: 'sale', stan: '000002', amountMinor: 2000, status: 'approved' },
    { kind: 'refund', stan: '000003', amountMinor: 1500, status: 'approved', originalStan: '000002', originalBatch: '000001' },
  ]);
  try {
    const stanOf = (r: ReturnType<typeof findOriginal>) => ('refused' in r ? r.refused.code : r.original?.stan);
    assert.equal(stanOf(findOriginal(store, 'void', 0)), '000002');
    assert.equal(stanOf(findOriginal(store, 'void', 0, ['void-oldest-sale'])), '000001');
    assert.equal(stanOf(findOriginal(store, 'refund', 501)), 'REFUND_EXCEEDS_ORIGINAL', '20.00 less 15.00 refunded leaves 5.00');
    assert.equal(stanOf(findOriginal(store, 'refund', 500)), '000002');
    assert.equal(stanOf(findOriginal(store, 'refund', 501, ['refund-cap-not-summed'])), '000002');
    assert.equal(stanOf(findOriginal(store, 'refund', 2500, ['refund-cap-oldest-sale'])), '000002', 'capped by 50.00, booked against the 20.00 sale');
  } finally {
    done();
  }
});

test('a void of a settled sale is refused, unless the void-settled-sale defect sends it', () => {
  const { store, done } = journal([{ kind: 'sale', stan: '000007', amountMinor: 7300, status: 'approved' }]);
  try {
    store.state.batch = 2;
    const r = findOriginal(store, 'void', 0);
    assert.ok('refused' in r && r.refused.code === 'ORIGINAL_SETTLED');
    const d = findOriginal(store, 'void', 0, ['void-settled-sale']);
    assert.ok('original' in d && d.original?.stan === '000007');
  } finally {
    done();
  }
});
