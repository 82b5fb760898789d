/**
 * The tcp link (a network printer): the bench listens and the printer emulator's TCP server
 * takes each connection; the reference terminal's network printer connects per job; the
 * profile says `printer.link.kind: tcp` and a bad one names its key.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLink, LinkError, TcpLink } from '../../../src/bench/links';
import { parseProfile, ProfileError, PROFILE_DIR } from '../../../src/bench/profile';
import { PrinterEmulator, PrinterTcpServer } from '../../../emulators/printer';
import { NetworkPrinter, parseTcpPrinterUrl } from '../../../src/terminal/network-printer';
import { applySetting, DEFAULT_TERMINAL_CONFIG, TerminalConfigError } from '../../../src/terminal/config';

const netprinter = readFileSync(join(PROFILE_DIR, 'reference-netprinter.yaml'), 'utf8');
const TCP_LINE = '  link: { kind: tcp }   # listen on 127.0.0.1, a free port; or address: "0.0.0.0:9100"';

function profileWith(printerLink: string, emulated = true): string {
  assert.ok(netprinter.includes(TCP_LINE));
  return netprinter.replace(TCP_LINE, `  link: ${printerLink}`).replace('printer:\n  emulated: true', `printer:\n  emulated: ${emulated}`);
}

describe('tcp link', () => {
  it('emulated: listens on a free loopback port, path tcp://HOST:PORT, connections on benchListener, no single bench end', async () => {
    const link = createLink({ kind: 'tcp' }, 'printer', true);
    assert.ok(link instanceof TcpLink);
    assert.throws(() => link.path, LinkError);
    await link.open();
    try {
      assert.match(link.path, /^tcp:\/\/127\.0\.0\.1:\d+$/);
      assert.throws(() => link.benchSide, (e: unknown) => e instanceof LinkError && /one connection per job/.test(e.message));
      const printer = new PrinterEmulator({ columns: 32, encoding: 'cp437' });
      const server = new PrinterTcpServer(printer, { listener: link.benchListener! });
      for (const round of [1, 2]) {
        const terminal = await link.openTerminalSide(); // a connection per job
        const reply = new Promise<Buffer>((resolve) => terminal.once('data', resolve));
        await terminal.write(Buffer.from([0x10, 0x04, 0x01]));
        assert.deepEqual([...(await reply)], [0x12], `job ${round}`);
        await terminal.close();
      }
      await server.close();
      await printer.stop();
    } finally {
      await link.close();
      await link.close();
    }
  });

  it('real printer: the address is the path, the bench does not listen; without an address open() names the key', async () => {
    const real = createLink({ kind: 'tcp', address: '192.0.2.20:9100' }, 'printer', false);
    await real.open();
    assert.equal(real.path, 'tcp://192.0.2.20:9100');
    assert.equal(real.benchListener, undefined);
    await real.close();
    await assert.rejects(createLink({ kind: 'tcp' }, 'printer', false).open(), (e: unknown) => e instanceof LinkError && /printer\.link\.address/.test(e.message));
  });
});

describe('profile with printer.link.kind tcp', () => {
  it('reference-netprinter validates: printer on tcp, no line settings needed', () => {
    const p = parseProfile(netprinter, 'netprinter.yaml');
    assert.equal(p.printer.link.kind, 'tcp');
  });

  it('a bad address names printer.link.address', () => {
    for (const bad of ['"printer:abc"', '"9100"', '"tcp://host:9100"', '"host:70000"']) {
      assert.throws(
        () => parseProfile(profileWith(`{ kind: tcp, address: ${bad} }`), 'b.yaml'),
        (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.link.address' && /HOST:PORT|0–65535/.test(e.message),
        bad,
      );
    }
  });

  it('serial line settings on a tcp link are refused with the reason', () => {
    assert.throws(
      () => parseProfile(profileWith('{ kind: tcp, line: { baud: 9600 } }'), 'b.yaml'),
      (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.link.line' && /no serial line settings/.test(e.message),
    );
  });

  it('a real network printer needs its address', () => {
    assert.throws(
      () => parseProfile(profileWith('{ kind: tcp }', false), 'b.yaml'),
      (e: unknown) => e instanceof ProfileError && e.keyPath === 'printer.link.address' && /required when printer\.emulated is false/.test(e.message),
    );
    assert.equal(parseProfile(profileWith('{ kind: tcp, address: "192.0.2.20:9100" }', false), 'b.yaml').printer.link.kind, 'tcp');
  });
});

describe("the reference terminal's network printer (printer_port tcp://HOST:PORT)", () => {
  it('parses tcp:// URLs; a malformed one is a setting error', () => {
    assert.deepEqual(parseTcpPrinterUrl('tcp://192.0.2.20:9100'), { host: '192.0.2.20', port: 9100 });
    assert.deepEqual(parseTcpPrinterUrl('tcp://[::1]:9100'), { host: '::1', port: 9100 });
    assert.equal(parseTcpPrinterUrl('/dev/ttyUSB0'), undefined);
    for (const bad of ['tcp://host', 'tcp://host:0', 'tcp://host:99999', 'tcp://:9100']) assert.equal(parseTcpPrinterUrl(bad), null, bad);
    assert.throws(() => applySetting(DEFAULT_TERMINAL_CONFIG, 'printer_port', 'tcp://printer'), (e: unknown) => e instanceof TerminalConfigError && /tcp:\/\/HOST:PORT/.test(e.message));
  });

  it('connects per job: status checks answered by the emulator, paper out seen, the connection closed after each job', async () => {
    const printer = new PrinterEmulator({ columns: 32, encoding: 'cp437' });
    const server = new PrinterTcpServer(printer);
    const addr = await server.listen();
    const closed: number[] = [];
    let allClosed!: () => void;
    const threeClosed = new Promise<void>((resolve) => (allClosed = resolve));
    server.on('closed', (c) => {
      closed.push(c.id);
      if (closed.length === 3) allClosed();
    });
    const np = new NetworkPrinter(addr, () => ({ connectMs: 1000, statusMs: 500 }));
    try {
      assert.equal((await np.job((port) => port.check())).condition, 'ready');
      printer.setFault({ kind: 'no-paper' });
      assert.equal((await np.job((port) => port.check())).condition, 'paper-out');
      printer.loadPaper();
      const printed = new Promise((resolve) => printer.onReceipt(resolve));
      await np.job((port) => port.print(Buffer.from('SLIP\n\x1dV\x00', 'latin1')));
      await printed;
      assert.equal(printer.journal()[0]!.receipt.text().trim(), 'SLIP');
      await threeClosed; // one connection per job, each closed by the terminal's side
      assert.deepEqual(closed, [1, 2, 3]);
    } finally {
      await server.close();
      await printer.stop();
    }
    await assert.rejects(np.job((port) => port.check()), /connect failed/, 'a printer that is gone: the job rejects (the terminal shows PRINTER OFFLINE)');
  });

  it('a job under way loses its connection when the terminal closes (its power cut): the printer serves the next connection at once', async () => {
    const printer = new PrinterEmulator({ columns: 32, encoding: 'cp437' });
    const server = new PrinterTcpServer(printer);
    const addr = await server.listen();
    const first = new Promise<number>((resolve) => server.once('closed', (c) => resolve(c.id)));
    const dead = new NetworkPrinter(addr, () => ({ connectMs: 1000, statusMs: 5000 }));
    let stalled!: () => void;
    const inJob = new Promise<void>((resolve) => (stalled = resolve));
    // The dying terminal's job never ends on its own: it waits far longer than the test.
    const job = dead.job(async () => {
      stalled();
      await new Promise((resolve) => setTimeout(resolve, 5000).unref());
    });
    try {
      await inJob;
      await dead.close();
      // The rebooted terminal's status check (its own 500 ms timeout) must not wait behind the dead connection.
      const reborn = new NetworkPrinter(addr, () => ({ connectMs: 1000, statusMs: 500 }));
      assert.equal((await reborn.job((port) => port.check())).condition, 'ready');
      assert.equal(await first, 1);
    } finally {
      job.catch(() => undefined);
      await server.close();
      await printer.stop();
    }
  });
});
