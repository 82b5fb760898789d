/**
 * Which checks `posbench doctor` runs for a profile, in order: the optional system parts,
 * the serial ports, the bench's emulators (src/bench, brought up without a device under
 * test so the doctor takes the terminal's seat on every link), each peripheral from the
 * terminal's side, the host (0800 echo), and last the terminal itself (ECR STATUS). A real
 * device is probed directly; an emulated one through the bench's own wiring, so an
 * emulated profile is checked the same way a physical bench is.
 */
import { Operator } from '../bench/operator';
import { Bench } from '../bench/bench';
import type { HardwareProfile } from '../bench/profile';
import { lineSettingsOf, splitHostPort, type Link } from '../bench/links';
import { parseHostPort, type HostPort } from '../util/address';
import type { Transport } from '../transports/types';
import { connectTcp, openSerial, portExists, printTestPage, probeEcrStatus, probeHostEcho, probePrinter, probeReader, release } from './probes';
import { systemChecks } from './system';
import type { CheckOutcome, DoctorContext, PlannedCheck } from './types';

type Device = 'printer' | 'reader';

/** The bench's link for a device; throws when the bench did not come up (the check is then skipped by `after`). */
function benchLink(ctx: DoctorContext, device: Device): Link {
  const link = ctx.bench?.linkOf(device);
  if (!link) throw new Error(`the bench has no ${device} link`);
  return link;
}

/** Run a probe on a transport the check opens and closes itself. */
async function withTransport(open: () => Promise<{ transport?: Transport; outcome: CheckOutcome }>, probe: (t: Transport) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  const { transport, outcome } = await open();
  if (!transport) return outcome;
  try {
    return await probe(transport);
  } finally {
    await release(transport);
  }
}

/** How the doctor reaches a device from the terminal's seat: opening the port itself (real) or the bench link's terminal end (emulated). */
function terminalSeat(profile: HardwareProfile, device: Device): { how: string; after: string[]; open?: (ctx: DoctorContext) => Promise<{ transport?: Transport; outcome: CheckOutcome }>; skip?: string } {
  const section = profile[device];
  const link = section.link;
  const key = `${device}.link`;
  // a tapped printer is reached like an emulated one: through the bench's end of the terminal's cable (and on through the tap)
  const benchEnd = section.emulated || (device === 'printer' && !!profile.printer.tap);
  if (!benchEnd) {
    if (link.kind === 'serial') return { how: `open ${link.path} at the profile's line settings`, after: [`${device}.open`], open: () => openSerial(link.path, lineSettingsOf(link), key) };
    if (link.kind === 'tcp' && link.address) {
      const address = link.address;
      return { how: `connect to ${address}`, after: [`${device}.connect`], open: (ctx) => connectTcp(splitHostPort(address), `${key}.address`, device, ctx.options.connectTimeoutMs) };
    }
    return { how: '', after: [], skip: `a real ${device} on a ${link.kind} link: the terminal holds its end, the doctor cannot reach it` };
  }
  if (link.kind === 'serial') {
    return { how: '', after: ['bench'], skip: `the ${section.emulated ? `${device} emulator` : 'printer tap'} is on the bench's end of ${link.path}; the terminal's end of that cable is in the terminal (a run checks it)` };
  }
  const baud = 'line' in link ? link.line.baud : undefined;
  return {
    how: `the terminal's end of the bench's ${link.kind} link${section.emulated ? '' : ', through the tap to the real printer'}`,
    after: ['bench'],
    open: async (ctx) => {
      const t = await benchLink(ctx, device).openTerminalSide(baud);
      return { transport: t, outcome: { status: 'pass', detail: t.description } };
    },
  };
}

function deviceChecks(profile: HardwareProfile): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  for (const device of ['printer', 'reader'] as const) {
    const section = profile[device];
    const link = section.link;
    const key = `${device}.link`;
    if (link.kind === 'serial') {
      out.push({ id: `${device}.port`, part: device, name: 'serial port exists', key: `${key}.path`, how: `${link.path} exists`, run: async () => portExists(link.path, `${key}.path`) });
      // real or under an emulator (the bench's end of a cable): the port must open with the profile's settings
      const line = lineSettingsOf(link);
      out.push({
        id: `${device}.open`,
        part: device,
        name: "opens with the profile's line settings",
        key: `${key}.line`,
        how: `open ${link.path} at ${line.baudRate} baud`,
        after: [`${device}.port`],
        run: () => withTransport(() => openSerial(link.path, line, `${key}.line`), async (t) => ({ status: 'pass', detail: t.description })),
      });
    }
    if (link.kind === 'tcp' && !section.emulated && link.address) {
      const address = link.address;
      out.push({ id: `${device}.connect`, part: device, name: 'reachable over TCP', key: `${key}.address`, how: `TCP connect to ${address}`, run: (ctx) => withTransport(() => connectTcp(splitHostPort(address), `${key}.address`, `network ${device}`, ctx.options.connectTimeoutMs), async () => ({ status: 'pass', detail: `${address} accepts connections` })) });
    }
  }
  const tap = profile.printer.tap;
  if (tap) {
    const line = lineSettingsOf(tap);
    out.push({ id: 'printer.tap.port', part: 'printer', name: "the tapped printer's port exists", key: 'printer.tap.path', how: `${tap.path} exists`, run: async () => portExists(tap.path, 'printer.tap.path') });
    out.push({
      id: 'printer.tap.answers',
      part: 'printer',
      name: 'the tapped printer answers DLE EOT',
      key: 'printer.tap',
      how: `open ${tap.path} at ${line.baudRate} baud (before the bench holds it) and ask DLE EOT 1, 4, 2`,
      after: ['printer.tap.port'],
      run: (ctx) => withTransport(() => openSerial(tap.path, line, 'printer.tap.line'), (t) => probePrinter(t, 'printer.tap', line.baudRate, ctx.options.answerTimeoutMs)),
    });
  }
  return out;
}

function answerChecks(profile: HardwareProfile, printTest: boolean): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  const baudOf = (d: Device) => ('line' in profile[d].link ? (profile[d].link as { line: { baud: number } }).line.baud : undefined);
  const printer = terminalSeat(profile, 'printer');
  const skipped = (reason: string) => async (): Promise<CheckOutcome> => ({ status: 'skip', detail: reason });
  const emulatedWord = (d: Device) => (profile[d].emulated ? ' (emulated)' : '');
  out.push({
    id: 'printer.answers',
    part: 'printer',
    name: `answers DLE EOT${emulatedWord('printer')}`,
    key: 'printer.link',
    how: printer.skip ?? `DLE EOT 1, 4, 2 (and 3) on ${printer.how}; expect a ready printer`,
    after: printer.after,
    run: printer.open ? (ctx) => withTransport(() => printer.open!(ctx), (t) => probePrinter(t, 'printer.link', baudOf('printer'), ctx.options.answerTimeoutMs)) : skipped(printer.skip!),
  });
  if (printTest) {
    out.push({
      id: 'printer.test-page',
      part: 'printer',
      name: 'prints a test page',
      key: 'printer.link',
      how: printer.skip ?? `ESC @, a test page with a ruler of ${profile.printer.columns} columns, GS V cut, then DLE EOT again`,
      after: ['printer.answers'],
      run: printer.open
        ? async (ctx) => {
            const outcome = await withTransport(() => printer.open!(ctx), (t) => printTestPage(t, profile, 'printer.link', ctx.options.answerTimeoutMs));
            const emulator = ctx.bench?.printer;
            if (outcome.status !== 'pass' || !emulator) return outcome;
            const page = emulator.journal().find((e) => e.receipt.text().includes('POSBENCH DOCTOR TEST PAGE'));
            return page?.complete ? { ...outcome, detail: `${outcome.detail}; the emulator printed it and cut` } : { status: 'fail', detail: 'the printer emulator did not print the test page whole', fix: 'see the emulator\'s evidence (posbench emulator printer --verbose)' };
          }
        : skipped(printer.skip!),
    });
  }
  const reader = terminalSeat(profile, 'reader');
  out.push({
    id: 'reader.answers',
    part: 'reader',
    name: `answers the reader protocol${emulatedWord('reader')}`,
    key: 'reader.link',
    how: reader.skip ?? `READ CARD with no card on ${reader.how}; expect an answer (NO_CARD)`,
    after: reader.after,
    run: reader.open ? (ctx) => withTransport(() => reader.open!(ctx), (t) => probeReader(t, 'reader.link', baudOf('reader'), ctx.options.answerTimeoutMs)) : skipped(reader.skip!),
  });
  return out;
}

/** A proxy listening on every address (listen_host 0.0.0.0 or ::) is dialled on loopback from here. */
function dialable(a: HostPort): HostPort {
  return a.host === '0.0.0.0' ? { ...a, host: '127.0.0.1' } : a.host === '::' ? { ...a, host: '::1' } : a;
}

function hostChecks(profile: HardwareProfile): PlannedCheck[] {
  const out: PlannedCheck[] = [];
  const timing = (ctx: DoctorContext) => ({ connectTimeoutMs: ctx.options.connectTimeoutMs, hostTimeoutMs: ctx.options.hostTimeoutMs });
  const after: string[] = [];
  if (!profile.issuer.emulated && profile.issuer.address) {
    const address: HostPort = parseHostPort(profile.issuer.address);
    out.push({ id: 'host.connect', part: 'host', name: 'reachable over TCP', key: 'issuer.address', how: `TCP connect to ${profile.issuer.address}`, run: (ctx) => withTransport(() => connectTcp(address, 'issuer.address', 'test host', ctx.options.connectTimeoutMs), async () => ({ status: 'pass', detail: `${profile.issuer.address} accepts connections` })) });
    out.push({ id: 'host.echo', part: 'host', name: 'answers an 0800 echo', key: 'issuer.address', how: `0800 echo (60.3 = 301) in dialect ${profile.issuer.dialect} to ${profile.issuer.address}`, after: ['host.connect'], run: (ctx) => probeHostEcho(address, profile, 'issuer.address', timing(ctx)) });
    after.push('host.echo');
  }
  if (profile.network.emulated || profile.issuer.emulated) {
    const via = profile.network.emulated ? `the network proxy${profile.issuer.emulated ? ' and the issuer emulator' : ' to the real host'}` : 'the issuer emulator';
    out.push({
      id: 'host.path',
      part: 'host',
      name: `the terminal's path to the host answers an 0800 echo`,
      key: profile.network.emulated ? 'network' : 'issuer',
      how: `0800 echo in dialect ${profile.issuer.dialect} to the address the terminal dials (${via})`,
      after: ['bench', ...after],
      run: (ctx) => probeHostEcho(dialable(parseHostPort(ctx.bench!.terminalConfig.hostAddress)), profile, profile.network.emulated ? 'network' : 'issuer', timing(ctx)),
    });
  }
  return out;
}

function terminalCheck(profile: HardwareProfile): PlannedCheck {
  const dut = profile.dut;
  if (dut.run === 'external') {
    return { id: 'terminal.ecr', part: 'terminal', name: 'answers ECR STATUS', key: 'dut.ecr', how: `ECR STATUS to ${dut.ecr.host}:${dut.ecr.port}`, run: (ctx) => probeEcrStatus({ host: dut.ecr.host, port: dut.ecr.port }, 'dut.ecr', ctx.options.hostTimeoutMs) };
  }
  if (dut.run === 'operator') {
    // No ECR to ask: what the bench needs is a person to key the terminal in (src/bench/operator-driver.ts).
    return {
      id: 'terminal.operator',
      part: 'terminal',
      name: 'has a person at the bench to key it in',
      key: 'dut.run',
      how: `no ECR on ${dut.model}: check that operator prompts can be answered (stdin and stdout a terminal)`,
      run: async () => {
        const why = new Operator({ evidence: { record: () => undefined } }).unavailable(`key in what the scenarios ask on ${dut.model}`);
        return why ? { status: 'skip', detail: `${why}: every scenario would be skipped` } : { status: 'pass', detail: `prompts go to this terminal; ${dut.model} is keyed in by hand (its journal cannot be read)` };
      },
    };
  }
  const key = dut.run === 'process' ? 'dut.command' : 'dut.run';
  return {
    id: 'terminal.ecr',
    part: 'terminal',
    name: 'starts and answers ECR STATUS',
    key,
    how: `start the ${dut.run === 'process' ? 'terminal process (dut.command)' : 'reference terminal in-process'} on the whole bench and ask ECR STATUS`,
    after: ['bench'],
    run: async (ctx) => {
      // The doctor's own bench (no terminal) goes first: the whole bench takes its place.
      await ctx.bench?.stop();
      ctx.bench = undefined;
      let bench: Bench;
      try {
        bench = await Bench.start({ profile, scenario: 'posbench doctor' });
      } catch (e) {
        return { status: 'fail', detail: `${key}: the terminal did not start: ${(e as Error).message}`, fix: dut.run === 'process' ? 'run dut.command by hand (with the placeholders filled in) and read what it prints; it must print POSBENCH_TERMINAL_READY when its ECR listens' : 'see the error above' };
      }
      try {
        const s = await bench.driver.status();
        return { status: 'pass', detail: `ECR STATUS answered: firmware ${s.firmware ? `${s.firmware.name} ${s.firmware.version}` : 'unknown'}, batch ${s.batch}, display "${s.display}"` };
      } catch (e) {
        return { status: 'fail', detail: `${key}: ECR STATUS failed: ${(e as Error).message}`, fix: 'the terminal started but does not answer on ECR (docs/ecr.md)' };
      } finally {
        await bench.stop();
      }
    },
  };
}

/** Everything the doctor checks for this profile, in order (the profile itself is checked before). */
export function planChecks(profile: HardwareProfile, options: { printTest?: boolean } = {}): PlannedCheck[] {
  const emulated: string[] = (['issuer', 'network', 'printer', 'reader'] as const).filter((p) => profile[p].emulated);
  if (profile.printer.tap) emulated.push('printer tap');
  const devices = deviceChecks(profile);
  const bench: PlannedCheck[] = emulated.length
    ? [
        {
          id: 'bench',
          part: 'bench',
          name: "the bench's emulators start",
          key: '',
          how: `bring up the emulated ${emulated.join(', ')} with src/bench (no device under test)`,
          after: devices.filter((c) => (c.id.endsWith('.open') && (profile[c.part as Device].emulated || (c.part === 'printer' && profile.printer.tap))) || c.id === 'printer.tap.answers').map((c) => c.id),
          run: async (ctx) => {
            ctx.bench = await Bench.start({ profile, scenario: 'posbench doctor', withoutDut: true });
            const at = [ctx.bench.proxy && `network proxy ${ctx.bench.terminalConfig.hostAddress}`, ctx.bench.issuer && 'issuer bank', ctx.bench.printer && `printer on ${ctx.bench.terminalConfig.printerPort}`, ctx.bench.tappedPrinter && `printer tap from ${ctx.bench.terminalConfig.printerPort} to ${profile.printer.tap?.path}`, ctx.bench.reader && `reader on ${ctx.bench.terminalConfig.readerPort}`].filter(Boolean);
            return { status: 'pass', detail: at.join(', ') };
          },
        },
      ]
    : [];
  return [...systemChecks(), ...devices, ...bench, ...answerChecks(profile, options.printTest ?? false), ...hostChecks(profile), terminalCheck(profile)];
}
