/**
 * Does the terminal take a command line? A second start of a terminal the bench starts
 * itself (in-process or process), from its own command line changed — options added, or
 * one option dropped with its value — on a state directory of its own. A firmware that
 * cannot take its command line must refuse to start and say why, not start half
 * configured (docs/benches.md, the process terminal's command line).
 */
import { DutError, type CommandLineChange } from './types';

/** The command line with the change made; dropping an option it does not have is a DutError naming the options it has. */
export function changeCommandLine(argv: readonly string[], change: CommandLineChange): string[] {
  if ('add' in change) return [...argv, ...change.add];
  const i = argv.indexOf(change.drop);
  if (i < 0) throw new DutError(`the terminal's command line has no option ${change.drop} to leave out (it has ${argv.filter((a) => a.startsWith('--')).join(' ') || 'no options'})`);
  return [...argv.slice(0, i), ...argv.slice(i + 2)];
}
