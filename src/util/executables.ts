/**
 * Finding optional system tools the way `command -v` does: a regular file with an execute
 * bit somewhere on PATH. A tool hidden by bind-mounting /dev/null over it, or a file without
 * the execute bit, counts as absent — spawning it would fail anyway.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The full path of `name` on PATH (or `name` itself when it is a path), or undefined. */
export function findExecutable(name: string, pathEnv: string | undefined = process.env.PATH): string | undefined {
  const candidates = isAbsolute(name) || name.includes('/') ? [name] : (pathEnv ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name));
  for (const c of candidates) if (isRunnable(c)) return c;
  return undefined;
}

function isRunnable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
