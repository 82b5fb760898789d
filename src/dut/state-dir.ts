/** A fresh state directory per DUT (journal, counters), removed when the DUT stops. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class StateDir {
  readonly path = mkdtempSync(join(tmpdir(), 'posbench-terminal-'));

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
