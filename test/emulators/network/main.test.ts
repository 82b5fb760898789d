/** `posbench emulator network`: the proxy stand-alone, spawned as a stranger would run it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Toxiproxy, type Latency } from 'toxiproxy-node-client';
import { StubIssuer, StubTerminal, cup, request } from './network.helpers';
import { startStandalone } from '../../cli/emulator.helpers';

test('posbench emulator network: prints its addresses, proxies to the upstream, serves the Toxiproxy API, stops on SIGINT', async (t) => {
  const issuer = new StubIssuer();
  const upstreamPort = await issuer.start();
  t.after(() => issuer.stop());
  const proxy = await startStandalone<{ name: string; host: string; port: number; upstream: string; controlHost: string; controlPort: number }>('network', ['--listen', '0', '--upstream', `127.0.0.1:${upstreamPort}`, '--control-port', '0', '--dialect', 'cup']);
  try {
    const addr = proxy.address;
    assert.deepEqual([addr.name, addr.host, addr.upstream, addr.controlHost], ['issuer', '127.0.0.1', `127.0.0.1:${upstreamPort}`, '127.0.0.1']);

    const term = await StubTerminal.connect(addr.port);
    t.after(() => term.close());
    term.send(request('000001'));
    assert.equal(cup.unpack((await term.next()).body).fields[11], '000001', 'proxied to the upstream');

    const client = new Toxiproxy(`http://127.0.0.1:${addr.controlPort}`);
    const api = await client.get('issuer');
    assert.equal(api.listen, `127.0.0.1:${addr.port}`);
    await api.addToxic<Latency>({ name: 'lag', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 80, jitter: 0 } });
    const sent = term.send(request('000002'));
    const reply = await term.next();
    assert.ok(reply.at - sent >= 75, `the toxic added through the API delays the answer (${(reply.at - sent).toFixed(1)} ms)`);

    assert.deepEqual(await proxy.stop('SIGINT'), [0, null], 'stops cleanly on SIGINT');
  } finally {
    await proxy.stop('SIGKILL');
  }
});

test('posbench emulator network: a bad address or flag value names what is wrong', async () => {
  const { runNetworkCli } = await import('../../../emulators/network/main');
  await assert.rejects(runNetworkCli(['--listen', 'nowhere', '--upstream', '127.0.0.1:1']), /proxy listen: address "nowhere": expected host:port/);
  await assert.rejects(runNetworkCli(['--listen', '0', '--upstream', '127.0.0.1:99999']), /proxy upstream: .*port "99999"/);
  await assert.rejects(runNetworkCli(['--listen', '0', '--upstream', '127.0.0.1:1', '--length-header', 'binary4']), /--length-header is one of none, binary2, ascii4/);
});
