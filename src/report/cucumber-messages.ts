/**
 * Scenario results from Cucumber's message stream (cucumber-messages.ndjson, written as the
 * run goes): one entry per finished scenario, its worst step status, its tags and feature.
 * The certificate (src/certificate/) reads its verdicts from here. junit.xml is Cucumber's
 * own report, or for a run cut short the rebuild in src/cli/commands/junit-from-messages.ts,
 * which reads the same stream with the same worst-step rule plus the bookkeeping of
 * scenarios still running; test/certificate checks on a real run that the certificate and
 * junit.xml agree scenario by scenario. Both read the stream with `envelopes()` and judge a
 * scenario by `isWorse()`.
 */
import { readFileSync } from 'node:fs';

interface Envelope {
  gherkinDocument?: { uri: string; feature?: { name: string } };
  pickle?: { id: string; name: string; uri: string; tags?: { name: string }[] };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string; message?: string; duration?: { seconds: number; nanos: number } } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
}

/** Cucumber's step statuses, worst last: a scenario takes the worst of its steps. */
const RANK: Record<string, number> = { PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 4, FAILED: 5, UNKNOWN: 1 };

/** True when a step with status `step` makes a scenario now at `scenario` worse (the one worst-step rule). */
export function isWorse(step: string, scenario: string): boolean {
  return (RANK[step] ?? 0) > (RANK[scenario] ?? 0);
}

/** The envelopes of a message stream, one per line; a torn last line (an interrupted run) is left out. */
export function* envelopes<E>(ndjson: string): Generator<E> {
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    try {
      yield JSON.parse(line) as E;
    } catch {
      continue;
    }
  }
}

export interface ScenarioResult {
  pickleId: string;
  name: string;
  /** Feature file as Cucumber names it. */
  uri: string;
  /** The Feature's name ('' when the stream has no document for the file). */
  feature: string;
  /** Tags, the Feature's and Rule's included. */
  tags: string[];
  /** PASSED, FAILED, SKIPPED, PENDING, UNDEFINED, AMBIGUOUS or UNKNOWN. */
  status: string;
  message?: string;
  seconds: number;
}

export function scenarioResults(ndjson: string): ScenarioResult[] {
  const features = new Map<string, string>();
  const pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  const testCases = new Map<string, string>();
  const started = new Map<string, { pickleId: string; status: string; message?: string; seconds: number }>();
  const finished: ScenarioResult[] = [];
  for (const e of envelopes<Envelope>(ndjson)) {
    if (e.gherkinDocument) features.set(e.gherkinDocument.uri, e.gherkinDocument.feature?.name ?? '');
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) started.set(e.testCaseStarted.id, { pickleId: testCases.get(e.testCaseStarted.testCaseId) ?? '', status: 'PASSED', seconds: 0 });
    else if (e.testStepFinished) {
      const s = started.get(e.testStepFinished.testCaseStartedId);
      if (!s) continue;
      const r = e.testStepFinished.testStepResult;
      if (isWorse(r.status, s.status)) {
        s.status = r.status;
        s.message = r.message;
      }
      if (r.duration) s.seconds += r.duration.seconds + r.duration.nanos / 1e9;
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      const s = started.get(e.testCaseFinished.testCaseStartedId);
      const p = s && pickles.get(s.pickleId);
      if (s && p) {
        finished.push({
          pickleId: p.id,
          name: p.name,
          uri: p.uri,
          feature: features.get(p.uri) ?? '',
          tags: (p.tags ?? []).map((t) => t.name),
          status: s.status,
          ...(s.message === undefined ? {} : { message: s.message }),
          seconds: s.seconds,
        });
      }
    }
  }
  return finished;
}

export function scenarioResultsFile(file: string): ScenarioResult[] {
  return scenarioResults(readFileSync(file, 'utf8'));
}
