/**
 * posbench command line. `main(argv)` resolves with the exit code; bin/posbench.js calls it.
 */
import { Command, CommanderError } from 'commander';
import { registerRun } from './commands/run';
import { registerCertify } from './commands/certify';
import { registerProfiles } from './commands/profiles';
import { registerEmulator } from './commands/emulator';
import { registerDecodeIso8583 } from './commands/decode-iso8583';
import { registerDecodeEscPos } from './commands/decode-escpos';
import { registerSteps } from './commands/steps';
import { registerCheck } from './commands/check';
import { registerEmulate } from './commands/emulate';
import { registerDoctor } from './commands/doctor';
import { registerMerge } from './commands/merge';
import { registerExplore } from './commands/explore';
import { PosbenchError } from '../util/errors';

export function buildProgram(): Command {
  const program = new Command('posbench')
    .description('Hardware-in-the-loop test harness and emulator suite for card-payment POS terminals')
    .version(require('../../package.json').version as string)
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerCertify(program);
  registerProfiles(program);
  registerEmulator(program);
  registerSteps(program);
  registerCheck(program);
  registerEmulate(program);
  registerDoctor(program);
  registerMerge(program);
  registerExplore(program);
  const decode = program.command('decode').description('decode captured bytes: ISO 8583 messages, ESC/POS printer streams');
  decode.exitOverride();
  registerDecodeIso8583(decode);
  registerDecodeEscPos(decode);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof PosbenchError) {
      process.stderr.write(`posbench: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
