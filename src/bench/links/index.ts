export * from './types';
export { createLink, LINK_KINDS } from './registry';
export { MockLink } from './mock';
export { PtyLink } from './pty';
export { SerialLink } from './serial';
export { BorrowedTransport } from './borrowed-transport';
export { serialLink } from './schema';
