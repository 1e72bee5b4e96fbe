// Shared set-up of the browser tests: the local runtime's address (BASE_URL, set by web/test.sh),
// the emulator's (MOTO_URL), Debian's headless Chromium driven by playwright-core, axe-core, screenshots.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');

const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const MOTO_URL = (process.env.MOTO_URL || '').replace(/\/+$/, '');
if (!BASE_URL || !MOTO_URL) {
  throw new Error('BASE_URL and MOTO_URL are not set: run the browser tests with web/test.sh (it starts the local runtime)');
}
const SHOTS = path.join(__dirname, '..', 'build', 'screenshots');
// Debian's chromium-headless-shell: the same Blink and V8 as its chromium, without the browser around them (the
// window, profile and extension machinery that chromium's own headless mode still starts). The browser tests
// took 40 % less CPU time with it (booking.test.js 39 -> 23 s). CHROMIUM=/usr/bin/chromium runs them in the browser.
const CHROMIUM = process.env.CHROMIUM || '/usr/lib/chromium/chromium-headless-shell';
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RULES = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'booking-rules.json'), 'utf8'));

let browser;
async function launch() {
  if (browser) return browser;
  // playwright-core gives every launch a fresh, empty --user-data-dir of its own (and removes it on close);
  // the other flags keep Chromium off the closed network.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      // V8's baseline compiler only: a test page lives for seconds, and optimising axe-core's code for it cost a tenth
      // of the gallery's CPU time (the same JavaScript, run by another tier).
      '--js-flags=--max-opt=1'],
  });
  return browser;
}
async function close() {
  if (browser) await browser.close();
  browser = null;
}

/** A fresh context and page; width 375 for the phone-sized runs; js:false for the plain form. */
async function open(page = 'index.html', { width = 1024, height = 900, js = true, locale = 'en-GB' } = {}) {
  const b = await launch();
  const context = await b.newContext({ viewport: { width, height }, javaScriptEnabled: js, locale });
  const p = await context.newPage();
  p.problems = [];
  p.on('pageerror', (e) => p.problems.push(e.message));
  await p.goto(`${BASE_URL}/${page}`);
  if (js) await p.waitForSelector('scs-booking-form[data-state=ready]');
  return p;
}

async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// axe-core's script served by this process, cacheable. Added as text, Chromium compiled its half megabyte again on
// every page (about 190 ms of CPU each, 40 % of an axe check); from one URL it keeps the compiled code.
let axeUrl;
async function axeScriptUrl() {
  if (!axeUrl) {
    const server = http.createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'public, max-age=3600', connection: 'close' });
      response.end(AXE);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    axeUrl = `http://127.0.0.1:${server.address().port}/axe.min.js`;
  }
  return axeUrl;
}

/** axe-core on the page: no serious or critical violations (WCAG 2.1 A and AA rules and best practices). */
async function axe(page, label) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    try {
      await page.addScriptTag({ url: await axeScriptUrl() });
    } catch {
      await page.addScriptTag({ content: AXE }); // a page whose Content-Security-Policy refuses the script's origin
    }
  }
  // Only the violations come back: the whole result (every rule's passes and metadata, 50-100 kB) cost playwright
  // more CPU time to check and copy than axe took to run (the gallery's 150 pages: node 7.1 -> 3.6 CPU s).
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(detail, [], `axe on ${label}`);
  return violations;
}

/** YYYY-MM-DD, n days from today in Sweden. */
function day(n) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// ---- the stored bookings, read from the emulator's DynamoDB as the local administrator (it checks
// IAM and signatures: Signature Version 4, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html)
const crypto = require('crypto');
const sha256 = (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key, text) => crypto.createHmac('sha256', key).update(text, 'utf8').digest();

function signedHeaders(target, body) {
  const keyId = process.env.MOTO_ACCESS_KEY_ID || 'test';
  const secret = process.env.MOTO_SECRET_ACCESS_KEY || 'test';
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/eu-north-1/dynamodb/aws4_request`;
  const headers = {
    'content-type': 'application/x-amz-json-1.0', host: new URL(MOTO_URL).host,
    'x-amz-date': amzDate, 'x-amz-target': `DynamoDB_20120810.${target}`,
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), sha256(body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = ['eu-north-1', 'dynamodb', 'aws4_request'].reduce(hmac, hmac(`AWS4${secret}`, date));
  const signature = crypto.createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  delete headers.host; // fetch sets it, to the same value
  return { ...headers, Authorization: `AWS4-HMAC-SHA256 Credential=${keyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

async function dynamo(target, body) {
  const text = JSON.stringify(body);
  const response = await fetch(`${MOTO_URL}/`, { method: 'POST', headers: signedHeaders(target, text), body: text });
  assert.equal(response.status, 200, `DynamoDB ${target}: ${response.status === 200 ? '' : await response.text()}`);
  return response.json();
}
let table;
async function bookingTable() {
  if (!table) {
    const { TableNames } = await dynamo('ListTables', {});
    table = TableNames.find((name) => name.endsWith('BookingTable'));
    assert.ok(table, `a booking table in ${TableNames}`);
  }
  return table;
}
/** Every stored booking with this reference: {id, reference, node, language, status, details}. */
async function storedBookings(reference) {
  const { Items } = await dynamo('Scan', {
    TableName: await bookingTable(),
    FilterExpression: '#r = :r AND #t = :t',
    ExpressionAttributeNames: { '#r': 'reference', '#t': 'type' },
    ExpressionAttributeValues: { ':r': { S: reference }, ':t': { S: 'booking' } },
  });
  return Items.map((item) => ({
    id: item.id.S, reference: item.reference.S, node: item.node.S, language: item.language.S,
    status: item.status.S, details: JSON.parse(item.details.S),
  }));
}
/** Every stored booking whose contact has this e-mail address. */
async function bookingsOf(email) {
  const { Items } = await dynamo('Scan', {
    TableName: await bookingTable(), FilterExpression: '#t = :t',
    ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':t': { S: 'booking' } },
  });
  return Items.map((item) => ({ reference: item.reference.S, details: JSON.parse(item.details.S) }))
    .filter((b) => b.details.contact.email === email);
}

/** A unique e-mail address per test run, to find the test's own bookings. */
function uniqueEmail(name) {
  return `${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;
}

/**
 * Fills the whole form as a visitor would (by the fields' ids, which the plain and the scripted
 * form share). d: overrides. Participants beyond the first are added with the form's button.
 */
async function fill(page, d = {}) {
  const v = {
    node: null, mainGoal: 'learning', purpose: 'Studiebesök om fjärrvärme och stadsplanering.\nTvå dagar.',
    areas: ['energy', 'urban-planning'], focusDescription: 'Fjärrvärme och nya stadsdelar.', meet: 'yes',
    companyTypes: 'Energibolag och byggföretag', specialRequests: 'Två vegetarianer.',
    dates: [[day(40), day(42)]], expected: '12',
    participants: [{ name: 'Ana Souza', organisation: 'Câmara do Porto', role: 'Planner', email: 'ana@example.org', country: 'PT' }],
    contact: { name: 'Åsa Öberg', email: uniqueEmail('asa'), phone: '+46 90 123 45 67', organisation: 'Porto Energy', country: 'SE' },
    message: 'Vi ser fram emot besöket.', accept: true, consent: true, addRows: true, ...d,
  };
  if (v.node) await page.selectOption('#scs-node', v.node);
  await page.check(`#scs-mainGoal-${v.mainGoal}`);
  await page.fill('#scs-purpose', v.purpose);
  for (const a of v.areas) await page.check(`#scs-focusAreas-${a}`);
  await page.fill('#scs-focusDescription', v.focusDescription);
  if (v.meet) await page.check(`#scs-meetCompanies-${v.meet}`);
  if (v.meet === 'yes') await page.fill('#scs-companyTypes', v.companyTypes);
  await page.fill('#scs-specialRequests', v.specialRequests);
  for (let i = 0; i < v.dates.length; i++) {
    if (v.addRows && !(await page.$(`#scs-preferredDates-${i}-from`))) await page.click('[data-add=preferredDates]');
    await page.fill(`#scs-preferredDates-${i}-from`, v.dates[i][0]);
    await page.fill(`#scs-preferredDates-${i}-to`, v.dates[i][1]);
  }
  await page.fill('#scs-expectedParticipants', v.expected);
  for (let i = 0; i < v.participants.length; i++) {
    if (v.addRows && !(await page.$(`#scs-participants-${i}-name`))) await page.click('[data-add=participants]');
    const p = v.participants[i];
    for (const k of ['name', 'organisation', 'role', 'email']) if (p[k] !== undefined) await page.fill(`#scs-participants-${i}-${k}`, p[k]);
    if (p.country) await page.selectOption(`#scs-participants-${i}-country`, p.country);
  }
  for (const k of ['name', 'email', 'phone', 'organisation']) await page.fill(`#scs-contact-${k}`, v.contact[k]);
  if (v.contact.country) await page.selectOption('#scs-contact-country', v.contact.country);
  if (v.organiser) for (const k of Object.keys(v.organiser)) await page.fill(`#scs-organiser-${k}`, v.organiser[k]);
  await page.fill('#scs-message', v.message);
  if (v.accept) await page.check('#scs-acceptsCosts');
  if (v.consent) await page.check('#scs-consent');
  return v;
}

async function submitAndWait(page, state = 'done') {
  await page.click('.scs-submit');
  await page.waitForSelector(`scs-booking-form[data-state=${state}]`);
}

module.exports = { BASE_URL, MOTO_URL, RULES, open, close, shot, axe, day, fill, submitAndWait, storedBookings, bookingsOf, uniqueEmail, launch, dynamo };
