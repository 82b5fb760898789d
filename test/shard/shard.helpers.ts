/** Verdicts by scenario from a JUnit report: "classname / name" → passed | failed | skipped | error (outline rows of one name numbered). */
import { xmlAttributes } from '../../src/shard/split';

export function testcaseVerdicts(xml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<testcase\b((?:\s+[\w:-]+="[^"]*")*)\s*(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const a = xmlAttributes(m[1]!);
    const body = m[3] ?? '';
    const verdict = /<failure\b/.test(body) ? 'failed' : /<error\b/.test(body) ? 'error' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    let k = `${a.classname} / ${a.name}`;
    for (let n = 2; out.has(k); n++) k = `${a.classname} / ${a.name} #${n}`;
    out.set(k, verdict);
  }
  return out;
}
