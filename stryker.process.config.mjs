// The process pass of `npm run test:mutants` (scripts/test-mutants.js runs it after
// stryker.config.mjs and merges the two reports). src/terminal/main.ts is the reference
// terminal's process entry point: only a terminal the bench starts as its own process runs it,
// and Stryker cannot see which scenario covers code in a child process. So its mutants run
// with coverage analysis off against a handful of scenarios on the reference-pty profile
// (cucumber profile stryker-process), the active mutant handed to the terminal process through
// the environment (stryker-plugins/active-mutant-env.ts). Incremental, like the main pass.
import base from './stryker.config.mjs';

export default {
  ...base,
  plugins: ['@stryker-mutator/cucumber-runner'],
  ignorers: [],
  cucumber: { profile: 'stryker-process' },
  mutate: ['src/terminal/main.ts'],
  coverageAnalysis: 'off',
  incrementalFile: 'test/stryker-incremental-process.json',
  // Each scenario spawns a terminal process (node and tsx: most of a core for a moment), so
  // two runners at a time; and a run of the scenarios under that load takes up to twice its
  // unloaded time (measured: 26 s alone, 35–60 s beside others), hence the wide timeout.
  concurrency: 2,
  timeoutMS: 30000,
  timeoutFactor: 2.5,
  jsonReporter: { fileName: 'reports/mutation/mutation-process.json' },
};
