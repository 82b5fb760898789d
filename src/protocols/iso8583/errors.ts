/**
 * Typed ISO 8583 errors. Both carry the field number (when one is involved), the byte offset
 * in the message body and a plain-language reason; UnpackError also keeps the raw body.
 */
import { PosbenchError } from '../../util/errors';

function where(field: number | undefined, offset: number | undefined): string {
  const parts: string[] = [];
  if (field !== undefined) parts.push(`field ${field}`);
  if (offset !== undefined) parts.push(`offset ${offset}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export class PackError extends PosbenchError {
  readonly field?: number;
  readonly offset?: number;
  readonly reason: string;

  constructor(reason: string, field?: number, offset?: number) {
    super('ISO8583_PACK', `cannot pack ISO 8583 message${where(field, offset)}: ${reason}`);
    this.reason = reason;
    if (field !== undefined) this.field = field;
    if (offset !== undefined) this.offset = offset;
  }
}

export class UnpackError extends PosbenchError {
  readonly field?: number;
  readonly offset: number;
  readonly reason: string;
  readonly raw: Buffer;

  constructor(reason: string, offset: number, raw: Buffer, field?: number) {
    super('ISO8583_UNPACK', `cannot unpack ISO 8583 message${where(field, offset)}: ${reason}`);
    this.reason = reason;
    this.offset = offset;
    this.raw = raw;
    if (field !== undefined) this.field = field;
  }
}

/** A spec file (or object) that does not describe a valid message format. */
export class SpecError extends PosbenchError {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly source?: string,
  ) {
    super('ISO8583_SPEC', `invalid ISO 8583 spec${source ? ` ${source}` : ''} at ${path || '(root)'}: ${reason}`);
  }
}
