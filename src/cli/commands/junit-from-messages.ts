/**
 * Rebuild a JUnit report from Cucumber's message stream. Cucumber's own JUnit formatter
 * writes only when the run ends; when a run is interrupted, the message stream (written
 * as the run goes) still holds every scenario that finished, and this turns it into
 * junit.xml so CI sees what did run.
 */
import { readFileSync } from 'node:fs';
import { scenarioResults } from '../../report/cucumber-messages';

function xml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export function junitFromMessages(ndjson: string, suiteName = 'posbench'): { xml: string; tests: number } {
  const finished = scenarioResults(ndjson);
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
