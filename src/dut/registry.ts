/** The one place a DUT kind (`dut.run` in the profile) is mapped to its implementation. */
import type { DeviceUnderTest, DutKind, DutWiring } from './types';
import { InProcessDut } from './in-process';
import { ProcessDut } from './process';
import { ExternalDut } from './external';
import { OperatorDut } from './operator';

const KINDS: Record<DutKind, (w: DutWiring) => DeviceUnderTest> = {
  'in-process': (w) => new InProcessDut(w),
  process: (w) => new ProcessDut(w),
  external: (w) => new ExternalDut(w),
  operator: (w) => new OperatorDut(w),
};

/** The DUT the profile's `dut.run` names, not started yet. */
export function createDut(wiring: DutWiring): DeviceUnderTest {
  return KINDS[wiring.dut.run](wiring);
}

export const DUT_KINDS = Object.keys(KINDS) as DutKind[];
