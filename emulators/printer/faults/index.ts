/**
 * Every printer fault type, in one place (a plain object: nothing registers itself on
 * import). A fault is a plain object `{kind, …attributes}`, switchable at any moment
 * (setFault / clearFault); its type is inferred from the schemas below.
 */
import { z } from 'zod';
import { PrinterFaultError } from '../types';
import type { PrinterFaultDefinition } from './types';
import { noPaper } from './no-paper';
import { paperRunsOut } from './paper-runs-out';
import { paperNearEnd } from './paper-near-end';
import { coverOpen } from './cover-open';
import { offline } from './offline';
import { cutterJam } from './cutter-jam';
import { slow } from './slow';
import { baudMismatch } from './baud-mismatch';

export const printerFaultSchema = z.discriminatedUnion('kind', [
  noPaper.schema,
  paperRunsOut.schema,
  paperNearEnd.schema,
  coverOpen.schema,
  offline.schema,
  cutterJam.schema,
  slow.schema,
  baudMismatch.schema,
]);

export type PrinterFault = z.infer<typeof printerFaultSchema>;
export type PrinterFaultKind = PrinterFault['kind'];

export const PRINTER_FAULTS: { readonly [K in PrinterFaultKind]: PrinterFaultDefinition<Extract<PrinterFault, { kind: K }>> } = {
  'no-paper': noPaper,
  'paper-runs-out': paperRunsOut,
  'paper-near-end': paperNearEnd,
  'cover-open': coverOpen,
  offline,
  'cutter-jam': cutterJam,
  slow,
  'baud-mismatch': baudMismatch,
};

export const PRINTER_FAULT_KINDS = Object.keys(PRINTER_FAULTS) as readonly PrinterFaultKind[];

/** The definition of a fault's kind (typed for the fault itself). */
export function printerFaultType<F extends PrinterFault>(f: F): PrinterFaultDefinition<F> {
  return PRINTER_FAULTS[f.kind] as unknown as PrinterFaultDefinition<F>;
}

export function describeFault(f: PrinterFault): string {
  return printerFaultType(f).describe(f);
}

/** Validate a fault; a bad one throws PrinterFaultError naming the attribute. */
export function parsePrinterFault(input: unknown): PrinterFault {
  const r = printerFaultSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'kind';
  let value: unknown = input;
  for (const k of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  throw new PrinterFaultError(field, `${issue.message}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

export type { PrinterFaultDefinition, PrinterMechanics } from './types';
