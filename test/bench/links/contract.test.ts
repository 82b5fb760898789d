/**
 * The link classes (src/bench/links/): each kind makes a cable whose terminal end and bench
 * end carry bytes both ways, lends the terminal its end again after the terminal closed it,
 * and releases everything on close.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createLink, LINK_KINDS, LinkError, SerialLink, type Link } from '../../../src/bench/links';
import { PtyPair, SerialTransport, type Transport } from '../../../src/transports';

const LINE = { baud: 38400, data_bits: 8, parity: 'none', stop_bits: 1 } as const;

async function oneChunk(t: Transport): Promise<Buffer> {
  const [chunk] = (await once(t, 'data')) as [Buffer];
  return chunk;
}

const CABLES = ['mock', 'pty'] as const;

it('every link kind is covered here: the cables the bench makes by the kit, serial below, tcp in tcp.test.ts', () => {
  assert.deepEqual([...CABLES, 'serial', 'tcp'].sort(), [...LINK_KINDS].sort());
});

for (const kind of CABLES) {
  describe(`${kind} link`, () => {
    it('has no path or bench end before open()', () => {
      const link = createLink({ kind, line: LINE }, 'printer', true);
      assert.equal(link.kind, kind);
      assert.throws(() => link.path, LinkError);
      assert.throws(() => link.benchSide, LinkError);
    });

    it('carries bytes both ways, lends the terminal its end again after it closed it, and closes twice', async () => {
      const link: Link = createLink({ kind, line: LINE }, 'printer', true);
      await link.open();
      try {
        assert.equal(link.lineSettings.baudRate, 38400);
        assert.ok(link.benchSide.isOpen, 'the bench end is open');
        for (const round of [1, 2]) {
          const terminal = await link.openTerminalSide(38400);
          const toBench = oneChunk(link.benchSide);
          await terminal.write(Buffer.from(`receipt ${round}`));
          assert.equal((await toBench).toString(), `receipt ${round}`);
          const toTerminal = oneChunk(terminal);
          await link.benchSide.write(Buffer.from([0x12]));
          assert.deepEqual([...(await toTerminal)], [0x12]);
          await terminal.close(); // firmware reopening its port must not cut the cable
          assert.ok(link.benchSide.isOpen);
        }
      } finally {
        const path = link.path;
        await link.close();
        await link.close();
        if (kind === 'pty') assert.equal(existsSync(path), false, 'the PTY link is gone after close');
      }
    });
  });
}

describe('serial link', () => {
  it('with the device emulated the bench opens the port and the emulator hears the terminal on the far end', async () => {
    const cable = await PtyPair.create(); // plays the real cable: the terminal on B, the bench on A
    const link = createLink({ kind: 'serial', path: cable.pathA, line: LINE }, 'printer', true);
    assert.ok(link instanceof SerialLink);
    const terminal = new SerialTransport({ path: cable.pathB });
    try {
      await link.open();
      assert.equal(link.path, cable.pathA);
      assert.ok(link.benchSide.isOpen);
      await terminal.open();
      const got = oneChunk(link.benchSide);
      await terminal.write(Buffer.from('slip'));
      assert.equal((await got).toString(), 'slip');
      await assert.rejects(link.openTerminalSide(), (e: unknown) => e instanceof LinkError && /Port does not exist/.test(e.message));
    } finally {
      await terminal.close();
      await link.close();
      await cable.close();
    }
  });

  it('with the device real the bench leaves the port to the terminal', async () => {
    const link = createLink({ kind: 'serial', path: '/dev/posbench-no-such-port', line: LINE }, 'reader', false);
    await link.open(); // would fail if it opened the (missing) port
    assert.equal(link.benchSide.isOpen, false);
    await link.close();
  });
});
