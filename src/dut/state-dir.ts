/**
 * A fresh state directory per DUT (journal, counters), removed when the DUT stops. Inside a
 * `posbench run` it sits under the run's temp root (src/util/temp-root.ts), so it goes even
 * when the run is cut short before the DUT is stopped.
 */
import { rmSync } from 'node:fs';
import { benchTempDir } from '../util/temp-root';

export class StateDir {
  readonly path = benchTempDir('posbench-terminal-');

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
