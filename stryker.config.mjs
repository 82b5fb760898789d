// Mutation testing: `npm run test:mutants` (scripts/test-mutants.js runs Stryker with this
// file and prints the score last). Mutants of the reference terminal and of the oracle run
// against the feature suite on profile reference (in process, so per-scenario coverage
// works: a mutant runs only the scenarios that reach it). Incremental: the results of
// unchanged code and unchanged scenarios are reused from the committed
// test/stryker-incremental.json, so a run after a small change is short.
// Options given to test:mutants (e.g. --mutate src/terminal/display.ts) override these.
export default {
  packageManager: 'npm',
  plugins: ['@stryker-mutator/cucumber-runner', './stryker-plugins/defect-switch-ignorer.mjs'],
  // Seeded-defect switches are not mutated: equivalent mutants in the clean terminal (see the plugin).
  ignorers: ['defect-switch'],
  testRunner: 'cucumber',
  cucumber: { profile: 'stryker', features: ['features'] },
  // defects.ts is the registry of seeded defects (names and descriptions), not firmware behaviour.
  // main.ts, the terminal's process entry point, runs only in a terminal process: its mutants
  // are tested by the process pass (stryker.process.config.mjs), and the two reports merged.
  mutate: ['src/terminal/**/*.ts', '!src/terminal/defects.ts', '!src/terminal/main.ts', 'src/oracle/**/*.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'test/stryker-incremental.json',
  // A scenario mostly waits (for host and card timeouts, real timers): a runner uses about a
  // tenth of a core, so several run side by side even on 2 cores (measured: 6 runners on 2
  // cores, load about 1.7, 15–30 mutants a minute).
  concurrency: 4,
  // A scenario waits for terminal and bench timeouts (host 1.5 s, card 5 s): a mutant that
  // hangs one is a timeout after this much more than the scenario took unmutated.
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['reports', '.stryker-tmp', 'test/stryker-incremental.json', 'test/stryker-incremental-process.json'],
};
