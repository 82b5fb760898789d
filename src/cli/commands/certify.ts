/**
 * `posbench certify [--profile NAME] [--terminal-defect NAME[,NAME…]]`: the certification run.
 * Every feature, no tag filter, no fail-fast (Cucumber's default: every scenario runs), on
 * the profile; then the certificate's summary — requirements passed / failed / not covered
 * and where certification.json and certification.html are. Exit 1 when a requirement (or a
 * scenario) failed, 2 when no certificate could be written.
 *
 * --terminal-defect seeds firmware defects (docs/desyncs.md, Seeded firmware defects) for the
 * whole run, as for `posbench run` (src/cli/terminal-defects.ts). Scenarios tagged @pty that the bench moves to reference-pty run
 * that profile's own, clean terminal; the certificate then lists both firmware ids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../../bench/profile';
import type { Certificate } from '../../certificate/types';
import { parseDefectOption, TERMINAL_DEFECT_HELP } from '../terminal-defects';
import { parseWorkers, runSuite } from './run';

export interface CertifyOptions {
  profile: string;
  terminalDefect?: string;
  reportsDir: string;
  parallel: number;
}

type Io = { out: (s: string) => void; err: (s: string) => void };

/** The certificate's summary as the command prints it. */
export function formatCertificateSummary(c: Certificate, path: string): string {
  const r = c.summary.requirements;
  const s = c.summary.scenarios;
  const failed = c.requirements.filter((q) => q.verdict === 'fail');
  const lines = [
    `certificate: ${c.result === 'pass' ? 'PASS' : 'FAIL'} — firmware ${c.firmware.name} ${c.firmware.version} on profile ${c.profile.name} (${c.profile.dut})`,
    `requirements: ${r.pass} passed, ${r.fail} failed, ${r.notCovered} not covered (of ${r.total})`,
    `scenarios: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`,
    ...failed.map((q) => `  FAILED ${q.id}: ${q.rule}\n${q.scenarios.filter((x) => x.status !== 'PASSED' && x.status !== 'SKIPPED').map((x) => `      ${x.uri}: ${x.name}${x.failure ? ` — ${x.failure}` : ''}`).join('\n')}`),
    ...(c.firmwareSeen.length ? [`note: more than one firmware answered: ${c.firmwareSeen.map((f) => `${f.name} ${f.version}`).join(', ')}`] : []),
    `certificate: ${path}  (and certification.html; manifest sha256 ${c.manifestSha256})`,
  ];
  return lines.join('\n') + '\n';
}

export async function certify(o: CertifyOptions, io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  const code = await runSuite({ profile: o.profile, terminalDefect: o.terminalDefect, parallel: o.parallel, reportsDir: o.reportsDir, featurePaths: [] }, io);
  // runSuite refreshes <reports>/latest/ from the run it just made
  const file = join(o.reportsDir, 'latest', 'certification.json');
  if (!existsSync(file)) {
    io.err('posbench certify: the run wrote no certification.json\n');
    return 2;
  }
  const cert = JSON.parse(readFileSync(file, 'utf8')) as Certificate;
  io.out('\n' + formatCertificateSummary(cert, relative(process.cwd(), join(o.reportsDir, cert.runId, 'certification.json'))));
  if (cert.result === 'fail') return 1;
  return code;
}

export function registerCertify(program: Command): void {
  program
    .command('certify')
    .description('the certification run: every feature on the profile, then the certificate (requirements passed / failed / not covered); exit 1 when a requirement fails')
    .option('--profile <name>', 'hardware profile name or path', 'reference')
    .option('--terminal-defect <names>', TERMINAL_DEFECT_HELP, parseDefectOption)
    .option('--parallel <n>', 'parallel workers', parseWorkers, 0)
    .option('--reports-dir <dir>', 'where runs are written', join(PROJECT_ROOT, 'reports'))
    .action(async (o: { profile: string; terminalDefect?: string; parallel: number; reportsDir: string }) => {
      process.exitCode = await certify(o);
    });
}
