/**
 * `posbench emulate` as a technician runs it, in a child process: one JSON line once
 * everything listens, every address in it reachable, the placeholders equal to the
 * addresses, the npm PTY path (POSBENCH_PTY=npm, as on a machine without socat), and a
 * clean stop on SIGINT and SIGTERM — nothing left listening, no PTY link, no state folder.
 * A `dut.run: process` profile prints its command filled in: started as printed, the
 * reference terminal sells through the emulators.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT } from '../../src/util/project-root';
import { parseHostPort } from '../../src/util/address';
import { READY_MARKER } from '../../src/terminal/main';
import { EcrTerminalDriver } from '../../src/bench/terminal-driver';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import type { EmulateAddresses } from '../../src/cli/commands/emulate';
import { getJson, postJson, untilDisplay } from '../live/live.helpers';

interface Emulate {
  a: EmulateAddresses;
  child: ChildProcess;
  stderr: () => string;
}

async function emulate(profile: string, env: Record<string, string> = {}): Promise<Emulate> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'posbench.js'), 'emulate', '--profile', profile], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`posbench emulate exited ${code} before listening: ${err}`)));
  });
  return { a: JSON.parse(first) as EmulateAddresses, child, stderr: () => err };
}

/** Whether something accepts TCP connections at host:port. */
function listening(address: string): Promise<boolean> {
  const { host, port } = parseHostPort(address.replace(/^(tcp|http):\/\//, '').replace(/\/.*$/, ''));
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function stop(e: Emulate, signal: NodeJS.Signals): Promise<[number | null, NodeJS.Signals | null]> {
  const exited = once(e.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  e.child.kill(signal);
  return exited;
}

for (const [profile, signal] of [
  ['reference', 'SIGINT'],
  ['reference-netprinter', 'SIGTERM'],
] as const) {
  test(`emulate --profile ${profile} (npm PTYs): one JSON line, everything listening, then ${signal} leaves nothing open`, async () => {
    const e = await emulate(profile, { POSBENCH_PTY: 'npm' });
    const { a } = e;
    try {
      assert.equal(a.profile, profile);
      assert.match(a.page, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'the page is on loopback unless the profile says otherwise');
      assert.deepEqual(a.placeholders, { 'host.address': a.host, 'host.host': parseHostPort(a.host).host, 'host.port': String(parseHostPort(a.host).port), 'printer.path': a.printer, 'reader.path': a.reader });
      assert.equal(a.links.reader, 'pty');
      assert.equal(a.links.printer, profile === 'reference' ? 'pty' : 'tcp');
      assert.ok(existsSync(a.reader), `the reader's PTY ${a.reader} exists`);
      if (profile === 'reference') assert.ok(existsSync(a.printer), `the printer's PTY ${a.printer} exists`);
      else assert.match(a.printer, /^tcp:\/\/127\.0\.0\.1:\d+$/);
      const tcp = [a.host, a.issuer!, a.control.issuer!, a.control.network!, a.page, ...(a.printer.startsWith('tcp://') ? [a.printer] : [])];
      for (const addr of tcp) assert.equal(await listening(addr), true, `${addr} listens`);
      assert.equal((await getJson<{ status: string }>(a.control.issuer!, '/health')).body.status, 'ok');
      assert.match((await getJson<{ version: string }>(a.control.network!, '/version')).body.version, /posbench/);
      assert.equal((await getJson<{ profile: string }>(a.page, '/api/state')).body.profile, profile);

      assert.deepEqual(await stop(e, signal), [0, null], e.stderr());
      for (const addr of tcp) assert.equal(await listening(addr), false, `${addr} is closed after ${signal}`);
      assert.equal(existsSync(a.reader), false, 'the reader PTY link is gone');
      if (profile === 'reference') assert.equal(existsSync(a.printer), false, 'the printer PTY link is gone');
    } finally {
      if (e.child.exitCode === null) e.child.kill('SIGKILL');
    }
  });
}

test('emulate --profile reference-pty prints the dut.command filled in: started as printed, the terminal sells through the emulators', async () => {
  const e = await emulate('reference-pty');
  const { a } = e;
  let terminal: ChildProcess | undefined;
  try {
    const command = a.command!;
    assert.ok(command, 'a process profile gets its command');
    for (const [flag, value] of [['--host', a.host], ['--printer', a.printer], ['--reader', a.reader]]) assert.equal(command[command.indexOf(flag) + 1], value, flag);
    const stateDir = command[command.indexOf('--state-dir') + 1]!;
    assert.ok(existsSync(stateDir), 'the state folder is made for it');
    terminal = spawn(command[0]!, command.slice(1), { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<string>((resolve, reject) => {
      createInterface({ input: terminal!.stdout! }).on('line', (l) => l.startsWith(READY_MARKER) && resolve(l));
      terminal!.once('exit', (code) => reject(new Error(`the terminal exited ${code}`)));
    });
    const ecr = JSON.parse(ready.slice(READY_MARKER.length)) as { ecrHost: string; ecrPort: number };
    const seen = new EvidenceTimeline();
    const cashier = new EcrTerminalDriver(seen);
    await cashier.connect(ecr.ecrHost, ecr.ecrPort);
    try {
      assert.equal((await postJson(a.page, '/api/terminal', { ecr: `${ecr.ecrHost}:${ecr.ecrPort}` })).status, 200);
      assert.equal((await cashier.signOn()).ok, true);
      const sale = cashier.sale(4200);
      await untilDisplay({ ecr: '', till: cashier, seen, stop: async () => undefined }, /PRESENT CARD/);
      assert.equal((await postJson(a.page, '/api/controls/reader.present', { card: 'UNIONPAY_CHIP' })).status, 200);
      assert.equal((await sale).outcome, 'approved');
      const receipts = await getJson<Array<{ complete: boolean }>>(a.page, '/api/receipts');
      assert.deepEqual(receipts.body.map((r) => r.complete), [true]);
      assert.equal((await getJson<{ state: string }>(a.page, '/api/verdict')).body.state, 'in-sync');
    } finally {
      await cashier.close();
    }
    const gone = once(terminal, 'exit');
    terminal.kill('SIGTERM');
    await gone;
    assert.deepEqual(await stop(e, 'SIGTERM'), [0, null], e.stderr());
    assert.equal(existsSync(stateDir), false, 'the state folder is removed on stop');
  } finally {
    if (terminal && terminal.exitCode === null && terminal.signalCode === null) terminal.kill('SIGKILL');
    if (e.child.exitCode === null) e.child.kill('SIGKILL');
  }
});
