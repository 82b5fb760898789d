#!/usr/bin/env node
'use strict';
// The suite once more with every npm fallback forced, so CI exercises the paths a machine
// without the optional system packages takes even where they are installed:
//   POSBENCH_PTY=npm   PTY pairs from @lydell/node-pty bridged in-process (not socat)
//   POSBENCH_FONT=npm  receipt fonts from npm (Noto Sans SC + UnifontEX), not the system's
// (the Allure HTML report always comes from the allure npm package: no Java anywhere).
// The unit tests that touch those paths, then both feature profiles.
const { spawnSync } = require('node:child_process');

const env = { ...process.env, POSBENCH_PTY: 'npm', POSBENCH_FONT: 'npm' };
const runs = [
  ['scripts/run-unit-tests.js', 'test/transports', 'test/protocols/escpos', 'test/protocols/reader', 'test/cli', 'test/bench', 'test/emulators/card-reader', 'test/emulators/printer', 'test/live'],
  ['bin/posbench.js', 'run', '--profile', 'reference'],
  ['bin/posbench.js', 'run', '--profile', 'reference-pty'],
];
console.log('test:fallbacks — POSBENCH_PTY=npm POSBENCH_FONT=npm');
for (const args of runs) {
  console.log(`\n$ node ${args.join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`test:fallbacks: node ${args.join(' ')} exited ${r.status ?? r.signal}`);
    process.exit(r.status || 1);
  }
}
