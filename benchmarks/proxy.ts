/**
 * bench:proxy — what the network fault proxy costs, and how exact its latency fault is.
 *
 * 1. 1 KB request / 1 KB response round trips over loopback TCP to an echo server, direct
 *    and through the proxy (no fault), interleaved in the same run; the proxy's added
 *    latency is p50(proxy) − p50(direct) and p99(proxy) − p99(direct).
 * 2. The same round trips with a 100 ms downstream latency fault: p99 of |RTT − 100 ms|.
 *
 * The last line printed is one JSON object: {"addedP50Ms", "addedP99Ms", "latencyFaultP99ErrorMs"}.
 * Targets: ≤ 0.2 ms, ≤ 1 ms, ≤ 2 ms. Env: PROXY_BENCH_N (round trips per path, default 3000),
 * PROXY_BENCH_LATENCY_N (round trips per connection with the latency fault, default 60),
 * PROXY_BENCH_LATENCY_CONNECTIONS (default 4).
 */
import net from 'node:net';
import os from 'node:os';
import { once } from 'node:events';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { NetworkProxy } from '../emulators/network';

const N = Number(process.env.PROXY_BENCH_N ?? 3000);
const WARMUP = 300;
const LATENCY_N = Number(process.env.PROXY_BENCH_LATENCY_N ?? 60);
const LATENCY_CONNECTIONS = Number(process.env.PROXY_BENCH_LATENCY_CONNECTIONS ?? 4);
const LATENCY_MS = 100;
const MESSAGE_BYTES = 1024;

/** Echo server: answers each complete 1 KB message with 1 KB. */
async function echoServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer({ noDelay: true }, (s) => {
    s.setNoDelay(true);
    let have = 0;
    const reply = Buffer.alloc(MESSAGE_BYTES, 0x52);
    s.on('data', (c: Buffer) => {
      have += c.length;
      while (have >= MESSAGE_BYTES) {
        have -= MESSAGE_BYTES;
        s.write(reply);
      }
    });
    s.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as net.AddressInfo).port };
}

/** A client that does one round trip at a time. */
class Client {
  private have = 0;
  private resolve: (() => void) | undefined;
  private readonly request = Buffer.alloc(MESSAGE_BYTES, 0x51);
  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (c: Buffer) => {
      this.have += c.length;
      if (this.have >= MESSAGE_BYTES && this.resolve) {
        this.have -= MESSAGE_BYTES;
        const r = this.resolve;
        this.resolve = undefined;
        r();
      }
    });
  }
  static async connect(port: number): Promise<Client> {
    const s = net.connect({ host: '127.0.0.1', port, noDelay: true });
    await once(s, 'connect');
    return new Client(s);
  }
  roundTrip(): Promise<number> {
    return new Promise((resolve) => {
      const start = performance.now();
      this.resolve = () => resolve(performance.now() - start);
      this.socket.write(this.request);
    });
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const echo = await echoServer();
  // binary2 as in production: the frame splitter runs over the (non-ISO) payload, part of the measured cost.
  const proxy = new NetworkProxy({ targetHost: '127.0.0.1', targetPort: echo.port, lengthHeader: 'binary2', seed: 1 });
  const { port } = await proxy.start();
  const direct = await Client.connect(echo.port);
  const proxied = await Client.connect(port);

  for (let i = 0; i < WARMUP; i++) {
    await direct.roundTrip();
    await proxied.roundTrip();
  }
  const d: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < N; i++) {
    // Interleave so both paths see the same machine conditions.
    if (i % 2 === 0) {
      d.push(await direct.roundTrip());
      p.push(await proxied.roundTrip());
    } else {
      p.push(await proxied.roundTrip());
      d.push(await direct.roundTrip());
    }
  }
  d.sort((a, b) => a - b);
  p.sort((a, b) => a - b);
  const directP50 = percentile(d, 50);
  const directP99 = percentile(d, 99);
  const proxyP50 = percentile(p, 50);
  const proxyP99 = percentile(p, 99);
  console.log(`machine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes inflate the p99 figures)`);
  console.log(`round trips of ${MESSAGE_BYTES} B, n=${N} each (interleaved, after ${WARMUP} warm-up)`);
  console.log(`  direct  p50 ${directP50.toFixed(3)} ms  p99 ${directP99.toFixed(3)} ms`);
  console.log(`  proxy   p50 ${proxyP50.toFixed(3)} ms  p99 ${proxyP99.toFixed(3)} ms`);

  proxy.addFault({ name: 'bench-latency', type: 'latency', stream: 'downstream', attributes: { latencyMs: LATENCY_MS } });
  // Several connections at once, staggered, so the run gets enough samples for a p99 in a few seconds.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const clients = await Promise.all(Array.from({ length: LATENCY_CONNECTIONS }, () => Client.connect(port)));
  const errors: number[] = [];
  const rtts: number[] = [];
  await Promise.all(
    clients.map(async (c, i) => {
      await new Promise((r) => setTimeout(r, (i * LATENCY_MS) / LATENCY_CONNECTIONS));
      for (let k = 0; k < LATENCY_N; k++) {
        const rtt = await c.roundTrip();
        rtts.push(rtt);
        errors.push(Math.abs(rtt - LATENCY_MS));
      }
    }),
  );
  for (const c of clients) c.socket.destroy();
  loopDelay.disable();
  errors.sort((a, b) => a - b);
  rtts.sort((a, b) => a - b);
  console.log(`latency fault ${LATENCY_MS} ms, n=${rtts.length} (${LATENCY_CONNECTIONS} connections × ${LATENCY_N}): RTT p50 ${percentile(rtts, 50).toFixed(3)} ms  p99 ${percentile(rtts, 99).toFixed(3)} ms  max ${rtts[rtts.length - 1]?.toFixed(3)} ms`);
  console.log(`  event loop delay during the run: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(3)} ms  max ${(loopDelay.max / 1e6).toFixed(3)} ms`);
  console.log(`  |RTT − ${LATENCY_MS}| p50 ${percentile(errors, 50).toFixed(3)} ms  p99 ${percentile(errors, 99).toFixed(3)} ms`);

  direct.socket.destroy();
  proxied.socket.destroy();
  await proxy.stop();
  await new Promise<void>((r) => echo.server.close(() => r()));

  const result = {
    addedP50Ms: round3(proxyP50 - directP50),
    addedP99Ms: round3(proxyP99 - directP99),
    latencyFaultP99ErrorMs: round3(percentile(errors, 99)),
  };
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
