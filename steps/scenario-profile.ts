/**
 * Which hardware profile a scenario runs on. The run's profile (`posbench run --profile`)
 * unless the scenario is tagged `@pty` and that profile is an emulated, all-in-process one
 * (terminal in-process, printer and reader on mock cables): then it runs on
 * `reference-pty` — the reference terminal as its own process on PTY serial links — so
 * the PTY code paths are exercised on every run. A profile that already has PTY, serial or
 * a process/external terminal is never replaced. The reason is put on the evidence timeline.
 */
import { loadProfile, type HardwareProfile } from '../src/bench/profile';

export const PTY_TAG = '@pty';
export const PTY_PROFILE = 'reference-pty';

export interface ScenarioProfile {
  name: string;
  /** True when this is not the run's profile. */
  switched: boolean;
  reason: string;
}

function allInProcess(p: HardwareProfile): boolean {
  return p.dut.run === 'in-process' && p.printer.link.kind === 'mock' && p.reader.link.kind === 'mock';
}

export function scenarioProfile(runProfile: string, tags: readonly string[]): ScenarioProfile {
  if (!tags.includes(PTY_TAG)) return { name: runProfile, switched: false, reason: `the run's profile ${runProfile}` };
  const p = loadProfile(runProfile);
  if (allInProcess(p)) {
    return {
      name: PTY_PROFILE,
      switched: true,
      reason: `${PTY_TAG}: the run's profile ${p.name} is all in-process (mock links), so this scenario runs on ${PTY_PROFILE}`,
    };
  }
  return {
    name: runProfile,
    switched: false,
    reason: `${PTY_TAG}: the run's profile ${p.name} already has a ${p.dut.run} terminal with ${p.printer.link.kind}/${p.reader.link.kind} links, so it is kept`,
  };
}
