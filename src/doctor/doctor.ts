/**
 * `posbench doctor`: validate a profile, then run the checks planned for it (plan.ts) one
 * after the other, each skipped when a check it needs did not pass; the bench the checks
 * brought up is stopped at the end whatever happened. `--dry-run` validates and lists the
 * plan without opening anything.
 */
import { relative } from 'node:path';
import { loadProfile, type HardwareProfile } from '../bench/profile';
import { PosbenchError } from '../util/errors';
import { planChecks } from './plan';
import type { DoctorCheck, DoctorContext, DoctorOptions, DoctorReport } from './types';

const DEFAULTS: Required<DoctorOptions> = { printTest: false, answerTimeoutMs: 1500, connectTimeoutMs: 3000, hostTimeoutMs: 5000 };

function profileCheck(nameOrPath: string): { profile?: HardwareProfile; check: DoctorCheck } {
  const base = { id: 'profile', part: 'profile' as const, name: 'valid' };
  try {
    const profile = loadProfile(nameOrPath);
    return { profile, check: { ...base, key: '', status: 'pass', detail: `${relative(process.cwd(), profile.file) || profile.file}: dut ${profile.dut.run}, printer ${profile.printer.emulated ? 'emulated' : 'real'} on ${profile.printer.link.kind}, reader ${profile.reader.emulated ? 'emulated' : 'real'} on ${profile.reader.link.kind}, issuer ${profile.issuer.emulated ? 'emulated' : profile.issuer.address}` } };
  } catch (e) {
    if (!(e instanceof PosbenchError)) throw e;
    const keyPath = (e as { keyPath?: string }).keyPath ?? '';
    return { check: { ...base, key: keyPath, status: 'fail', detail: e.message, fix: keyPath ? `correct ${keyPath} (posbench validate-profile shows the same; hardware-profiles/README.md explains each key)` : 'name a profile in hardware-profiles/ or a path to a YAML file' } };
  }
}

export async function runDoctor(nameOrPath: string, opts: DoctorOptions & { dryRun?: boolean } = {}): Promise<DoctorReport> {
  const options: Required<DoctorOptions> = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([k, v]) => v !== undefined && k !== 'dryRun')) };
  const { profile, check } = profileCheck(nameOrPath);
  const checks: DoctorCheck[] = [check];
  if (!profile) return { profile: nameOrPath, file: nameOrPath, dryRun: !!opts.dryRun, ok: false, checks };
  const plan = planChecks(profile, { printTest: options.printTest });
  const report = { profile: profile.name, file: profile.file, dryRun: !!opts.dryRun };
  if (opts.dryRun) {
    return { ...report, ok: true, checks, planned: plan.map(({ id, part, name, key, how }) => ({ id, part, name, key, how })) };
  }
  const ctx: DoctorContext = { profile, options };
  const byId = new Map<string, DoctorCheck>();
  try {
    for (const p of plan) {
      const { id, part, name, key } = p;
      const blocker = (p.after ?? []).map((a) => byId.get(a)).find((c) => c && c.status !== 'pass');
      let row: DoctorCheck;
      if (blocker) {
        row = { id, part, name, key, status: 'skip', detail: `not checked: ${blocker.part} "${blocker.name}" ${blocker.status === 'fail' ? 'failed' : 'was skipped'}` };
      } else {
        try {
          row = { id, part, name, key, ...(await p.run(ctx)) };
        } catch (e) {
          row = { id, part, name, key, status: 'fail', detail: (e as Error).message, fix: `the ${part} check could not run: read the message; ${key ? `check ${key} in ${relative(process.cwd(), profile.file)}` : 'see hardware-profiles/README.md'}` };
        }
      }
      byId.set(id, row);
      checks.push(row);
    }
  } finally {
    await ctx.bench?.stop().catch(() => undefined);
  }
  return { ...report, ok: checks.every((c) => c.status !== 'fail'), checks };
}
