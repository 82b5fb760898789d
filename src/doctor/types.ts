/**
 * What `posbench doctor` reports: one row per check, each about one part of the bench and,
 * where it can be, one key of the profile, with the likely fix for a failure.
 */
import type { Bench } from '../bench/bench';
import type { HardwareProfile } from '../bench/profile';

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** The parts of a bench a check is about. */
export type DoctorPart = 'profile' | 'system' | 'bench' | 'printer' | 'reader' | 'host' | 'terminal';

export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  /** For a failure: what the technician most likely has to do. */
  fix?: string;
}

export interface DoctorCheck extends CheckOutcome {
  id: string;
  part: DoctorPart;
  /** What is checked, e.g. "answers DLE EOT". */
  name: string;
  /** The profile key the check is about ('' when none, e.g. a system tool). */
  key: string;
}

export interface DoctorOptions {
  /** Print a test page on the printer. */
  printTest?: boolean;
  /** How long a device may take to answer (default 1500 ms). */
  answerTimeoutMs?: number;
  /** How long a TCP connect may take (default 3000 ms). */
  connectTimeoutMs?: number;
  /** How long the host may take to answer the echo (default 5000 ms). */
  hostTimeoutMs?: number;
}

/** What the checks share while the doctor runs. */
export interface DoctorContext {
  profile: HardwareProfile;
  options: Required<DoctorOptions>;
  /** The bench's emulators and links, without a device under test (the doctor sits in the terminal's seat). */
  bench?: Bench;
}

/** One check the doctor will run: listed by `--dry-run`, run otherwise. */
export interface PlannedCheck {
  id: string;
  part: DoctorPart;
  name: string;
  key: string;
  /** How it is checked, in one line (what --dry-run shows). */
  how: string;
  /** Checks that must pass first; when one did not, this one is skipped, naming it. */
  after?: string[];
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}

export interface DoctorReport {
  profile: string;
  file: string;
  dryRun: boolean;
  ok: boolean;
  checks: DoctorCheck[];
  /** --dry-run: what would be checked. */
  planned?: Array<Omit<PlannedCheck, 'run' | 'after'>>;
}
