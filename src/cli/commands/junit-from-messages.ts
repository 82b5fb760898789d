/**
 * Rebuild a JUnit report from Cucumber's message stream. Cucumber's own JUnit formatter
 * writes only when the run ends; when a run is interrupted, the message stream (written
 * as the run goes) still holds every scenario that finished, and this turns it into
 * junit.xml so CI sees what did run.
 */
import { readFileSync } from 'node:fs';

interface Envelope {
  pickle?: { id: string; name: string; uri: string };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string; message?: string; duration?: { seconds: number; nanos: number } } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
}

const RANK: Record<string, number> = { PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 4, FAILED: 5, UNKNOWN: 1 };

function xml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function junitFromMessages(ndjson: string, suiteName = 'posbench'): { xml: string; tests: number } {
  const pickles = new Map<string, { name: string; uri: string }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, { pickleId: string; status: string; message?: string; seconds: number }>();
  const finished: { name: string; uri: string; status: string; message?: string; seconds: number }[] = [];
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    let e: Envelope;
    try {
      e = JSON.parse(line) as Envelope;
    } catch {
      continue; // a torn last line of an interrupted run
    }
    if (e.pickle) pickles.set(e.pickle.id, { name: e.pickle.name, uri: e.pickle.uri });
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) started.set(e.testCaseStarted.id, { pickleId: testCases.get(e.testCaseStarted.testCaseId) ?? '', status: 'PASSED', seconds: 0 });
    else if (e.testStepFinished) {
      const s = started.get(e.testStepFinished.testCaseStartedId);
      if (!s) continue;
      const r = e.testStepFinished.testStepResult;
      if ((RANK[r.status] ?? 0) > (RANK[s.status] ?? 0)) {
        s.status = r.status;
        s.message = r.message;
      }
      if (r.duration) s.seconds += r.duration.seconds + r.duration.nanos / 1e9;
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      const s = started.get(e.testCaseFinished.testCaseStartedId);
      const p = s && pickles.get(s.pickleId);
      if (s && p) finished.push({ ...p, status: s.status, message: s.message, seconds: s.seconds });
    }
  }
  const failures = finished.filter((f) => f.status !== 'PASSED' && f.status !== 'SKIPPED').length;
  const skipped = finished.filter((f) => f.status === 'SKIPPED').length;
  const cases = finished.map((f) => {
    const open = `  <testcase classname="${xml(f.uri)}" name="${xml(f.name)}" time="${f.seconds.toFixed(3)}"`;
    if (f.status === 'PASSED') return `${open}/>`;
    if (f.status === 'SKIPPED') return `${open}>\n    <skipped/>\n  </testcase>`;
    return `${open}>\n    <failure type="${xml(f.status)}" message="${xml((f.message ?? f.status).split('\n')[0]!)}">${xml(f.message ?? '')}</failure>\n  </testcase>`;
  });
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${xml(suiteName)}" tests="${finished.length}" failures="${failures}" skipped="${skipped}" errors="0">\n${cases.join('\n')}\n</testsuite>\n`;
  return { xml: body, tests: finished.length };
}

export function junitFromMessagesFile(file: string): { xml: string; tests: number } {
  return junitFromMessages(readFileSync(file, 'utf8'));
}
