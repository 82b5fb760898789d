/** `posbench merge --out DIR RUN_DIR...`: the shards of a suite as one run's reports (src/shard/merge.ts). */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { mergeRuns } from '../../shard/merge';

export function registerMerge(program: Command): void {
  program
    .command('merge')
    .description('merge the reports of shards (posbench run --shard I/N) into one report set: junit.xml, the certificate, the Allure report, summary.json')
    .requiredOption('--out <dir>', 'where the merged reports go')
    .argument('<runs...>', 'run folders (reports/<run-id>/) or reports folders (their latest/ is taken)')
    .action((runs: string[], o: { out: string }) => {
      const { summary, certificate } = mergeRuns(runs, o.out);
      const rel = (p: string) => relative(process.cwd(), p) || '.';
      const passed = summary.tests - summary.failures - summary.errors - summary.skipped;
      process.stdout.write(
        [
          `posbench merge: ${summary.merged.length} run(s) → ${rel(o.out)}/${summary.interrupted ? ` (INTERRUPTED: ${summary.interruption})` : ''}`,
          `scenarios: ${passed} passed, ${summary.failures + summary.errors} failed, ${summary.skipped} skipped`,
          certificate ? `certificate: ${certificate.result.toUpperCase()} — requirements ${certificate.summary.requirements.pass} passed, ${certificate.summary.requirements.fail} failed, ${certificate.summary.requirements.notCovered} not covered` : 'certificate: not written',
          `  junit        ${rel(summary.reports.junit!)}`,
          `  certificate  ${rel(summary.reports.certificate!)}`,
          `  allure       ${summary.allure === 'generated' ? rel(summary.reports.allureHtml!) : summary.allure}`,
          `  durations    ${rel(summary.reports.durations!)}  (posbench run --shard I/N --durations FILE balances the next split with it)`,
          '',
        ].join('\n'),
      );
      process.exitCode = summary.exitCode === 0 ? 0 : summary.exitCode > 1 ? summary.exitCode : 1;
    });
}
