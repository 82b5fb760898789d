import { PosbenchError } from '../../util/errors';

/**
 * Reader errors. `code` is one of:
 * - CHIP_NO_ANSWER  the chip did not answer (fallback to swipe is allowed)
 * - CARD_REMOVED    the card was pulled out (before or during the request)
 * - NO_CARD         nothing presented
 * - NOT_SUPPORTED   e.g. Generate AC on a swiped card
 * - BAD_REQUEST     the reader could not parse the request
 * - BAD_RESPONSE    the terminal could not parse the reader's answer
 * - TIMEOUT         no answer within requestTimeoutMs
 * - LINK_FAILED     a frame was not acknowledged after the bounded retransmits
 * - CLOSED          the link / transport is closed
 */
export type ReaderErrorCode =
  | 'CHIP_NO_ANSWER'
  | 'CARD_REMOVED'
  | 'NO_CARD'
  | 'NOT_SUPPORTED'
  | 'BAD_REQUEST'
  | 'BAD_RESPONSE'
  | 'TIMEOUT'
  | 'LINK_FAILED'
  | 'CLOSED';

export const READER_ERROR_CODES: readonly ReaderErrorCode[] = [
  'CHIP_NO_ANSWER',
  'CARD_REMOVED',
  'NO_CARD',
  'NOT_SUPPORTED',
  'BAD_REQUEST',
  'BAD_RESPONSE',
  'TIMEOUT',
  'LINK_FAILED',
  'CLOSED',
];

export class ReaderError extends PosbenchError {
  declare readonly code: ReaderErrorCode;
  constructor(code: ReaderErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
