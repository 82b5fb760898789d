// Allure 3 (the `allure` npm package, pure JS — no Java) configuration used by `posbench run`,
// which passes the results directory and the output directory on the command line and runs
// `allure generate` with the run directory (reports/<run-id>/) as its working directory.
// Options: node_modules/@allurereport/plugin-awesome/README.md; the config keys Allure 3
// accepts: node_modules/@allurereport/core/dist/config.js.
//
// Environment panel: Allure 3 reads allure-results/environment.properties (its allure2
// reader); posbench writes it with the certificate (src/certificate/allure.ts).

// The oracle's words (src/oracle/types.ts DESYNC_TYPES and CAUSES; docs/desyncs.md).
// test/certificate/allure.test.ts checks these lists are the oracle's.
export const DESYNC_TYPES = [
  'approved-without-receipt',
  'receipt-without-approval',
  'unreversed-timeout',
  'duplicate-charge',
  'amount-mismatch',
  'settlement-mismatch',
  'approval-not-given',
  'receipt-count-mismatch',
  'receipt-field-mismatch',
  'malformed-receipt',
  'reversal-mismatch',
  'journal-field-mismatch',
];
export const CAUSES = ['printer-failure', 'network-failure', 'bank-delay', 'misconfiguration', 'operator-error', 'power-loss', 'firmware-defect'];

// Categories panel: failures grouped by desync type and cause. The oracle's failure text
// carries a table row "| <desync> | <cause> | STAN | amount | detail | evidence |" (formatDesyncTable).
const desyncCategories = DESYNC_TYPES.flatMap((type) =>
  CAUSES.map((cause) => ({
    id: `desync:${type}:${cause}`,
    name: `desync ${type} · cause ${cause}`,
    messageRegex: `\\| ${type} \\| ${cause} \\|`,
    matchedStatuses: ['failed', 'broken'],
  })),
);

export default {
  name: 'posbench',
  // Trend panel: the history of earlier runs, one file beside the run directories
  // (reports/allure-history.jsonl when the run is reports/<run-id>/), so consecutive runs
  // under the same reports directory show a trend.
  historyPath: '../allure-history.jsonl',
  historyLimit: 50,
  categories: {
    // first match wins: a missing expected desync before the desyncs its message lists
    rules: [
      {
        id: 'expected-desync-missing',
        name: 'an expected desync not reported, or with another cause',
        messageRegex: 'the oracle (did not report|reports \\S+ caused by)',
        matchedStatuses: ['failed', 'broken'],
      },
      ...desyncCategories,
    ],
  },
  plugins: {
    awesome: {
      options: {
        reportName: 'posbench',
        // one self-contained index.html: opens from the file system, no web server needed
        singleFile: true,
        reportLanguage: 'en',
      },
    },
  },
};
