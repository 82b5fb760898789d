/**
 * A physical bench where the bench's printer emulator sits on a real serial port (the far
 * end of the cable to the terminal's printer port): `printer.link.kind: serial` with
 * `emulated: true`. A PTY pair plays the cable; the reference terminal plays the
 * terminal, started on the other end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyPair } from '../../src/transports';
import { Bench } from '../../src/bench/bench';
import { loadProfile } from '../../src/bench/profile';

test('an emulated printer on a real serial port: the bench opens its side of the cable and the slip arrives', async () => {
  const cable = await PtyPair.create();
  const dir = mkdtempSync(join(tmpdir(), 'posbench-serial-bench-'));
  const file = join(dir, 'serial-printer.yaml');
  writeFileSync(
    file,
    `name: serial-printer
dut:
  run: process
  command: ["{node}", "--import", "tsx", "{project_root}/src/terminal/main.ts", "--host", "{host.address}", "--printer", "${cable.pathB}", "--reader", "{reader.path}", "--state-dir", "{state_dir}"]
  settings: { host_timeout_ms: 1500, card_wait_timeout_ms: 5000 }
issuer: { emulated: true, dialect: cup }
network: { emulated: true }
printer:
  emulated: true
  link: { kind: serial, path: "${cable.pathA}", line: { baud: 38400 } }
  columns: 32
  encoding: gb18030
reader:
  emulated: true
  link: { kind: pty, line: { baud: 115200 } }
`,
  );
  let bench: Bench | undefined;
  try {
    bench = await Bench.start({ profile: loadProfile(file), scenario: 'serial printer' });
    assert.equal((await bench.driver.signOn()).ok, true);
    const sale = bench.driver.sale(1234);
    await bench.waitForDisplay(/PRESENT CARD/);
    await bench.presentCard('UNIONPAY_CHIP');
    const r = await sale;
    assert.equal(r.outcome, 'approved', JSON.stringify(r));
    assert.equal((await bench.completeReceipts()).length, 1, `no slip reached the emulator on the serial port; the terminal shows "${r.display}"`);
  } finally {
    await bench?.stop();
    await cable.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
