/**
 * The DUT contract (src/dut/types.ts), one test kit run against the kinds the bench can
 * start itself — the in-process reference terminal and the reference terminal as an OS
 * process — plus what `external` promises (it is never started, stopped or power-cycled).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { createDut, DUT_KINDS, DutError, DutUnsupportedError, type DeviceUnderTest, type DutProfile, type DutWiring } from '../../src/dut';
import { createMockSerialPair, PtyPair, type Transport } from '../../src/transports';
import { DEFAULT_TERMINAL_CONFIG } from '../../src/terminal/config';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { EcrTerminalDriver } from '../../src/bench/terminal-driver';
import { BorrowedTransport } from '../../src/bench/links/borrowed-transport';
import { changeCommandLine } from '../../src/dut/command-line-check';

const MAIN = ['{node}', '--import', 'tsx', '{project_root}/src/terminal/main.ts', '--host', '{host.address}', '--printer', '{printer.path}', '--reader', '{reader.path}', '--state-dir', '{state_dir}'];

/** True when something accepts TCP connections at host:port. */
function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

interface Kit {
  name: string;
  /** Build the wiring; `cleanup` releases the cables. */
  wiring(dut: DutProfile, timeline: EvidenceTimeline): Promise<{ wiring: DutWiring; cleanup(): Promise<void> }>;
  dut: DutProfile;
}

/** Ports for the in-process terminal: mock cables, the terminal's end lent when it opens it. */
async function mockWiring(dut: DutProfile, timeline: EvidenceTimeline) {
  const cables = [createMockSerialPair({ label: 'printer' }), createMockSerialPair({ label: 'reader' })];
  const ends = new Map<string, Transport>(cables.map(([a]) => [(a as unknown as { path: string }).path, a]));
  const [printerPath, readerPath] = [...ends.keys()];
  for (const pair of cables) for (const t of pair) await t.open();
  const wiring: DutWiring = {
    dut,
    settings: dut.settings,
    profileFile: 'contract.yaml',
    config: { ...DEFAULT_TERMINAL_CONFIG, printerPort: printerPath!, readerPort: readerPath!, hostAddress: '127.0.0.1:9' },
    host: { host: '127.0.0.1', port: 9 },
    evidence: timeline,
    openPort: async (path) => {
      const t = ends.get(path);
      if (!t) throw new Error(`Port does not exist: ${path}`);
      const lent = new BorrowedTransport(t); // the terminal reopens its ports on a power cycle
      await lent.open();
      return lent;
    },
  };
  return {
    wiring,
    cleanup: async () => {
      for (const pair of cables) for (const t of pair) await t.close().catch(() => undefined);
    },
  };
}

/** Ports for a terminal process: PTY pairs, the terminal opens one end by path. */
async function ptyWiring(dut: DutProfile, timeline: EvidenceTimeline) {
  const printer = await PtyPair.create();
  const reader = await PtyPair.create();
  const wiring: DutWiring = {
    dut,
    settings: dut.settings,
    profileFile: 'contract.yaml',
    config: { ...DEFAULT_TERMINAL_CONFIG, printerPort: printer.pathA, readerPort: reader.pathA, hostAddress: '127.0.0.1:9' },
    host: { host: '127.0.0.1', port: 9 },
    evidence: timeline,
    openPort: () => Promise.reject(new Error('a process opens its ports itself')),
  };
  return {
    wiring,
    cleanup: async () => {
      await printer.close();
      await reader.close();
    },
  };
}

const KITS: Kit[] = [
  { name: 'in-process', dut: { run: 'in-process', settings: { receipt_copies: 1 } }, wiring: mockWiring },
  { name: 'process', dut: { run: 'process', command: MAIN, ready_timeout_ms: 20000, settings: { receipt_copies: 1 } }, wiring: ptyWiring },
];

it('every DUT kind is covered here: the bench-started kinds by the kit, external and operator below', () => {
  assert.deepEqual([...KITS.map((k) => k.dut.run), 'external', 'operator'].sort(), [...DUT_KINDS].sort());
});

for (const kit of KITS) {
  describe(`DUT contract: ${kit.name}`, () => {
    const timeline = new EvidenceTimeline();
    let dut: DeviceUnderTest;
    let cleanup: () => Promise<void>;
    const driver = new EcrTerminalDriver(timeline, 10000);

    before(async () => {
      const w = await kit.wiring(kit.dut, timeline);
      cleanup = w.cleanup;
      dut = createDut(w.wiring);
    });
    after(async () => {
      await driver.close();
      await dut.stop();
      await cleanup();
    });

    it('is the kind the profile names, with no addresses before it starts', () => {
      assert.equal(dut.kind, kit.dut.run);
      assert.equal(dut.addresses, undefined);
    });

    it('start() resolves once it answers ECR, with its ECR address and a state directory', async () => {
      const a = await dut.start();
      assert.deepEqual(dut.addresses, a);
      assert.ok(a.ecr!.port > 0);
      assert.ok(a.stateDir && existsSync(a.stateDir), 'the state directory exists while it runs');
      await driver.connect(a.ecr!.host, a.ecr!.port);
      assert.equal((await driver.status()).signedOn, false);
      assert.equal(((await driver.request('getConfig')) as { receiptCopies: number }).receiptCopies, 1, 'profile settings reach the terminal');
    });

    it('restart() is a power cycle: a setting changed at run time survives, the ECR connection behaves as powerCycle says', async () => {
      await driver.setSetting('receipt_copies', '2');
      const before = dut.addresses!;
      if (dut.powerCycle === 'ecr-moves') await driver.close();
      const a = await dut.restart();
      assert.equal(a.stateDir, before.stateDir, 'the state directory is kept');
      if (dut.powerCycle === 'ecr-moves') await driver.connect(a.ecr!.host, a.ecr!.port);
      else assert.deepEqual(a.ecr, before.ecr);
      assert.equal(((await driver.request('getConfig')) as { receiptCopies: number }).receiptCopies, 2);
    });

    it('powerCut() pulls the plug: the ECR port is gone, what was stored stays; powerOn() boots from the same state directory', async () => {
      await driver.setSetting('receipt_copies', '3');
      const before = dut.addresses!;
      await dut.powerCut();
      assert.equal(dut.addresses, undefined, 'no addresses while the power is off');
      assert.equal(await listening(before.ecr!.host, before.ecr!.port), false, 'nothing answers on the ECR port without power');
      await driver.close();
      await assert.rejects(dut.powerCut(), (e: unknown) => e instanceof DutError && /no power to cut/.test(e.message));
      assert.ok(existsSync(before.stateDir!), 'the state directory outlives the cut');
      const a = await dut.powerOn();
      assert.equal(a.stateDir, before.stateDir);
      await driver.connect(a.ecr!.host, a.ecr!.port);
      assert.equal(((await driver.request('getConfig')) as { receiptCopies: number }).receiptCopies, 3, 'a setting stored before the cut survives it');
      await assert.rejects(dut.powerOn(), (e: unknown) => e instanceof DutError && /already has power/.test(e.message));
    });

    it('stop() closes the ECR port, removes the state directory, and may be called again', async () => {
      const a = dut.addresses!;
      await driver.close();
      await dut.stop();
      assert.equal(await listening(a.ecr!.host, a.ecr!.port), false, 'nothing listens on the old ECR port');
      assert.equal(existsSync(a.stateDir!), false);
      await dut.stop();
    });
  });
}

describe('DUT contract: process that cannot start', () => {
  it('a process that exits before it is ready fails start() with a DutError carrying its log', async () => {
    const timeline = new EvidenceTimeline();
    const w = await ptyWiring({ run: 'process', command: ['{node}', '-e', 'console.error("no licence for this firmware"); process.exit(3)'], ready_timeout_ms: 20000, settings: {} }, timeline);
    const dut = createDut(w.wiring);
    try {
      await assert.rejects(dut.start(), (e: unknown) => e instanceof DutError && /exited before it was ready \(code 3/.test(e.message) && /no licence/.test(e.message));
    } finally {
      await dut.stop();
      await w.cleanup();
    }
  });

  it('an unknown placeholder in dut.command names the file and the known placeholders', async () => {
    const w = await ptyWiring({ run: 'process', command: ['{node}', '{printer.port}'], ready_timeout_ms: 1000, settings: {} }, new EvidenceTimeline());
    const dut = createDut(w.wiring);
    try {
      await assert.rejects(dut.start(), (e: unknown) => e instanceof DutError && /contract\.yaml: dut\.command: unknown placeholder \{printer\.port\}/.test(e.message) && /\{printer\.path\}/.test(e.message));
    } finally {
      await dut.stop();
      await w.cleanup();
    }
  });
});

describe('DUT contract: external', () => {
  it('is already running: start() gives the profile address, restart() refuses, stop() leaves it alone', async () => {
    const timeline = new EvidenceTimeline();
    const inner = await mockWiring({ run: 'in-process', settings: {} }, timeline);
    const running = createDut(inner.wiring);
    const ecr = (await running.start()).ecr!;
    const dut = createDut({ ...inner.wiring, dut: { run: 'external', ecr, settings: {} } });
    try {
      assert.equal(dut.powerCycle, 'impossible');
      assert.deepEqual((await dut.start()).ecr, ecr);
      await assert.rejects(dut.restart(), (e: unknown) => e instanceof DutError && /cannot be power-cycled by the bench/.test(e.message));
      await assert.rejects(dut.powerCut(), (e: unknown) => e instanceof DutUnsupportedError && e.operation === 'power-cut' && e.kind === 'external' && /cannot cut an external terminal's power/.test(e.message));
      await assert.rejects(dut.powerOn(), (e: unknown) => e instanceof DutUnsupportedError && e.operation === 'power-on');
      await dut.stop();
      assert.equal(await listening(ecr.host, ecr.port), true, 'stopping the bench does not stop an external terminal');
    } finally {
      await running.stop();
      await inner.cleanup();
    }
  });
});

describe('DUT contract: operator', () => {
  it('has no ECR: start, restart and the power are prompts naming the addresses; nobody to ask → unattended at once', async () => {
    const timeline = new EvidenceTimeline();
    const inner = await mockWiring({ run: 'in-process', settings: {} }, timeline);
    const asked: string[] = [];
    let reply: { status: 'confirmed' } | { status: 'skipped'; reason: string } = { status: 'confirmed' };
    const dut = createDut({ ...inner.wiring, dut: { run: 'operator', model: 'ACME T1', settings: { receipt_copies: 2 } }, ask: async (a) => (asked.push(a), reply) });
    try {
      assert.equal(dut.kind, 'operator');
      const a = await dut.start();
      assert.equal(a.ecr, undefined, 'no ECR address');
      assert.match(asked[0]!, /^power on the terminal ACME T1, set its acquirer host address to 127\.0\.0\.1:9 and its printer cable to the bench's port \S+, with the settings receipt_copies = 2/);
      await dut.restart();
      await dut.powerCut();
      await dut.powerOn();
      assert.deepEqual(asked.slice(1).map((x) => x.split(' ').slice(0, 2).join(' ')), ['switch the', 'pull the', 'plug the']);
      reply = { status: 'skipped', reason: 'nobody here' };
      assert.deepEqual(await dut.start(), { unattended: 'nobody here' }, 'a run nobody attends: start resolves at once, saying why');
      await assert.rejects(dut.restart(), (e: unknown) => e instanceof DutError && /nobody here/.test(e.message));
      await dut.stop();
      await dut.stop();
    } finally {
      await inner.cleanup();
    }
  });
});

it('a command line changed: options appended, or one left out with its value; leaving out one it lacks names those it has', () => {
  const argv = ['node', 'main.ts', '--host', 'h:1', '--reader', '/dev/r', '--state-dir', '/s'];
  assert.deepEqual(changeCommandLine(argv, { add: ['--baud', '9600'] }), [...argv, '--baud', '9600']);
  assert.deepEqual(changeCommandLine(argv, { drop: '--reader' }), ['node', 'main.ts', '--host', 'h:1', '--state-dir', '/s']);
  assert.throws(() => changeCommandLine(argv, { drop: '--printer' }), /no option --printer to leave out \(it has --host --reader --state-dir\)/);
});
