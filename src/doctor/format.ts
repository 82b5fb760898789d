/** The doctor's report as a table for a technician (`--json` prints the report itself). */
import type { DoctorReport } from './types';

const MARK = { pass: 'pass', fail: 'FAIL', skip: 'skip' } as const;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

export function formatDoctorReport(r: DoctorReport): string {
  const lines = [`posbench doctor: profile ${r.profile} (${r.file})${r.dryRun ? ' — dry run, nothing is opened' : ''}`, ''];
  if (r.planned) {
    lines.push(...table([['part', 'check', 'key', 'how'], ...r.planned.map((p) => [p.part, p.name, p.key || '-', p.how])]).map((l) => `  ${l}`));
    lines.push('', `${r.planned.length} check(s) would run (the profile itself: ${r.checks[0]!.status === 'pass' ? 'valid' : 'INVALID'}).`);
    return lines.join('\n') + '\n';
  }
  lines.push(...table([['result', 'part', 'check', 'key', 'detail'], ...r.checks.map((c) => [MARK[c.status], c.part, c.name, c.key || '-', c.detail])]).map((l) => `  ${l}`));
  const failed = r.checks.filter((c) => c.status === 'fail');
  const count = (s: string) => r.checks.filter((c) => c.status === s).length;
  lines.push('', `${failed.length ? 'FAILED' : 'OK'}: ${count('pass')} passed, ${failed.length} failed, ${count('skip')} skipped`);
  if (failed.length) {
    lines.push('', 'likely fixes:');
    for (const c of failed) lines.push(`  ${c.key || c.part}: ${c.fix ?? c.detail}`);
  }
  return lines.join('\n') + '\n';
}
