/**
 * bench:host — 16 concurrent terminals sending sales to the issuer bank emulator (client and
 * host in this one process, over real TCP on 127.0.0.1) for N seconds.
 * Usage: node --import tsx benchmarks/host.ts [--seconds N] [--terminals N] [--dialect cup|ascii87] [--mac]
 * Prints authorisations/s, p50/p99 latency, STAN mismatches and (with --mac) answers whose
 * MAC does not verify; the last line is JSON:
 *   {"authPerSec": n, "p50Ms": x, "p99Ms": x, "mismatches": n, "macFailures": n}
 * A connection the host closes mid-run fails the bench (exit 1) instead of hanging it.
 */
import * as net from 'node:net';
import { Command } from 'commander';
import { frameMessage, LengthPrefixedDecoder } from '../src/protocols/framing/length-prefix';
import { getDialect, setMac, verifyMac, type Dialect, type IsoMessage } from '../src/protocols/iso8583';
import { IssuerBankEmulator } from '../emulators/issuer-bank';

interface Args {
  seconds: number;
  terminals: number;
  dialect: 'cup' | 'ascii87';
  mac: boolean;
}

function parseArgs(argv: string[]): Args {
  const p = new Command()
    .option('--seconds <n>', 'how long to send', '10')
    .option('--terminals <n>', 'concurrent terminals', '16')
    .option('--dialect <name>', 'cup or ascii87', 'cup')
    .option('--mac', 'MAC every request (field 64) and verify every answer', false)
    .allowExcessArguments(false)
    .parse(argv, { from: 'user' });
  const o = p.opts<{ seconds: string; terminals: string; dialect: string; mac: boolean }>();
  const seconds = Number(o.seconds);
  const terminals = Number(o.terminals);
  if (!(seconds > 0)) throw new Error('--seconds must be a positive number');
  if (!(Number.isInteger(terminals) && terminals > 0)) throw new Error('--terminals must be a positive integer');
  if (o.dialect !== 'cup' && o.dialect !== 'ascii87') throw new Error('--dialect must be cup or ascii87');
  return { seconds, terminals, dialect: o.dialect, mac: o.mac };
}

/** One terminal: a connection that sends a sale, waits for the answer, and sends the next. */
class BenchTerminal {
  private readonly decoder: LengthPrefixedDecoder;
  private stan = 0;
  private sentAt = 0;
  private expectStan = '';
  private stopAt = 0;
  private done!: () => void;
  private fail!: (err: Error) => void;
  completed = 0;
  approved = 0;
  mismatches = 0;
  macFailures = 0;
  latenciesUs: number[] = [];

  constructor(
    private readonly socket: net.Socket,
    private readonly dialect: Dialect,
    private readonly terminalId: string,
    private readonly pan: string,
    private readonly macKey: Buffer | undefined,
    lengthHeader: 'binary2' | 'ascii4',
  ) {
    this.decoder = new LengthPrefixedDecoder(lengthHeader);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const f of this.decoder.push(chunk)) this.onAnswer(f.body);
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error(`terminal ${terminalId}: the host closed the connection`)));
  }

  run(untilMs: number): Promise<void> {
    this.stopAt = untilMs;
    return new Promise((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
      this.sendNext();
    });
  }

  private sendNext(): void {
    if (performance.now() >= this.stopAt) {
      this.done();
      return;
    }
    this.stan = (this.stan % 999_999) + 1;
    const stan = String(this.stan).padStart(6, '0');
    let msg: IsoMessage = {
      mti: '0200',
      fields: {
        2: this.pan,
        3: '000000',
        4: '000000001000',
        11: stan,
        22: '051',
        25: '00',
        41: this.terminalId,
        42: '123456789012345',
        49: '156',
        60: '22000001000',
      },
    };
    if (this.dialect.name === 'cup') {
      msg.tpdu = Buffer.from('6000060000', 'hex');
      msg.header = Buffer.from('603100311003', 'hex');
    }
    if (this.macKey) msg = setMac(this.dialect, { ...msg, fields: { ...msg.fields, 64: Buffer.alloc(8) } }, this.macKey);
    this.expectStan = stan;
    this.sentAt = performance.now();
    this.socket.write(frameMessage(this.dialect.lengthHeader === 'ascii4' ? 'ascii4' : 'binary2', this.dialect.pack(msg)));
  }

  private onAnswer(body: Buffer): void {
    const us = Math.round((performance.now() - this.sentAt) * 1000);
    const res = this.dialect.unpack(body);
    if (res.mti !== '0210' || res.fields[11] !== this.expectStan || String(res.fields[41]).trim() !== this.terminalId) this.mismatches++;
    if (this.macKey && !verifyMac(this.dialect, res, this.macKey)) this.macFailures++;
    if (res.fields[39] === '00') this.approved++;
    this.completed++;
    this.latenciesUs.push(us);
    this.sendNext();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function luhnComplete(prefix: string): string {
  for (let d = 0; d < 10; d++) {
    const s = prefix + d;
    let sum = 0;
    let dbl = false;
    for (let i = s.length - 1; i >= 0; i--) {
      let x = s.charCodeAt(i) - 48;
      if (dbl) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
      dbl = !dbl;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dialect = args.dialect === 'cup' ? getDialect('cup') : getDialect('ascii87', { lengthHeader: 'binary2' });
  const pans = Array.from({ length: args.terminals }, (_, i) => luhnComplete(`621094700${String(i).padStart(6, '0')}`));
  const issuer = new IssuerBankEmulator({
    dialect,
    accounts: pans.map((pan) => ({ pan, balanceMinor: 1e14 })),
    messageLogLimit: 0,
    seed: 42,
  });
  const { host, port } = await issuer.start();
  const lh = dialect.lengthHeader === 'ascii4' ? 'ascii4' : 'binary2';
  const terminals: BenchTerminal[] = [];
  const sockets: net.Socket[] = [];
  for (let i = 0; i < args.terminals; i++) {
    const tid = `T${String(i + 1).padStart(7, '0')}`;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host, port }, () => resolve(s));
      s.once('error', reject);
    });
    sockets.push(socket);
    terminals.push(new BenchTerminal(socket, dialect, tid, pans[i]!, args.mac ? issuer.keysFor(tid).macKey : undefined, lh));
  }
  // Warm-up (JIT) for a short moment, then the measured run.
  const warm = performance.now() + Math.min(1000, args.seconds * 100);
  await Promise.all(terminals.map((t) => t.run(warm)));
  for (const t of terminals) {
    t.completed = 0;
    t.approved = 0;
    t.latenciesUs = [];
  }
  const t0 = performance.now();
  await Promise.all(terminals.map((t) => t.run(t0 + args.seconds * 1000)));
  const elapsedS = (performance.now() - t0) / 1000;
  for (const s of sockets) {
    s.removeAllListeners('close');
    s.destroy();
  }
  await issuer.stop();

  const completed = terminals.reduce((a, t) => a + t.completed, 0);
  const approved = terminals.reduce((a, t) => a + t.approved, 0);
  const mismatches = terminals.reduce((a, t) => a + t.mismatches, 0);
  const macFailures = terminals.reduce((a, t) => a + t.macFailures, 0);
  const lat = terminals.flatMap((t) => t.latenciesUs).sort((a, b) => a - b);
  const authPerSec = Math.round(approved / elapsedS);
  const p50Ms = +(percentile(lat, 50) / 1000).toFixed(3);
  const p99Ms = +(percentile(lat, 99) / 1000).toFixed(3);
  console.log(`issuer bank host bench: ${args.terminals} terminals, ${args.dialect}${args.mac ? ' with MAC' : ''}, ${elapsedS.toFixed(1)} s`);
  console.log(`  requests answered  ${completed} (${approved} approved)`);
  console.log(`  authorisations/s   ${authPerSec}   (target ≥ 5000)`);
  console.log(`  latency p50 / p99  ${p50Ms} ms / ${p99Ms} ms   (target p99 ≤ 10 ms)`);
  console.log(`  STAN mismatches    ${mismatches}`);
  if (args.mac) console.log(`  MAC failures       ${macFailures}`);
  console.log(JSON.stringify({ authPerSec, p50Ms, p99Ms, mismatches, macFailures }));
  if (mismatches > 0 || macFailures > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
