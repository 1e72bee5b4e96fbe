#!/usr/bin/env node
// The page's own weight, gzipped (level 6, as web servers and CloudFront do): the demo node page
// (HTML), the form's script, its style sheet, the rules file, and the demo page's own style sheet.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const web = path.join(__dirname, '..');
const FILES = ['index.html', 'booking-form.js', 'booking-form.css', 'booking-rules.json', 'demo.css'];
const EMBED = ['booking-form.js', 'booking-form.css', 'booking-rules.json'];

function weigh(files) {
  return files.map((name) => {
    const bytes = fs.readFileSync(path.join(web, name));
    return { name, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 6 }).length };
  });
}
const sum = (rows, key) => rows.reduce((total, row) => total + row[key], 0);

if (require.main === module) {
  const rows = weigh(FILES);
  for (const r of rows) console.log(`${r.name.padEnd(20)} ${String(r.raw).padStart(7)} B  ${String(r.gzip).padStart(6)} B gzipped`);
  console.log(`${'page total'.padEnd(20)} ${String(sum(rows, 'raw')).padStart(7)} B  ${String(sum(rows, 'gzip')).padStart(6)} B gzipped`);
  console.log(`${'embed (js+css+rules)'.padEnd(20)} ${''.padStart(9)}  ${String(sum(weigh(EMBED), 'gzip')).padStart(6)} B gzipped`);
}
module.exports = { weigh, sum, FILES, EMBED };
