/**
 * cutter-jam: by default the cutter is jammed now (autocutter error, printing stops); with
 * `atNextCut` the next cut jams: that receipt is printed but not cut, then the error.
 */
import { z } from 'zod';
import type { PrinterFaultDefinition } from './types';

const schema = z.strictObject({ kind: z.literal('cutter-jam'), atNextCut: z.boolean().optional() });

export const cutterJam: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'cutter-jam',
  schema,
  describe: (f) => (f.atNextCut ? 'cutter jams at the next cut' : 'cutter jammed'),
  set(p, f) {
    if (f.atNextCut) p.paper.cutterJamArmed = true;
    else p.paper.state.cutterError = true;
  },
  clear(p) {
    p.paper.cutterJamArmed = false;
    p.paper.state.cutterError = false;
  },
};
