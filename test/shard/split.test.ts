/** posbench run --shard I/N: the split is stable, complete, disjoint and balanced by recorded durations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DURATIONS_FORMAT, loadDurations, parseShardSpec, pickleName, splitPlan, ShardError, type PlannedScenario } from '../../src/shard/split';
import { mergeJunit } from '../../src/shard/merge';

const plan: PlannedScenario[] = Array.from({ length: 11 }, (_, i) => ({ uri: `features/f${i % 3}.feature`, line: 10 + i, name: `s${i}`, feature: `F${i % 3}` }));
const key = (s: PlannedScenario) => `${s.uri}:${s.line}`;

test('parseShardSpec takes I/N and names what is wrong otherwise', () => {
  assert.deepEqual(parseShardSpec('2/3'), { index: 2, total: 3 });
  for (const bad of ['0/2', '3/2', '1/0', '1-2', 'a/b', '']) assert.throws(() => parseShardSpec(bad), (e: unknown) => e instanceof ShardError && /--shard/.test((e as Error).message), bad);
});

test('the shards together run every scenario exactly once, whatever order the plan came in', () => {
  for (const total of [1, 2, 3, 5, 20]) {
    const parts = Array.from({ length: total }, (_, i) => splitPlan(plan, { index: i + 1, total }));
    const all = parts.flatMap((p) => p.scenarios.map(key)).sort();
    assert.deepEqual(all, plan.map(key).sort(), `N=${total}`);
    assert.equal(new Set(parts.map((p) => p.splitSha256)).size, 1, 'every shard computes the same split');
    const shuffled = splitPlan([...plan].reverse(), { index: 1, total });
    assert.deepEqual(shuffled.scenarios.map(key), parts[0]!.scenarios.map(key), 'stable: the plan order does not matter');
  }
});

test('without durations the scenarios are dealt round the shards in file and line order', () => {
  const one = splitPlan(plan, { index: 1, total: 2 });
  const sorted = [...plan].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.line - b.line));
  assert.deepEqual(one.scenarios.map(key), sorted.filter((_, i) => i % 2 === 0).map(key));
  assert.match(one.durations, /none/);
});

test('recorded durations balance the shards: the longest first, each to the least loaded shard', () => {
  const durations = new Map(plan.map((s, i) => [`${s.feature}\u0000${s.name}`, i === 0 ? 30 : 1]));
  const parts = [1, 2].map((index) => splitPlan(plan, { index, total: 2 }, durations, 'd.json'));
  // one 30 s scenario alone outweighs the ten 1 s ones: it gets a shard of its own
  const withLong = parts.find((p) => p.scenarios.some((s) => s.name === 's0'))!;
  assert.equal(withLong.scenarios.length, 1);
  assert.deepEqual(parts[0]!.loads, [30, 10]);
  assert.notEqual(parts[0]!.splitSha256, splitPlan(plan, { index: 1, total: 2 }).splitSha256, 'another split, another hash');
  assert.match(parts[0]!.durations, /d\.json \(11 of 11 scenarios recorded\)/);
});

test('durations come from a junit.xml (classname = feature) or a durations.json; a bad file is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'posbench-durations-'));
  const junit = join(dir, 'junit.xml');
  writeFileSync(junit, '<?xml version="1.0"?>\n<testsuite>\n  <testcase classname="F &amp; G" name="row" time="2.000"/>\n  <testcase classname="F &amp; G" name="row" time="4.000">\n    <skipped/>\n  </testcase>\n</testsuite>\n');
  assert.equal(loadDurations(junit).get('F & G\u0000row'), 3, 'outline rows of one name are averaged');
  writeFileSync(junit, '<testsuite>\n  <testcase classname="F" name="A sale of &lt;amount> - #1.1: A sale of 1.00" time="0.5"/>\n</testsuite>\n');
  assert.equal(loadDurations(junit).get('F\u0000A sale of 1.00'), 0.5, 'a raw ">" in a name (as Cucumber writes an outline\'s <amount>) does not end the tag');
  const json = join(dir, 'durations.json');
  writeFileSync(json, JSON.stringify({ format: DURATIONS_FORMAT, scenarios: [{ uri: 'x', feature: 'F', name: 'n', seconds: 1.5 }] }));
  assert.equal(loadDurations(json).get('F\u0000n'), 1.5);
  writeFileSync(json, '{"scenarios": 3}');
  assert.throws(() => loadDurations(json), /format must be "posbench-durations\/1"/);
  assert.throws(() => loadDurations(join(dir, 'none.json')), /no such file/);
});

test("an outline row's JUnit name gives its scenario's own name", () => {
  assert.equal(pickleName('A sale of <amount> is approved - #1.2: A sale of 2.00 is approved'), 'A sale of 2.00 is approved');
  assert.equal(pickleName('Every row alike - #2.1'), 'Every row alike');
  assert.equal(pickleName('A plain scenario - with a dash'), 'A plain scenario - with a dash');
});

test('mergeJunit keeps every test case as written and sums the counts', () => {
  const a = '<?xml version="1.0"?>\n<testsuite name="posbench" time="1.5" tests="2" failures="1" errors="0" skipped="0">\n  <testcase classname="F" name="a" time="1"/>\n  <testcase classname="F" name="b" time="0.5">\n    <failure type="Error" message="x &gt; y"><![CDATA[boom]]></failure>\n  </testcase>\n</testsuite>\n';
  const b = '<?xml version="1.0"?>\n<testsuite name="posbench" time="2" tests="1" failures="0" errors="0" skipped="1">\n  <testcase classname="G" name="c" time="2">\n    <skipped/>\n  </testcase>\n</testsuite>\n';
  const xml = mergeJunit([{ name: '1/2', xml: a }, { name: '2/2', xml: b }]);
  assert.match(xml, /<testsuite name="posbench" time="3\.500" tests="3" skipped="1" failures="1" errors="0">/);
  assert.match(xml, /<failure type="Error" message="x &gt; y"><!\[CDATA\[boom\]\]><\/failure>/);
  assert.match(xml, /<property name="shard 2\/2" value="1 tests, 0 failures, 0 errors, 1 skipped"\/>/);
  assert.equal((xml.match(/<testcase\b/g) ?? []).length, 3);
});
