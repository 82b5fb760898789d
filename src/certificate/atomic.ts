/** Write to a temporary name beside the target, then rename: a reader never sees half a file. */
import { renameSync, writeFileSync } from 'node:fs';

export function writeAtomically(file: string, body: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, body);
  renameSync(tmp, file);
}
