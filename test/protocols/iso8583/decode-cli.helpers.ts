/**
 * Child-process harness for the decode command: a `posbench` program with just
 * `decode iso8583`, used by decode-cli.test.ts while src/cli/main.ts is not runnable.
 */
import { Command } from 'commander';
import { registerDecodeIso8583 } from '../../../src/cli/commands/decode-iso8583';

const program = new Command('posbench');
registerDecodeIso8583(program.command('decode'));
void program.parseAsync(process.argv);
