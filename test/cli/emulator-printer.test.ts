/**
 * `posbench emulator printer`: the network printer on its own, spawned as a technician (or
 * `posbench emulate`) would: one JSON line with its address, each receipt shown with the card
 * number masked, clean stop on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { PROJECT_ROOT } from '../../src/util/project-root';

const PAN = '6210947000000021';

test('posbench emulator printer: JSON address line, receipts shown PAN-masked, status answered, SIGTERM stops it cleanly', async () => {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/posbench.js'), 'emulator', 'printer', '--port', '0', '--columns', '32', '--encoding', 'cp437'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (re: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const m = re.exec(stdout);
        if (m) {
          child.stdout.off('data', onData);
          resolve(m[0]);
        }
      };
      const onData = (b: Buffer) => {
        stdout += b.toString();
        check();
      };
      child.stdout.on('data', onData);
      void exited.then((code) => reject(new Error(`exited ${code} before ${re}: ${stderr}`)));
      check();
    });
  try {
    const first = await waitFor(/^.*\n/);
    const addr = JSON.parse(first) as { host: string; port: number; columns: number; encoding: string };
    assert.equal(addr.host, '127.0.0.1');
    assert.ok(addr.port > 0);
    assert.equal(addr.columns, 32);

    const pos = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: `tcp://${addr.host}:${addr.port}`, width: 32, characterSet: CharacterSet.PC437_USA });
    pos.println('CORNER SHOP');
    pos.println(`CARD ${PAN}`);
    pos.leftRight('TOTAL', '20.50');
    pos.cut();
    await pos.execute();
    const shown = await waitFor(/=== receipt 1 ===\n[\s\S]*TOTAL[^\n]*\n/);
    assert.match(shown, /CORNER SHOP/);
    assert.match(shown, /CARD 621094\*+0021/);
    assert.ok(!stdout.includes(PAN), 'the full card number never reaches the output');

    const status = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: `tcp://${addr.host}:${addr.port}` }) as ThermalPrinter & { getStatus(): Promise<void> };
    await status.getStatus();
    assert.deepEqual([...((await status.execute({ waitForResponse: true })) as unknown as Buffer)], [0x00]);

    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.equal(await status.isPrinterConnected(), false, 'the port is closed once stopped');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
