// Runs the browser test files given (default: every tests/*.test.js) in this one process, one after another: one
// playwright-core and one Chromium for all of them. `node --test` starts a process per file, and each paid for loading
// playwright-core and launching Chromium again (about 1 CPU s per file).
// Usage: node [--test-name-pattern=...] run-tests.js [tests/a.test.js ...]
'use strict';
const fs = require('fs');
const path = require('path');

const given = process.argv.slice(2);
const files = given.length ? given : fs.readdirSync(path.join(__dirname, 'tests')).filter((f) => f.endsWith('.test.js')).sort().map((f) => `tests/${f}`);
for (const file of files) require(path.resolve(__dirname, file));
