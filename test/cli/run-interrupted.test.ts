/**
 * `posbench run` cut short for real: SIGINT while a scenario waits on a slow bank, and
 * SIGKILL of posbench and its Cucumber child. The reports must stay valid and say the run
 * did not finish — in JUnit itself, so a CI that reads only JUnit sees red — reports/latest
 * must never be missing or empty, and the bench's temporary state must not be left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { PROJECT_ROOT } from '../../src/bench/profile';

const FEATURE = join(__dirname, 'fixtures', 'interrupted.feature');
const POSBENCH = join(PROJECT_ROOT, 'bin', 'posbench.js');

function startRun(reportsDir: string, ...extra: string[]): ChildProcess {
  return spawn(process.execPath, [POSBENCH, 'run', '--reports-dir', reportsDir, ...extra, FEATURE], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
}

/** Poll for a condition the run makes true (a file appearing, a line in it); no fixed sleeps. */
async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The run's folder once its slow scenario is on its sale: the issuer has applied the delay rule. */
function slowScenarioWaiting(reportsDir: string): Promise<string> {
  return waitFor('the slow scenario to reach the bank', () => {
    const run = readdirSync(reportsDir).find((n) => /^\d{8}-\d{6}Z$/.test(n));
    if (!run) return undefined;
    const evidence = join(reportsDir, run, 'evidence');
    const file = existsSync(evidence) ? readdirSync(evidence).find((n) => n.includes('slow-to-answer') && n.endsWith('.jsonl')) : undefined;
    return file && readFileSync(join(evidence, file), 'utf8').includes('"kind":"rule.fired"') ? join(reportsDir, run) : undefined;
  });
}

function runRoots(pid: number): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`posbench-run-${pid}-`)).map((n) => join(tmpdir(), n));
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (code, signal) => r(code ?? (signal ? -1 : null)))));
}

function output(child: ChildProcess): () => string {
  let s = '';
  child.stdout!.on('data', (d: Buffer) => (s += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (s += d.toString()));
  return () => s;
}

test('SIGINT mid-scenario: JUnit marks the cut-off scenario as an error, the summary says interrupted, latest links to the run, no temporary state is left', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'posbench-reports-'));
  const run = startRun(reports);
  const log = output(run);
  try {
    const runDir = await slowScenarioWaiting(reports);
    const [root] = runRoots(run.pid!);
    assert.ok(root, 'the run has its temp root');
    assert.ok(readdirSync(root).some((n) => n.startsWith('posbench-terminal-')), `the terminal's state folder is under the run's root: ${readdirSync(root).join(', ')}`);
    // while it runs, the reports already say so
    assert.equal(JSON.parse(readFileSync(join(reports, 'latest', 'summary.json'), 'utf8')).state, 'running');
    run.kill('SIGINT');
    assert.equal(await exited(run), 130, log());

    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    assert.equal(XMLValidator.validate(junit), true, junit);
    assert.match(junit, /<testsuite name="posbench" tests="3" failures="0" skipped="1" errors="1">/);
    assert.match(junit, /<property name="interrupted" value="true"\/>/);
    assert.match(junit, /name="A quick sale that finishes" time="[\d.]+"\/>/);
    assert.match(junit, /name="A sale the bank is slow to answer"[^>]*>\n\s+<error type="interrupted" message="interrupted by SIGINT on the step &quot;When a sale of 25\.00 is paid with the card UNIONPAY_CHIP&quot;"/);
    assert.match(junit, /name="A sale that never starts"[^>]*>\n\s+<skipped message="not run/);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    assert.deepEqual([summary.state, summary.interrupted, summary.interruption, summary.errors, summary.exitCode], ['interrupted', true, 'interrupted by SIGINT', 1, 130]);
    assert.equal(readlinkSync(join(reports, 'latest')), summary.runId);
    assert.equal(readFileSync(join(reports, 'latest', 'junit.xml'), 'utf8'), junit);
    assert.ok(!existsSync(root), 'the run removed its temp root, with the terminal state folder in it');
    assert.deepEqual(readdirSync(runDir).filter((n) => n.endsWith('.tmp') || n === 'cucumber-junit.xml'), [], 'no working files left in the run folder');
  } finally {
    run.kill('SIGKILL');
    rmSync(reports, { recursive: true, force: true });
  }
});

test('SIGKILL of posbench and its Cucumber child: junit.xml is valid and red, summary.json says running, latest is whole; no temp root outlives the next run', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'posbench-reports-'));
  const run = startRun(reports);
  try {
    const runDir = await slowScenarioWaiting(reports);
    const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(run.pid)], { encoding: 'utf8' }).stdout.trim().split(/\s+/).map(Number);
    assert.equal(children.length, 1, 'one Cucumber child');
    run.kill('SIGKILL');
    process.kill(children[0]!, 'SIGKILL');
    await exited(run);

    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    assert.equal(XMLValidator.validate(junit), true, junit);
    assert.match(junit, /<property name="interrupted" value="true"\/>/);
    assert.match(junit, /errors="[1-9]/, 'red for a CI that reads only JUnit');
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    assert.deepEqual([summary.state, summary.interrupted], ['running', true]);
    assert.equal(readlinkSync(join(reports, 'latest')), summary.runId);
    assert.ok(readdirSync(join(reports, 'latest')).includes('summary.json'));

    // the next run (nothing to run: a tag no scenario has — NOTHING RAN, exit 1): whatever the killed one left of its temp root is swept, latest moves on
    const next = spawnSync(process.execPath, [POSBENCH, 'run', '--reports-dir', reports, '--tags', '@no-such-tag', FEATURE], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    assert.equal(next.status, 1, next.stdout + next.stderr);
    assert.match(next.stdout, /NOTHING RAN/);
    assert.deepEqual(runRoots(run.pid!), [], 'the killed run left no temp root behind the next run');
    const nextId = JSON.parse(readFileSync(join(reports, 'latest', 'summary.json'), 'utf8')).runId;
    assert.notEqual(nextId, summary.runId);
    assert.equal(readFileSync(join(runDir, 'junit.xml'), 'utf8'), junit, 'the killed run keeps its reports');
  } finally {
    run.kill('SIGKILL');
    rmSync(reports, { recursive: true, force: true });
  }
});

test('SIGKILL of posbench alone: its Cucumber child notices, writes the marked junit.xml, removes the temp root and stops', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'posbench-reports-'));
  const run = startRun(reports);
  try {
    const runDir = await slowScenarioWaiting(reports);
    const [root] = runRoots(run.pid!);
    assert.ok(root);
    run.kill('SIGKILL');
    await exited(run);
    const junit = await waitFor('the child to write junit.xml', () => {
      const x = readFileSync(join(runDir, 'junit.xml'), 'utf8');
      return x.includes('posbench run was killed') ? x : undefined;
    });
    assert.equal(XMLValidator.validate(junit), true, junit);
    assert.match(junit, /name="A sale the bank is slow to answer"[^>]*>\n\s+<error type="interrupted" message="interrupted: posbench run was killed on the step &quot;When a sale of 25\.00/);
    assert.match(junit, /<property name="interrupted" value="true"\/>/);
    await waitFor('the child to remove the temp root', () => (existsSync(root) ? undefined : true));
    assert.equal(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')).state, 'running', 'the summary is the parent\'s: still "did not finish"');
  } finally {
    run.kill('SIGKILL');
    rmSync(reports, { recursive: true, force: true });
  }
});

test('a line that selects no scenario is no green run: NOTHING RAN, exit 1, JUnit with an error', () => {
  const reportsDir = mkdtempSync(join(tmpdir(), 'posbench-none-'));
  try {
    // Line 2 of the fixture is its feature's description, not a scenario.
    const r = spawnSync(process.execPath, [POSBENCH, 'run', '--reports-dir', reportsDir, `${FEATURE}:2`], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /NOTHING RAN \(the feature paths, lines and tags given select no scenario\)/);
    const junit = readFileSync(join(reportsDir, 'latest', 'junit.xml'), 'utf8');
    assert.match(junit, /errors="1"/);
    assert.match(junit, /select no scenario/);
  } finally {
    rmSync(reportsDir, { recursive: true, force: true });
  }
});
