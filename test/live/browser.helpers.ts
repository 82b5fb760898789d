/**
 * Which Chromium the page test drives: POSBENCH_BROWSER when set, else Debian's chromium
 * (/usr/lib/chromium/chromium is the binary its /usr/bin/chromium wrapper starts), else the
 * one playwright downloaded, if any. Never downloads one. `reason` says why there is none.
 */
import { accessSync, constants, statSync } from 'node:fs';

/** A file that can be run (a hidden one — /dev/null bound over it, an empty folder — cannot). */
function runnable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

export function findBrowser(): { path: string } | { reason: string } {
  const env = process.env['POSBENCH_BROWSER'];
  if (env) return runnable(env) ? { path: env } : { reason: `POSBENCH_BROWSER=${env} is not an executable file` };
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium']) if (runnable(p)) return { path: p };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const own = (require('playwright-core') as typeof import('playwright-core')).chromium.executablePath();
    if (own && runnable(own)) return { path: own };
  } catch {
    // playwright-core knows no browser of its own here
  }
  return { reason: 'no Chromium: set POSBENCH_BROWSER, or install Debian\'s chromium (apt-get install -y chromium)' };
}

/** Flags for a headless Chromium in CI (no sandbox as root, nothing fetched from the network). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
