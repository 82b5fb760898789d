import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile, loadProfile, listProfiles, ProfileError, PROFILE_DIR } from '../../src/bench/profile';

const reference = readFileSync(join(PROFILE_DIR, 'reference.yaml'), 'utf8');

test('every shipped profile validates', () => {
  const names = listProfiles();
  assert.ok(names.includes('reference') && names.includes('reference-pty'));
  for (const n of names) assert.equal(loadProfile(n).name, n);
});

test('an unknown key is an error naming the file and the key path', () => {
  const bad = reference.replace('  columns: 32', '  columns: 32\n  colums: 48');
  assert.throws(
    () => parseProfile(bad, 'bench.yaml'),
    (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.colums' && /bench\.yaml: printer\.colums: unknown key/.test(e.message),
  );
});

test('a bad value names its key path', () => {
  const bad = reference.replace('columns: 32', 'columns: 40');
  assert.throws(() => parseProfile(bad, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.columns');
});

test('an unknown terminal setting is rejected with the list of known ones', () => {
  const bad = reference.replace('print_receipts: "on"', 'print_recipts: "on"');
  assert.throws(() => parseProfile(bad, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.settings.print_recipts' && /print_receipts/.test(e.message));
});

test('a process DUT needs a command', () => {
  const bad = reference.replace('run: in-process', 'run: process');
  assert.throws(() => parseProfile(bad, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.command');
});

test('YAML syntax errors carry the line', () => {
  assert.throws(() => parseProfile('name: [x\n', 'b.yaml'), (e: unknown) => e instanceof ProfileError && /line \d+/.test(e.message));
});

test('environment variables are substituted only where asked for', () => {
  process.env.POSBENCH_TEST_PORT = '/dev/ttyS9';
  const text = reference.replace('link: { kind: mock, line: { baud: 38400 } }', 'link: { kind: serial, path: "${env:POSBENCH_TEST_PORT}", line: { baud: 38400 } }');
  const link = parseProfile(text, 'b.yaml').printer.link;
  assert.equal(link.kind === 'serial' && link.path, '/dev/ttyS9');
  const missing = reference.replace('link: { kind: mock, line: { baud: 38400 } }', 'link: { kind: serial, path: "${env:POSBENCH_NOPE_NOT_SET}", line: { baud: 38400 } }');
  assert.throws(() => parseProfile(missing, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.link.path' && /POSBENCH_NOPE_NOT_SET/.test(e.message));
});

test('a receipt_format regex without a capture group is refused', () => {
  const bad = reference + 'receipt_format:\n  trace: "TRACE \\\\d{6}"\n';
  assert.throws(() => parseProfile(bad, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'receipt_format.trace' && /capture group/.test(e.message));
});
