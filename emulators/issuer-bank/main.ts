/**
 * Run the issuer bank emulator on its own (for a bench in another process, a physical
 * terminal, or a client library nobody here wrote):
 *   node --import tsx emulators/issuer-bank/main.ts [options]   (or `posbench emulator issuer …`)
 * Decisions: --accounts FILE.json, --unknown-cards-approved, --magic-amounts (off by default).
 * Every wire option the codec has (src/protocols/iso8583): --dialect cup|ascii87, --spec FILE,
 * --bitmap hex|binary, --length-header binary2|ascii4, --binary-fields raw|hex,
 * --tpdu-length N, --header-length N; MAC and keys: --mac-key/--pin-key HEX, --master-key HEX,
 * --mac-failure-code; acceptors: --terminal-ids, --merchant-id; limits: --idle-timeout-ms,
 * --frame-timeout-ms, --max-frame-bytes. `--help` lists them (README.md has the table).
 * Prints one JSON line {"host", "port", "controlHost", "controlPort"} once listening, and
 * stops cleanly on SIGINT / SIGTERM. Evidence goes to stderr, one line per event, when --verbose.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { Dialect } from '../../src/protocols/iso8583';
import { addDialectOptions, dialectFromCli, integer, type DialectCliOptions } from '../../src/cli/dialect-options';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { IssuerBankEmulator, type AccountSpec, type IssuerBankOptions } from './index';
import { serveControlApi, type ControlApiHandle } from './control-api';
import { IssuerConfigError } from './options';
import { runStandalone } from '../../src/util/standalone';

/** A running stand-alone issuer: the model and the control API served around it. */
export interface RunningIssuer {
  issuer: IssuerBankEmulator;
  controlApi: ControlApiHandle;
  /** Close the control API, then the issuer. */
  stop(): Promise<void>;
}

function key16(flag: string): (v: string) => Buffer {
  return (v) => {
    if (!/^[0-9a-fA-F]{32}$/.test(v)) throw new InvalidArgumentError(`${flag} is 32 hex digits (a double-length 3DES key), not "${v}"`);
    return Buffer.from(v, 'hex');
  };
}

export interface IssuerCliOptions extends DialectCliOptions {
  macKey?: Buffer;
  pinKey?: Buffer;
  masterKey?: Buffer;
  macFailureCode?: string;
  terminalIds?: string;
  merchantId?: string;
  idleTimeoutMs?: number;
  frameTimeoutMs?: number;
  maxFrameBytes?: number;
  host: string;
  port: string;
  controlHost: string;
  controlPort: string;
  seed: string;
  accounts?: string;
  unknownCardsApproved: boolean;
  magicAmounts: boolean;
  verbose: boolean;
}

/** The issuer's command line (every dialect option of the codec), parsed. Throws on a bad value, naming the flag. */
export function issuerCommand(): Command {
  return addDialectOptions(new Command().name('issuer-bank').exitOverride(), 'binary2 (default) or ascii4 (a TCP host needs one)')
    .option('--mac-key <hex>', 'MAC key (MAK, 16 bytes) for every terminal; with --pin-key. Default: generated per terminal from the seed', key16('--mac-key'))
    .option('--pin-key <hex>', 'PIN key (PIK, 16 bytes) for every terminal; with --mac-key', key16('--pin-key'))
    .option('--master-key <hex>', 'TMK (16 bytes): field 62 carries the working keys encrypted under it', key16('--master-key'))
    .option('--mac-failure-code <code>', 'field 39 for a request whose MAC does not verify (default A0)')
    .option('--terminal-ids <list>', 'comma-separated terminal IDs (field 41) accepted; others get 97')
    .option('--merchant-id <list>', 'comma-separated merchant IDs (field 42) accepted; others get 03')
    .option('--idle-timeout-ms <n>', 'close a silent connection after this long (0 = never)', integer('--idle-timeout-ms', 0, 2 ** 31 - 1))
    .option('--frame-timeout-ms <n>', 'close a connection whose frame is incomplete this long', integer('--frame-timeout-ms', 0, 2 ** 31 - 1))
    .option('--max-frame-bytes <n>', 'refuse frames announcing more body bytes', integer('--max-frame-bytes', 1, 65535))
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--port <n>', 'listen port (0 = free)', '0')
    .option('--control-host <addr>', 'control API address', '127.0.0.1')
    .option('--control-port <n>', 'control API port (0 = free)', '0')
    .option('--seed <n>', 'seed of auth codes and keys', '1')
    .option('--accounts <file>', 'JSON array of {pan, balanceMinor, expiry?, pin?}')
    .option('--unknown-cards-approved', 'approve cards without an account', false)
    .option('--magic-amounts', 'decline purchases by the magic-amount table (the cents pick the answer; off by default)')
    .option('--no-magic-amounts', 'keep the magic-amount table off (the default)')
    .option('--verbose', 'print evidence to stderr', false);
}

/** The issuer's dialect: a TCP host needs a length header (binary2 by default). */
export function issuerDialect(o: DialectCliOptions): Dialect {
  if (o.lengthHeader === 'none') throw new IssuerConfigError('--length-header', 'a TCP host needs a length header: binary2 or ascii4');
  return dialectFromCli(o, 'binary2');
}

export async function runIssuerCli(argv: string[]): Promise<RunningIssuer> {
  const o = issuerCommand().parse(argv, { from: 'user' }).opts<IssuerCliOptions>();
  if ((o.macKey === undefined) !== (o.pinKey === undefined)) throw new IssuerConfigError(o.macKey ? '--pin-key' : '--mac-key', '--mac-key and --pin-key go together (the working keys of every terminal)');
  const dialect = issuerDialect(o);
  const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
  const opts: IssuerBankOptions = {
    dialect,
    host: o.host,
    port: Number(o.port),
    seed: Number(o.seed),
    unknownCardsApproved: o.unknownCardsApproved,
    magicAmounts: o.magicAmounts ?? false,
    ...(o.macKey && o.pinKey ? { workingKeys: { macKey: o.macKey, pinKey: o.pinKey } } : {}),
    ...(o.masterKey ? { masterKey: o.masterKey } : {}),
    ...(o.macFailureCode !== undefined ? { macFailureCode: o.macFailureCode } : {}),
    ...(o.terminalIds !== undefined ? { terminalIds: list(o.terminalIds) } : {}),
    ...(o.merchantId !== undefined ? { merchantId: list(o.merchantId) } : {}),
    ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
    ...(o.frameTimeoutMs !== undefined ? { frameTimeoutMs: o.frameTimeoutMs } : {}),
    ...(o.maxFrameBytes !== undefined ? { maxFrameBytes: o.maxFrameBytes } : {}),
  };
  if (o.accounts) opts.accounts = JSON.parse(readFileSync(o.accounts, 'utf8')) as AccountSpec[];
  if (o.verbose) {
    const timeline = new EvidenceTimeline();
    timeline.onEvent((e) => process.stderr.write(`${e.at} ${e.kind.padEnd(22)} ${e.summary}\n`));
    opts.evidence = timeline;
  }
  const issuer = new IssuerBankEmulator(opts);
  const addr = await issuer.start();
  let controlApi: ControlApiHandle;
  try {
    controlApi = await serveControlApi(issuer, { host: o.controlHost, port: Number(o.controlPort) });
  } catch (err) {
    await issuer.stop();
    throw err;
  }
  const api = controlApi.address;
  process.stdout.write(JSON.stringify({ host: addr.host, port: addr.port, controlHost: api.host, controlPort: api.port }) + '\n');
  return {
    issuer,
    controlApi,
    stop: async () => {
      await controlApi.close();
      await issuer.stop();
    },
  };
}

if (require.main === module) runStandalone('issuer-bank', () => runIssuerCli(process.argv.slice(2)));
