/** The certificate from a run directory: verdicts, evidence with sha256, firmware, manifest hash. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { buildCertificate, manifestHash, writeCertificate } from '../../src/certificate/build';
import type { Requirement } from '../../src/certificate/requirements';

const REQS: Requirement[] = [
  { id: 'REV-01', rule: 'reverse on timeout', source: 'docs/domain.md §1.6' },
  { id: 'RCPT-01', rule: 'a receipt for every approval', source: 'docs/domain.md §4' },
  { id: 'MASK-01', rule: 'PAN masked', source: 'docs/domain.md §4' },
];

/** A message stream with one finished scenario per entry (pickle ids are 8+ characters, as Cucumber's UUIDs). */
function messages(scenarios: { id: string; name: string; tags: string[]; status: string; message?: string }[]): string {
  const out: unknown[] = [{ gherkinDocument: { uri: 'features/x.feature', feature: { name: 'X' } } }];
  for (const s of scenarios) {
    out.push({ pickle: { id: s.id, name: s.name, uri: 'features/x.feature', tags: s.tags.map((name) => ({ name })) } });
    out.push({ testCase: { id: `tc-${s.id}`, pickleId: s.id } });
    out.push({ testCaseStarted: { id: `st-${s.id}`, testCaseId: `tc-${s.id}` } });
    out.push({ testStepFinished: { testCaseStartedId: `st-${s.id}`, testStepResult: { status: 'PASSED', duration: { seconds: 0, nanos: 1e6 } } } });
    out.push({ testStepFinished: { testCaseStartedId: `st-${s.id}`, testStepResult: { status: s.status, ...(s.message ? { message: s.message } : {}) } } });
    out.push({ testCaseFinished: { testCaseStartedId: `st-${s.id}` } });
  }
  return out.map((e) => JSON.stringify(e)).join('\n') + '\n';
}

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-cert-'));
  mkdirSync(join(dir, 'evidence'));
  mkdirSync(join(dir, 'allure-results'));
  writeFileSync(
    join(dir, 'cucumber-messages.ndjson'),
    messages([
      { id: 'aaaaaaaa-1', name: 'times out and reverses', tags: ['@network', '@req:REV-01'], status: 'PASSED' },
      { id: 'bbbbbbbb-2', name: 'prints one receipt', tags: ['@req:RCPT-01', '@req:REV-01'], status: 'FAILED', message: 'AssertionError: 0 receipts\nstack' },
      { id: 'cccccccc-3', name: 'untagged', tags: ['@req:NOPE-01'], status: 'PASSED' },
    ]),
  );
  const status = { seq: 3, kind: 'ecr.response', source: 'ecr', summary: 'status', data: { display: 'IDLE', firmware: { name: 'acme-pos', version: '4.2.1' } } };
  writeFileSync(join(dir, 'evidence', 'x--times-out-and-reverses-aaaaaaaa.json'), JSON.stringify([{ seq: 1, kind: 'bench.start' }, status]));
  writeFileSync(join(dir, 'evidence', 'x--times-out-and-reverses-aaaaaaaa.jsonl'), JSON.stringify(status) + '\n');
  writeFileSync(join(dir, 'evidence', 'x--prints-one-receipt-bbbbbbbb.json'), '[]');
  return dir;
}

test('verdicts: pass when every scenario carrying it passed, fail when one failed, not-covered when none ran', () => {
  const dir = runDir();
  try {
    const c = buildCertificate({ runDir: dir, runId: 'r1', startedAt: '2026-12-01T00:00:00Z', profile: { name: 'lab', dut: { run: 'external' } }, requirements: REQS });
    const verdict = Object.fromEntries(c.requirements.map((r) => [r.id, r.verdict]));
    assert.deepEqual(verdict, { 'REV-01': 'fail', 'RCPT-01': 'fail', 'MASK-01': 'not-covered' });
    assert.deepEqual(c.summary.requirements, { total: 3, pass: 0, fail: 2, notCovered: 1 });
    assert.deepEqual(c.summary.scenarios, { total: 3, passed: 2, failed: 1, skipped: 0 });
    assert.equal(c.result, 'fail');
    const rev = c.requirements.find((r) => r.id === 'REV-01')!;
    assert.deepEqual(rev.scenarios.map((s) => [s.name, s.status]), [['times out and reverses', 'PASSED'], ['prints one receipt', 'FAILED']]);
    assert.equal(rev.scenarios[1]!.failure, 'AssertionError: 0 receipts');
    assert.deepEqual(c.unmapped.map((s) => s.name), ['untagged']);
    assert.deepEqual(c.profile, { name: 'lab', dut: 'external' });
    assert.deepEqual(c.firmware, { name: 'acme-pos', version: '4.2.1' }, 'the firmware id from the status answer on the timeline');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every evidence file of a scenario is listed with its sha256, and the run files the verdicts come from too', () => {
  const dir = runDir();
  try {
    const c = buildCertificate({ runDir: dir, runId: 'r1', startedAt: 't', profile: { name: 'lab', dut: { run: 'in-process' } }, requirements: REQS });
    const ev = c.requirements.find((r) => r.id === 'REV-01')!.scenarios[0]!.evidence;
    assert.deepEqual(ev.map((e) => e.path), ['evidence/x--times-out-and-reverses-aaaaaaaa.json', 'evidence/x--times-out-and-reverses-aaaaaaaa.jsonl']);
    for (const e of [...ev, ...c.files]) assert.equal(e.sha256, createHash('sha256').update(readFileSync(join(dir, e.path))).digest('hex'), e.path);
    assert.deepEqual(c.files.map((f) => f.path), ['cucumber-messages.ndjson']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the manifest hash covers everything: any change to the certificate changes it', () => {
  const dir = runDir();
  try {
    const c = buildCertificate({ runDir: dir, runId: 'r1', startedAt: 't', profile: { name: 'lab', dut: { run: 'in-process' } }, requirements: REQS });
    assert.match(c.manifestSha256, /^[0-9a-f]{64}$/);
    assert.equal(manifestHash(c), c.manifestSha256);
    const tampered = structuredClone(c);
    tampered.requirements[0]!.verdict = 'pass';
    assert.notEqual(manifestHash(tampered), c.manifestSha256);
    const reordered = JSON.parse(JSON.stringify({ ...c, runId: c.runId })) as typeof c;
    assert.equal(manifestHash(reordered), c.manifestSha256, 'key order does not matter: canonical JSON');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writeCertificate writes certification.json, certification.html and Allure environment.properties; without a status answer the firmware is unknown', () => {
  const dir = runDir();
  try {
    rmSync(join(dir, 'evidence'), { recursive: true });
    const w = writeCertificate({ runDir: dir, runId: 'r1', startedAt: 't', profile: { name: 'lab', dut: { run: 'process' } }, requirements: REQS });
    assert.equal(w.error, undefined);
    const json = JSON.parse(readFileSync(w.json, 'utf8'));
    assert.deepEqual(json.firmware, { name: 'unknown', version: 'unknown' });
    assert.equal(manifestHash(json), json.manifestSha256, 'the file on disk verifies');
    const html = readFileSync(w.html, 'utf8');
    assert.match(html, /<h3><span class="badge fail">fail<\/span> REV-01<\/h3>/);
    assert.match(html, /<span class="badge nc">not-covered<\/span> MASK-01/);
    assert.ok(html.includes(json.manifestSha256));
    const env = readFileSync(join(dir, 'allure-results', 'environment.properties'), 'utf8');
    assert.match(env, /^firmware=unknown unknown$/m);
    assert.match(env, /^profile=lab$/m);
    assert.match(env, /^dut=process$/m);
    assert.match(env, /^posbench\.commit=[0-9a-f]{40}|^posbench\.commit=unknown/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run directory the certificate cannot be built from is reported, not thrown', () => {
  const w = writeCertificate({ runDir: join(tmpdir(), 'posbench-no-such-run-dir'), runId: 'r', startedAt: 't', profile: { name: 'x', dut: { run: 'in-process' } }, requirements: REQS });
  assert.ok(w.error, 'an error message');
});
