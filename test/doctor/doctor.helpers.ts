/** A "real" printer for the doctor tests: the printer emulator on one end of a PTY pair, the other end's path in DOCTOR_TEST_PRINTER_PORT (the fixtures read it). */
import { PtyPair, SerialTransport } from '../../src/transports';
import { PrinterEmulator } from '../../emulators/printer';
import type { PrinterEmulatorOptions } from '../../emulators/printer/types';

export async function withPrinterOnPty(options: PrinterEmulatorOptions, fn: (printer: PrinterEmulator) => Promise<void>): Promise<void> {
  const cable = await PtyPair.create();
  const end = new SerialTransport({ path: cable.pathB });
  await end.open();
  const printer = new PrinterEmulator(options);
  printer.attach(end);
  process.env.DOCTOR_TEST_PRINTER_PORT = cable.pathA;
  try {
    await fn(printer);
  } finally {
    delete process.env.DOCTOR_TEST_PRINTER_PORT;
    await printer.stop();
    await end.close();
    await cable.close();
  }
}
