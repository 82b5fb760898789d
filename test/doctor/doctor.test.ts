/**
 * posbench doctor: the reference profiles pass; profiles with a missing port, a printer at
 * another baud rate (the printer emulator's UART model, emulators/printer/uart.ts) and an
 * unreachable host fail with the profile key and the fix; every shipped profile validates
 * and passes --dry-run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runDoctor } from '../../src/doctor/doctor';
import { formatDoctorReport } from '../../src/doctor/format';
import { listProfiles, loadProfile, PROJECT_ROOT } from '../../src/bench/profile';
import { withPrinterOnPty } from './doctor.helpers';
import type { DoctorReport } from '../../src/doctor/types';

const fixture = (name: string) => join(__dirname, 'fixtures', `${name}.yaml`);
const row = (r: DoctorReport, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id} in ${r.checks.map((x) => x.id).join(', ')}`);
  return c;
};

for (const name of ['reference', 'reference-pty', 'reference-netprinter']) {
  test(`doctor --profile ${name} passes: every device answers through the bench's emulators`, async () => {
    const r = await runDoctor(name);
    assert.equal(r.ok, true, formatDoctorReport(r));
    for (const id of ['profile', 'bench', 'printer.answers', 'reader.answers', 'host.path', 'terminal.ecr']) assert.equal(row(r, id).status, 'pass', id);
    assert.match(row(r, 'terminal.ecr').detail, /firmware posbench-reference-terminal/);
    assert.match(row(r, 'host.path').detail, /answered 0810, 39 = 00/);
  });
}

test('doctor --print-test prints a test page the printer emulator decodes and cuts', async () => {
  const r = await runDoctor('reference', { printTest: true });
  assert.equal(row(r, 'printer.test-page').status, 'pass', formatDoctorReport(r));
  assert.match(row(r, 'printer.test-page').detail, /printed it and cut/);
});

test('a missing serial port fails on printer.link.path with the fix, and the checks behind it are skipped', async () => {
  const r = await runDoctor(fixture('missing-port'));
  assert.equal(r.ok, false);
  const port = row(r, 'printer.port');
  assert.equal(port.status, 'fail');
  assert.equal(port.key, 'printer.link.path');
  assert.match(port.fix!, /\/dev\/ttyPOSBENCH-not-plugged-in missing: is the adapter plugged in\? ls -l \/dev\/serial\/by-id/);
  assert.equal(row(r, 'printer.answers').status, 'skip');
  assert.match(formatDoctorReport(r), /likely fixes:\n {2}printer\.link\.path: \/dev\/ttyPOSBENCH-not-plugged-in missing/);
});

test('a printer at another baud rate than the profile says fails on printer.link with the baud fix', async () => {
  // The real printer listens at 9600; the doctor talks at the profile's 38400: the UART model garbles both ways.
  await withPrinterOnPty({ lineSettings: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, seed: 7 }, async (printer) => {
    printer.setFault({ kind: 'baud-mismatch', terminalBaud: 38400 });
    const r = await runDoctor(fixture('wrong-baud'), { answerTimeoutMs: 400 });
    assert.equal(row(r, 'printer.port').status, 'pass');
    assert.equal(row(r, 'printer.open').status, 'pass');
    const answers = row(r, 'printer.answers');
    assert.equal(answers.status, 'fail', formatDoctorReport(r));
    assert.equal(answers.key, 'printer.link');
    assert.match(answers.fix!, /printer\.link\.line\.baud \(38400\) match the printer's own rate/);

    // the same printer at the profile's rate answers
    printer.clearFault('baud-mismatch');
    const ok = await runDoctor(fixture('wrong-baud'), { answerTimeoutMs: 400 });
    assert.equal(row(ok, 'printer.answers').status, 'pass', formatDoctorReport(ok));
  });
});

test('a tapped printer: the doctor asks it directly, then through the bench and the tap as the terminal would', async () => {
  await withPrinterOnPty({ seed: 5 }, async (printer) => {
    const r = await runDoctor(fixture('tapped-printer'), { printTest: true });
    assert.equal(r.ok, true, formatDoctorReport(r));
    for (const id of ['printer.tap.port', 'printer.tap.answers', 'bench', 'printer.answers', 'printer.test-page', 'terminal.ecr']) assert.equal(row(r, id).status, 'pass', id);
    assert.match(row(r, 'printer.answers').detail, /ready/);
    assert.ok(printer.journal().some((e) => e.complete && e.receipt.text().includes('POSBENCH DOCTOR TEST PAGE')), 'the test page went through the tap to the real printer');
  });
});

test('an unreachable host fails on issuer.address with the fix; the echo behind it is skipped', async () => {
  const server = createServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  const port = (server.address() as { port: number }).port;
  await new Promise((res) => server.close(res)); // nothing listens there now
  process.env.DOCTOR_TEST_HOST = `127.0.0.1:${port}`;
  try {
    const r = await runDoctor(fixture('unreachable-host'));
    assert.equal(r.ok, false);
    const connect = row(r, 'host.connect');
    assert.equal(connect.status, 'fail');
    assert.equal(connect.key, 'issuer.address');
    assert.match(connect.detail, /connection refused/);
    assert.match(connect.fix!, new RegExp(`127\\.0\\.0\\.1:${port} unreachable: is the test host on .* is issuer\\.address its address`));
    assert.equal(row(r, 'host.echo').status, 'skip');
    assert.equal(row(r, 'host.path').status, 'skip');
    assert.equal(row(r, 'printer.answers').status, 'pass');
  } finally {
    delete process.env.DOCTOR_TEST_HOST;
  }
});

test('a bad profile is the one failing check, naming the file and the key', async () => {
  const r = await runDoctor(join(__dirname, 'fixtures', 'no-such.yaml'));
  assert.equal(r.ok, false);
  assert.equal(r.checks.length, 1);
  assert.match(r.checks[0]!.detail, /no such profile/);
});

test('every profile in hardware-profiles/ passes validate-profile and doctor --dry-run (nothing is opened)', async () => {
  assert.ok(listProfiles().includes('bench-operator'), 'the operator bench is among the examples');
  for (const name of listProfiles()) {
    const file = loadProfile(name).file;
    const v = spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/posbench.js'), 'validate-profile', file], { encoding: 'utf8' });
    assert.equal(v.status, 0, `${name}: ${v.stderr}`);
    const r = await runDoctor(name, { dryRun: true });
    assert.equal(r.ok, true, name);
    // A terminal without ECR (dut.run operator) is not asked STATUS: the doctor checks someone can answer its prompts.
    const terminal = loadProfile(name).dut.run === 'operator' ? 'terminal.operator' : 'terminal.ecr';
    assert.ok(r.planned && r.planned.some((p) => p.id === terminal), name);
    assert.equal(r.checks.length, 1, `${name}: a dry run runs only the profile check`);
  }
});

test('the CLI: --json for CI, exit 0 when every check passes and 1 when one fails', () => {
  const bin = join(PROJECT_ROOT, 'bin/posbench.js');
  const ok = spawnSync(process.execPath, [bin, 'doctor', '--profile', 'reference', '--json'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const report = JSON.parse(ok.stdout) as DoctorReport;
  assert.equal(report.ok, true);
  const bad = spawnSync(process.execPath, [bin, 'doctor', '--profile', fixture('missing-port')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /FAIL +printer +serial port exists +printer\.link\.path/);
});
