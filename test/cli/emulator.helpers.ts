/**
 * A stand-alone emulator (`posbench emulator NAME …`) spawned as a stranger would run it:
 * resolves once it has printed its one JSON address line, and stops it with a signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/util/project-root';

export interface Standalone<A> {
  /** The JSON line it printed once listening. */
  address: A;
  child: ChildProcess;
  /** Send `signal` and resolve with [exit code, signal]. */
  stop(signal?: NodeJS.Signals): Promise<[number | null, NodeJS.Signals | null]>;
}

export async function startStandalone<A>(name: string, args: string[]): Promise<Standalone<A>> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'posbench.js'), 'emulator', name, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`posbench emulator ${name} exited ${code} before listening: ${err}`)));
  });
  return {
    address: JSON.parse(line) as A,
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return [child.exitCode, child.signalCode];
      const exited = once(child, 'exit');
      child.kill(signal);
      return (await exited) as [number | null, NodeJS.Signals | null];
    },
  };
}
