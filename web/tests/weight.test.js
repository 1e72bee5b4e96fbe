'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { weigh, sum, FILES } = require('../tools/weight.js');

test('the page\'s own weight (HTML, script, styles, rules) stays under 40 KB gzipped', () => {
  const total = sum(weigh(FILES), 'gzip');
  assert.ok(total < 40 * 1024, `${total} B gzipped`);
});
