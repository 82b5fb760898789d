/** paper-runs-out: the roll runs out after `afterLines` more printed lines (text, blank feeds, each graphic count one). */
import { z } from 'zod';
import { paperBack, type PrinterFaultDefinition } from './types';

const WHOLE = 'must be a whole number ≥ 0';
const schema = z.strictObject({ kind: z.literal('paper-runs-out'), afterLines: z.number({ error: WHOLE }).int({ error: WHOLE }).min(0, { error: WHOLE }) });

export const paperRunsOut: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'paper-runs-out',
  schema,
  describe: (f) => `paper runs out after ${f.afterLines} lines`,
  set(p, f) {
    if (f.afterLines <= 0) {
      p.paper.paperOutCause = 'paper-runs-out';
      p.paper.state.paper = 'out';
    } else p.paper.paperLinesLeft = f.afterLines;
  },
  clear: paperBack,
};
