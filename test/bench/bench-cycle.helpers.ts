/**
 * Child process for lifecycle.test.ts: bring a bench up, use every part (sale, a network
 * fault that cuts connections, a printer fault), tear it down, then report what is still
 * alive. The process must then exit on its own.
 */
import { Bench } from '../../src/bench/bench';
import { loadProfile } from '../../src/bench/profile';

async function main(): Promise<void> {
  const bench = await Bench.start({ profile: loadProfile(process.argv[2] ?? 'reference'), scenario: 'lifecycle' });
  await bench.driver.signOn();
  bench.requirePrinter('a fault').setFault({ kind: 'paper-near-end' });
  const sale = bench.driver.sale(1234);
  await bench.waitForDisplay(/PRESENT CARD/);
  await bench.presentCard('UNIONPAY_CHIP');
  const r = await sale;
  await bench.removeCardIfPresent();
  bench.requireProxy().addFault({ type: 'down', stream: 'upstream', attributes: {} });
  await bench.stop();
  await new Promise((res) => setTimeout(res, 200));
  // Everything still holding the event loop, except this process's own stdio.
  const own = new Set<unknown>([process.stdin, process.stdout, process.stderr]);
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().filter((h) => !own.has(h));
  const timers = process.getActiveResourcesInfo().filter((x) => x === 'Timeout' || x === 'Immediate');
  const alive = [...handles.map((h) => h.constructor.name), ...timers];
  process.stdout.write(JSON.stringify({ outcome: r.outcome, alive }) + '\n');
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
