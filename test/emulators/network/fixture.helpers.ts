import type { TestContext } from 'node:test';
import { NetworkProxy } from '../../../emulators/network';
import type { NetworkProxyOptions } from '../../../emulators/network';
import { EvidenceTimeline } from '../../../src/evidence/timeline';
import { StubIssuer, StubTerminal, cup } from './network.helpers';

export interface Fixture {
  issuer: StubIssuer;
  proxy: NetworkProxy;
  timeline: EvidenceTimeline;
  port: number;
  terminal(): Promise<StubTerminal>;
}

/** Issuer double + proxy in front of it (cup dialect, binary2), all closed when the test ends. */
export async function setup(t: TestContext, opts: Partial<NetworkProxyOptions> = {}): Promise<Fixture> {
  const issuer = new StubIssuer();
  const issuerPort = await issuer.start();
  const timeline = new EvidenceTimeline();
  const proxy = new NetworkProxy({ targetHost: '127.0.0.1', targetPort: issuerPort, dialect: cup, evidence: timeline, seed: 7, ...opts });
  const { port } = await proxy.start();
  const terminals: StubTerminal[] = [];
  t.after(async () => {
    for (const term of terminals) term.close();
    await proxy.stop();
    await issuer.stop();
  });
  return {
    issuer,
    proxy,
    timeline,
    port,
    terminal: async () => {
      const term = await StubTerminal.connect(port);
      terminals.push(term);
      return term;
    },
  };
}
