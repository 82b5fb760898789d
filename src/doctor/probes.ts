/**
 * The probes `posbench doctor` runs from the terminal's seat: open a serial port with the
 * profile's line settings, ask a printer DLE EOT (and print a test page), ask a card reader
 * for a card, send a host an 0800 echo, ask a terminal ECR STATUS. Each returns an outcome
 * with the likely fix for a failure, naming the profile key it is about.
 */
import { existsSync } from 'node:fs';
import { PrinterPort } from '../terminal/printer-port';
import { exchange } from '../terminal/host-link';
import { ReaderClient, ReaderError } from '../protocols/reader';
import { getDialect } from '../protocols/iso8583';
import { SerialTransport, TcpTransport } from '../transports';
import { formatLineSettings } from '../transports/serial';
import type { LineSettings, Transport } from '../transports/types';
import { EcrTerminalDriver } from '../bench/terminal-driver';
import { nullEvidence } from '../evidence/types';
import { DEFAULT_TERMINAL_CONFIG, applySettings } from '../terminal/config';
import { formatHostPort, type HostPort } from '../util/address';
import type { HardwareProfile } from '../bench/profile';
import type { CheckOutcome } from './types';

const BY_ID = 'ls -l /dev/serial/by-id (a USB adapter keeps its name there across reboots and replugs)';

/** A serial port's path is there. */
export function portExists(path: string, key: string): CheckOutcome {
  if (existsSync(path)) return { status: 'pass', detail: `${path} exists` };
  return { status: 'fail', detail: `${key}: ${path} missing`, fix: `${path} missing: is the adapter plugged in? ${BY_ID}; then set ${key} to that path` };
}

/** Why a port failed to open, and what to do about it. */
function openFix(path: string, key: string, message: string): string {
  if (/EACCES|permission/i.test(message)) return `permission denied on ${path}: add the user to the group that owns it (ls -l ${path}; usually dialout: sudo usermod -aG dialout $USER, then log in again)`;
  if (/EBUSY|lock/i.test(message)) return `${path} is held by another program (fuser -v ${path}): stop it, or give this bench its own port in ${key}`;
  if (/ENOENT|no such/i.test(message)) return `${path} vanished: is the adapter plugged in? ${BY_ID}`;
  return `${path} does not open with the profile's line settings: check ${key} and that the port is a serial device`;
}

/** Open a real port with the profile's settings; the caller closes what it gets. */
export async function openSerial(path: string, line: LineSettings, key: string): Promise<{ transport?: SerialTransport; outcome: CheckOutcome }> {
  const t = new SerialTransport({ path, lineSettings: line });
  try {
    await t.open();
    return { transport: t, outcome: { status: 'pass', detail: `${path} opens at ${formatLineSettings(line)}` } };
  } catch (e) {
    const m = (e as Error).message;
    return { outcome: { status: 'fail', detail: `${key}: ${path} does not open at ${formatLineSettings(line)}: ${m}`, fix: openFix(path, key, m) } };
  }
}

/** A TCP connection, or the failure with its fix. */
export async function connectTcp(address: HostPort, key: string, what: string, timeoutMs: number): Promise<{ transport?: TcpTransport; outcome: CheckOutcome }> {
  const t = new TcpTransport({ ...address, connectTimeoutMs: timeoutMs });
  t.on('error', () => undefined);
  const at = formatHostPort(address);
  try {
    await t.open();
    return { transport: t, outcome: { status: 'pass', detail: `${at} accepts connections` } };
  } catch (e) {
    const m = (e as Error).message;
    const why = /ECONNREFUSED/.test(m) ? 'connection refused' : /timed out|ETIMEDOUT/i.test(m) ? `no answer within ${timeoutMs} ms` : /ENOTFOUND|EAI_AGAIN/.test(m) ? 'the name does not resolve' : m;
    return { outcome: { status: 'fail', detail: `${key}: ${at} unreachable (${why})`, fix: `${at} unreachable: is the ${what} on and on this network (ping ${address.host})? is ${key} its address and port, and no firewall in between?` } };
  }
}

/** Close a transport, ignoring a failure (a probe's own port). */
export async function release(t: Transport | undefined): Promise<void> {
  await t?.close().catch(() => undefined);
}

/** What the doctor tells about a printer that did not answer as a ready printer does. */
function printerFix(key: string, baud: number | undefined, raw1: number | undefined): string {
  const rate = baud ? ` does ${key}.line.baud (${baud}) match the printer's own rate (its self-test page prints it)?` : '';
  if (raw1 === undefined) return `no answer to DLE EOT: is the printer switched on and online, on a null-modem cable?${rate}`;
  return `the answer 0x${raw1.toString(16).padStart(2, '0')} is not a DLE EOT status byte (fixed bits 0x12): bytes are garbled on the line —${rate || ' are the line settings right?'}`;
}

/** Ask a printer DLE EOT 1–4 the way a terminal does before printing (src/terminal/printer-port.ts). */
export async function probePrinter(t: Transport, key: string, baud: number | undefined, timeoutMs: number): Promise<CheckOutcome> {
  const port = new PrinterPort(t, timeoutMs);
  try {
    const { condition, raw } = await port.check();
    const bytes = Object.entries(raw)
      .filter(([, v]) => v !== undefined)
      .map(([n, v]) => `n=${n}: 0x${v!.toString(16).padStart(2, '0')}`)
      .join(', ');
    if (condition === 'ready' || condition === 'near-end') return { status: 'pass', detail: `printer ${condition === 'ready' ? 'ready' : 'ready, paper near its end'} (${bytes})` };
    if (condition === 'offline') return { status: 'fail', detail: `${key}: printer does not answer as a printer (${bytes || 'silent'})`, fix: printerFix(key, baud, raw[1]) };
    const fixes = { 'paper-out': 'load a paper roll', 'cover-open': 'close the printer cover', error: 'the printer reports an error (cutter jam or overheating): clear it and switch it off and on' } as const;
    return { status: 'fail', detail: `printer answers but is not ready: ${condition} (${bytes})`, fix: fixes[condition] };
  } finally {
    port.detach();
  }
}

/** A short test page: ESC @, the profile, a ruler of the paper's width, a cut. */
export function testPage(profile: HardwareProfile, when: Date): Buffer {
  const cols = profile.printer.columns;
  const ruler = '1234567890'.repeat(Math.ceil(cols / 10)).slice(0, cols);
  const text = ['POSBENCH DOCTOR TEST PAGE', `profile ${profile.name}`, when.toISOString(), ruler, '-'.repeat(cols), ''].join('\n');
  return Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(text + '\n\n\n', 'ascii'), Buffer.from([0x1d, 0x56, 0x00])]);
}

export async function printTestPage(t: Transport, profile: HardwareProfile, key: string, timeoutMs: number): Promise<CheckOutcome> {
  const port = new PrinterPort(t, timeoutMs);
  const page = testPage(profile, new Date());
  try {
    await port.print(page);
  } catch (e) {
    port.detach();
    return { status: 'fail', detail: `${key}: the test page could not be sent: ${(e as Error).message}`, fix: 'the port closed while printing: check the cable and the printer' };
  }
  port.detach();
  const after = await probePrinter(t, key, undefined, timeoutMs);
  return after.status === 'pass' ? { status: 'pass', detail: `test page sent (${page.length} bytes); afterwards ${after.detail}` } : after;
}

/** Ask the reader to read a card with none presented: a reader that answers (NO_CARD or a card) is alive. */
export async function probeReader(t: Transport, key: string, baud: number | undefined, timeoutMs: number): Promise<CheckOutcome> {
  const client = new ReaderClient(t, { requestTimeoutMs: timeoutMs, ackTimeoutMs: 250, maxRetransmits: 2 });
  client.on('error', () => undefined);
  try {
    const card = await client.readCard();
    return { status: 'pass', detail: `reader answers: a ${card.presentation} card is presented` };
  } catch (e) {
    if (e instanceof ReaderError && !['TIMEOUT', 'LINK_FAILED', 'CLOSED'].includes(e.code)) return { status: 'pass', detail: `reader answers READ CARD (${e.code}: ${e.message})` };
    const rate = baud ? ` does ${key}.line.baud (${baud}) match the reader's rate?` : '';
    return { status: 'fail', detail: `${key}: no answer in the reader protocol (${(e as Error).message})`, fix: `is the reader powered and cabled to this port (null-modem)?${rate}` };
  } finally {
    client.close();
  }
}

/** ISO 8583 0800 echo test (CUP 60.3 = 301, docs/domain.md) in the profile's dialect, over one connection. */
export async function probeHostEcho(address: HostPort, profile: HardwareProfile, key: string, timing: { connectTimeoutMs: number; hostTimeoutMs: number }): Promise<CheckOutcome> {
  const dialect = getDialect(profile.issuer.dialect);
  const config = applySettings({ ...DEFAULT_TERMINAL_CONFIG }, profile.dut.settings);
  const now = new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  const stan = String(now.getTime() % 999999 || 1).padStart(6, '0');
  const request = {
    mti: '0800',
    tpdu: Buffer.from('6000060000', 'hex'),
    header: Buffer.from('603110000000', 'hex'),
    fields: { 11: stan, 12: `${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`, 13: `${two(now.getMonth() + 1)}${two(now.getDate())}`, 41: config.terminalId, 42: config.merchantId, 60: '00000000301' },
  };
  const connect = async (a: HostPort, ms: number) => {
    const t = new TcpTransport({ ...a, connectTimeoutMs: ms });
    t.on('error', () => undefined);
    await t.open();
    return t;
  };
  const at = formatHostPort(address);
  const r = await exchange(connect, dialect, address, request, timing);
  if (!r.ok) {
    const fix =
      r.failure === 'connect-failed'
        ? `${at} unreachable: is the host up and ${key} its address?`
        : r.failure === 'bad-reply'
          ? `the host answers in another format: check issuer.dialect (${profile.issuer.dialect}) and the length header it expects`
          : `the host took the connection but sent no 0810 within ${timing.hostTimeoutMs} ms: is it an ISO 8583 host in dialect ${profile.issuer.dialect}, and is this terminal (field 41 ${config.terminalId}) known to it?`;
    return { status: 'fail', detail: `${key}: 0800 echo to ${at}: ${r.failure} (${r.detail})`, fix };
  }
  const rc = String(r.reply.fields[39] ?? '');
  if (r.reply.mti !== '0810' || String(r.reply.fields[11] ?? '') !== stan) return { status: 'fail', detail: `${key}: the echo was answered with ${r.reply.mti} STAN ${String(r.reply.fields[11] ?? '-')}, not 0810 STAN ${stan}`, fix: 'the host does not answer echo tests as ISO 8583 says: check issuer.dialect' };
  if (rc !== '00') return { status: 'fail', detail: `${key}: 0800 echo answered with response code ${rc || '(none)'}`, fix: `the host refuses this terminal's echo (39 = ${rc}): is terminal ${config.terminalId} / merchant ${config.merchantId} set up on the host (dut.settings terminal_id, merchant_id)?` };
  return { status: 'pass', detail: `0800 echo to ${at} answered 0810, 39 = 00` };
}

/** ECR STATUS to a terminal at `address`; the firmware id in the answer. */
export async function probeEcrStatus(address: HostPort, key: string, timeoutMs: number): Promise<CheckOutcome> {
  const driver = new EcrTerminalDriver(nullEvidence, timeoutMs);
  const at = formatHostPort(address);
  try {
    await driver.connect(address.host, address.port);
  } catch (e) {
    const bridge = /^(127\.|localhost$|::1$)/.test(address.host) ? ` (on this machine: a serial ECR bridged to TCP — is the bridge running? e.g. socat TCP-LISTEN:${address.port},bind=127.0.0.1,reuseaddr,fork FILE:/dev/ttyUSB0,raw,echo=0,b115200)` : '';
    return { status: 'fail', detail: `${key}: the terminal's ECR port ${at} does not accept connections (${(e as Error).message})`, fix: `is the terminal on, its ECR (cash-register link) enabled and listening on port ${address.port}, and ${key} its address?${bridge}` };
  }
  try {
    const s = await driver.status();
    return { status: 'pass', detail: `ECR STATUS answered: firmware ${s.firmware ? `${s.firmware.name} ${s.firmware.version}` : 'unknown (the answer does not say)'}, batch ${s.batch}, ${s.signedOn ? 'signed on' : 'not signed on'}, display "${s.display}"` };
  } catch (e) {
    return { status: 'fail', detail: `${key}: ECR STATUS to ${at} failed: ${(e as Error).message}`, fix: 'the port is open but does not speak the ECR protocol (docs/ecr.md): is it the terminal\'s ECR port?' };
  } finally {
    await driver.close();
  }
}
