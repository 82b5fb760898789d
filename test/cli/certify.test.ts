/** `posbench certify`: the profile copy that seeds defects, and the summary it prints. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCertificateSummary } from '../../src/cli/commands/certify';
import { parseDefectOption, profileWithDefects } from '../../src/cli/terminal-defects';
import { InvalidArgumentError } from 'commander';
import { loadProfile } from '../../src/bench/profile';
import type { Certificate } from '../../src/certificate/types';

test('--terminal-defect runs a copy of the profile with the terminal setting defects set', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-certify-test-'));
  try {
    const file = profileWithDefects('reference', 'no-paper-check,no-reversal-on-timeout', dir);
    const p = loadProfile(file);
    assert.equal(p.name, 'reference');
    assert.equal(p.dut.settings.defects, 'no-paper-check,no-reversal-on-timeout');
    assert.equal(p.dut.settings.host_timeout_ms, loadProfile('reference').dut.settings.host_timeout_ms, 'the rest of the profile is kept');
    assert.throws(() => profileWithDefects('reference', 'no-such-defect', dir), /dut\.settings\.defects.*unknown defect "no-such-defect"/s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--terminal-defect (run and certify) takes known names, normalised, and refuses an unknown one naming the known ones', () => {
  assert.equal(parseDefectOption(' no-paper-check ,void-oldest-sale,no-paper-check'), 'no-paper-check,void-oldest-sale');
  assert.throws(() => parseDefectOption('void-oldest-sale,void-newest-sale'), (e: unknown) => e instanceof InvalidArgumentError && /unknown defect "void-newest-sale" \(known: .*void-oldest-sale/.test(e.message));
  assert.throws(() => parseDefectOption(' , '), (e: unknown) => e instanceof InvalidArgumentError && /at least one defect/.test(e.message));
});

test('the summary names the counts, each failed requirement with its failed scenarios, and the certificate', () => {
  const cert = {
    result: 'fail',
    firmware: { name: 'acme', version: '1.0' },
    firmwareSeen: [],
    profile: { name: 'lab', dut: 'external' },
    manifestSha256: 'ab'.repeat(32),
    summary: { requirements: { total: 3, pass: 1, fail: 1, notCovered: 1 }, scenarios: { total: 2, passed: 1, failed: 1, skipped: 0 } },
    requirements: [
      { id: 'REV-01', rule: 'reverse on timeout', verdict: 'fail', scenarios: [{ name: 'times out', uri: 'features/a.feature', status: 'FAILED', failure: 'no 0400', evidence: [] }] },
    ],
  } as unknown as Certificate;
  const s = formatCertificateSummary(cert, 'reports/r/certification.json');
  assert.match(s, /^certificate: FAIL — firmware acme 1\.0 on profile lab \(external\)$/m);
  assert.match(s, /^requirements: 1 passed, 1 failed, 1 not covered \(of 3\)$/m);
  assert.match(s, /FAILED REV-01: reverse on timeout\n\s+features\/a\.feature: times out — no 0400/);
  assert.match(s, /certificate: reports\/r\/certification\.json/);
});
