// Cucumber configuration. Plain `npx cucumber-js` runs every feature on the reference profile
// and writes to reports/dev/. `posbench run` loads this file through Cucumber's API
// (src/cli/cucumber-run.ts) and sets the run's feature paths, tags, workers and world
// parameters (profile, runDir) on top; report files named below under runDir go to the run's
// directory instead. The hooks read the world parameters (this.parameters), not the environment.
const runDir = 'reports/dev';

module.exports = {
  default: {
    // No `paths`: Cucumber's default is features/**/*.{feature,feature.md}, and paths given
    // on the command line then replace it instead of adding to it.
    require: ['steps/**/*.ts'],
    requireModule: ['tsx/cjs'],
    format: [
      `junit:${runDir}/junit.xml`,
      `html:${runDir}/cucumber.html`,
      `message:${runDir}/cucumber-messages.ndjson`,
      `allure-cucumberjs/reporter:${runDir}/allure.log`,
      // posbench's console formatter (src/report/console-formatter.ts): progress, concise failures, suggestions.
      './src/report/console-formatter.cjs',
    ],
    formatOptions: {
      resultsDir: `${runDir}/allure-results`,
      junit: { suiteName: 'posbench' },
    },
    parallel: 0,
    worldParameters: { profile: 'reference', runDir },
  },
  // Mutation testing (npm run test:mutants, stryker.config.json): the same steps on the
  // reference profile, in process (so Stryker sees which scenario covers which mutant), and
  // no report files: Stryker's runner adds its own formatter.
  stryker: {
    require: ['steps/**/*.ts'],
    requireModule: ['tsx/cjs'],
    format: [],
    parallel: 0,
    worldParameters: { profile: 'reference', runDir: 'reports/stryker' },
  },
  // The process pass of test:mutants (stryker.process.config.mjs): mutants of the terminal's
  // process entry point (src/terminal/main.ts), which only a terminal started as its own
  // process runs — on reference-pty, over the scenarios that start, print, stop, restart,
  // power-cut and refuse it. The support file hands the active mutant to that process.
  'stryker-process': {
    require: ['steps/**/*.ts', 'stryker-plugins/active-mutant-env.ts'],
    requireModule: ['tsx/cjs'],
    format: [],
    parallel: 0,
    paths: ['features/purchase/approved-sale.feature', 'features/maintenance/command-line.feature', 'features/ecr/restart.feature', 'features/desync/power/dead-terminal.feature', 'features/desync/power/stored-data.feature:38'],
    worldParameters: { profile: 'reference-pty', runDir: 'reports/stryker-process' },
  },
};
