/**
 * `posbench run` hands Cucumber the run's configuration through the programmatic API
 * (src/cli/cucumber-run.ts), not environment variables: paths, tags, workers and the world
 * parameters the hooks read, with report files moved into the run's directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { configureRun } from '../../src/cli/cucumber-run';
import { PROJECT_ROOT } from '../../src/bench/profile';

test('without a run: cucumber.js alone gives the defaults npx cucumber-js uses', async () => {
  const rc = await configureRun({ runDir: 'reports/dev', profile: 'reference', parallel: 0, paths: [] }, PROJECT_ROOT);
  assert.deepEqual(rc.runtime.worldParameters, { profile: 'reference', runDir: 'reports/dev' });
  assert.deepEqual(rc.sources.paths, [], "Cucumber's default feature paths");
  assert.equal(rc.sources.tagExpression, '');
});

test('a run sets paths, tags, workers and world parameters, and its reports go to its own directory', async () => {
  const runDir = join(PROJECT_ROOT, 'reports', '20990101-000000Z');
  const feature = join(PROJECT_ROOT, 'features', 'purchase', 'approved-sale.feature');
  const rc = await configureRun({ runDir, profile: '/benches/lab.yaml', parallel: 2, tags: '@purchase and not @slow', paths: [feature] }, PROJECT_ROOT);
  assert.deepEqual(rc.sources.paths, [feature]);
  assert.equal(rc.sources.tagExpression, '@purchase and not @slow');
  assert.equal(rc.runtime.parallel, 2);
  assert.deepEqual(rc.runtime.worldParameters, { profile: '/benches/lab.yaml', runDir });
  const files = Object.keys(rc.formats.files);
  assert.ok(files.includes(join(runDir, 'junit.xml')) && files.includes(join(runDir, 'cucumber-messages.ndjson')), files.join(', '));
  assert.ok(files.every((f) => f.startsWith(runDir)), `every report file is under the run directory: ${files.join(', ')}`);
  assert.equal(rc.formats.options.resultsDir, join(runDir, 'allure-results'));
});

test("posbench run's working name for Cucumber's JUnit file replaces junit.xml among the formats", async () => {
  const runDir = join(PROJECT_ROOT, 'reports', '20990101-000000Z');
  const rc = await configureRun({ runDir, profile: 'reference', parallel: 0, paths: [], junitFile: join(runDir, 'cucumber-junit.xml') }, PROJECT_ROOT);
  assert.equal(rc.formats.files[join(runDir, 'cucumber-junit.xml')], 'junit');
  assert.ok(!(join(runDir, 'junit.xml') in rc.formats.files), 'junit.xml is left to posbench');
});
