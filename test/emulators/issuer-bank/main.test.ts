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

test('the CLI offers every wire option of the codec, and a bad value names its flag', async () => {
  const { issuerCommand, issuerDialect, runIssuerCli } = await import('../../../emulators/issuer-bank/main');
  const parse = (...argv: string[]) => issuerCommand().parse(argv, { from: 'user' }).opts<Parameters<typeof issuerDialect>[0]>();
  const bare = issuerDialect(parse('--dialect', 'cup', '--tpdu-length', '0', '--header-length', '0'));
  const packed = bare.pack({ mti: '0800', fields: { 11: '000001', 60: '00000001003' } });
  assert.equal(packed.subarray(0, 2).toString('hex'), '0800', 'no TPDU, no header: the MTI comes first');
  const binary = issuerDialect(parse('--dialect', 'ascii87', '--bitmap', 'binary', '--binary-fields', 'hex', '--length-header', 'ascii4'));
  assert.equal(binary.lengthHeader, 'ascii4');
  assert.equal(binary.pack({ mti: '0800', fields: { 11: '000001' } }).length, 4 + 8 + 6, 'ASCII MTI, 8-byte bitmap, field 11');
  assert.throws(() => issuerDialect(parse('--length-header', 'none')), /--length-header.*needs a length header/);
  assert.throws(() => parse('--bitmap', 'octal'), /--bitmap is one of hex, binary, not "octal"/);
  assert.throws(() => parse('--tpdu-length', '99'), /--tpdu-length is an integer from 0 to 64/);
  assert.throws(() => parse('--mac-key', 'abc'), /--mac-key is 32 hex digits/);
  await assert.rejects(runIssuerCli(['--mac-key', '11'.repeat(16)]), /--pin-key.*go together/);
  const running = await runIssuerCli(['--mac-key', '11'.repeat(16), '--pin-key', '22'.repeat(16), '--terminal-ids', 'T1,T2', '--mac-failure-code', 'Z9']);
  try {
    assert.deepEqual(running.issuer.keysFor('T1'), { macKey: Buffer.alloc(16, 0x11), pinKey: Buffer.alloc(16, 0x22) }, 'the working keys of every terminal');
  } finally {
    await running.stop();
  }
});
