/**
 * Where the bench's temporary state goes (terminal state folders, PTY link folders). A
 * `posbench run` makes one root per run, `posbench-run-<pid>-XXXXXX` in the system temp
 * folder, hands it to its Cucumber child as `POSBENCH_TEMP_ROOT` (inherited by workers and
 * by terminal processes), and removes it when the child has gone — however the child
 * ended. A run that was itself SIGKILLed cannot do that: the next run sweeps every root
 * whose owning pid is no longer alive. Outside a run (unit tests, the API) the bench's
 * folders go straight into the system temp folder and are removed by their owners.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_ROOT_ENV = 'POSBENCH_TEMP_ROOT';
const RUN_ROOT = /^posbench-run-(\d+)-/;

/** A fresh folder `<root>/<prefix>XXXXXX` under the run's temp root (or the system temp folder). */
export function benchTempDir(prefix: string): string {
  const root = process.env[TEMP_ROOT_ENV] || tmpdir();
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

/** The temp root of one `posbench run`, named for its pid so a later run can tell whether its owner is alive. */
export function createRunTempRoot(pid = process.pid): string {
  return mkdtempSync(join(tmpdir(), `posbench-run-${pid}-`));
}

/** Whether a process with this pid exists (ours or another user's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, but someone else's
  }
}

/** Remove the run roots in `dir` whose owning pid is gone; returns the paths removed. */
export function sweepStaleRunRoots(dir = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = RUN_ROOT.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    const p = join(dir, name);
    rmSync(p, { recursive: true, force: true });
    removed.push(p);
  }
  return removed;
}
