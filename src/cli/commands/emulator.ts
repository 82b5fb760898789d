/** `posbench emulator issuer …`: run an emulator on its own, for a bench in another process or a person. */
import type { Command } from 'commander';
import { runIssuerCli } from '../../../emulators/issuer-bank/main';

export function registerEmulator(program: Command): void {
  const emulator = program.command('emulator').description('run an emulator on its own (prints its addresses as JSON; stops on Ctrl-C)');
  emulator
    .command('issuer')
    .description('the issuer bank: ISO 8583 host + control API (try: posbench emulator issuer --help)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[options...]', 'options of the issuer emulator (--dialect, --port, --control-port, --accounts, --verbose …)')
    .action(async (args: string[]) => {
      await runIssuerCli(args);
    });
}
