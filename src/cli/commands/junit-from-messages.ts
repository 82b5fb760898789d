/**
 * JUnit reports that posbench writes itself (Cucumber's own JUnit formatter writes only
 * when a run ends).
 *
 * - `junitFromMessages`: a report rebuilt from Cucumber's message stream, which is written
 *   as the run goes. Given an `interruption`, the report says so in JUnit itself, so a CI
 *   that reads only JUnit sees red: each scenario that was running is an `<error>` naming
 *   the interruption and the step it was on, each scenario that never started is
 *   `<skipped>`, the suite carries `<property name="interrupted" value="true"/>` and its
 *   `errors` attribute counts the cut-off scenarios.
 * - `provisionalJunit`: what junit.xml says while a run has not finished — one error, "the
 *   run did not finish" — so a run killed before it could write its report is red too.
 * - `withSkipReasons`: Cucumber's own report with the reason of every scenario a step
 *   skipped (the step logs "skipped: why", e.g. a setting that does not apply to the profile,
 *   an operator step in a run nobody attends) put into its `<skipped message="…"/>`.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write';
import { envelopes, isWorse } from '../../report/cucumber-messages';

interface TestStep {
  id: string;
  pickleStepId?: string;
  hookId?: string;
}

interface Envelope {
  gherkinDocument?: { uri?: string; feature?: { name?: string } };
  pickle?: { id: string; name: string; uri: string; steps?: { id: string; text: string; astNodeIds?: string[] }[] };
  hook?: { id: string; type?: string };
  testCase?: { id: string; pickleId: string; testSteps?: TestStep[] };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepStarted?: { testCaseStartedId: string; testStepId: string };
  testStepFinished?: { testCaseStartedId: string; testStepId?: string; testStepResult: { status: string; message?: string; duration?: { seconds: number; nanos: number } } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
  attachment?: { testCaseStartedId?: string; body?: string; mediaType?: string };
}

/** Why a run stopped before its end, e.g. "interrupted by SIGINT". */
export interface Interruption {
  reason: string;
  /** Names the run-level test case when no scenario was cut off. */
  runId?: string;
}

export interface JunitOptions {
  suiteName?: string;
  /** The run was cut short: mark the running scenarios as errors and the rest as not run. */
  interruption?: Interruption;
}

export interface RebuiltJunit {
  xml: string;
  /** Test cases in the report. */
  tests: number;
  /** Scenarios cut off while running (errors). */
  running: number;
  /** Scenarios that never started (skipped). */
  notRun: number;
}


export function xmlText(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** Gherkin step id → keyword ("Given ", "And "), from anywhere in a feature's tree. */
function collectKeywords(node: unknown, out: Map<string, string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectKeywords(n, out);
  } else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string' && typeof o.keyword === 'string' && typeof o.text === 'string') out.set(o.id, o.keyword);
    for (const v of Object.values(o)) if (v && typeof v === 'object') collectKeywords(v, out);
  }
}

interface Case {
  name: string;
  uri: string;
  status: string;
  message?: string;
  seconds: number;
  /** For a running case: where it was. */
  at?: string;
}

function props(p: Record<string, string>): string {
  const lines = Object.entries(p).map(([k, v]) => `    <property name="${xmlText(k)}" value="${xmlText(v)}"/>`);
  return lines.length ? `  <properties>\n${lines.join('\n')}\n  </properties>\n` : '';
}

function render(suiteName: string, cases: Case[], properties: Record<string, string>): string {
  const count = (pred: (c: Case) => boolean) => cases.filter(pred).length;
  const failures = count((c) => !['PASSED', 'SKIPPED', 'NOT_RUN', 'INTERRUPTED'].includes(c.status));
  const skipped = count((c) => c.status === 'SKIPPED' || c.status === 'NOT_RUN');
  const errors = count((c) => c.status === 'INTERRUPTED');
  const body = cases.map((c) => {
    const open = `  <testcase classname="${xmlText(c.uri)}" name="${xmlText(c.name)}" time="${c.seconds.toFixed(3)}"`;
    const message = (c.message ?? c.status).split('\n')[0]!;
    switch (c.status) {
      case 'PASSED':
        return `${open}/>`;
      case 'SKIPPED':
        return `${open}>\n    <skipped/>\n  </testcase>`;
      case 'NOT_RUN':
        return `${open}>\n    <skipped message="${xmlText(message)}"/>\n  </testcase>`;
      case 'INTERRUPTED':
        return `${open}>\n    <error type="interrupted" message="${xmlText(message)}">${xmlText(c.at ?? '')}</error>\n  </testcase>`;
      default:
        return `${open}>\n    <failure type="${xmlText(c.status)}" message="${xmlText(message)}">${xmlText(c.message ?? '')}</failure>\n  </testcase>`;
    }
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${xmlText(suiteName)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" errors="${errors}">\n${props(properties)}${body.join('\n')}\n</testsuite>\n`;
}

export function junitFromMessages(ndjson: string, opts: JunitOptions = {}): RebuiltJunit {
  const pickles = new Map<string, { name: string; uri: string; steps: Map<string, string> }>();
  const hooks = new Map<string, string>();
  const keywords = new Map<string, string>();
  /** uri → feature name: the test case's classname, as Cucumber's own JUnit formatter names it. */
  const features = new Map<string, string>();
  const testCases = new Map<string, { pickleId: string; steps: Map<string, TestStep> }>();
  const started = new Map<string, { testCaseId: string; status: string; message?: string; seconds: number; step?: string }>();
  const startedCases = new Set<string>();
  const finished: Case[] = [];
  for (const e of envelopes<Envelope>(ndjson)) {
    if (e.gherkinDocument) {
      collectKeywords(e.gherkinDocument.feature, keywords);
      if (e.gherkinDocument.uri && e.gherkinDocument.feature?.name) features.set(e.gherkinDocument.uri, e.gherkinDocument.feature.name);
    } else if (e.pickle) {
      const steps = new Map((e.pickle.steps ?? []).map((s) => [s.id, `${keywords.get(s.astNodeIds?.[0] ?? '') ?? ''}${s.text}`]));
      pickles.set(e.pickle.id, { name: e.pickle.name, uri: e.pickle.uri, steps });
    } else if (e.hook) hooks.set(e.hook.id, e.hook.type ?? '');
    else if (e.testCase) testCases.set(e.testCase.id, { pickleId: e.testCase.pickleId, steps: new Map((e.testCase.testSteps ?? []).map((s) => [s.id, s])) });
    else if (e.testCaseStarted) {
      started.set(e.testCaseStarted.id, { testCaseId: e.testCaseStarted.testCaseId, status: 'PASSED', seconds: 0 });
      startedCases.add(e.testCaseStarted.testCaseId);
    } else if (e.testStepStarted) {
      const s = started.get(e.testStepStarted.testCaseStartedId);
      if (s) s.step = e.testStepStarted.testStepId;
    } else if (e.testStepFinished) {
      const s = started.get(e.testStepFinished.testCaseStartedId);
      if (!s) continue;
      s.step = undefined;
      const r = e.testStepFinished.testStepResult;
      if (isWorse(r.status, s.status)) {
        s.status = r.status;
        s.message = r.message;
      }
      if (r.duration) s.seconds += r.duration.seconds + r.duration.nanos / 1e9;
    } else if (e.testCaseFinished) {
      const s = started.get(e.testCaseFinished.testCaseStartedId);
      started.delete(e.testCaseFinished.testCaseStartedId);
      if (e.testCaseFinished.willBeRetried) continue;
      const p = s && pickles.get(testCases.get(s.testCaseId)?.pickleId ?? '');
      if (s && p) finished.push({ name: p.name, uri: p.uri, status: s.status, message: s.message, seconds: s.seconds });
    }
  }
  const cases = finished.map((c) => ({ ...c, uri: features.get(c.uri) ?? c.uri }));
  let running = 0;
  let notRun = 0;
  const interruption = opts.interruption;
  if (interruption) {
    for (const s of started.values()) {
      const tc = testCases.get(s.testCaseId);
      const p = tc && pickles.get(tc.pickleId);
      if (!tc || !p) continue;
      const at = whereItWas(s.step ? tc.steps.get(s.step) : undefined, p.steps, hooks);
      cases.push({ name: p.name, uri: features.get(p.uri) ?? p.uri, status: 'INTERRUPTED', message: `${interruption.reason} ${at}`, seconds: s.seconds, at: `${interruption.reason} ${at}; steps before it: ${s.status.toLowerCase()}` });
      running++;
    }
    for (const [id, tc] of testCases) {
      const p = pickles.get(tc.pickleId);
      if (startedCases.has(id) || !p) continue;
      cases.push({ name: p.name, uri: features.get(p.uri) ?? p.uri, status: 'NOT_RUN', message: `not run: ${interruption.reason} before this scenario started`, seconds: 0 });
      notRun++;
    }
  }
  if (interruption && running === 0) {
    // stopped between scenarios (or before the first): one run-level error keeps the report red
    cases.push(runCase(interruption.runId, `${interruption.reason} between scenarios`));
  }
  const properties: Record<string, string> = interruption ? { interrupted: 'true', interruption: interruption.reason, 'scenarios-cut-off': String(running), 'scenarios-not-run': String(notRun) } : {};
  return { xml: render(opts.suiteName ?? 'posbench', cases, properties), tests: cases.length, running, notRun };
}

function whereItWas(step: TestStep | undefined, pickleSteps: Map<string, string>, hooks: Map<string, string>): string {
  if (!step) return 'between steps';
  if (step.pickleStepId) return `on the step "${(pickleSteps.get(step.pickleStepId) ?? step.pickleStepId).trim()}"`;
  const type = hooks.get(step.hookId ?? '') ?? '';
  return type.startsWith('AFTER') ? 'in an After hook (the teardown)' : type.startsWith('BEFORE') ? 'in a Before hook (starting the bench)' : 'in a hook';
}

export function junitFromMessagesFile(file: string, opts: JunitOptions = {}): RebuiltJunit {
  return junitFromMessages(readFileSync(file, 'utf8'), opts);
}

function runCase(runId: string | undefined, reason: string): Case {
  return { name: `posbench run${runId ? ` ${runId}` : ''}`, uri: 'posbench', status: 'INTERRUPTED', message: reason, seconds: 0, at: reason };
}

/** junit.xml while a run is under way: red until the run replaces it with its real report. */
export function provisionalJunit(runId: string, suiteName = 'posbench'): string {
  const reason = `the run did not finish: posbench run ${runId} was stopped before it wrote its report`;
  return render(suiteName, [runCase(runId, reason)], { interrupted: 'true', state: 'running', 'run-id': runId });
}

/** Cucumber's own JUnit file in a run's folder: a working name; junit.xml is written from it, atomically, at the end. */
export const CUCUMBER_JUNIT = 'cucumber-junit.xml';

/** What a step logs when it skips its scenario (steps/real-host.ts, steps/bench.steps.ts, the operator steps). */
const SKIP_LOG = 'skipped: ';

/** Feature name + scenario name → the first reason a step gave for skipping it. */
function skipReasons(ndjson: string): Map<string, string> {
  const features = new Map<string, string>();
  const pickles = new Map<string, { name: string; uri: string }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  const out = new Map<string, string>();
  for (const e of envelopes<Envelope>(ndjson)) {
    if (e.gherkinDocument?.uri && e.gherkinDocument.feature?.name) features.set(e.gherkinDocument.uri, e.gherkinDocument.feature.name);
    else if (e.pickle) pickles.set(e.pickle.id, { name: e.pickle.name, uri: e.pickle.uri });
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) started.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
    else if (e.attachment?.body?.startsWith(SKIP_LOG) && e.attachment.testCaseStartedId) {
      const p = pickles.get(testCases.get(started.get(e.attachment.testCaseStartedId) ?? '') ?? '');
      const k = p && `${xmlText(features.get(p.uri) ?? p.uri)}\u0000${xmlText(p.name)}`;
      if (k && !out.has(k)) out.set(k, e.attachment.body.slice(SKIP_LOG.length).split('\n')[0]!);
    }
  }
  return out;
}

/** Cucumber's JUnit report with each skipped scenario's reason in its `<skipped message="…"/>`. */
export function withSkipReasons(junitXml: string, ndjson: string): string {
  const reasons = skipReasons(ndjson);
  if (!reasons.size) return junitXml;
  return junitXml.replace(/(<testcase classname="([^"]*)" name="([^"]*)"[^>]*>\s*)<skipped\/>/g, (all, head: string, classname: string, name: string) => {
    const why = reasons.get(`${classname}\u0000${name}`);
    return why ? `${head}<skipped message="${xmlText(why)}"/>` : all;
  });
}

/**
 * A run's junit.xml, written atomically: Cucumber's own JUnit report when Cucumber got to
 * its end; otherwise rebuilt from the message stream with the interruption marked in it.
 */
export function writeFinalJunit(runDir: string, interruption: Interruption | undefined): void {
  const junitFile = join(runDir, 'junit.xml');
  const cucumberJunit = join(runDir, CUCUMBER_JUNIT);
  const cucumbers = existsSync(cucumberJunit) ? readFileSync(cucumberJunit, 'utf8') : '';
  const messagesFile = join(runDir, 'cucumber-messages.ndjson');
  const messages = existsSync(messagesFile) ? readFileSync(messagesFile, 'utf8') : '';
  if (!interruption && /<\/testsuite>\s*$/.test(cucumbers)) {
    writeFileAtomic(junitFile, withSkipReasons(cucumbers, messages));
  } else {
    const why = interruption ?? { reason: 'Cucumber ended without writing its JUnit report', runId: basename(runDir) };
    writeFileAtomic(junitFile, withSkipReasons(junitFromMessages(messages, { interruption: why }).xml, messages));
  }
  rmSync(cucumberJunit, { force: true });
}
