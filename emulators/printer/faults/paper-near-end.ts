/** paper-near-end: the near-end sensor is on — printing continues, DLE EOT 4 = 0x1E. */
import { z } from 'zod';
import type { PrinterFaultDefinition } from './types';

const schema = z.strictObject({ kind: z.literal('paper-near-end') });

export const paperNearEnd: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'paper-near-end',
  schema,
  describe: (f) => f.kind,
  set(p) {
    if (p.paper.state.paper !== 'out') p.paper.state.paper = 'near-end';
  },
  clear(p) {
    if (p.paper.state.paper === 'near-end') p.paper.state.paper = 'ok';
  },
};
