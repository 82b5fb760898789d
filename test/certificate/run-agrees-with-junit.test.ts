/**
 * A real small run (two scenarios on the reference bench, one of them failing on purpose):
 * certification.json agrees with junit.xml scenario by scenario, lists the evidence files,
 * names the firmware the terminal reported, and the Allure results carry the environment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../../src/cli/commands/run';
import { manifestHash } from '../../src/certificate/build';
import type { Certificate } from '../../src/certificate/types';

const FEATURE = `@req:SYNC-01
Feature: Certificate agreement
  @req:RCPT-01
  Scenario: An approved sale prints one receipt
    Given the terminal is signed on
    And the issuer approves all transactions
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
    And 1 receipt is printed

  @req:DECL-01
  Scenario: A decline claimed to be an approval fails
    Given the terminal is signed on
    And the issuer declines transactions with response code "51"
    When a sale of 25.00 is paid with the card UNIONPAY_CHIP
    Then the transaction is approved
`;

/** testcase name → passed / failed / skipped, from junit.xml. */
function junitVerdicts(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[3] ?? '';
    out.set(m[1]!.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'), /<failure\b|<error\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed');
  }
  return out;
}

test('a real run: certification.json agrees with junit.xml scenario by scenario', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-cert-run-'));
  try {
    const feature = join(dir, 'agreement.feature');
    writeFileSync(feature, FEATURE);
    const reports = join(dir, 'reports');
    let out = '';
    const code = await runSuite({ profile: 'reference', parallel: 0, reportsDir: reports, featurePaths: [feature] }, { out: (s) => (out += s), err: (s) => (out += s) });
    assert.equal(code, 1, out);
    const cert = JSON.parse(readFileSync(join(reports, 'latest', 'certification.json'), 'utf8')) as Certificate;
    assert.equal(manifestHash(cert), cert.manifestSha256);
    const junit = junitVerdicts(readFileSync(join(reports, 'latest', 'junit.xml'), 'utf8'));
    assert.equal(junit.size, 2, [...junit.keys()].join(', '));

    const fromCert = new Map<string, string>();
    for (const r of cert.requirements) {
      for (const s of r.scenarios) fromCert.set(s.name, s.status === 'PASSED' ? 'passed' : s.status === 'SKIPPED' ? 'skipped' : 'failed');
    }
    assert.deepEqual([...fromCert].sort(), [...junit].sort(), 'the same scenarios with the same verdicts');
    assert.equal(junit.get('A decline claimed to be an approval fails'), 'failed');

    const verdict = (id: string) => cert.requirements.find((r) => r.id === id)!.verdict;
    assert.equal(verdict('RCPT-01'), 'pass');
    assert.equal(verdict('DECL-01'), 'fail');
    assert.equal(verdict('SYNC-01'), 'fail', 'the Feature tag covers both scenarios');
    assert.equal(verdict('REV-01'), 'not-covered');
    assert.equal(cert.result, 'fail');
    assert.equal(cert.firmware.name, 'posbench-reference-terminal');
    assert.deepEqual(cert.profile, { name: 'reference', dut: 'in-process' });
    for (const r of cert.requirements) {
      for (const s of r.scenarios) {
        assert.ok(s.evidence.some((e) => e.path.endsWith('.json')), `${s.name}: its evidence timeline is listed`);
        for (const e of s.evidence) assert.ok(existsSync(join(reports, cert.runId, e.path)), e.path);
      }
    }
    assert.ok(existsSync(join(reports, cert.runId, 'certification.html')));
    const env = readFileSync(join(reports, cert.runId, 'allure-results', 'environment.properties'), 'utf8');
    assert.match(env, /^firmware=posbench-reference-terminal /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
