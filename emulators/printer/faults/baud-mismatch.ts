/** baud-mismatch: the terminal sends at `terminalBaud` while the printer listens at its own rate; bytes are garbled both ways (uart.ts). */
import { z } from 'zod';
import type { PrinterFaultDefinition } from './types';

const BAUD = 'must be a positive baud rate';
const schema = z.strictObject({ kind: z.literal('baud-mismatch'), terminalBaud: z.number({ error: BAUD }).int({ error: BAUD }).gt(0, { error: BAUD }) });

export const baudMismatch: PrinterFaultDefinition<z.infer<typeof schema>, typeof schema> = {
  kind: 'baud-mismatch',
  schema,
  describe: (f) => `terminal at ${f.terminalBaud} baud`,
  set(p, f) {
    p.setTerminalBaud(f.terminalBaud);
  },
  clear(p) {
    p.setTerminalBaud(null);
  },
};
