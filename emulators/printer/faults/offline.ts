/**
 * offline: powered off / unplugged — every byte is dropped, nothing is answered, not even
 * DLE EOT; the receipt in progress is cut short. Back online the decoder starts clean.
 */
import { z } from 'zod';
import type { PrinterFaultDefinition } from './types';

const schema = z.strictObject({ kind: z.literal('offline') });

export const offline: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'offline',
  schema,
  describe: (f) => f.kind,
  set(p) {
    p.paper.offline = true;
    p.cutShort('offline');
  },
  clear(p) {
    if (!p.paper.offline) return;
    p.paper.offline = false;
    p.restartDecoder();
  },
};
