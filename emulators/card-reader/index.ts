export { CardReaderEmulator, type CardReaderEmulatorOptions, type PresentOptions } from './card-reader-emulator';
