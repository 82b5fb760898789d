/**
 * `posbench emulate --profile NAME`: the profile's emulators on their own — issuer bank,
 * network proxy, printer (serial/PTY or TCP as the profile says), card reader — for a
 * physical terminal pointed at this machine, with the issuer's and the network's control
 * APIs and the live bench page (src/live/). It is the bench (src/bench/bench.ts) started
 * without a device under test. Once everything listens it prints ONE JSON line on stdout:
 *
 *   {"profile","host","printer","reader","page","issuer","control":{"issuer","network"},
 *    "placeholders":{"host.address","host.host","host.port","printer.path","reader.path"},
 *    "links":{…}, "command"?: [...], "terminal"?: {...}}
 *
 * `placeholders` are the values `dut.command`'s placeholders get on this bench (the same
 * function, src/dut/process.ts), so an external terminal is configured from one place; for
 * a `dut.run: process` profile `command` is that command, filled in, ready to start. An
 * in-process `mock` cable cannot reach another process: such links become PTY pairs (socat,
 * or the npm bridge with POSBENCH_PTY=npm). A `dut.run: external` terminal's ECR port is
 * attached at once when it answers (the page can attach one later), so the oracle can read
 * its journal. SIGINT / SIGTERM stop everything and exit 0.
 */
import type { Command } from 'commander';
import { Bench } from '../../bench/bench';
import { loadProfile, type HardwareProfile } from '../../bench/profile';
import { serveControlApi as serveIssuerApi } from '../../../emulators/issuer-bank';
import { serveControlApi as serveNetworkApi } from '../../../emulators/network';
import { commandPlaceholders, expandCommand } from '../../dut/process';
import { settingArgs } from '../../terminal/command-line';
import { StateDir } from '../../dut/state-dir';
import { formatHostPort, parseHostPort } from '../../util/address';
import type { HttpServerHandle } from '../../util/serve-http';
import { maskPansInText } from '../../util/mask';
import { serveLivePage } from '../../live/server';
import { stopOnSignals } from '../../util/standalone';
import type { EvidenceEvent } from '../../evidence/types';
import { integer } from '../dialect-options';

/** The placeholders that say where the terminal's peers are (the rest are the bench's own: node, project_root, state_dir, ecr.port). */
export const WIRING_PLACEHOLDERS = ['host.address', 'host.host', 'host.port', 'printer.path', 'reader.path'] as const;

export interface EmulateAddresses {
  profile: string;
  /** Where the terminal dials its acquirer host: the network proxy (or the issuer without one). */
  host: string;
  /** The terminal's printer port: a PTY or serial path, or tcp://HOST:PORT. */
  printer: string;
  /** The terminal's card-reader port. */
  reader: string;
  /** The live bench page (with ?token= when the profile sets one). */
  page: string;
  /** The issuer emulator itself (behind the proxy), when emulated. */
  issuer?: string;
  control: { issuer?: string; network?: string };
  placeholders: Record<(typeof WIRING_PLACEHOLDERS)[number], string>;
  links: { printer: string; reader: string; notes: string[] };
  /** dut.run process: the profile's command with these values filled in. */
  command?: string[];
  /** dut.run external: its ECR port, and whether it answered. */
  terminal?: { ecr: string; attached: boolean; error?: string };
}

export interface RunningEmulators {
  bench: Bench;
  addresses: EmulateAddresses;
  stop(): Promise<void>;
}

/** A profile as an external terminal needs it: in-process mock cables become PTY pairs, whose paths another process can open. */
export function forExternalTerminal(p: HardwareProfile): { profile: HardwareProfile; notes: string[] } {
  const notes: string[] = [];
  const viaPty = <L extends { kind: string }>(device: string, link: L): L => {
    if (link.kind !== 'mock') return link;
    notes.push(`${device}.link.kind mock is in-process only: a PTY pair stands in, so a terminal in another process can open it`);
    return { ...link, kind: 'pty' } as L;
  };
  return { profile: { ...p, printer: { ...p.printer, link: viaPty('printer', p.printer.link) }, reader: { ...p.reader, link: viaPty('reader', p.reader.link) } }, notes };
}

/** Evidence events an emulate session keeps in memory by default (the newest; every injection is kept): a bench left running for days would otherwise grow without bound. */
export const EMULATE_EVIDENCE_RETAIN = 50_000;

/** Start the emulators of `profileName` (a name in hardware-profiles/ or a path). Resolves once everything listens. `evidenceRetain` 0 keeps every event. */
export async function startEmulators(profileName: string, log?: (line: string) => void, evidenceRetain = EMULATE_EVIDENCE_RETAIN): Promise<RunningEmulators> {
  const { profile, notes } = forExternalTerminal(loadProfile(profileName));
  const bench = await Bench.start({ profile, scenario: 'posbench emulate', withoutDut: true, ...(evidenceRetain > 0 ? { evidenceRetain } : {}) });
  const handles: HttpServerHandle[] = [];
  let stateDir: StateDir | undefined;
  const show = (e: EvidenceEvent) => log?.(`${e.source.padEnd(8)} ${e.kind.padEnd(18)} ${maskPansInText(e.summary)}`);
  bench.timeline.all().forEach(show);
  const off = log ? bench.timeline.onEvent(show) : undefined;
  const stop = async () => {
    off?.();
    for (const h of handles.reverse()) await h.close().catch(() => undefined);
    await bench.stop();
    stateDir?.remove();
  };
  try {
    const serve = async (h: Promise<HttpServerHandle>) => {
      const handle = await h;
      handles.push(handle);
      return `http://${formatHostPort(handle.address)}`;
    };
    const control: EmulateAddresses['control'] = {};
    if (bench.issuer) control.issuer = await serve(serveIssuerApi(bench.issuer));
    if (bench.proxy) control.network = await serve(serveNetworkApi(bench.proxy));
    const page = await serveLivePage(bench, { host: profile.page.listen_host, port: profile.page.port, ...(profile.page.token ? { token: profile.page.token } : {}) });
    handles.push(page);
    const cfg = bench.terminalConfig;
    stateDir = profile.dut.run === 'process' ? new StateDir() : undefined;
    const vars = commandPlaceholders({ host: parseHostPort(cfg.hostAddress), printerPath: cfg.printerPort, readerPath: cfg.readerPort, stateDir: stateDir?.path ?? '' });
    const addresses: EmulateAddresses = {
      profile: profile.name,
      host: cfg.hostAddress,
      printer: cfg.printerPort,
      reader: cfg.readerPort,
      page: page.url,
      ...(bench.issuer?.boundAddress ? { issuer: formatHostPort(bench.issuer.boundAddress) } : {}),
      control,
      placeholders: Object.fromEntries(WIRING_PLACEHOLDERS.map((k) => [k, vars[k]!])) as EmulateAddresses['placeholders'],
      links: { printer: profile.printer.link.kind, reader: profile.reader.link.kind, notes },
    };
    if (profile.dut.run === 'process') addresses.command = [...expandCommand(profile.dut.command, vars, profile.file), ...settingArgs(bench.dutSettings)];
    if (profile.dut.run === 'external') {
      const ecr = { host: profile.dut.ecr.host, port: profile.dut.ecr.port };
      try {
        await bench.attachTerminal(ecr);
        addresses.terminal = { ecr: formatHostPort(ecr), attached: true };
      } catch (e) {
        addresses.terminal = { ecr: formatHostPort(ecr), attached: false, error: (e as Error).message };
      }
    }
    return { bench, addresses, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export function registerEmulate(program: Command): void {
  program
    .command('emulate')
    .description('run the profile\'s emulators for a physical terminal pointed at this machine, with the live bench page; prints every address as one JSON line; stops on Ctrl-C')
    .option('--profile <name>', 'hardware profile (a name in hardware-profiles/ or a path)', 'reference')
    .option('--verbose', 'print the bench timeline on stderr (card numbers masked)')
    .option('--evidence-retain <n>', 'evidence events kept in memory, the newest (every injection is kept); 0 keeps all', integer('--evidence-retain', 0, Number.MAX_SAFE_INTEGER), EMULATE_EVIDENCE_RETAIN)
    .action(async (o: { profile: string; verbose?: boolean; evidenceRetain: number }) => {
      const running = await startEmulators(o.profile, o.verbose ? (l) => process.stderr.write(`${l}\n`) : undefined, o.evidenceRetain);
      process.stdout.write(JSON.stringify(running.addresses) + '\n');
      stopOnSignals(running);
    });
}
