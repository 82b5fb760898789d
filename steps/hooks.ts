/**
 * Scenario life-cycle: a fresh bench before each scenario; after it, the oracle's final
 * judgement, the attachments (ISO 8583 exchange, receipts, timeline, journal, ledger) and
 * a teardown that always runs. The evidence timeline is streamed to
 * <run dir>/evidence/<scenario>.jsonl as it happens, so an interrupted run keeps it; the
 * whole timeline is written to <scenario>.json at the end, atomically (whole or absent).
 */
import 'allure-cucumberjs';
import { After, Before, BeforeStep, setDefaultTimeout, Status, type ITestCaseHookParameter } from '@cucumber/cucumber';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from '../src/bench/bench';
import { loadProfile } from '../src/bench/profile';
import { formatDesyncTable } from '../src/bench/oracle';
import { collectScenarioArtifacts } from '../src/bench/artifacts';
import { writeFileAtomic } from '../src/util/atomic-write';
import { scenarioProfile } from './scenario-profile';
import type { PosbenchWorld } from './world';

// Longer than the ECR driver's request timeout (120 s), so a hung terminal fails the step, not the hook.
setDefaultTimeout(180_000);

/** Where a run's evidence files go: <runDir>/evidence (runDir is a world parameter). */
function evidenceDir(world: PosbenchWorld): string {
  return join(world.run.runDir, 'evidence');
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

async function startBench(world: PosbenchWorld, profileName: string, scenario: string, file: string): Promise<void> {
  const profile = loadProfile(profileName);
  world.bench = await Bench.start({ profile, scenario });
  mkdirSync(evidenceDir(world), { recursive: true });
  const stream = join(evidenceDir(world), `${file}.jsonl`);
  for (const e of world.bench.timeline.all()) appendFileSync(stream, JSON.stringify(e) + '\n');
  world.bench.timeline.onEvent((e) => appendFileSync(stream, JSON.stringify(e) + '\n'));
}

let current: { scenario: string; file: string } | undefined;

export async function restartBenchWithProfile(world: PosbenchWorld, name: string): Promise<void> {
  await world.bench.stop();
  await startBench(world, name, current?.scenario ?? '', current?.file ?? 'scenario');
}

Before(async function (this: PosbenchWorld, { pickle, gherkinDocument }: ITestCaseHookParameter) {
  const feature = gherkinDocument.feature?.name ?? 'feature';
  current = { scenario: `${feature}: ${pickle.name}`, file: `${slug(feature)}--${slug(pickle.name)}-${pickle.id.slice(0, 8)}` };
  const chosen = scenarioProfile(this.run.profile, pickle.tags.map((t) => t.name));
  await startBench(this, chosen.name, current.scenario, current.file);
  // An operator terminal nobody can be asked to power on (a run that is not interactive): skipped, the reason on the console.
  if (this.bench.unattended) return this.skipped(this.bench.unattended);
  // The firmware id the run's certificate names (src/certificate): the status answer lands on the timeline.
  await this.bench.driver.status().catch(() => undefined);
  this.bench.timeline.record({ source: 'bench', kind: 'bench.profile', summary: `profile ${chosen.name}: ${chosen.reason}`, data: chosen });
});

BeforeStep(function (this: PosbenchWorld, { pickleStep }) {
  this.stepType = pickleStep.type;
});

After(async function (this: PosbenchWorld, { result }: ITestCaseHookParameter) {
  if (!this.bench) return;
  let oracleFailure: string | undefined;
  try {
    // A transaction still running is given a chance to finish so its evidence is complete.
    if (this.pending) await this.settle().catch(() => undefined);
    const desyncs = await this.bench.reconcile().catch((e: Error) => {
      oracleFailure = `the oracle could not run: ${e.message}`;
      return [];
    });
    const unexpected = desyncs.filter((d) => !this.expectedDesyncs.some((x) => x.type === d.type && x.cause === d.cause));
    const art = await collectScenarioArtifacts(this.bench, desyncs);
    for (const a of art) {
      if (typeof a.body === 'string') this.attach(a.body, { mediaType: a.mediaType, fileName: a.name });
      else this.attach(a.body, { mediaType: a.mediaType, fileName: a.name });
    }
    if (unexpected.length && result?.status === Status.PASSED) {
      oracleFailure = `unexpected desync at the end of the scenario:\n${formatDesyncTable(unexpected)}`;
    }
  } finally {
    await this.bench.stop();
    if (current) writeFileAtomic(join(evidenceDir(this), `${current.file}.json`), JSON.stringify(this.bench.timeline.all(), null, 1));
  }
  if (oracleFailure) throw new Error(oracleFailure);
});
