export { STX, ETX, ACK, NAK, MAX_PAYLOAD, lrc, encodeFrame, ReaderFrameDecoder, type ReaderUnit } from './frame';
export { ReaderLink, type ReaderLinkOptions, type ReaderLinkDiag } from './link';
export { ReaderError, READER_ERROR_CODES, type ReaderErrorCode } from './errors';
export * from './messages';
export { ReaderClient, type CardEvent, type CardRead, type GenerateAcRequest, type GenerateAcResult, type ReaderClientOptions } from './client';
