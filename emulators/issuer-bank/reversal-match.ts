/**
 * Does a reversal (0400) describe the transaction it claims to undo? A host finds the
 * original by terminal + batch + STAN (docs/domain.md §1.6) and then checks what the 0400
 * repeats of it: the amount (field 4), the processing code (field 3), the original data
 * elements — field 90 (original MTI and STAN, ISO 8583:1987, the ascii87 spec) or CUP's
 * field 61 (a void's original batch and trace, docs/domain.md §1.4, the cup spec). A
 * reversal that differs is refused, not booked at the original's amount: the terminal's
 * record and the host's would disagree about what was undone.
 */
import type { IsoMessage } from '../../src/protocols/iso8583/types';
import type { Txn } from './host-state';
import { str } from './request-fields';

/** One field of a reversal that does not repeat the original. */
export interface ReversalMismatch {
  field: string;
  /** What the reversal says. */
  sent: string;
  /** What the original said. */
  original: string;
}

/** The response a host gives a reversal that does not match its original: 13 invalid amount, else 12 invalid transaction (docs/domain.md §1.5). */
export function mismatchCode(m: readonly ReversalMismatch[]): string {
  return m.some((x) => x.field === '4') ? '13' : '12';
}

export function reversalMismatches(orig: Txn, req: IsoMessage): ReversalMismatch[] {
  const out: ReversalMismatch[] = [];
  const f4 = str(req.fields[4]);
  if (f4 !== '' && Number(f4) !== orig.amountMinor) out.push({ field: '4', sent: String(Number(f4)), original: String(orig.amountMinor) });
  const request = orig.request;
  if (!request) return out;
  const f3 = str(req.fields[3]);
  if (f3 !== '' && request.processingCode !== '' && f3 !== request.processingCode) out.push({ field: '3', sent: f3, original: request.processingCode });
  const f90 = str(req.fields[90]);
  if (f90 !== '') {
    const said = `${f90.slice(0, 4)}/${f90.slice(4, 10)}`;
    const was = `${request.mti}/${orig.stan}`;
    if (said !== was) out.push({ field: '90', sent: said, original: was });
  }
  const f61 = str(req.fields[61]);
  if (f61 !== '' && request.originalData !== undefined && f61.slice(0, 12) !== request.originalData.slice(0, 12)) {
    out.push({ field: '61', sent: f61.slice(0, 12), original: request.originalData.slice(0, 12) });
  }
  return out;
}

export function describeMismatches(m: readonly ReversalMismatch[]): string {
  return m.map((x) => `field ${x.field} says ${x.sent}, the original ${x.original}`).join('; ');
}
