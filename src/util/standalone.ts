/**
 * A stand-alone emulator process (`node emulators/X/main.ts …`, `posbench emulator X …`):
 * start it, keep it until Ctrl-C or a TERM signal, then stop it cleanly and exit 0 (1 when
 * stopping fails). A start that fails exits 2 with the error on stderr, prefixed by the
 * emulator's name; commander's own --help or complaint has been printed already.
 */
import { CommanderError } from 'commander';

export interface Stoppable {
  stop(): Promise<void>;
}

/** Stop `running` on the first SIGINT or SIGTERM, then exit. */
export function stopOnSignals(running: Stoppable): void {
  const onSignal = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** The `require.main === module` body of an emulator's main.ts. */
export function runStandalone(name: string, start: () => Promise<Stoppable>): void {
  start().then(stopOnSignals, (err: unknown) => {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
