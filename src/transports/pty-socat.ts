/**
 * The socat backend of PtyPair: `socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B`, a
 * separate process copying bytes between two PTYs. The links appear asynchronously, so
 * they are polled for (5 ms) until both exist.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TransportError } from './types';

export const SOCAT_MISSING = 'socat not found — apt-get install -y socat';

export interface PtyBackendHandle {
  /** The OS process that carries the bytes, if there is one. */
  readonly pid: number | undefined;
  close(): Promise<void>;
}

export async function startSocat(socatPath: string, pathA: string, pathB: string, timeoutMs: number): Promise<PtyBackendHandle> {
  const child = spawn(socatPath, ['-d', '-d', `pty,raw,echo=0,link=${pathA}`, `pty,raw,echo=0,link=${pathB}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString('utf8')).slice(-4000);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearInterval(poll);
        clearTimeout(timer);
        child.off('error', onError);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      const onError = (err: NodeJS.ErrnoException) =>
        finish(
          err.code === 'ENOENT'
            ? new TransportError('pty-pair (socat)', SOCAT_MISSING, { cause: err })
            : new TransportError('pty-pair (socat)', `socat failed to start: ${err.message}`, { cause: err }),
        );
      const onExit = (code: number | null, signal: string | null) =>
        finish(new TransportError('pty-pair (socat)', `socat exited (code ${code}, signal ${signal}) before creating ${pathA} and ${pathB}: ${stderr.trim()}`));
      child.once('error', onError);
      child.once('exit', onExit);
      const poll = setInterval(() => {
        if (existsSync(pathA) && existsSync(pathB)) finish();
      }, 5);
      const timer = setTimeout(
        () => finish(new TransportError('pty-pair (socat)', `socat did not create ${pathA} and ${pathB} within ${timeoutMs} ms: ${stderr.trim()}`)),
        timeoutMs,
      );
    });
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  const onProcessExit = () => child.kill('SIGKILL');
  process.once('exit', onProcessExit);
  let closing: Promise<void> | undefined;
  return {
    pid: child.pid,
    close() {
      closing ??= (async () => {
        process.off('exit', onProcessExit);
        await stopChild(child);
      })();
      return closing;
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    child.stderr?.destroy();
    return;
  }
  await new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
  child.stderr?.destroy();
}
