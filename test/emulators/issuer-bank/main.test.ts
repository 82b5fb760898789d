import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sale, TestClient } from './issuer.helpers';

test('the standalone runner prints its addresses, serves terminals and the control API, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulators/issuer-bank/main.ts', '--seed', '9'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
    });
    const addr = JSON.parse(line) as { host: string; port: number; controlHost: string; controlPort: number };
    assert.equal(addr.controlHost, '127.0.0.1');
    const c = await TestClient.connect(addr.port);
    assert.equal((await c.request(sale(1234))).fields[39], '00');
    await c.close();
    const ledger = (await (await fetch(`http://127.0.0.1:${addr.controlPort}/ledger`)).json()) as { holds: Array<{ amountMinor: number }> };
    assert.deepEqual(ledger.holds.map((h) => h.amountMinor), [1234]);
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
