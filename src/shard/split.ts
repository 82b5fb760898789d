/**
 * `posbench run --shard I/N`: which scenarios shard I of N runs. Every runner computes the
 * same split from the same inputs, so N runners together run every scenario exactly once:
 *
 * - the plan is Cucumber's own (its configuration, paths and tag expression: the same
 *   scenarios an unsharded run would run), in a stable order (feature file, then line);
 * - with recorded durations (a previous run's junit.xml, or the durations.json that
 *   `posbench merge` writes), the scenarios are dealt longest first, each to the shard with
 *   the least work so far (ties: the lower shard), so shards end at about the same time;
 *   a scenario without a record counts as the mean of those with one;
 * - without durations every scenario weighs the same, which deals them round the shards
 *   in the stable order.
 * Each shard records the split's hash in its summary.json; `posbench merge` refuses shards
 * that were split differently (runners that had different durations files).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { generateMessages } from '@cucumber/gherkin';
import { PosbenchError } from '../util/errors';

export class ShardError extends PosbenchError {
  constructor(message: string) {
    super('SHARD', message);
  }
}

export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

/** "I/N" with 1 ≤ I ≤ N. */
export function parseShardSpec(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ShardError(`--shard "${text}": write I/N, e.g. 1/3 (shard 1 of 3)`);
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || index < 1 || index > total) throw new ShardError(`--shard "${text}": I must be 1..N and N at least 1`);
  return { index, total };
}

/** One scenario of the plan: where it is (Cucumber runs `uri:line`) and what reports call it. */
export interface PlannedScenario {
  /** Feature file, relative to the project root, forward slashes. */
  uri: string;
  line: number;
  name: string;
  /** The Feature's name: JUnit's classname. */
  feature: string;
}

/** Recorded seconds by feature name and scenario name. */
export type Durations = Map<string, number>;

const durationKey = (feature: string, name: string) => `${feature}\u0000${name}`;

function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-f]+));/gi, (_m, e: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e.toLowerCase()]!,
  );
}

/** A JUnit <testcase> start tag and its attributes (group 1): a value may hold a raw ">" (an outline's "<amount>"). */
export const TESTCASE_ATTRIBUTES = /<testcase\b((?:\s+[\w:-]+="[^"]*")*)\s*\/?>/g;

/** The attributes of an XML start tag's text (`name="value"` pairs). */
export function xmlAttributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = xmlUnescape(m[2]!);
  return out;
}

/**
 * The scenario's own name from Cucumber's JUnit name: an outline row is written
 * "OUTLINE - #E.R: ROW NAME" (or "OUTLINE - #E.R" when the row's name is the outline's).
 */
export function pickleName(junitName: string): string {
  const m = /^(.*) - #\d+\.\d+(?:: (.*))?$/s.exec(junitName);
  return m ? (m[2] ?? m[1]!) : junitName;
}

/** The durations format `posbench merge` writes (durations.json). */
export const DURATIONS_FORMAT = 'posbench-durations/1';
export interface DurationsFile {
  format: typeof DURATIONS_FORMAT;
  scenarios: Array<{ uri: string; feature: string; name: string; seconds: number }>;
}

/**
 * Durations from a JUnit report (testcase classname = feature, name, time) or a
 * durations.json. Several records of one name (outline rows) are averaged.
 */
export function loadDurations(file: string): Durations {
  if (!existsSync(file)) throw new ShardError(`--durations ${file}: no such file`);
  const text = readFileSync(file, 'utf8');
  const sums = new Map<string, { total: number; n: number }>();
  const add = (feature: string, name: string, seconds: number) => {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const k = durationKey(feature, name);
    const s = sums.get(k) ?? { total: 0, n: 0 };
    s.total += seconds;
    s.n++;
    sums.set(k, s);
  };
  if (text.trimStart().startsWith('<')) {
    for (const m of text.matchAll(TESTCASE_ATTRIBUTES)) {
      const a = xmlAttributes(m[1]!);
      if (a.name !== undefined && a.classname !== undefined) add(a.classname, pickleName(a.name), Number(a.time));
    }
  } else {
    let parsed: DurationsFile;
    try {
      parsed = JSON.parse(text) as DurationsFile;
    } catch (e) {
      throw new ShardError(`--durations ${file}: neither JUnit XML nor JSON (${(e as Error).message})`);
    }
    if (parsed.format !== DURATIONS_FORMAT || !Array.isArray(parsed.scenarios)) throw new ShardError(`--durations ${file}: format must be "${DURATIONS_FORMAT}" with a scenarios list`);
    for (const s of parsed.scenarios) add(s.feature, s.name, s.seconds);
  }
  return new Map([...sums].map(([k, s]) => [k, s.total / s.n]));
}

/** Feature names by file (read once per file). */
export function featureNames(files: Array<{ uri: string; path: string }>): Map<string, string> {
  const out = new Map<string, string>();
  let id = 0;
  for (const { uri, path } of files) {
    if (out.has(uri)) continue;
    const envelopes = generateMessages(readFileSync(path, 'utf8'), uri, 'text/x.cucumber.gherkin+plain' as never, { includeGherkinDocument: true, includePickles: false, includeSource: false, newId: () => String(id++) });
    out.set(uri, envelopes.find((e) => e.gherkinDocument)?.gherkinDocument?.feature?.name ?? '');
  }
  return out;
}

export interface ShardSplit {
  shard: ShardSpec;
  /** This shard's scenarios, in plan order. */
  scenarios: PlannedScenario[];
  /** Estimated seconds per shard (index 0 = shard 1). */
  loads: number[];
  /** Scenarios in the whole plan. */
  planned: number;
  /** sha256 over the ordered plan and every scenario's shard: equal on every runner that split alike. */
  splitSha256: string;
  /** Where the durations came from, or why none were used. */
  durations: string;
}

const byPlace = (a: PlannedScenario, b: PlannedScenario) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line);

export function splitPlan(plan: PlannedScenario[], shard: ShardSpec, durations?: Durations, durationsSource = 'none'): ShardSplit {
  const ordered = [...plan].sort(byPlace);
  const known = durations ? ordered.map((s) => durations.get(durationKey(s.feature, s.name))).filter((x): x is number => x !== undefined) : [];
  const fallback = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const weight = ordered.map((s) => durations?.get(durationKey(s.feature, s.name)) ?? fallback);
  const deal = ordered.map((_, i) => i).sort((a, b) => weight[b]! - weight[a]! || a - b);
  const loads = new Array<number>(shard.total).fill(0);
  const owner = new Array<number>(ordered.length);
  for (const i of deal) {
    let best = 0;
    for (let s = 1; s < shard.total; s++) if (loads[s]! < loads[best]!) best = s;
    owner[i] = best;
    loads[best]! += weight[i]!;
  }
  const hash = createHash('sha256');
  ordered.forEach((s, i) => hash.update(`${s.uri}:${s.line}\t${owner[i]}\n`));
  return {
    shard,
    scenarios: ordered.filter((_, i) => owner[i] === shard.index - 1),
    loads,
    planned: ordered.length,
    splitSha256: hash.digest('hex'),
    durations: durations ? `${durationsSource} (${known.length} of ${ordered.length} scenarios recorded)` : durationsSource,
  };
}

/** What a shard's summary.json records about its part. */
export interface ShardRecord {
  index: number;
  total: number;
  planned: number;
  splitSha256: string;
  durations: string;
  estimatedSeconds: number;
  scenarios: string[];
}

export function shardRecord(split: ShardSplit): ShardRecord {
  return {
    index: split.shard.index,
    total: split.shard.total,
    planned: split.planned,
    splitSha256: split.splitSha256,
    durations: split.durations,
    estimatedSeconds: Number(split.loads[split.shard.index - 1]!.toFixed(3)),
    scenarios: split.scenarios.map((s) => `${s.uri}:${s.line}`),
  };
}
