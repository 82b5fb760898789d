/** `posbench profiles` and `posbench profile validate FILE|NAME`. */
import type { Command } from 'commander';
import { listProfiles, loadProfile } from '../../bench/profile';

export function registerProfiles(program: Command): void {
  program
    .command('profiles')
    .description('list the hardware profiles in hardware-profiles/')
    .action(() => {
      for (const name of listProfiles()) {
        try {
          const p = loadProfile(name);
          process.stdout.write(`${name.padEnd(22)} ${p.description}\n`);
        } catch (e) {
          process.stdout.write(`${name.padEnd(22)} INVALID: ${(e as Error).message}\n`);
        }
      }
    });
  program
    .command('validate-profile')
    .description('check a hardware profile against the schema (names the key and the fix on error)')
    .argument('<profile>', 'profile name or path to a YAML file')
    .action((name: string) => {
      const p = loadProfile(name);
      process.stdout.write(`${p.file}: valid (${p.name}: dut ${p.dut.run}, printer ${p.printer.link.kind}, reader ${p.reader.link.kind})\n`);
    });
}
