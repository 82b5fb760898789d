/** `posbench doctor --profile NAME [--json] [--print-test] [--dry-run]`: check a bench before a run (src/doctor/). */
import type { Command } from 'commander';
import { runDoctor } from '../../doctor/doctor';
import { formatDoctorReport } from '../../doctor/format';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check a bench: the profile, each port, printer (DLE EOT), reader, host (0800 echo), terminal (ECR STATUS) and optional system parts; exit 1 when a check fails')
    .option('--profile <name>', 'hardware profile name or path', 'reference')
    .option('--json', 'the report as JSON (for CI)')
    .option('--print-test', 'print a test page on the printer')
    .option('--dry-run', 'validate the profile and list what would be checked, opening nothing')
    .action(async (o: { profile: string; json?: boolean; printTest?: boolean; dryRun?: boolean }) => {
      const report = await runDoctor(o.profile, { printTest: o.printTest, dryRun: o.dryRun });
      process.stdout.write(o.json ? JSON.stringify(report, null, 2) + '\n' : formatDoctorReport(report));
      process.exitCode = report.ok ? 0 : 1;
    });
}
