/**
 * The certificate's facts for the Allure report's Environment panel: Allure 3 reads
 * allure-results/environment.properties (its allure2 reader, node_modules/@allurereport/reader).
 * Categories and the Trend history are configured in allurerc.mjs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write';
import type { Certificate } from './types';

/** A .properties value: backslash, newlines and leading blanks escaped (java.util.Properties rules). */
function propertyValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^\s/, (c) => `\\${c}`);
}

export function environmentProperties(c: Certificate): string {
  const r = c.summary.requirements;
  const entries: [string, string][] = [
    ['firmware', `${c.firmware.name} ${c.firmware.version}`],
    ['profile', c.profile.name],
    ['dut', c.profile.dut],
    ['posbench.version', c.posbench.version],
    ['posbench.commit', c.posbench.dirty === true ? `${c.posbench.commit} (with uncommitted changes)` : c.posbench.commit],
    ['requirements', `${r.pass} pass, ${r.fail} fail, ${r.notCovered} not covered (of ${r.total})`],
    ['certificate', `${c.result} — certification.json manifest sha256 ${c.manifestSha256}`],
  ];
  return entries.map(([k, v]) => `${k}=${propertyValue(v)}`).join('\n') + '\n';
}

/** Write allure-results/environment.properties when the run has Allure results. */
export function writeAllureEnvironment(runDir: string, c: Certificate): void {
  const dir = join(runDir, 'allure-results');
  if (!existsSync(dir)) return;
  writeFileAtomic(join(dir, 'environment.properties'), environmentProperties(c));
}
