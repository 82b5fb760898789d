/** no-paper: the roll is empty — nothing prints, DLE EOT 4 = 0x72. */
import { z } from 'zod';
import { paperBack, type PrinterFaultDefinition } from './types';

const schema = z.strictObject({ kind: z.literal('no-paper') });

export const noPaper: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'no-paper',
  schema,
  describe: (f) => f.kind,
  set(p) {
    p.paper.paperLinesLeft = null;
    p.paper.paperOutCause = 'no-paper';
    p.paper.state.paper = 'out';
  },
  clear: paperBack,
};
