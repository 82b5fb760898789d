/**
 * The certificate a run leaves behind (reports/<run>/certification.json): what firmware was
 * tested on which bench, each requirement of docs/requirements.yaml with its verdict, the
 * scenarios behind the verdict and their evidence files with sha256, and a manifest hash
 * over all of it.
 */
import type { FirmwareId } from '../protocols/ecr/contract';

export const CERTIFICATE_FORMAT = 'posbench-certificate/1';

/** pass: every scenario that carries it passed; fail: one failed; not-covered: none ran. */
export type RequirementVerdict = 'pass' | 'fail' | 'not-covered';

export interface CertifiedFile {
  /** Relative to the run directory, with forward slashes. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface CertifiedScenario {
  name: string;
  feature: string;
  uri: string;
  /** Cucumber's status from the message stream: PASSED, FAILED, SKIPPED, UNDEFINED … */
  status: string;
  /** The first line of the failure, when it failed. */
  failure?: string;
  evidence: CertifiedFile[];
}

export interface CertifiedRequirement {
  id: string;
  rule: string;
  source: string;
  verdict: RequirementVerdict;
  scenarios: CertifiedScenario[];
}

export interface Certificate {
  format: typeof CERTIFICATE_FORMAT;
  runId: string;
  generatedAt: string;
  startedAt: string;
  /** pass when no requirement failed and no scenario failed; fail otherwise. */
  result: 'pass' | 'fail';
  /** The firmware the terminal reported in ECR status ("unknown" when it did not say). */
  firmware: FirmwareId;
  /** Every distinct firmware id seen during the run, when more than one answered. */
  firmwareSeen: FirmwareId[];
  profile: { name: string; dut: string };
  posbench: { version: string; commit: string; dirty: boolean | 'unknown' };
  summary: {
    requirements: { total: number; pass: number; fail: number; notCovered: number };
    scenarios: { total: number; passed: number; failed: number; skipped: number };
  };
  requirements: CertifiedRequirement[];
  /** Scenarios that ran without naming a known requirement (posbench check refuses them). */
  unmapped: CertifiedScenario[];
  /** Run-level files the verdicts come from (message stream, junit.xml). */
  files: CertifiedFile[];
  /** sha256 of the canonical JSON of this object without this field (keys sorted). */
  manifestSha256: string;
}
