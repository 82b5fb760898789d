import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLValidator } from 'fast-xml-parser';
import { junitFromMessages, provisionalJunit, withSkipReasons } from '../../src/cli/commands/junit-from-messages';
import { junitCounts } from '../../src/cli/commands/run';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const lines = [
  { pickle: { id: 'p1', name: 'approved sale', uri: 'features/a.feature' } },
  { pickle: { id: 'p2', name: 'paper out <1>', uri: 'features/a.feature' } },
  { pickle: { id: 'p3', name: 'never finished', uri: 'features/a.feature' } },
  { testCase: { id: 't1', pickleId: 'p1' } },
  { testCase: { id: 't2', pickleId: 'p2' } },
  { testCase: { id: 't3', pickleId: 'p3' } },
  { testCaseStarted: { id: 's1', testCaseId: 't1' } },
  { testStepFinished: { testCaseStartedId: 's1', testStepResult: { status: 'PASSED', duration: { seconds: 0, nanos: 5e8 } } } },
  { testCaseFinished: { testCaseStartedId: 's1' } },
  { testCaseStarted: { id: 's2', testCaseId: 't2' } },
  { testStepFinished: { testCaseStartedId: 's2', testStepResult: { status: 'PASSED' } } },
  { testStepFinished: { testCaseStartedId: 's2', testStepResult: { status: 'FAILED', message: 'expected 1 receipt\nstack' } } },
  { testStepFinished: { testCaseStartedId: 's2', testStepResult: { status: 'SKIPPED' } } },
  { testCaseFinished: { testCaseStartedId: 's2' } },
  { testCaseStarted: { id: 's3', testCaseId: 't3' } },
].map((l) => JSON.stringify(l)).join('\n') + '\n{"torn';

test('finished scenarios become test cases; the worst step decides; unfinished ones are left out', () => {
  const r = junitFromMessages(lines);
  assert.equal(r.tests, 2);
  assert.match(r.xml, /tests="2" failures="1"/);
  assert.match(r.xml, /name="approved sale" time="0\.500"\/>/);
  assert.match(r.xml, /name="paper out &lt;1&gt;"[^]*<failure type="FAILED" message="expected 1 receipt">/);
  assert.doesNotMatch(r.xml, /never finished/);
  const dir = mkdtempSync(join(tmpdir(), 'junit-'));
  writeFileSync(join(dir, 'j.xml'), r.xml);
  assert.deepEqual(junitCounts(join(dir, 'j.xml')), { tests: 2, failures: 1, errors: 0, skipped: 0 });
});

/** A run stopped on the second step of "slow bank"; "never started" had not begun. */
const cutShort = [
  { gherkinDocument: { uri: 'features/b.feature', feature: { name: 'Bank delays', children: [{ scenario: { steps: [{ id: 'g1', keyword: 'Given ', text: 'the issuer responds after 30000 ms' }, { id: 'g2', keyword: 'When ', text: 'a sale of 25.00 is paid with the card UNIONPAY_CHIP' }] } }] } } },
  { pickle: { id: 'p1', name: 'quick', uri: 'features/b.feature', steps: [] } },
  { pickle: { id: 'p2', name: 'slow bank', uri: 'features/b.feature', steps: [{ id: 'ps1', text: 'the issuer responds after 30000 ms', astNodeIds: ['g1'] }, { id: 'ps2', text: 'a sale of 25.00 is paid with the card UNIONPAY_CHIP', astNodeIds: ['g2'] }] } },
  { pickle: { id: 'p3', name: 'never started', uri: 'features/b.feature', steps: [] } },
  { hook: { id: 'h1', type: 'BEFORE_TEST_CASE' } },
  { testCase: { id: 't1', pickleId: 'p1', testSteps: [] } },
  { testCase: { id: 't2', pickleId: 'p2', testSteps: [{ id: 'ts0', hookId: 'h1' }, { id: 'ts1', pickleStepId: 'ps1' }, { id: 'ts2', pickleStepId: 'ps2' }] } },
  { testCase: { id: 't3', pickleId: 'p3', testSteps: [] } },
  { testCaseStarted: { id: 's1', testCaseId: 't1' } },
  { testCaseFinished: { testCaseStartedId: 's1' } },
  { testCaseStarted: { id: 's2', testCaseId: 't2' } },
  { testStepStarted: { testCaseStartedId: 's2', testStepId: 'ts0' } },
  { testStepFinished: { testCaseStartedId: 's2', testStepId: 'ts0', testStepResult: { status: 'PASSED' } } },
  { testStepStarted: { testCaseStartedId: 's2', testStepId: 'ts1' } },
  { testStepFinished: { testCaseStartedId: 's2', testStepId: 'ts1', testStepResult: { status: 'PASSED' } } },
  { testStepStarted: { testCaseStartedId: 's2', testStepId: 'ts2' } },
].map((l) => JSON.stringify(l)).join('\n');

test('an interruption is marked in JUnit itself: the running scenario an error on its step, the rest skipped, the suite flagged', () => {
  const r = junitFromMessages(cutShort, { interruption: { reason: 'interrupted by SIGINT' } });
  assert.equal(XMLValidator.validate(r.xml), true);
  assert.deepEqual([r.tests, r.running, r.notRun], [3, 1, 1]);
  assert.match(r.xml, /<testsuite name="posbench" tests="3" failures="0" skipped="1" errors="1">/);
  assert.match(r.xml, /<property name="interrupted" value="true"\/>/);
  assert.match(r.xml, /classname="Bank delays" name="slow bank"[^]*<error type="interrupted" message="interrupted by SIGINT on the step &quot;When a sale of 25\.00 is paid with the card UNIONPAY_CHIP&quot;">/);
  assert.match(r.xml, /name="never started"[^>]*>\n\s+<skipped message="not run: interrupted by SIGINT before this scenario started"\/>/);
  assert.match(r.xml, /classname="Bank delays" name="quick" time="0\.000"\/>/, 'finished scenarios stay as they were');
  // without an interruption, the cut-off and unstarted scenarios are simply not there
  assert.equal(junitFromMessages(cutShort).tests, 1);
});

test('stopped between scenarios, or with nothing run: one run-level error keeps the report red', () => {
  const between = cutShort.split('\n').slice(0, 10).join('\n'); // up to "quick" finished
  const r = junitFromMessages(between, { interruption: { reason: 'interrupted by SIGTERM', runId: 'R1' } });
  assert.equal(XMLValidator.validate(r.xml), true);
  assert.match(r.xml, /errors="1"/);
  assert.match(r.xml, /classname="posbench" name="posbench run R1"[^]*<error type="interrupted" message="interrupted by SIGTERM between scenarios">/);
  const nothing = junitFromMessages('', { interruption: { reason: 'Cucumber stopped before the end (exit code 2)' } });
  assert.equal(XMLValidator.validate(nothing.xml), true);
  assert.match(nothing.xml, /tests="1" failures="0" skipped="0" errors="1"/);
});

test('the provisional report of a run under way is valid and red', () => {
  const x = provisionalJunit('20261201-000000Z');
  assert.equal(XMLValidator.validate(x), true);
  assert.match(x, /errors="1"/);
  assert.match(x, /<property name="state" value="running"\/>/);
  assert.deepEqual(junitCounts(writeTemp(x)), { tests: 1, failures: 0, errors: 1, skipped: 0 });
});

function writeTemp(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junit-'));
  writeFileSync(join(dir, 'j.xml'), body);
  return join(dir, 'j.xml');
}

test("a scenario a step skipped carries the step's reason in JUnit; other skipped scenarios are left as they are", () => {
  const messages = [
    { gherkinDocument: { uri: 'features/s.feature', feature: { name: 'Settings & "wiring"' } } },
    { pickle: { id: 'p1', name: "The printer's baud rate", uri: 'features/s.feature' } },
    { pickle: { id: 'p2', name: 'tagged out', uri: 'features/s.feature' } },
    { testCase: { id: 't1', pickleId: 'p1' } },
    { testCaseStarted: { id: 's1', testCaseId: 't1' } },
    { attachment: { testCaseStartedId: 's1', mediaType: 'text/x.cucumber.log+plain', body: 'skipped: printer_baud has no effect on a <network> printer' } },
    { attachment: { testCaseStartedId: 's1', mediaType: 'text/x.cucumber.log+plain', body: 'skipped: a second reason' } },
  ].map((l) => JSON.stringify(l)).join('\n');
  const cucumbers = [
    '<?xml version="1.0"?>',
    '<testsuite name="posbench" tests="2" skipped="2" failures="0" errors="0">',
    `  <testcase classname="Settings &amp; &quot;wiring&quot;" name="The printer's baud rate" time="0.029">`,
    '    <skipped/>',
    '  </testcase>',
    '  <testcase classname="Settings &amp; &quot;wiring&quot;" name="tagged out" time="0">',
    '    <skipped/>',
    '  </testcase>',
    '</testsuite>',
  ].join('\n');
  const xml = withSkipReasons(cucumbers, messages);
  assert.equal(XMLValidator.validate(xml), true);
  assert.match(xml, /name="The printer's baud rate" time="0\.029">\s*<skipped message="printer_baud has no effect on a &lt;network&gt; printer"\/>/);
  assert.match(xml, /name="tagged out" time="0">\s*<skipped\/>/);
  assert.equal(withSkipReasons(cucumbers, ''), cucumbers);
});
