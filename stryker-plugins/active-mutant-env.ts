/**
 * A Cucumber support file for the process pass of `npm run test:mutants`
 * (stryker.process.config.mjs, cucumber profile stryker-process). Stryker's cucumber runner
 * activates a mutant in its own process only, so a terminal the bench starts as its own
 * process (dut.run process: src/terminal/main.ts) would run unmutated. Stryker's instrumented
 * code also reads the active mutant from the environment (__STRYKER_ACTIVE_MUTANT__) when it
 * loads: set there before each scenario, the terminal process the bench spawns inherits it.
 */
import { Before } from '@cucumber/cucumber';

const ENV = '__STRYKER_ACTIVE_MUTANT__';

Before(function () {
  const active = (globalThis as { __stryker__?: { activeMutant?: string | number } }).__stryker__?.activeMutant;
  if (active === undefined) delete process.env[ENV];
  else process.env[ENV] = String(active);
});
