/**
 * Build and write a run's certificate: verdicts from Cucumber's message stream (the same
 * reading the JUnit rebuild uses, src/report/cucumber-messages.ts), requirements from
 * docs/requirements.yaml, evidence from reports/<run>/evidence/, the firmware id from the
 * terminal's ECR status answers on the evidence timelines.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FirmwareId } from '../protocols/ecr/contract';
import { scenarioResultsFile, type ScenarioResult } from '../report/cucumber-messages';
import { PROJECT_ROOT } from '../util/project-root';
import { loadRequirements, requirementTags, type Requirement } from './requirements';
import { renderCertificateHtml } from './html';
import { writeAllureEnvironment } from './allure';
import { writeFileAtomic } from '../util/atomic-write';
import { CERTIFICATE_FORMAT, type Certificate, type CertifiedFile, type CertifiedRequirement, type CertifiedScenario, type RequirementVerdict } from './types';

export interface CertificateInput {
  runDir: string;
  runId: string;
  startedAt: string;
  profile: { name: string; dut: { run: string } };
  /** Defaults to the project's catalogue. */
  requirements?: Requirement[];
  /** Where git is asked for the commit (the project root). */
  root?: string;
}

export const UNKNOWN_FIRMWARE: FirmwareId = { name: 'unknown', version: 'unknown' };

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function fileEntry(runDir: string, rel: string): CertifiedFile {
  const body = readFileSync(join(runDir, rel));
  return { path: rel, sha256: sha256(body), bytes: body.length };
}

/** JSON with every object's keys sorted: the form the manifest hash is taken over. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The manifest hash of a certificate: sha256 of its canonical JSON without `manifestSha256`. */
export function manifestHash(cert: Omit<Certificate, 'manifestSha256'> & { manifestSha256?: string }): string {
  const { manifestSha256: _ignored, ...rest } = cert;
  return sha256(canonicalJson(rest));
}

function git(root: string, args: string[]): string | undefined {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function posbenchBuild(root: string): Certificate['posbench'] {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const commit = git(root, ['rev-parse', 'HEAD']);
  const status = commit ? git(root, ['status', '--porcelain', '--untracked-files=no']) : undefined;
  return { version, commit: commit ?? 'unknown', dirty: status === undefined ? 'unknown' : status.length > 0 };
}

/** Evidence files of a scenario: the hooks name them …-<first 8 characters of the pickle id>.json(l). */
function evidenceOf(runDir: string, files: readonly string[], pickleId: string): CertifiedFile[] {
  const tail = `-${pickleId.slice(0, 8)}.`;
  return files.filter((f) => f.includes(tail)).map((f) => fileEntry(runDir, `evidence/${f}`));
}

/** Firmware ids in the terminal's status answers on a timeline file (JSON array or JSON lines). */
function firmwareIn(text: string): FirmwareId[] {
  const events: { kind?: string; data?: { firmware?: FirmwareId } }[] = [];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (Array.isArray(parsed)) events.push(...parsed);
  } catch {
    for (const line of text.split('\n')) {
      try {
        if (line.trim()) events.push(JSON.parse(line));
      } catch {
        // a torn last line of an interrupted run
      }
    }
  }
  // A terminal keyed in by an operator (no ECR) is named by its dut.model, version unknown (src/bench/operator-driver.ts).
  return events.filter((e) => (e.kind === 'ecr.response' || e.kind === 'operator.status') && e.data?.firmware && typeof e.data.firmware.name === 'string').map((e) => ({ name: e.data!.firmware!.name, version: String(e.data!.firmware!.version) }));
}

function verdictOf(scenarios: readonly CertifiedScenario[]): RequirementVerdict {
  const ran = scenarios.filter((s) => s.status !== 'SKIPPED');
  if (ran.length === 0) return 'not-covered';
  return ran.every((s) => s.status === 'PASSED') ? 'pass' : 'fail';
}

export function buildCertificate(input: CertificateInput): Certificate {
  const { runDir } = input;
  const root = input.root ?? PROJECT_ROOT;
  const requirements = input.requirements ?? loadRequirements(root);
  const messages = join(runDir, 'cucumber-messages.ndjson');
  const results: ScenarioResult[] = existsSync(messages) ? scenarioResultsFile(messages) : [];
  const evidenceDir = join(runDir, 'evidence');
  const evidenceFiles = existsSync(evidenceDir) ? readdirSync(evidenceDir).sort() : [];

  const firmwareSeen: FirmwareId[] = [];
  const scenarios = results.map((r) => {
    const evidence = evidenceOf(runDir, evidenceFiles, r.pickleId);
    for (const f of evidence.filter((e) => e.path.endsWith('.json'))) {
      for (const id of firmwareIn(readFileSync(join(runDir, f.path), 'utf8'))) {
        if (!firmwareSeen.some((x) => x.name === id.name && x.version === id.version)) firmwareSeen.push(id);
      }
    }
    const s: CertifiedScenario = { name: r.name, feature: r.feature, uri: r.uri, status: r.status, evidence };
    if (r.status !== 'PASSED' && r.status !== 'SKIPPED') s.failure = (r.message ?? r.status).split('\n')[0]!;
    return { result: r, scenario: s, ids: requirementTags(r.tags) };
  });

  const known = new Set(requirements.map((r) => r.id));
  const certified: CertifiedRequirement[] = requirements.map((req) => {
    const mine = scenarios.filter((s) => s.ids.includes(req.id)).map((s) => s.scenario);
    return { id: req.id, rule: req.rule, source: req.source, verdict: verdictOf(mine), scenarios: mine };
  });
  const unmapped = scenarios.filter((s) => !s.ids.some((id) => known.has(id))).map((s) => s.scenario);
  const count = (v: RequirementVerdict) => certified.filter((r) => r.verdict === v).length;
  const passed = results.filter((r) => r.status === 'PASSED').length;
  const skipped = results.filter((r) => r.status === 'SKIPPED').length;
  const failedScenarios = results.length - passed - skipped;

  const cert: Omit<Certificate, 'manifestSha256'> = {
    format: CERTIFICATE_FORMAT,
    runId: input.runId,
    generatedAt: new Date().toISOString(),
    startedAt: input.startedAt,
    result: count('fail') === 0 && failedScenarios === 0 ? 'pass' : 'fail',
    firmware: firmwareSeen[0] ?? UNKNOWN_FIRMWARE,
    firmwareSeen: firmwareSeen.length > 1 ? firmwareSeen : [],
    profile: { name: input.profile.name, dut: input.profile.dut.run },
    posbench: posbenchBuild(root),
    summary: {
      requirements: { total: certified.length, pass: count('pass'), fail: count('fail'), notCovered: count('not-covered') },
      scenarios: { total: results.length, passed, failed: failedScenarios, skipped },
    },
    requirements: certified,
    unmapped,
    files: ['cucumber-messages.ndjson', 'junit.xml'].filter((f) => existsSync(join(runDir, f))).map((f) => fileEntry(runDir, f)),
  };
  return { ...cert, manifestSha256: manifestHash(cert) };
}

export interface WrittenCertificate {
  certificate?: Certificate;
  json: string;
  html: string;
  /** Why no certificate was written, when it could not be. */
  error?: string;
}

/**
 * Build the certificate and write certification.json and certification.html into the run
 * directory, and its facts into allure-results/environment.properties (call it before the
 * Allure report is generated). Never throws: a run's other reports must not be lost to a
 * certificate problem.
 */
export function writeCertificate(input: CertificateInput): WrittenCertificate {
  const json = join(input.runDir, 'certification.json');
  const html = join(input.runDir, 'certification.html');
  try {
    const certificate = buildCertificate(input);
    writeFileAtomic(json, JSON.stringify(certificate, null, 2) + '\n');
    writeFileAtomic(html, renderCertificateHtml(certificate));
    writeAllureEnvironment(input.runDir, certificate);
    return { certificate, json, html };
  } catch (e) {
    return { json, html, error: (e as Error).message };
  }
}
