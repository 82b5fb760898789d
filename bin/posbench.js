#!/usr/bin/env node
'use strict';
// posbench runs straight from its TypeScript sources through tsx: no build step.
require('tsx/cjs');
require('../src/cli/main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`posbench: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
