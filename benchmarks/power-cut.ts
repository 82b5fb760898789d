/**
 * bench:power-cut — faults survived, in figures. Cuts the terminal's power N times at seeded
 * random points (src/bench/power.ts: while it waits for the host, before printing, in the
 * middle of a slip, during settlement, idle — and at a seeded random instant into a sale),
 * on one bench of the process profile (reference-pty: SIGKILL of the terminal process);
 * after each cut it checks the state directory as the power left it, powers the terminal on,
 * and lets it recover: a reprint of a slip the cut took, the next online sale, a settlement.
 *
 * Usage: node --import tsx benchmarks/power-cut.ts [--cuts N] [--seed S] [--profile NAME]
 *
 * Counted (all must be 0; the exit code is 1 otherwise):
 * - lostReversals: money the host still holds for a transaction the terminal does not stand
 *   by once it has recovered (the oracle's unreversed-timeout), or a reversal still owed
 *   after the settlement;
 * - tornJournals: after a cut, a journal.jsonl line that does not parse as JSON, a journal not
 *   ending in a newline (a torn last line), or a state.json that does not parse;
 * - unrecoverableStates: the terminal does not boot, its recovery sale is not approved, or
 *   its settlement fails or comes back unbalanced;
 * - reversalsLate: after power on, a reversal (0400) that reached the host after the next sale
 *   (0200) instead of before it;
 * - desyncsLeft: any other desync the oracle still finds after recovery.
 * The last line printed is one JSON object with the counts, N, the seed, the run's length
 * in seconds and when it started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { Bench } from '../src/bench/bench';
import { loadProfile } from '../src/bench/profile';
import type { PowerPoint } from '../src/bench/power';
import { SeededRandom } from '../src/util/random';
import type { TxnResult } from '../src/protocols/ecr/contract';

const CARD = 'UNIONPAY_CHIP';
/** Where a cut falls: the bench's named points, plus a seeded instant into a sale. */
const POINTS = ['waiting-for-host', 'before-print', 'mid-slip', 'during-settlement', 'idle', 'random-instant'] as const;
type Point = (typeof POINTS)[number];
/** How far into a sale (after the card) a random instant may fall, in ms: a sale on the PTY profile takes about this long. */
const RANDOM_INSTANT_MS = 400;

interface Args {
  cuts: number;
  seed: number;
  profile: string;
}

function parseArgs(argv: string[]): Args {
  const o = new Command()
    .option('--cuts <n>', 'how many power cuts', '200')
    .option('--seed <n>', 'seed of the points (and their instants)', '20261201')
    .option('--profile <name>', 'hardware profile (a DUT whose power the bench can cut)', 'reference-pty')
    .allowExcessArguments(false)
    .parse(argv, { from: 'user' })
    .opts<{ cuts: string; seed: string; profile: string }>();
  const cuts = Number(o.cuts);
  const seed = Number(o.seed);
  if (!(Number.isInteger(cuts) && cuts > 0)) throw new Error(`--cuts must be a positive integer, got "${o.cuts}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${o.seed}"`);
  return { cuts, seed, profile: o.profile };
}

/** What a cut left on disk: torn files, by name. */
function tornFiles(stateDir: string): string[] {
  const torn: string[] = [];
  const journal = join(stateDir, 'journal.jsonl');
  if (existsSync(journal)) {
    const text = readFileSync(journal, 'utf8');
    if (text.length && !text.endsWith('\n')) torn.push('journal.jsonl (torn last line)');
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        JSON.parse(line);
      } catch {
        torn.push(`journal.jsonl:${i + 1}`);
      }
    });
  }
  const state = join(stateDir, 'state.json');
  if (existsSync(state)) {
    try {
      JSON.parse(readFileSync(state, 'utf8'));
    } catch {
      torn.push('state.json');
    }
  }
  return torn;
}

class PowerCutRun {
  lostReversals = 0;
  tornJournals = 0;
  unrecoverableStates = 0;
  desyncsLeft = 0;
  reversalsLate = 0;
  readonly points: Record<Point, number> = Object.fromEntries(POINTS.map((p) => [p, 0])) as Record<Point, number>;
  private readonly seen = new Set<string>();
  private amountSeq = 0;

  constructor(
    private readonly bench: Bench,
    private readonly rng: SeededRandom,
    private readonly stateDir: string,
  ) {}

  private amount(): number {
    // 1.00 … 9.99, whole cents from a counter: distinct enough to read a ledger by
    return 100 + ((this.amountSeq++ * 37) % 900);
  }

  /** A sale paid with the card; the ECR promise (it rejects when the power goes). */
  private async sale(amountMinor: number): Promise<TxnResult> {
    const b = this.bench;
    const from = b.driver.displayHistory.length;
    const txn = b.driver.sale(amountMinor);
    txn.catch(() => undefined);
    const asked = await b.waitFor(() => b.driver.displayHistory.slice(from).some((d) => /PRESENT CARD/.test(d)), 10000, txn);
    if (asked && !b.power.isOff) await b.presentCard(CARD).catch(() => undefined);
    return txn;
  }

  private problem(kind: 'unrecoverableStates' | 'lostReversals', i: number, what: string): void {
    this[kind]++;
    process.stderr.write(`cut ${i + 1}: ${kind}: ${what}\n`);
  }

  /** Drive the terminal to `point` and cut there. */
  private async cutAt(point: Point): Promise<void> {
    const b = this.bench;
    if (point === 'idle') return b.powerCut();
    if (point === 'random-instant') {
      const txn = this.sale(this.amount());
      txn.catch(() => undefined); // it ends when the power goes: awaited below
      const delay = this.rng.int(0, RANDOM_INSTANT_MS);
      await new Promise((r) => setTimeout(r, delay)); // a seeded instant into the sale: the point is the time
      await b.powerCut();
      await txn.catch(() => undefined);
      return;
    }
    const named: PowerPoint = point;
    const cut = b.powerCut(named);
    const work = point === 'during-settlement' ? b.driver.settle() : this.sale(this.amount());
    await (work as Promise<unknown>).catch(() => undefined);
    if (b.power.state === 'armed') b.power.withdraw(); // the point was not reached (it should be): counted below
    await cut;
  }

  async once(i: number): Promise<void> {
    const b = this.bench;
    // Half the cuts at a seeded instant into a sale (anywhere), half at the named points.
    const point: Point = this.rng.next() < 0.5 ? 'random-instant' : POINTS[this.rng.int(0, POINTS.length - 2)]!;
    this.points[point]++;
    try {
      await this.cutAt(point);
    } catch (e) {
      this.problem('unrecoverableStates', i, `the cut at ${point} did not happen: ${(e as Error).message}`);
      if (!b.power.isOff) return;
    }
    const torn = tornFiles(this.stateDir);
    if (torn.length) {
      this.tornJournals += torn.length;
      process.stderr.write(`cut ${i + 1} (${point}): torn ${torn.join(', ')}\n`);
    }
    try {
      await b.powerOn();
    } catch (e) {
      this.problem('unrecoverableStates', i, `the terminal did not power on after a cut at ${point}: ${(e as Error).message}`);
      throw e;
    }
    await this.recover(i, point);
  }

  private async recover(i: number, point: Point): Promise<void> {
    const b = this.bench;
    const from = b.timeline.all().length;
    // A slip the cut took is owed: the cashier reprints it before the next sale.
    const owed = (await b.journal()).at(-1);
    if (owed && owed.kind === 'sale' && owed.status === 'approved' && owed.receiptsPrinted === 0) await b.driver.reprint();
    await b.removeCardIfPresent();
    const r = await this.sale(this.amount()).catch((e: Error) => e);
    await b.removeCardIfPresent();
    if (r instanceof Error || r.outcome !== 'approved') this.problem('unrecoverableStates', i, `after a cut at ${point} the next sale was ${r instanceof Error ? r.message : `${r.outcome}: ${r.display}`}`);
    const mtis = b.timeline
      .all()
      .slice(from)
      .filter((e) => e.source === 'issuer' && e.kind === 'iso8583.in')
      .map((e) => String((e.data as { mti?: string } | undefined)?.mti ?? ''));
    const sale = mtis.indexOf('0200');
    if (sale >= 0 && mtis.slice(sale).some((m) => m.startsWith('040'))) {
      this.reversalsLate++;
      process.stderr.write(`cut ${i + 1} (${point}): the owed reversal reached the host after the next sale: ${mtis.join(', ')}\n`);
    }
    const s = await b.driver.settle().catch((e: Error) => e);
    if (s instanceof Error || !s.balanced) this.problem('unrecoverableStates', i, `after a cut at ${point} the settlement ${s instanceof Error ? `failed: ${s.message}` : 'came back unbalanced'}`);
    const status = await b.driver.status();
    if (status.pendingReversal) this.problem('lostReversals', i, `after a cut at ${point} a reversal is still owed after the settlement`);
    for (const d of await b.reconcile()) {
      const key = `${d.type}:${d.stan ?? ''}:${d.amountMinor ?? ''}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (d.type === 'unreversed-timeout') this.problem('lostReversals', i, `after a cut at ${point}: ${d.detail}`);
      else {
        this.desyncsLeft++;
        process.stderr.write(`cut ${i + 1} (${point}): desync left: ${d.type} (${d.cause}): ${d.detail}\n`);
      }
    }
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const bench = await Bench.start({ profile: loadProfile(args.profile), scenario: 'bench:power-cut' });
  let run: PowerCutRun | undefined;
  let failed: Error | undefined;
  try {
    const stateDir = bench.dut?.addresses?.stateDir;
    if (!stateDir) throw new Error(`profile ${args.profile}: the bench owns no state directory of the terminal (an external DUT has no power switch)`);
    await bench.driver.signOn();
    bench.requireIssuer().setMagicAmounts(false);
    run = new PowerCutRun(bench, new SeededRandom(args.seed), stateDir);
    for (let i = 0; i < args.cuts; i++) {
      await run.once(i);
      if ((i + 1) % 20 === 0) process.stdout.write(`${i + 1}/${args.cuts} cuts, ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  } catch (e) {
    failed = e as Error;
  } finally {
    await bench.stop();
  }
  const r = run ?? { lostReversals: 0, tornJournals: 0, unrecoverableStates: 1, reversalsLate: 0, desyncsLeft: 0, points: {} };
  if (failed) process.stdout.write(`bench:power-cut stopped: ${failed.message}\n`);
  process.stdout.write(`points: ${JSON.stringify(r.points)}\n`);
  const result = {
    lostReversals: r.lostReversals,
    tornJournals: r.tornJournals,
    unrecoverableStates: r.unrecoverableStates + (failed && r.unrecoverableStates === 0 ? 1 : 0),
    reversalsLate: r.reversalsLate,
    desyncsLeft: r.desyncsLeft,
    cuts: bench.power.cuts,
    n: args.cuts,
    seed: args.seed,
    profile: args.profile,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    at: new Date(started).toISOString(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  const clean = !failed && result.cuts === args.cuts && result.lostReversals + result.tornJournals + result.unrecoverableStates + result.reversalsLate + result.desyncsLeft === 0;
  process.exit(clean ? 0 : 1);
}

main().catch((e: Error) => {
  process.stderr.write(`bench:power-cut: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
