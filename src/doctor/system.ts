/**
 * The optional system parts a bench may use, found on PATH (or at their Debian path). They
 * are optional: a missing one is a skip that says what it is for and how to get it, never a
 * failure.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PlannedCheck } from './types';

interface SystemPart {
  id: string;
  name: string;
  programs: string[];
  /** Absolute paths tried too (Debian puts some outside a user's PATH). */
  paths?: string[];
  usedFor: string;
  install: string;
}

const PARTS: SystemPart[] = [
  { id: 'socat', name: 'socat', programs: ['socat'], usedFor: 'PTY null-modem pairs (reference-pty, @pty scenarios); without it the npm PTY bridge stands in', install: 'apt-get install socat' },
  { id: 'java', name: 'Java', programs: ['java'], usedFor: 'third-party tools on a bench (a jPOS test host, the Allure 2 CLI); posbench itself does not need it', install: 'apt-get install default-jre-headless' },
  { id: 'browser', name: 'browser', programs: ['chromium', 'chromium-browser'], paths: ['/usr/bin/chromium'], usedFor: 'headless tests of the live bench page', install: 'apt-get install chromium' },
  { id: 'pcscd', name: 'pcscd', programs: ['pcscd'], paths: ['/usr/sbin/pcscd'], usedFor: 'PC/SC smart-card readers on a bench', install: 'apt-get install pcscd' },
];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where a program is: the first match on PATH, then the extra paths. */
export function findProgram(programs: string[], extra: string[] = [], pathVar = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVar.split(delimiter).filter(Boolean)) {
    for (const p of programs) if (executable(join(dir, p))) return join(dir, p);
  }
  return extra.find((p) => existsSync(p) && executable(p));
}

export function systemChecks(): PlannedCheck[] {
  return PARTS.map((part) => ({
    id: `system.${part.id}`,
    part: 'system',
    name: `${part.name} present (optional)`,
    key: '',
    how: `look for ${part.programs.join(' or ')} on PATH${part.paths ? ` or at ${part.paths.join(', ')}` : ''}`,
    run: async () => {
      const at = findProgram(part.programs, part.paths);
      return at ? { status: 'pass', detail: `${at} — for ${part.usedFor}` } : { status: 'skip', detail: `not installed (optional: ${part.usedFor}; ${part.install})` };
    },
  }));
}
