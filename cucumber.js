// Cucumber configuration. `posbench run` sets POSBENCH_RUN_DIR (where reports go),
// POSBENCH_PROFILE, POSBENCH_PARALLEL, POSBENCH_TAGS and POSBENCH_PATHS (a JSON array); plain `npx cucumber-js` works too
// and writes to reports/dev/.
const runDir = process.env.POSBENCH_RUN_DIR || 'reports/dev';

module.exports = {
  default: {
    paths: process.env.POSBENCH_PATHS ? JSON.parse(process.env.POSBENCH_PATHS) : ['features/**/*.feature'],
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
    parallel: Number(process.env.POSBENCH_PARALLEL || 0),
    ...(process.env.POSBENCH_TAGS ? { tags: process.env.POSBENCH_TAGS } : {}),
  },
};
