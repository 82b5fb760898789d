/** slow: printing at `mmPerSec`, bytes paced at the link's baud rate (see pacing.ts). Clearing it prints what was waiting at once. */
import { z } from 'zod';
import type { PrinterFaultDefinition } from './types';

const POSITIVE = 'must be > 0';
const schema = z.strictObject({ kind: z.literal('slow'), mmPerSec: z.number({ error: POSITIVE }).gt(0, { error: POSITIVE }) });

export const slow: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'slow',
  schema,
  describe: (f) => `slow printing at ${f.mmPerSec} mm/s`,
  set(p, f) {
    p.pacer.start(f.mmPerSec);
  },
  clear(p) {
    p.pacer.stop();
  },
};
