/**
 * The transport contract (src/transports/types.ts), run against every implementation:
 * mock null-modem pair, TCP listener + client, the PTY pair with SerialTransport on both
 * ends — once per backend (socat, skipped with the reason when socat is absent; the npm
 * bridge of @lydell/node-pty) — and a real serial device when POSBENCH_SERIAL_DEVICE names one.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, openSync, constants as fsc, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import {
  choosePtyBackend,
  createMockSerialPair,
  PtyPair,
  type PtyBackend,
  SerialTransport,
  TcpListener,
  TcpTransport,
  TransportError,
  type Transport,
} from '../../src/transports';

interface Link {
  a: Transport;
  b: Transport;
  /** Whether closing one end is visible to the other (TCP, mock cable) or not (PTY, UART). */
  peerCloseVisible: boolean;
  /** Releases anything beyond the two transports (listener, socat). */
  cleanup(): Promise<void>;
}

/** Collects 'data' until `n` bytes arrived. */
function collect(t: Transport, n: number, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const timer = setTimeout(() => {
      t.off('data', onData);
      reject(new Error(`${t.description}: got ${got} of ${n} bytes within ${timeoutMs} ms`));
    }, timeoutMs);
    const onData = (c: Buffer) => {
      assert.ok(Buffer.isBuffer(c) && c.length >= 1, 'data chunks are non-empty Buffers');
      chunks.push(c);
      got += c.length;
      if (got >= n) {
        clearTimeout(timer);
        t.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    t.on('data', onData);
  });
}

function countCloses(t: Transport): { count: () => number } {
  let n = 0;
  t.on('close', () => n++);
  return { count: () => n };
}

/** A deterministic byte pattern (no randomness needed). */
function pattern(n: number, salt: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + salt + (i >> 8)) & 0xff;
  return b;
}

/** Handles open before any transport was made (the test runner's own pipes). */
const BASELINE = countResources();
function countResources(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (/TCP|Pipe|Process|TTY/.test(r)) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

/** This process's open fds on PTY devices (/dev/ptmx, /dev/pts/N); [] where /proc is missing. */
function ptyFds(): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (/^\/dev\/(ptmx|pts\/)/.test(target)) out.push(`${fd} ${target}`);
    } catch {
      /* the fd of readdir itself */
    }
  }
  return out.sort();
}

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

function contract(name: string, makeLink: () => Promise<Link>, skip: string | false = false): void {
  describe(`transport contract: ${name}`, { skip }, () => {
    it('opens, and bytes flow both ways', async () => {
      const link = await makeLink();
      try {
        assert.ok(link.a.isOpen && link.b.isOpen);
        assert.match(link.a.description, /\S/);
        const toB = collect(link.b, 5);
        await link.a.write(Buffer.from('hello'));
        assert.equal((await toB).toString(), 'hello');
        const toA = collect(link.a, 5);
        await link.b.write(Buffer.from('world'));
        assert.equal((await toA).toString(), 'world');
      } finally {
        await closeLink(link);
      }
    });

    it('carries every byte value 0x00–0xFF intact', async () => {
      const link = await makeLink();
      try {
        const toB = collect(link.b, 256);
        await link.a.write(ALL_BYTES);
        assert.deepEqual(await toB, ALL_BYTES);
        const reversed = Buffer.from(ALL_BYTES).reverse();
        const toA = collect(link.a, 256);
        await link.b.write(reversed);
        assert.deepEqual(await toA, reversed);
      } finally {
        await closeLink(link);
      }
    });

    it('delivers large writes complete and in order', async () => {
      const link = await makeLink();
      try {
        const parts = [pattern(64 * 1024, 1), pattern(3000, 2), pattern(1, 3), pattern(100 * 1024, 4)];
        const total = parts.reduce((s, p) => s + p.length, 0);
        const toB = collect(link.b, total, 15000);
        for (const p of parts) await link.a.write(p);
        assert.deepEqual(await toB, Buffer.concat(parts));
        // and concurrently issued writes keep their order too
        const burst = Array.from({ length: 50 }, (_, i) => pattern(997, i));
        const toA = collect(link.a, 50 * 997, 15000);
        await Promise.all(burst.map((p) => link.b.write(p)));
        assert.deepEqual(await toA, Buffer.concat(burst));
      } finally {
        await closeLink(link);
      }
    });

    for (const closer of ['a', 'b'] as const) {
      it(`close from side ${closer.toUpperCase()} emits 'close' exactly once per side`, async () => {
        const link = await makeLink();
        const [local, remote] = closer === 'a' ? [link.a, link.b] : [link.b, link.a];
        const localCloses = countCloses(local);
        const remoteCloses = countCloses(remote);
        try {
          const remoteClosed = link.peerCloseVisible ? once(remote, 'close') : undefined;
          await local.close();
          assert.equal(local.isOpen, false);
          assert.equal(localCloses.count(), 1);
          await local.close(); // idempotent
          if (remoteClosed) {
            await remoteClosed;
            assert.equal(remote.isOpen, false);
          } else {
            // No carrier detect on a PTY / bare UART: the other end stays open until closed.
            assert.equal(remote.isOpen, true);
          }
          await remote.close();
          await new Promise((r) => setImmediate(r));
          assert.equal(localCloses.count(), 1, 'local side: exactly one close');
          assert.equal(remoteCloses.count(), 1, 'remote side: exactly one close');
        } finally {
          await closeLink(link);
        }
      });
    }

    it('rejects a write after close with TransportError, and no data after close', async () => {
      const link = await makeLink();
      try {
        await link.a.close();
        await assert.rejects(link.a.write(Buffer.from('late')), TransportError);
        let lateData = 0;
        link.a.on('data', () => lateData++);
        if (link.b.isOpen) await link.b.write(Buffer.from('ignored')).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(lateData, 0);
      } finally {
        await closeLink(link);
      }
    });

    it('rejects a second open with TransportError', async () => {
      const link = await makeLink();
      try {
        await assert.rejects(link.a.open(), TransportError);
        await assert.rejects(link.b.open(), TransportError);
        assert.ok(link.a.isOpen, 'the failed second open leaves the transport open');
      } finally {
        await closeLink(link);
      }
    });
  });
}

async function closeLink(link: Link): Promise<void> {
  await Promise.all([link.a.close(), link.b.close()]);
  await link.cleanup();
}

// ---- mock null-modem pair --------------------------------------------------------------
contract('mock serial pair', async () => {
  const [a, b] = createMockSerialPair({ lineSettings: { baudRate: 9600 } });
  await a.open();
  await b.open();
  return { a, b, peerCloseVisible: true, cleanup: async () => undefined };
});

describe('mock serial pair specifics', () => {
  it('pairs do not cross-talk and use unique paths', async () => {
    const [a1, b1] = createMockSerialPair();
    const [a2, b2] = createMockSerialPair();
    assert.notEqual(a1.description, a2.description);
    await Promise.all([a1.open(), b1.open(), a2.open(), b2.open()]);
    let stray = 0;
    b2.on('data', () => stray++);
    const got = collect(b1, 3);
    await a1.write(Buffer.from('one'));
    assert.equal((await got).toString(), 'one');
    await new Promise((r) => setImmediate(r));
    assert.equal(stray, 0);
    await Promise.all([a1.close(), b1.close(), a2.close(), b2.close()]);
  });

  it('carries line settings and describes them', async () => {
    const [a] = createMockSerialPair({ lineSettings: { baudRate: 9600, parity: 'even', dataBits: 7 } });
    assert.equal(a.lineSettings.baudRate, 9600);
    assert.match(a.description, /9600 7E1/);
    await a.close();
  });

  it('loses bytes written while the other end is not open (like a real cable)', async () => {
    const [a, b] = createMockSerialPair();
    await a.open();
    await a.write(Buffer.from('lost'));
    await b.open();
    const got = collect(b, 4);
    await a.write(Buffer.from('kept'));
    assert.equal((await got).toString(), 'kept');
    await Promise.all([a.close(), b.close()]);
  });

  it('delivers bytes written just before the peer closes, then closes', async () => {
    const [a, b] = createMockSerialPair();
    await a.open();
    await b.open();
    const chunks: Buffer[] = [];
    b.on('data', (c) => chunks.push(c));
    const closed = once(b, 'close');
    await a.write(pattern(5000, 9));
    await a.close();
    await closed;
    assert.deepEqual(Buffer.concat(chunks), pattern(5000, 9));
  });
});

describe('close while opening', () => {
  it('open() rejects and nothing is left open (tcp, mock, pty)', async () => {
    const listener = new TcpListener();
    const [ma, mb] = createMockSerialPair();
    let pty: PtyPair | undefined;
    try {
      const { port } = await listener.listen();
      const tcp = new TcpTransport({ host: '127.0.0.1', port });
      pty = await PtyPair.create();
      const serial = new SerialTransport({ path: pty.pathA });
      for (const t of [tcp, ma, serial]) {
        const opening = t.open();
        await t.close();
        await assert.rejects(opening, TransportError);
        assert.equal(t.isOpen, false);
        await assert.rejects(t.write(Buffer.from('x')), TransportError);
      }
      // the PTY end was really released: it can be opened again
      const again = new SerialTransport({ path: pty.pathA });
      await again.open();
      await again.close();
    } finally {
      // whatever failed above, nothing may outlive the test (the 'resources' test checks)
      await mb.close();
      await pty?.close();
      await listener.close();
    }
  });
});

// ---- TCP -------------------------------------------------------------------------------
contract('tcp', async () => {
  const listener = new TcpListener({ host: '127.0.0.1', port: 0 });
  const { host, port } = await listener.listen();
  const accepted = once(listener, 'connection') as Promise<[Transport]>;
  const a = new TcpTransport({ host, port });
  await a.open();
  const [b] = await accepted;
  return { a, b, peerCloseVisible: true, cleanup: () => listener.close() };
});

describe('tcp specifics', () => {
  it('a refused connection rejects open with TransportError naming the address', async () => {
    const listener = new TcpListener();
    const { port } = await listener.listen();
    await listener.close();
    const t = new TcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 2000 });
    await assert.rejects(t.open(), (err: unknown) => err instanceof TransportError && err.message.includes(`127.0.0.1:${port}`));
    assert.equal(t.isOpen, false);
  });

  it('listener.close() closes every accepted transport', async () => {
    const listener = new TcpListener();
    const { port } = await listener.listen();
    const accepted = once(listener, 'connection') as Promise<[Transport]>;
    const client = new TcpTransport({ host: '127.0.0.1', port });
    await client.open();
    const [server] = await accepted;
    const clientClosed = once(client, 'close');
    await listener.close();
    assert.equal(server.isOpen, false);
    await clientClosed;
  });
});

// ---- PTY pair, once per backend ----------------------------------------------------------
const SOCAT_ABSENT = (() => {
  try {
    choosePtyBackend({ backend: 'socat' });
    return false;
  } catch (e) {
    return `socat is not installed here (${(e as Error).message}); the npm backend is tested below`;
  }
})();
if (SOCAT_ABSENT) console.log(`# skipping the socat PTY backend: ${SOCAT_ABSENT}`);

for (const backend of ['socat', 'npm'] as PtyBackend[]) {
  const skip = backend === 'socat' ? SOCAT_ABSENT : false;
  contract(
    `pty pair (${backend}) via SerialTransport`,
    async () => {
      const pair = await PtyPair.create({ backend });
      assert.equal(pair.backend, backend);
      const a = new SerialTransport({ path: pair.pathA });
      const b = new SerialTransport({ path: pair.pathB });
      await a.open();
      await b.open();
      return { a, b, peerCloseVisible: false, cleanup: () => pair.close() };
    },
    skip,
  );

  describe(`pty pair (${backend}) specifics`, { skip }, () => {
    it('creates both links, a second open of one end fails, close() removes the dir and the backend', async () => {
      const ptyFdsBefore = ptyFds();
      const pair = await PtyPair.create({ backend });
      assert.ok(existsSync(pair.pathA) && existsSync(pair.pathB));
      assert.match(pair.description, new RegExp(`via ${backend} \\(`));
      const a = new SerialTransport({ path: pair.pathA });
      await a.open();
      const again = new SerialTransport({ path: pair.pathA });
      await assert.rejects(again.open(), TransportError);
      await a.close();
      const pid = pair.pid;
      if (backend === 'socat') assert.ok(pid, 'socat runs as a process');
      else assert.equal(pid, undefined, 'the npm bridge needs no process');
      await pair.close();
      assert.equal(existsSync(pair.dir), false);
      if (pid) assert.throws(() => process.kill(pid, 0), /ESRCH/);
      assert.deepEqual(ptyFds(), ptyFdsBefore, 'no PTY master or slave fd left open in this process');
    });

    it('is raw before anyone configures it: every byte 0..255 both ways, "\\n" stays "\\n", no echo', async () => {
      // Plain opens of the slaves — no serialport, so no termios set by the client: the
      // pair itself must have put the lines in raw mode (a fresh PTY is cooked).
      const pair = await PtyPair.create({ backend });
      const ends = [pair.pathA, pair.pathB].map((p) => new ReadStream(openSync(realpathSync(p), fsc.O_RDWR | fsc.O_NOCTTY)));
      const [a, b] = ends as [ReadStream, ReadStream];
      try {
        const gotA: Buffer[] = [];
        const gotB: Buffer[] = [];
        a.on('data', (c: Buffer) => gotA.push(c));
        b.on('data', (c: Buffer) => gotB.push(c));
        const until = async (bufs: Buffer[], n: number) => {
          for (let i = 0; i < 500 && Buffer.concat(bufs).length < n; i++) await new Promise((r) => setTimeout(r, 5));
          return Buffer.concat(bufs);
        };
        a.write(ALL_BYTES);
        assert.deepEqual(await until(gotB, 256), ALL_BYTES, 'A → B: every byte, unchanged');
        const back = Buffer.concat([Buffer.from('line\n'), Buffer.from([0x11, 0x13, 0x00, 0xff, 0x0d, 0x03, 0x04]), Buffer.from(ALL_BYTES).reverse()]);
        b.write(back);
        assert.deepEqual(await until(gotA, back.length), back, 'B → A: every byte, unchanged (no \\r\\n, XON/XOFF kept)');
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(Buffer.concat(gotA).length, back.length, 'nothing echoed back to A');
        assert.equal(Buffer.concat(gotB).length, 256, 'nothing echoed back to B');
      } finally {
        await Promise.all(ends.map((e) => new Promise<void>((r) => (e.destroyed ? r() : (e.once('close', () => r()), e.destroy())))));
        await pair.close();
      }
    });
  });
}

describe('pty pair backend choice', () => {
  const saved = process.env.POSBENCH_PTY;
  after(() => {
    if (saved === undefined) delete process.env.POSBENCH_PTY;
    else process.env.POSBENCH_PTY = saved;
  });

  it('without socat, auto picks the npm backend and says why (no error)', async () => {
    delete process.env.POSBENCH_PTY;
    const choice = choosePtyBackend({ socatPath: 'socat-does-not-exist-here' });
    assert.equal(choice.backend, 'npm');
    assert.match(choice.reason, /socat-does-not-exist-here not found on PATH/);
    const pair = await PtyPair.create({ socatPath: 'socat-does-not-exist-here' });
    assert.equal(pair.backend, 'npm');
    await pair.close();
  });

  it('forcing socat when it is missing gives the install hint and names the switch', async () => {
    process.env.POSBENCH_PTY = 'socat';
    await assert.rejects(PtyPair.create({ socatPath: 'socat-does-not-exist-here' }), /socat not found — apt-get install -y socat \(forced by POSBENCH_PTY=socat/);
  });

  it('POSBENCH_PTY=npm wins over an installed socat; a bad value is a typed error', () => {
    process.env.POSBENCH_PTY = 'npm';
    assert.deepEqual(choosePtyBackend(), { backend: 'npm', reason: 'forced by POSBENCH_PTY=npm' });
    process.env.POSBENCH_PTY = 'pipe';
    assert.throws(() => choosePtyBackend(), (e: unknown) => e instanceof TransportError && /POSBENCH_PTY must be npm, socat or auto, not "pipe"/.test(e.message));
  });
});

// ---- real serial device (opt-in) ---------------------------------------------------------
const device = process.env.POSBENCH_SERIAL_DEVICE;
const loopback = process.env.POSBENCH_SERIAL_LOOPBACK === '1';
describe('real serial device', { skip: device ? false : 'POSBENCH_SERIAL_DEVICE not set (e.g. /dev/ttyUSB0; add POSBENCH_SERIAL_LOOPBACK=1 for a looped-back port)' }, () => {
  let t: SerialTransport;
  before(async () => {
    t = new SerialTransport({ path: device!, lineSettings: { baudRate: Number(process.env.POSBENCH_SERIAL_BAUD ?? 115200) } });
    await t.open();
  });
  after(async () => {
    await t?.close();
  });
  it('is open and rejects a second open', async () => {
    assert.ok(t.isOpen);
    await assert.rejects(t.open(), TransportError);
  });
  it('loops back every byte value and a large write', { skip: loopback ? false : 'POSBENCH_SERIAL_LOOPBACK not 1' }, async () => {
    const got = collect(t, 256);
    await t.write(ALL_BYTES);
    assert.deepEqual(await got, ALL_BYTES);
    const big = pattern(8192, 5);
    const got2 = collect(t, big.length, 30000);
    await t.write(big);
    assert.deepEqual(await got2, big);
  });
  it('closes once and rejects writes after close', async () => {
    const closes = countCloses(t);
    await t.close();
    await t.close();
    assert.equal(closes.count(), 1);
    await assert.rejects(t.write(Buffer.from('x')), TransportError);
  });
});

// ---- no handles left ----------------------------------------------------------------------
describe('resources', () => {
  it('leaves no socket, server or child process behind', async () => {
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(countResources(), BASELINE);
  });
});
