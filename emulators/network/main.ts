/**
 * Run the network fault proxy on its own, with its Toxiproxy-compatible control API:
 *   posbench emulator network --listen PORT|HOST:PORT --upstream HOST:PORT [--control-port N] [options]
 *   (or node --import tsx emulators/network/main.ts …)
 * Dialect flags (src/cli/dialect-options.ts) tell the message faults how to read the
 * traffic; --length-header none leaves only Toxiproxy's byte-level toxics. More proxies can
 * be added through the API (POST /proxies, /populate). Prints one JSON line
 * {"name", "host", "port", "upstream", "controlHost", "controlPort"} once listening, and
 * stops cleanly on SIGINT / SIGTERM. Evidence goes to stderr, one line per event, when --verbose.
 */
import { Command } from 'commander';
import { addDialectOptions, dialectFromCli, integer, type DialectCliOptions } from '../../src/cli/dialect-options';
import { formatHostPort } from '../../src/util/address';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { serveControlApi, type ControlApiHandle } from './control-api';
import { ProxyRegistry, type ProxyDefaults } from './registry';
import { runStandalone } from '../../src/util/standalone';

export interface NetworkCliOptions extends DialectCliOptions {
  listen: string;
  upstream: string;
  name: string;
  controlHost: string;
  controlPort: number;
  seed: number;
  hostTimeoutMs?: number;
  verbose: boolean;
}

/** A running stand-alone proxy: the registry (its first proxy made from the flags) and the API around it. */
export interface RunningNetwork {
  registry: ProxyRegistry;
  controlApi: ControlApiHandle;
  /** Close the control API, then every proxy. */
  stop(): Promise<void>;
}

export function networkCommand(): Command {
  return addDialectOptions(new Command().name('network').exitOverride(), 'binary2 (default), ascii4, or none (byte-level toxics only)')
    .requiredOption('--listen <addr>', 'where terminals connect: PORT (on 127.0.0.1) or HOST:PORT')
    .requiredOption('--upstream <addr>', 'the host behind the proxy: HOST:PORT')
    .option('--name <name>', "the proxy's name in the API (/proxies/NAME)", 'issuer')
    .option('--control-host <addr>', 'control API address', '127.0.0.1')
    .option('--control-port <n>', "control API port (0 = free; Toxiproxy's is 8474)", integer('--control-port', 0, 65535), 0)
    .option('--seed <n>', 'seed of toxicity draws, jitter and slicing', integer('--seed', 0, 2 ** 31 - 1), 1)
    .option('--host-timeout-ms <n>', "the terminal's host timeout, for hold_response", integer('--host-timeout-ms', 0, 2 ** 31 - 1))
    .option('--verbose', 'print evidence to stderr', false);
}

export async function runNetworkCli(argv: string[]): Promise<RunningNetwork> {
  const o = networkCommand().parse(argv, { from: 'user' }).opts<NetworkCliOptions>();
  const lengthHeader = o.lengthHeader ?? 'binary2';
  const defaults: ProxyDefaults = { lengthHeader, dialect: dialectFromCli(o, lengthHeader), seed: o.seed };
  if (o.hostTimeoutMs !== undefined) defaults.hostTimeoutMs = o.hostTimeoutMs;
  if (o.verbose) {
    const timeline = new EvidenceTimeline();
    timeline.onEvent((e) => process.stderr.write(`${e.at} ${e.kind.padEnd(22)} ${e.summary}\n`));
    defaults.evidence = timeline;
  }
  const registry = new ProxyRegistry(defaults);
  const listen = /^\d+$/.test(o.listen) ? `127.0.0.1:${o.listen}` : o.listen;
  const proxy = await registry.create({ name: o.name, listen, upstream: o.upstream });
  let controlApi: ControlApiHandle;
  try {
    controlApi = await serveControlApi(registry, { host: o.controlHost, port: o.controlPort });
  } catch (err) {
    await registry.close();
    throw err;
  }
  const at = proxy.address;
  const api = controlApi.address;
  process.stdout.write(JSON.stringify({ name: proxy.name, host: at.host, port: at.port, upstream: formatHostPort(proxy.target), controlHost: api.host, controlPort: api.port }) + '\n');
  return {
    registry,
    controlApi,
    stop: async () => {
      await controlApi.close();
      await registry.close();
    },
  };
}

if (require.main === module) runStandalone('network', () => runNetworkCli(process.argv.slice(2)));
