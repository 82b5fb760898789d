export * from './types';
export { createLink, LINK_KINDS } from './registry';
export { MockLink } from './mock';
export { PtyLink } from './pty';
export { SerialLink } from './serial';
export { TcpLink, splitHostPort } from './tcp';
export { BorrowedTransport } from './borrowed-transport';
export { serialLink, printerLink, tcpLink } from './schema';
