#!/usr/bin/env node
// Writes the plain HTML form (the one that works without JavaScript) into the demo pages, between
// <!-- booking-form:start …--> and <!-- booking-form:end --> markers, from the same renderForm() the
// script uses, and from booking-rules.json (written by `mvn install`, FormRules.java).
// Usage: node tools/render-static.js [--check]   (--check: exit 1 when a page is out of date)
//        node tools/render-static.js --print --lang sv --node umea --api https://api.example.org --privacy /privacy
//        (prints the plain form for a site's own page, e.g. to paste into a CMS inside <scs-booking-form>)
'use strict';
const fs = require('fs');
const path = require('path');
const form = require('../booking-form.js');

const web = path.join(__dirname, '..');
const PAGES = ['index.html', 'national.html'];
const MARK = /(<!-- booking-form:start lang=(\w+) node=(\w*) -->)[\s\S]*?(<!-- booking-form:end -->)/;

function rules() {
  const file = path.join(web, 'booking-rules.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`mvn install\` (or \`mvn -pl shared package\`) at the repository root first`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The plain form of a page: three date ranges and three participant rows, nothing hidden. */
function plainForm(lang, node, r, api = '', privacy = 'privacy.html') {
  return form.renderForm({ lang, node, plain: true, values: form.emptyValues({ dates: 3, participants: 3 }),
    errors: {}, formErrors: [], api, privacy }, r);
}

function render(html, r) {
  const m = MARK.exec(html);
  if (!m) throw new Error('no booking-form markers');
  return html.replace(MARK, `${m[1]}\n${plainForm(m[2], m[3], r)}\n${m[4]}`);
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

if (require.main === module && process.argv.includes('--print')) {
  process.stdout.write(plainForm(option('lang', 'en'), option('node', ''), rules(), option('api', ''), option('privacy', 'privacy.html')) + '\n');
} else if (require.main === module) {
  const check = process.argv.includes('--check');
  const r = rules();
  let stale = 0;
  for (const page of PAGES) {
    const file = path.join(web, page);
    const before = fs.readFileSync(file, 'utf8');
    const after = render(before, r);
    if (before === after) continue;
    if (check) { console.error(`${page} is out of date: run npm run build:static`); stale++; }
    else { fs.writeFileSync(file, after); console.log(`wrote ${page}`); }
  }
  process.exit(stale ? 1 : 0);
}
module.exports = { render, plainForm, rules, PAGES };
