import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProfile, loadProfile, listProfiles, ProfileError, PROFILE_DIR, PROJECT_ROOT } from '../../src/bench/profile';

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

test("a settlement slip's totals pattern needs two capture groups, a slip mark none", () => {
  const one = reference + 'receipt_format:\n  settlement_debits: "DEBIT (\\\\d+)"\n';
  assert.throws(() => parseProfile(one, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'receipt_format.settlement_debits' && /two capture groups: the count, then the total/.test(e.message));
  const mark = parseProfile(reference + 'receipt_format:\n  fault: "FAULT REPORT"\n', 'b.yaml');
  assert.equal(mark.receipt_format.fault, 'FAULT REPORT');
  assert.equal(mark.receipt_format.settlement, '结算总计单', 'the other patterns keep their defaults');
});

test('setting values are checked when the profile loads, by the terminal\'s own rules: the error names the file, the key path and what is allowed', () => {
  const bad = reference.replace('receipt_copies: 1', 'receipt_copies: 9');
  assert.throws(
    () => parseProfile(bad, 'bench.yaml'),
    (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.settings.receipt_copies' && e.message === 'bench.yaml: dut.settings.receipt_copies: 9 is outside 0..3',
  );
  const notBool = reference.replace('print_receipts: "on"', 'print_receipts: "maybe"');
  assert.throws(() => parseProfile(notBool, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.settings.print_receipts' && /expected on\/off, got "maybe"/.test(e.message));
  assert.equal(parseProfile(reference.replace('print_receipts: "on"', 'print_receipts: true'), 'b.yaml').dut.settings.print_receipts, true, 'YAML booleans are on/off');
});

test('validate-profile refuses a bad setting value, naming the file and the key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-profile-'));
  const file = join(dir, 'copies.yaml');
  writeFileSync(file, reference.replace('receipt_copies: 1', 'receipt_copies: 9'));
  try {
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin', 'posbench.js'), 'validate-profile', file], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}: dut\\.settings\\.receipt_copies: 9 is outside 0\\.\\.3`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the printer baud rate has one home: printer.link.line.baud, not a terminal setting', () => {
  const bad = reference.replace('receipt_copies: 1', 'receipt_copies: 1\n    printer_baud: 9600');
  assert.throws(() => parseProfile(bad, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.settings.printer_baud' && /printer\.link\.line\.baud/.test(e.message));
});

test('dut.run and link.kind are discriminated unions: each kind asks for its own keys', () => {
  const external = reference.replace('run: in-process', 'run: external');
  assert.throws(() => parseProfile(external, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.ecr' && /required when dut\.run is "external"/.test(e.message));
  const unknownRun = reference.replace('run: in-process', 'run: emulated');
  assert.throws(() => parseProfile(unknownRun, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.run' && /in-process/.test(e.message) && /external/.test(e.message));
  const commandInProcess = reference.replace('run: in-process', 'run: in-process\n  command: ["x"]');
  assert.throws(() => parseProfile(commandInProcess, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'dut.command' && /unknown key/.test(e.message));
  const serial = reference.replace('link: { kind: mock, line: { baud: 38400 } }', 'link: { kind: serial, line: { baud: 38400 } }');
  assert.throws(() => parseProfile(serial, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.link.path' && /required when printer\.link\.kind is "serial"/.test(e.message));
  const kind = reference.replace('link: { kind: mock, line: { baud: 38400 } }', 'link: { kind: usb, line: { baud: 38400 } }');
  assert.throws(() => parseProfile(kind, 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.link.kind' && /mock/.test(e.message) && /serial/.test(e.message));
});

test('a real host address is checked when the profile loads: host:port, the port in range, the key named', () => {
  const real = (address: string) => reference.replace('issuer:\n  emulated: true\n  dialect: cup', `issuer:\n  emulated: false\n  dialect: cup\n  address: "${address}"`);
  assert.deepEqual(parseProfile(real('testhost:8583'), 'b.yaml').issuer.address, 'testhost:8583');
  assert.throws(() => parseProfile(real('testhost'), 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'issuer.address' && /expected host:port/.test(e.message));
  assert.throws(() => parseProfile(real('testhost:99999'), 'b.yaml'), (e: unknown) => e instanceof ProfileError && e.keyPath === 'issuer.address' && /99999.*0\.\.65535/.test(e.message));
});
