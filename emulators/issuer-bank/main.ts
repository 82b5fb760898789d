/**
 * Run the issuer bank emulator on its own (for a bench in another process, or by hand):
 *   node --import tsx emulators/issuer-bank/main.ts [--dialect cup|ascii87] [--length-header binary2|ascii4]
 *        [--host 127.0.0.1] [--port 0] [--control-host 127.0.0.1] [--control-port 0] [--seed 1]
 *        [--accounts FILE.json] [--unknown-cards-approved] [--magic-amounts]
 * Prints one JSON line {"host", "port", "controlHost", "controlPort"} once listening, and
 * stops cleanly on SIGINT / SIGTERM. Evidence goes to stderr, one line per event, when --verbose.
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { getDialect } from '../../src/protocols/iso8583';
import { EvidenceTimeline } from '../../src/evidence/timeline';
import { IssuerBankEmulator, type AccountSpec, type IssuerBankOptions } from './index';
import { serveControlApi, type ControlApiHandle } from './control-api';

/** A running stand-alone issuer: the model and the control API served around it. */
export interface RunningIssuer {
  issuer: IssuerBankEmulator;
  controlApi: ControlApiHandle;
  /** Close the control API, then the issuer. */
  stop(): Promise<void>;
}

export async function runIssuerCli(argv: string[]): Promise<RunningIssuer> {
  const o = new Command()
    .name('issuer-bank')
    .option('--dialect <name>', 'cup or ascii87', 'cup')
    .option('--length-header <kind>', 'ascii87 only: binary2 or ascii4', 'binary2')
    .option('--host <addr>', 'listen address', '127.0.0.1')
    .option('--port <n>', 'listen port (0 = free)', '0')
    .option('--control-host <addr>', 'control API address', '127.0.0.1')
    .option('--control-port <n>', 'control API port (0 = free)', '0')
    .option('--seed <n>', 'seed of auth codes and keys', '1')
    .option('--accounts <file>', 'JSON array of {pan, balanceMinor, expiry?, pin?}')
    .option('--unknown-cards-approved', 'approve cards without an account', false)
    .option('--magic-amounts', 'decline purchases by the magic-amount table (the cents pick the answer; off by default)')
    .option('--no-magic-amounts', 'keep the magic-amount table off (the default)')
    .option('--verbose', 'print evidence to stderr', false)
    .parse(argv, { from: 'user' })
    .opts<{
      dialect: string;
      lengthHeader: string;
      host: string;
      port: string;
      controlHost: string;
      controlPort: string;
      seed: string;
      accounts?: string;
      unknownCardsApproved: boolean;
      magicAmounts?: boolean;
      verbose: boolean;
    }>();
  if (o.dialect !== 'cup' && o.dialect !== 'ascii87') throw new Error(`--dialect must be cup or ascii87, got "${o.dialect}"`);
  if (o.lengthHeader !== 'binary2' && o.lengthHeader !== 'ascii4') throw new Error(`--length-header must be binary2 or ascii4, got "${o.lengthHeader}"`);
  const dialect = o.dialect === 'cup' ? getDialect('cup') : getDialect('ascii87', { lengthHeader: o.lengthHeader });
  const opts: IssuerBankOptions = {
    dialect,
    host: o.host,
    port: Number(o.port),
    seed: Number(o.seed),
    unknownCardsApproved: o.unknownCardsApproved,
    magicAmounts: o.magicAmounts ?? false,
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

if (require.main === module) {
  runIssuerCli(process.argv.slice(2)).then(
    (running) => {
      const stop = () => {
        running.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err: unknown) => {
      process.stderr.write(`issuer-bank: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
