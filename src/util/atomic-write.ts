/**
 * Files that are valid at every instant: written to a temporary name in the same folder,
 * flushed to disk, then renamed over the real name (rename(2) within one file system is
 * atomic). A reader — or a run killed at any point — sees the old file or the new one,
 * never a torn or empty one. `replaceSymlink` does the same for a symbolic link.
 */
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pidAlive } from './temp-root';

let serial = 0;
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** A name beside `file` that no other writer (process or call) uses. */
function tempBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${++serial}.tmp`);
}

/** fsync a folder so a rename in it survives a power cut; some file systems refuse, which is harmless. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // not every file system lets a directory be synced
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Write `file` so that it is, at every instant, either its old content or all of `data`. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempBeside(file);
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dirname(file));
}

/**
 * Point the symbolic link `link` at `target` (a path relative to the link's folder, or
 * absolute) in one step: a new link under a temporary name, renamed over the old one. When
 * `link` is a real folder (from before links were used), it is moved aside first and
 * removed after, so only that one-time migration has an instant without `link`.
 */
export function replaceSymlink(target: string, link: string): void {
  const tmp = tempBeside(link);
  symlinkSync(target, tmp);
  let aside: string | undefined;
  try {
    if (isRealDir(link)) {
      aside = tempBeside(link);
      renameSync(link, aside);
    }
    renameSync(tmp, link);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dirname(link));
  if (aside) rmSync(aside, { recursive: true, force: true });
}

function isRealDir(p: string): boolean {
  try {
    const s = lstatSync(p);
    return s.isDirectory() && !s.isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Remove the temporary names a writer killed between write and rename left in `dir`
 * (only those of processes that are gone); returns the names removed.
 */
export function removeAbandonedTemps(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const gone = names.filter((n) => {
    const m = TEMP_NAME.exec(n);
    return m !== null && !pidAlive(Number(m[1]));
  });
  for (const n of gone) rmSync(join(dir, n), { recursive: true, force: true });
  return gone;
}
