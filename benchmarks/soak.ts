/**
 * bench:soak — 10,000 sales through the whole bench: terminal → network proxy → issuer bank
 * → printer, on the in-process `reference` profile. Cards rotate over chip, swipe and tap;
 * amounts are seeded. When the batch is full (the terminal refuses with BATCH_FULL at
 * `batch_limit` records) the batch is settled and the sale is started again. At the end the
 * oracle reconciles the full ledger, journal and paper.
 *
 * Usage: node --import tsx benchmarks/soak.ts [--sales N] [--window N] [--seed S]
 * The cost must stay flat as the journal, ledger and paper grow: the per-sale time over the
 * first and the last `window` sales (1,000) and their ratio (target ≤ 1.3); RSS at start
 * and end (target: growth ≤ 200 MB); the oracle's time over the full records (fetching the
 * journal over ECR included; its own share is printed beside it). The bench keeps the newest
 * 20,000 evidence events in memory (and every injection) unless --full-evidence. The last line is JSON:
 *   {"salesPerSec","firstMsPerSale","lastMsPerSale","ratio","rssStartMB","rssEndMB","oracleMs"}
 * Exit 1 when a sale is not approved, a settlement is unbalanced or the oracle finds a desync.
 */
import { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { Bench } from '../src/bench/bench';
import { loadProfile } from '../src/bench/profile';
import { SeededRandom } from '../src/util/random';
import { reconcile } from '../src/bench/oracle';
import { injectionsFrom } from '../src/bench/injections';

interface Args {
  sales: number;
  window: number;
  warmup: number;
  seed: number;
  fullEvidence: boolean;
}

/** Evidence events the bench keeps in memory (the newest; injections always): a soak's evidence would otherwise grow with every sale. */
const EVIDENCE_RETAIN = 20_000;

function parseArgs(argv: string[]): Args {
  const o = new Command()
    .option('--sales <n>', 'sales to drive', '10000')
    .option('--window <n>', 'sales in the first and last measuring window', '1000')
    .option('--warmup <n>', 'sales before the measured ones (JIT warm-up), not counted', '200')
    .option('--seed <n>', 'seed of the amounts', '20261201')
    .option('--full-evidence', `keep every evidence event in memory (default: the newest ${EVIDENCE_RETAIN} and every injection)`, false)
    .allowExcessArguments(false)
    .parse(argv, { from: 'user' })
    .opts<{ sales: string; window: string; warmup: string; seed: string; fullEvidence: boolean }>();
  const sales = Number(o.sales);
  const window = Number(o.window);
  const seed = Number(o.seed);
  const warmup = Number(o.warmup);
  if (!(Number.isInteger(warmup) && warmup >= 0)) throw new Error(`--warmup must be a whole number, not "${o.warmup}"`);
  if (!(Number.isInteger(sales) && sales > 0)) throw new Error(`--sales must be a positive integer, not "${o.sales}"`);
  if (!(Number.isInteger(window) && window > 0 && 2 * window <= sales)) throw new Error(`--window must be a positive integer with 2 × window ≤ --sales (${sales}), not "${o.window}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${o.seed}"`);
  return { sales, window, warmup, seed, fullEvidence: o.fullEvidence };
}

/** One card of each presentation (and two chip schemes); balances cover 2,500 sales of ≤ 1.99 each. */
const CARDS = ['UNIONPAY_CHIP', 'UNIONPAY_MAGSTRIPE', 'VISA_CHIP', 'MASTERCARD_CONTACTLESS'] as const;

const mean = (l: number[]) => l.reduce((a, b) => a + b, 0) / l.length;
const median = (l: number[]) => {
  const s = [...l].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};
const rssMB = () => +(process.memoryUsage().rss / 1048576).toFixed(1);

class SoakError extends Error {}

/** Wait until the terminal has shown a display matching `re` since display number `from`, or `txn` settled. */
function shownSince(bench: Bench, from: number, re: RegExp, txn: Promise<unknown>): Promise<boolean> {
  const history = bench.driver.displayHistory;
  let next = from;
  const seen = () => {
    for (; next < history.length; next++) if (re.test(history[next]!)) return true;
    return false;
  };
  return bench.waitFor(seen, 10000, txn);
}

/** One sale, started again after a settlement when the batch is full; resolves with the settlements it needed. */
async function oneSale(bench: Bench, amountMinor: number, card: string): Promise<number> {
  for (let settlements = 0; ; settlements++) {
    const from = bench.driver.displayHistory.length;
    const txn = bench.driver.sale(amountMinor);
    txn.catch(() => undefined);
    const asked = await shownSince(bench, from, /PRESENT CARD/, txn);
    let refused: string | undefined;
    if (asked) await bench.presentCard(card);
    try {
      const r = await txn;
      if (r.outcome !== 'approved') throw new SoakError(`sale of ${amountMinor} with ${card}: ${r.outcome} (${r.reason ?? r.display})`);
      await bench.removeCardIfPresent();
      return settlements;
    } catch (e) {
      refused = (e as { code?: string }).code;
      if (refused !== 'ECR_BATCH_FULL' || settlements > 0) throw e;
    }
    const s = await bench.driver.settle();
    if (!s.balanced) throw new SoakError(`settlement of batch ${s.batch} is unbalanced`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const bench = await Bench.start({ profile: loadProfile('reference'), scenario: 'soak', ...(args.fullEvidence ? {} : { evidenceRetain: EVIDENCE_RETAIN }) });
  try {
    const signOn = await bench.driver.signOn();
    if (!signOn.ok) throw new SoakError(`sign-on failed: ${signOn.reason ?? signOn.responseCode}`);
    const rng = new SeededRandom(args.seed);
    const card = (i: number) => CARDS[i % CARDS.length]!;
    let settlements = 0;
    for (let i = 0; i < args.warmup; i++) settlements += await oneSale(bench, rng.int(1, 199), card(i));
    global.gc?.();
    const rssStartMB = rssMB();
    const perSale: number[] = [];
    /** CPU time of this process over each window (wall time also counts what other processes take). */
    const cpu: number[] = [];
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const t0 = performance.now();
    for (let i = 0; i < args.sales; i++) {
      if (i === 0 || i === args.sales - args.window) cpu.push(cpuMs());
      const start = performance.now();
      settlements += await oneSale(bench, rng.int(1, 199), card(args.warmup + i));
      perSale.push(performance.now() - start);
      if (i === args.window - 1 || i === args.sales - 1) cpu.push(cpuMs());
      if ((i + 1) % 1000 === 0) process.stderr.write(`  ${i + 1} sales, ${settlements} settlements, rss ${rssMB()} MB, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)} MB, last 1000: ${mean(perSale.slice(-1000)).toFixed(2)} ms/sale\n`);
    }
    const elapsedS = (performance.now() - t0) / 1000;
    global.gc?.();
    const rssEndMB = rssMB();
    const o0 = performance.now();
    const desyncs = await bench.reconcile();
    const oracleMs = Math.round(performance.now() - o0);
    // The same judgement without reading the journal over ECR (10 entries a request): the oracle's own share.
    const records = { journal: await bench.journal(), paper: await bench.paper(), ledger: bench.requireIssuer().ledger.events() };
    const r0 = performance.now();
    reconcile({ terminalId: bench.terminalConfig.terminalId, ...records, injections: injectionsFrom(bench.timeline.all()), receiptFormat: bench.profile.receipt_format });
    const reconcileMs = Math.round(performance.now() - r0);

    const firstMsPerSale = +mean(perSale.slice(0, args.window)).toFixed(3);
    const lastMsPerSale = +mean(perSale.slice(-args.window)).toFixed(3);
    const ratio = +(lastMsPerSale / firstMsPerSale).toFixed(3);
    const salesPerSec = +(args.sales / elapsedS).toFixed(1);
    const [c0, c1, c2, c3] = cpu as [number, number, number, number];
    const cpuFirst = (c1 - c0) / args.window;
    const cpuLast = (c3 - c2) / args.window;
    console.log(`soak: ${args.sales} sales (after ${args.warmup} warm-up) on profile reference, ${settlements} settlements, ${elapsedS.toFixed(1)} s`);
    console.log(`  sales/s                        ${salesPerSec}`);
    console.log(`  ms/sale first / last ${args.window}     ${firstMsPerSale} / ${lastMsPerSale}   ratio ${ratio} (target ≤ 1.3)`);
    console.log(`  median ms/sale first / last    ${median(perSale.slice(0, args.window)).toFixed(3)} / ${median(perSale.slice(-args.window)).toFixed(3)}`);
    console.log(`  CPU ms/sale first / last       ${cpuFirst.toFixed(3)} / ${cpuLast.toFixed(3)}   ratio ${(cpuLast / cpuFirst).toFixed(3)}`);
    console.log(`  RSS start / end                ${rssStartMB} MB / ${rssEndMB} MB   growth ${(rssEndMB - rssStartMB).toFixed(1)} MB (target ≤ 200)`);
    console.log(`  evidence events held / dropped ${bench.timeline.all().length} / ${bench.timeline.dropped}${args.fullEvidence ? ' (--full-evidence)' : ''}`);
    console.log(`  oracle over the full records   ${oracleMs} ms (${reconcileMs} ms of it reconciling ${records.ledger.length} ledger events, ${records.journal.length} journal entries, ${records.paper.length} receipts), ${desyncs.length} desync(s)${desyncs.length ? ': ' + desyncs.slice(0, 5).map((d) => `${d.type} ${d.stan ?? ''}`).join(', ') : ''}`);
    console.log(JSON.stringify({ salesPerSec, firstMsPerSale, lastMsPerSale, ratio, rssStartMB, rssEndMB, oracleMs }));
    if (desyncs.length) process.exitCode = 1;
  } finally {
    await bench.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
