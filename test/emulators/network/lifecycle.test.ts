import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { NetworkProxy } from '../../../emulators/network';
import { ProxyStateError } from '../../../emulators/network/types';

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect({ port, host: '127.0.0.1' });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

test('a start that cannot listen leaves the proxy stopped: no address, and start() can be tried again', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const port = (blocker.address() as net.AddressInfo).port;
  const proxy = new NetworkProxy({ targetHost: '127.0.0.1', targetPort: 1, listenPort: port });
  try {
    await assert.rejects(proxy.start(), ProxyStateError);
    assert.throws(() => proxy.address, ProxyStateError, 'a proxy that never listened has no address');
    await new Promise<void>((r) => blocker.close(() => r()));
    assert.equal((await proxy.start()).port, port, 'the port is free now: start() works');
  } finally {
    blocker.close();
    await proxy.stop();
  }
});

test('the network coming back up while stop() runs does not leave a listener behind', async () => {
  const proxy = new NetworkProxy({ targetHost: '127.0.0.1', targetPort: 1 });
  const { port } = await proxy.start();
  proxy.addFault({ type: 'down', name: 'cut' });
  await proxy.settled();
  const stopping = proxy.stop();
  proxy.removeFault('cut'); // e.g. a control-API reset arriving during teardown
  await stopping;
  await proxy.settled();
  const listening = await connects(port);
  // (on failure, close the leaked listener so the test process can exit and report)
  if (listening) (proxy as unknown as { server?: net.Server }).server?.close();
  assert.equal(listening, false, 'nothing listens on the port of a stopped proxy');
});
