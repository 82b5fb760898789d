import { test } from 'node:test';
import assert from 'node:assert/strict';
import { junitFromMessages } from '../../src/cli/commands/junit-from-messages';
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
