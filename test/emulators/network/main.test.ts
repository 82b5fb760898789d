/** `posbench emulator network`: the proxy stand-alone, spawned as a stranger would run it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Toxiproxy, type Latency } from 'toxiproxy-node-client';
import { StubIssuer, StubTerminal, cup, request } from './network.helpers';

test('posbench emulator network: prints its addresses, proxies to the upstream, serves the Toxiproxy API, stops on SIGINT', async (t) => {
  const issuer = new StubIssuer();
  const upstreamPort = await issuer.start();
  t.after(() => issuer.stop());
  const child = spawn(process.execPath, ['bin/posbench.js', 'emulator', 'network', '--listen', '0', '--upstream', `127.0.0.1:${upstreamPort}`, '--control-port', '0', '--dialect', 'cup'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
    });
    const addr = JSON.parse(line) as { name: string; host: string; port: number; upstream: string; controlHost: string; controlPort: number };
    assert.deepEqual([addr.name, addr.host, addr.upstream, addr.controlHost], ['issuer', '127.0.0.1', `127.0.0.1:${upstreamPort}`, '127.0.0.1']);

    const term = await StubTerminal.connect(addr.port);
    t.after(() => term.close());
    term.send(request('000001'));
    assert.equal(cup.unpack((await term.next()).body).fields[11], '000001', 'proxied to the upstream');

    const client = new Toxiproxy(`http://127.0.0.1:${addr.controlPort}`);
    const proxy = await client.get('issuer');
    assert.equal(proxy.listen, `127.0.0.1:${addr.port}`);
    await proxy.addToxic<Latency>({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 80, jitter: 0 } });
    const sent = term.send(request('000002'));
    const reply = await term.next();
    assert.ok(reply.at - sent >= 75, `the toxic added through the API delays the answer (${(reply.at - sent).toFixed(1)} ms)`);

    const exited = once(child, 'exit');
    child.kill('SIGINT');
    assert.deepEqual(await exited, [0, null], 'stops cleanly on SIGINT');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('posbench emulator network: a bad address or flag value names what is wrong', async () => {
  const { runNetworkCli } = await import('../../../emulators/network/main');
  await assert.rejects(runNetworkCli(['--listen', 'nowhere', '--upstream', '127.0.0.1:1']), /proxy listen: address "nowhere": expected host:port/);
  await assert.rejects(runNetworkCli(['--listen', '0', '--upstream', '127.0.0.1:99999']), /proxy upstream: .*port "99999"/);
  await assert.rejects(runNetworkCli(['--listen', '0', '--upstream', '127.0.0.1:1', '--length-header', 'binary4']), /--length-header is one of none, binary2, ascii4/);
});
