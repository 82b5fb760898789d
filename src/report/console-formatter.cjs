'use strict';
// Cucumber loads a formatter with import(), which knows no TypeScript: this shim registers
// tsx (as `requireModule` does for the steps) and hands Cucumber the formatter class.
require('tsx/cjs');
module.exports = require('./console-formatter.ts').default;
