/**
 * The npm backend of PtyPair: two PTYs from `@lydell/node-pty` (prebuilt binaries, no
 * compiler, no process) whose masters are bridged in this process, so the two slave paths
 * behave like socat's pair.
 *
 * - The slaves are put in raw mode here, before anyone opens them (a fresh PTY's line
 *   discipline is cooked: "\n" written to the slave leaves the master as "\r\n", XON/XOFF
 *   are swallowed, input is echoed back). serialport's open() sets exactly that raw mode
 *   (no input/output processing, no echo: setup() in @serialport/bindings-cpp
 *   src/serialport_unix.cpp sets c_iflag IGNPAR, c_oflag 0, c_lflag 0 and flushes), so it
 *   is used to configure the slave once.
 * - Each slave fd from openpty() stays open (never read) in this process until close():
 *   with no slave open a master read fails with EIO and the bridge would die whenever the
 *   terminal closes and reopens its port. A client's serialport open flushes whatever
 *   waited in the slave's queue, so bytes written before the other end opened are lost, as
 *   with socat.
 * - Writes to a master go through writeSync on its non-blocking fd, not through the tty
 *   stream: libuv cannot reopen a PTY master, so it marks that stream "blocking writes"
 *   (uv_tty_init in libuv's src/unix/tty.c) and, the fd being non-blocking, spins on
 *   EAGAIN while the far slave's queue is full — a 100 % CPU hang, since the far slave's
 *   reader (serialport, same thread) can then never drain it. Here EAGAIN means: pause
 *   reading the source master and retry in 1 ms (socat-like flow control).
 * - The fds are close-on-exec (node-pty sets it), so a terminal process the bench starts
 *   does not inherit them; close() destroys both master streams (waiting for their handles
 *   to close) and closes both slave fds.
 */
import { closeSync, writeSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { SerialPort } from 'serialport';
import type { PtyBackendHandle } from './pty-socat';
import { TransportError } from './types';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

let native: NativePty | undefined;

/** Loads node-pty's native module (throws TransportError naming the package when it is not installed). */
export function loadNodePty(): NativePty {
  if (native) return native;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { requireBinary } = require('@lydell/node-pty/requireBinary') as { requireBinary(file: string): NativePty };
    native = requireBinary('pty.node');
    return native;
  } catch (err) {
    throw new TransportError('pty-pair (npm)', `@lydell/node-pty is not usable here: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
}

interface OnePty {
  /** Read side of the master (a tty stream); written with writeSync on masterFd. */
  master: ReadStream;
  masterFd: number;
  slaveFd: number;
  slavePath: string;
}

function openOne(pty: NativePty): OnePty {
  const t = pty.open(80, 24);
  const master = new ReadStream(t.master);
  return { master, masterFd: t.master, slaveFd: t.slave, slavePath: t.pty };
}

/** Raw mode on the slave: serialport's open applies it (iflag IGNPAR only, oflag 0, lflag 0) and flushes. */
async function makeRaw(slavePath: string): Promise<void> {
  const port = await SerialPort.binding.open({ path: slavePath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, lock: false, hupcl: false });
  await port.close();
}

async function closeOne(p: OnePty): Promise<void> {
  if (!p.master.destroyed) {
    const closed = new Promise<void>((resolve) => p.master.once('close', () => resolve()));
    p.master.destroy();
    await closed;
  }
  try {
    closeSync(p.slaveFd);
  } catch {
    /* already closed */
  }
}

/** Copies one master's output into the other master, with backpressure on the source. */
class OneWay {
  private queue: Buffer[] = [];
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly from: ReadStream,
    private readonly toFd: number,
  ) {
    from.on('data', this.onData);
  }

  private readonly onData = (chunk: Buffer) => {
    this.queue.push(chunk);
    this.flush();
  };

  private flush(): void {
    this.retry = undefined;
    while (!this.stopped && this.queue.length > 0) {
      const head = this.queue[0]!;
      let n: number;
      try {
        n = writeSync(this.toFd, head);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
          this.from.pause();
          this.retry = setTimeout(() => this.flush(), 1);
          return;
        }
        // EIO and the like: the far side is gone; drop what is queued (as a dead cable would).
        this.queue = [];
        break;
      }
      if (n < head.length) this.queue[0] = head.subarray(n);
      else this.queue.shift();
    }
    if (!this.stopped) this.from.resume();
  }

  stop(): void {
    this.stopped = true;
    this.queue = [];
    if (this.retry) clearTimeout(this.retry);
    this.from.off('data', this.onData);
  }
}

export interface PtyBridge extends PtyBackendHandle {
  /** The slave device paths (/dev/pts/N) the links point at. */
  readonly slaveA: string;
  readonly slaveB: string;
}

export async function startBridge(): Promise<PtyBridge> {
  const pty = loadNodePty();
  const opened: OnePty[] = [];
  try {
    opened.push(openOne(pty));
    opened.push(openOne(pty));
    for (const p of opened) await makeRaw(p.slavePath);
  } catch (err) {
    await Promise.all(opened.map(closeOne));
    throw err instanceof TransportError ? err : new TransportError('pty-pair (npm)', `could not open a PTY pair: ${(err as Error).message}`, { cause: err });
  }
  const [a, b] = opened as [OnePty, OnePty];
  // An error on a master (none is expected while the slave fd is held) ends that master:
  // the ends then fail on their next write, as when socat dies. It must not crash the bench.
  for (const p of opened) p.master.on('error', () => undefined);
  const ways = [new OneWay(a.master, b.masterFd), new OneWay(b.master, a.masterFd)];
  let closing: Promise<void> | undefined;
  return {
    pid: undefined,
    slaveA: a.slavePath,
    slaveB: b.slavePath,
    close() {
      closing ??= (async () => {
        for (const w of ways) w.stop();
        await Promise.all(opened.map(closeOne));
      })();
      return closing;
    },
  };
}
