/** cover-open: nothing prints while it is open (the data is lost), DLE EOT 2 bit 2. */
import { z } from 'zod';
import type { PrinterFaultDefinition } from './types';

const schema = z.strictObject({ kind: z.literal('cover-open') });

export const coverOpen: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'cover-open',
  schema,
  describe: (f) => f.kind,
  set(p) {
    p.paper.state.coverOpen = true;
  },
  clear(p) {
    p.paper.state.coverOpen = false;
  },
};
