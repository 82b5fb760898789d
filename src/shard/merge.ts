/**
 * `posbench merge --out DIR RUN_DIR...`: the shards of one suite (`posbench run --shard
 * I/N` on several benches or runners) as the report set one run writes:
 *
 * - junit.xml — every shard's test cases as Cucumber wrote them, in one suite whose counts
 *   are the sums (a shard that was interrupted brings its marked cases and the
 *   `interrupted` property);
 * - cucumber-messages.ndjson — the shards' message streams one after the other (ids are
 *   UUIDs, so they do not collide), from which the certificate (certification.json/html,
 *   src/certificate/) reads its verdicts exactly as for one run;
 * - evidence/ and allure-results/ — the union of the shards' files (UUID or pickle-id
 *   names), and the Allure report generated from it;
 * - summary.json — the counts, the shards merged and their exit codes;
 * - durations.json — every scenario's seconds, for balancing the next split (--durations).
 * Shards that were split differently (another durations file, other paths or tags), a
 * shard given twice or one missing are refused: the merged verdicts would not be the suite's.
 * (Cucumber's HTML report stays per shard.)
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import { PosbenchError } from '../util/errors';
import { scenarioResults } from '../report/cucumber-messages';
import { writeCertificate } from '../certificate/build';
import type { Certificate } from '../certificate/types';
import { generateAllure, junitCounts, type RunSummary } from '../cli/commands/run';
import { xmlText } from '../cli/commands/junit-from-messages';
import { DURATIONS_FORMAT, xmlAttributes, type DurationsFile, type ShardRecord } from './split';

export class MergeError extends PosbenchError {
  constructor(message: string) {
    super('MERGE', message);
  }
}

interface ShardRun {
  dir: string;
  summary: RunSummary;
  certificate?: Certificate;
}

/** A run folder (with summary.json), or a reports folder whose latest/ is one. */
function findRun(input: string): ShardRun {
  const candidates = [resolve(input), join(resolve(input), 'latest')];
  const dir = candidates.find((d) => existsSync(join(d, 'summary.json')));
  if (!dir) throw new MergeError(`${input}: not a run folder (no summary.json here or in ${join(input, 'latest')})`);
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary;
  const certFile = join(dir, 'certification.json');
  return { dir, summary, ...(existsSync(certFile) ? { certificate: JSON.parse(readFileSync(certFile, 'utf8')) as Certificate } : {}) };
}

/** Shards of one split, each once, none missing; or runs that were not sharded at all. */
function checkShards(runs: ShardRun[]): void {
  const sharded = runs.filter((r) => r.summary.shard);
  if (sharded.length === 0) return;
  if (sharded.length !== runs.length) throw new MergeError(`${runs.find((r) => !r.summary.shard)!.dir} is not a shard (its summary.json has no shard), but ${sharded[0]!.dir} is: merge the shards of one run`);
  const first = sharded[0]!.summary.shard!;
  const seen = new Map<number, string>();
  for (const r of sharded) {
    const s = r.summary.shard as ShardRecord;
    if (s.total !== first.total || s.splitSha256 !== first.splitSha256) {
      throw new MergeError(`${r.dir} (shard ${s.index}/${s.total}, durations ${s.durations}) was split differently from ${sharded[0]!.dir} (shard ${first.index}/${first.total}, durations ${first.durations}): give every runner the same features, tags and --durations file`);
    }
    if (seen.has(s.index)) throw new MergeError(`shard ${s.index}/${s.total} is given twice: ${seen.get(s.index)} and ${r.dir}`);
    seen.set(s.index, r.dir);
  }
  const missing = Array.from({ length: first.total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new MergeError(`shard(s) ${missing.map((i) => `${i}/${first.total}`).join(', ')} missing: the merged report would leave their scenarios out`);
}

/** The <testcase> elements of a JUnit file, as written. */
function testcases(xml: string): string[] {
  return [...xml.matchAll(/<testcase\b(?:\s+[\w:-]+="[^"]*")*\s*(?:\/>|>[\s\S]*?<\/testcase>)/g)].map((m) => m[0]);
}

/** One JUnit suite holding every shard's test cases. */
export function mergeJunit(files: Array<{ name: string; xml: string }>, suiteName = 'posbench'): string {
  const cases: string[] = [];
  const props: Array<[string, string]> = [];
  let time = 0;
  for (const { name, xml } of files) {
    const suite = /<testsuite\b([^>]*)>/.exec(xml);
    const a = suite ? xmlAttributes(suite[1]!) : {};
    time += Number(a.time ?? 0) || 0;
    cases.push(...testcases(xml));
    props.push([`shard ${name}`, `${a.tests ?? '?'} tests, ${a.failures ?? '?'} failures, ${a.errors ?? '?'} errors, ${a.skipped ?? '?'} skipped`]);
    for (const m of xml.matchAll(/<property\b([^>]*)\/>/g)) {
      const p = xmlAttributes(m[1]!);
      if (p.name === 'interrupted' && p.value === 'true') props.push(['interrupted', 'true']);
    }
  }
  const count = (re: RegExp) => cases.filter((c) => re.test(c)).length;
  const failures = count(/<failure\b/);
  const errors = count(/<error\b/);
  const skipped = count(/<skipped\b/);
  const properties = props.length ? `  <properties>\n${props.map(([k, v]) => `    <property name="${xmlText(k)}" value="${xmlText(v)}"/>`).join('\n')}\n  </properties>\n` : '';
  return `<?xml version="1.0"?>\n<testsuite name="${xmlText(suiteName)}" time="${time.toFixed(3)}" tests="${cases.length}" skipped="${skipped}" failures="${failures}" errors="${errors}">\n${properties}${cases.map((c) => `  ${c}`).join('\n')}\n</testsuite>\n`;
}

function copyInto(from: string, to: string, skip: (name: string) => boolean = () => false): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (!skip(name)) cpSync(join(from, name), join(to, name), { recursive: true });
}

/** The certificate's bench: the shards' profile, or every profile the shards ran on. */
function mergedProfile(runs: ShardRun[]): { name: string; dut: { run: string } } {
  const names = [...new Set(runs.map((r) => r.certificate?.profile.name ?? r.summary.profile))];
  const duts = [...new Set(runs.map((r) => r.certificate?.profile.dut ?? 'unknown'))];
  return { name: names.join('+'), dut: { run: duts.join('+') } };
}

export interface MergeResult {
  outDir: string;
  summary: RunSummary & { merged: Array<{ dir: string; runId: string; shard?: string; exitCode: number; state: string }> };
  certificate?: Certificate;
}

export function mergeRuns(inputs: string[], out: string): MergeResult {
  if (inputs.length === 0) throw new MergeError('name at least one run folder to merge');
  const runs = inputs.map(findRun);
  const dirs = new Set<string>();
  for (const r of runs) {
    if (dirs.has(r.dir)) throw new MergeError(`${r.dir} is given twice`);
    dirs.add(r.dir);
  }
  checkShards(runs);
  runs.sort((a, b) => (a.summary.shard?.index ?? 0) - (b.summary.shard?.index ?? 0));
  const outDir = resolve(out);
  if (dirs.has(outDir)) throw new MergeError(`--out ${out} is one of the runs being merged`);
  // files of an earlier merge would mix with this one's (evidence, Allure results)
  if (existsSync(outDir) && readdirSync(outDir).length) throw new MergeError(`--out ${out} is not empty: merge into a new folder`);
  mkdirSync(join(outDir, 'allure-results'), { recursive: true });

  const label = (r: ShardRun) => (r.summary.shard ? `${r.summary.shard.index}/${r.summary.shard.total}` : r.summary.runId);
  const messages = runs.map((r) => join(r.dir, 'cucumber-messages.ndjson')).filter(existsSync).map((f) => readFileSync(f, 'utf8').replace(/\n?$/, '\n'));
  writeFileAtomic(join(outDir, 'cucumber-messages.ndjson'), messages.join(''));
  writeFileAtomic(join(outDir, 'junit.xml'), mergeJunit(runs.map((r) => ({ name: label(r), xml: existsSync(join(r.dir, 'junit.xml')) ? readFileSync(join(r.dir, 'junit.xml'), 'utf8') : '' }))));
  for (const r of runs) {
    copyInto(join(r.dir, 'evidence'), join(outDir, 'evidence'));
    copyInto(join(r.dir, 'allure-results'), join(outDir, 'allure-results'), (n) => n === 'environment.properties');
  }
  const results = scenarioResults(messages.join(''));
  const durations: DurationsFile = { format: DURATIONS_FORMAT, scenarios: results.map((s) => ({ uri: s.uri, feature: s.feature, name: s.name, seconds: Number(s.seconds.toFixed(3)) })) };
  writeFileAtomic(join(outDir, 'durations.json'), JSON.stringify(durations, null, 2) + '\n');

  const startedAt = runs.map((r) => r.summary.startedAt).sort()[0]!;
  const runId = `merged-${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-')}`;
  const written = writeCertificate({ runDir: outDir, runId, startedAt, profile: mergedProfile(runs) });
  const allure = generateAllure(outDir);
  const counts = junitCounts(join(outDir, 'junit.xml'));
  const interrupted = runs.filter((r) => r.summary.interrupted);
  const worst = Math.max(...runs.map((r) => r.summary.exitCode ?? 2));
  const summary: MergeResult['summary'] = {
    runId,
    profile: mergedProfile(runs).name,
    state: interrupted.length ? 'interrupted' : 'finished',
    interrupted: interrupted.length > 0,
    ...(interrupted.length ? { interruption: interrupted.map((r) => `shard ${label(r)}: ${r.summary.interruption ?? 'interrupted'}`).join('; ') } : {}),
    exitCode: worst !== 0 ? worst : counts.failures + counts.errors > 0 || written.certificate?.result === 'fail' ? 1 : 0,
    ...counts,
    startedAt,
    finishedAt: runs.map((r) => r.summary.finishedAt ?? r.summary.startedAt).sort().at(-1)!,
    reports: {
      junit: join(outDir, 'junit.xml'),
      certificate: written.json,
      certificateHtml: written.html,
      allureResults: join(outDir, 'allure-results'),
      allureHtml: join(outDir, 'allure-report', 'index.html'),
      evidence: join(outDir, 'evidence'),
      durations: join(outDir, 'durations.json'),
    },
    allure,
    merged: runs.map((r) => ({ dir: r.dir, runId: r.summary.runId, ...(r.summary.shard ? { shard: label(r) } : {}), exitCode: r.summary.exitCode, state: r.summary.state })),
  };
  writeFileAtomic(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return { outDir, summary, ...(written.certificate ? { certificate: written.certificate } : {}) };
}
