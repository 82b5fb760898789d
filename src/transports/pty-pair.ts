/**
 * A virtual null-modem cable: two PTYs whose bytes are copied both ways. Open each end with
 * `new SerialTransport({path: pair.pathA})` (the OS binding).
 *
 * Two backends, chosen inside `create()` so callers never care:
 * - `socat` (pty-socat.ts) when socat is on PATH — a separate process;
 * - `npm` (pty-bridge.ts) otherwise — two @lydell/node-pty PTYs bridged in this process.
 * `POSBENCH_PTY=npm|socat|auto` (or the `backend` option) forces one; `pair.backend` and
 * `pair.backendReason` say which was used and why.
 *
 * PTY facts: bytes written before the other end is open are lost; baud rate, parity etc.
 * have no effect; modem lines (DTR/RTS/CTS) and break fail; the other end's close is not
 * visible (no carrier detect) — only close() of the pair makes the ends fail on their next
 * write.
 */
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable } from '../util/executables';
import { benchTempDir } from '../util/temp-root';
import { startBridge } from './pty-bridge';
import { SOCAT_MISSING, startSocat, type PtyBackendHandle } from './pty-socat';
import { TransportError } from './types';

export { SOCAT_MISSING } from './pty-socat';

export type PtyBackend = 'socat' | 'npm';
export const PTY_BACKEND_ENV = 'POSBENCH_PTY';

export interface PtyPairOptions {
  /** Directory for the ttyA / ttyB links (created; removed on close). Default: a fresh temp dir (under a run's temp root, src/util/temp-root.ts). */
  dir?: string;
  /** How long to wait for socat to create both links (default 5000 ms). */
  startTimeoutMs?: number;
  /** socat executable (default "socat" on PATH). */
  socatPath?: string;
  /** Which backend: default `$POSBENCH_PTY`, else auto (socat when found, npm otherwise). */
  backend?: PtyBackend | 'auto';
}

interface Choice {
  backend: PtyBackend;
  reason: string;
  socat?: string;
}

/** Which backend create() will use, and why (exported for the CLI and the tests). */
export function choosePtyBackend(opts: Pick<PtyPairOptions, 'backend' | 'socatPath'> = {}): Choice {
  const fromEnv = process.env[PTY_BACKEND_ENV];
  const wanted = opts.backend ?? (fromEnv === undefined || fromEnv === '' ? 'auto' : fromEnv);
  const source = opts.backend ? 'the backend option' : `${PTY_BACKEND_ENV}=${fromEnv}`;
  if (wanted !== 'auto' && wanted !== 'socat' && wanted !== 'npm') {
    throw new TransportError('pty-pair', `${PTY_BACKEND_ENV} must be npm, socat or auto, not "${wanted}"`);
  }
  const socatName = opts.socatPath ?? 'socat';
  const socat = findExecutable(socatName);
  if (wanted === 'npm') return { backend: 'npm', reason: `forced by ${source}` };
  if (wanted === 'socat') {
    if (!socat) throw new TransportError('pty-pair (socat)', `${SOCAT_MISSING} (forced by ${source}; unset it to use the npm backend)`);
    return { backend: 'socat', reason: `forced by ${source}`, socat };
  }
  return socat
    ? { backend: 'socat', reason: `socat found at ${socat}`, socat }
    : { backend: 'npm', reason: `${socatName} not found on PATH, so @lydell/node-pty bridged in-process` };
}

export class PtyPair {
  private closing?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly pathA: string,
    readonly pathB: string,
    /** Which backend carries the bytes. */
    readonly backend: PtyBackend,
    /** Why that backend was chosen (for the evidence timeline). */
    readonly backendReason: string,
    private readonly handle: PtyBackendHandle,
    private readonly ownsDir: boolean,
  ) {}

  /** socat's pid (undefined for the npm backend: no process). */
  get pid(): number | undefined {
    return this.handle.pid;
  }

  /** One line for logs: "pty pair /tmp/…/ttyA ⇄ /tmp/…/ttyB via npm (socat not found …)". */
  get description(): string {
    return `pty pair ${this.pathA} ⇄ ${this.pathB} via ${this.backend} (${this.backendReason})`;
  }

  static async create(opts: PtyPairOptions = {}): Promise<PtyPair> {
    const choice = choosePtyBackend(opts);
    const ownsDir = !opts.dir;
    const dir = opts.dir ?? benchTempDir('posbench-pty-');
    if (opts.dir) mkdirSync(dir, { recursive: true });
    const pathA = join(dir, 'ttyA');
    const pathB = join(dir, 'ttyB');
    const cleanupDir = () => {
      if (ownsDir) rmSync(dir, { recursive: true, force: true });
      else for (const p of [pathA, pathB]) rmSync(p, { force: true });
    };
    let handle: PtyBackendHandle;
    try {
      if (choice.backend === 'socat') {
        handle = await startSocat(choice.socat!, pathA, pathB, opts.startTimeoutMs ?? 5000);
      } else {
        const bridge = await startBridge();
        handle = bridge;
        try {
          symlinkSync(bridge.slaveA, pathA);
          symlinkSync(bridge.slaveB, pathB);
        } catch (err) {
          await bridge.close();
          throw new TransportError('pty-pair (npm)', `could not link ${pathA} / ${pathB}: ${(err as Error).message}`, { cause: err });
        }
      }
    } catch (err) {
      cleanupDir();
      throw err;
    }
    return new PtyPair(dir, pathA, pathB, choice.backend, choice.reason, handle, ownsDir);
  }

  /** Stops the backend (socat exits / the bridge's PTYs close) and removes the links (and the dir if we made it). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.handle.close();
      if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
      else for (const p of [this.pathA, this.pathB]) rmSync(p, { force: true });
    })();
    return this.closing;
  }
}
