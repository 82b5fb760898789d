export * from './types';
export { BaseTransport } from './base';
export { TcpTransport, TcpListener, type TcpTransportOptions, type TcpListenerOptions } from './tcp';
export { SerialTransport, formatLineSettings, type SerialTransportOptions } from './serial';
export { createMockSerialPair, type MockSerialPairOptions } from './mock-pair';
export { PtyPair, SOCAT_MISSING, PTY_BACKEND_ENV, choosePtyBackend, type PtyBackend, type PtyPairOptions } from './pty-pair';
