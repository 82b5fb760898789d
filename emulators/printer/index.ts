/** Receipt printer emulator (ESC/POS), its faults, status bytes, UART model and tap mode. */
export * from './printer-emulator';
export * from './types';
export * from './faults';
export * from './status';
export * from './scheduler';
export * from './uart';
export * from './tap';
export * from './tcp-server';
