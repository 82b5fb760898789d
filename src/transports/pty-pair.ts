/**
 * A virtual null-modem cable made by socat: two PTYs whose bytes are copied both ways.
 * Open each end with `new SerialTransport({path: pair.pathA})` (the OS binding).
 *
 * PTY facts (measured on Linux): bytes written before the other end is open are
 * lost; baud rate, parity etc. have no effect; modem lines (DTR/RTS/CTS) and break fail;
 * the other end's close is not visible (no carrier detect) — only close() of the pair
 * (killing socat) makes the ends fail on their next write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransportError } from './types';

export interface PtyPairOptions {
  /** Directory for the ttyA / ttyB links (created; removed on close). Default: a fresh temp dir. */
  dir?: string;
  /** How long to wait for socat to create both links (default 5000 ms). */
  startTimeoutMs?: number;
  /** socat executable (default "socat" on PATH). */
  socatPath?: string;
}

export const SOCAT_MISSING = 'socat not found — apt-get install -y socat';

export class PtyPair {
  private closing?: Promise<void>;
  private readonly onProcessExit = () => this.child.kill('SIGKILL');

  private constructor(
    readonly dir: string,
    readonly pathA: string,
    readonly pathB: string,
    private readonly child: ChildProcess,
    private readonly ownsDir: boolean,
  ) {
    process.once('exit', this.onProcessExit);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async create(opts: PtyPairOptions = {}): Promise<PtyPair> {
    const ownsDir = !opts.dir;
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'posbench-pty-'));
    if (opts.dir) mkdirSync(dir, { recursive: true });
    const pathA = join(dir, 'ttyA');
    const pathB = join(dir, 'ttyB');
    const timeoutMs = opts.startTimeoutMs ?? 5000;
    const cleanupDir = () => {
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
      else for (const p of [pathA, pathB]) rmSync(p, { force: true });
    };
    const child = spawn(
      opts.socatPath ?? 'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${pathA}`, `pty,raw,echo=0,link=${pathB}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
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
          finish(err.code === 'ENOENT' ? new TransportError('pty-pair', SOCAT_MISSING, { cause: err }) : new TransportError('pty-pair', `socat failed to start: ${err.message}`, { cause: err }));
        const onExit = (code: number | null, signal: string | null) =>
          finish(new TransportError('pty-pair', `socat exited (code ${code}, signal ${signal}) before creating ${pathA} and ${pathB}: ${stderr.trim()}`));
        child.once('error', onError);
        child.once('exit', onExit);
        const poll = setInterval(() => {
          if (existsSync(pathA) && existsSync(pathB)) finish();
        }, 5);
        const timer = setTimeout(
          () => finish(new TransportError('pty-pair', `socat did not create ${pathA} and ${pathB} within ${timeoutMs} ms: ${stderr.trim()}`)),
          timeoutMs,
        );
      });
    } catch (err) {
      await stopChild(child);
      cleanupDir();
      throw err;
    }
    return new PtyPair(dir, pathA, pathB, child, ownsDir);
  }

  /** Kills socat (waits for it to exit) and removes the links (and the dir if we made it). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      process.off('exit', this.onProcessExit);
      await stopChild(this.child);
      if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
      else for (const p of [this.pathA, this.pathB]) rmSync(p, { force: true });
    })();
    return this.closing;
  }
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
