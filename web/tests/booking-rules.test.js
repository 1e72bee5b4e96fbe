// The booking rules a visitor meets on the form (issue 20): a node's minimum notice (the local runtime
// gives Borlänge 10 days, LocalRuntime.LOCAL_DIRECTORY) told by the form and refused alike by the
// server, the long texts' counters, and the way for a group larger than the form takes.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const form = require('../booking-form.js');
const h = require('./helpers.js');

after(h.close);

async function servedRules() {
  const response = await fetch(`${h.BASE_URL}/booking-rules.json`);
  assert.equal(response.status, 200);
  return response.json();
}

test('the served rules carry the deployment\'s minimum notice per node', async () => {
  const rules = await servedRules();
  assert.deepEqual(rules.minimumNoticeDays, { borlange: 10 });
});

test('a date sooner than the node\'s notice: the form names the place and the earliest date, and the server refuses it with the same words', async () => {
  const earliest = form.longDate(h.day(10), 'en');
  const page = await h.open('national.html');
  await page.selectOption('#scs-node', 'borlange');
  // Said before anything is typed, beside the dates; the date pickers start on the earliest day.
  assert.match(await page.textContent('#scs-preferredDates-hint'), new RegExp(`Borlänge needs at least 10 days' notice: the earliest date you can ask for is ${earliest}`));
  assert.equal(await page.getAttribute('#scs-preferredDates-0-from', 'min'), h.day(10));
  await h.fill(page, { dates: [[h.day(3), h.day(4)]] });
  await page.click('.scs-submit');
  await page.waitForSelector('#scs-summary');
  const message = `Borlänge needs at least 10 days' notice: the earliest date you can ask for is ${earliest}.`;
  assert.match(await page.textContent('#scs-summary'), new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await page.getAttribute('#scs-preferredDates-0-from', 'aria-invalid'), 'true');
  await h.axe(page, 'the notice message');
  await h.shot(page, 'en-minimum-notice');

  // The server, asked directly (a page without the script, another client), refuses the same day with the same words.
  const body = {
    node: 'borlange', language: 'en', mainGoal: 'learning', purpose: 'Study visit', focusAreas: ['energy'],
    preferredDates: [{ from: h.day(3), to: h.day(4) }], expectedParticipants: 3,
    contact: { name: 'Ana Souza', email: h.uniqueEmail('ana') }, acceptsCosts: true, consent: true,
  };
  const response = await fetch(`${h.BASE_URL}/bookings`, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body) });
  assert.equal(response.status, 400);
  const { errors } = await response.json();
  assert.deepEqual(errors, [{ field: 'preferredDates[0].from', code: 'too_soon', message }]);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm' }).format(new Date());
  assert.deepEqual(form.check(body, await servedRules(), today), errors, 'the form judges as the server');
  for (const sv of [{ ...body, language: 'sv' }]) {
    const answer = await (await fetch(`${h.BASE_URL}/bookings`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(sv) })).json();
    assert.equal(answer.errors[0].message, `Borlänge behöver minst 10 dagars framförhållning: det tidigaste datum du kan önska är ${form.longDate(h.day(10), 'sv')}.`);
  }

  // On the earliest day itself it is taken.
  await page.fill('#scs-preferredDates-0-from', h.day(10));
  await page.fill('#scs-preferredDates-0-to', h.day(11));
  await h.submitAndWait(page);
});

test('long texts count their characters, and the live region speaks only near the end', async () => {
  const page = await h.open('national.html', { width: 375 });
  const counter = '#scs-purpose-count';
  assert.equal(await page.textContent(counter), '0 of 2,000 characters');
  assert.match(await page.getAttribute('#scs-purpose', 'aria-describedby'), /scs-purpose-count/);
  await page.fill('#scs-purpose', 'Study visit');
  assert.equal(await page.textContent(counter), '11 of 2,000 characters');
  assert.equal(await page.textContent('.scs-live'), '', 'nothing said far from the end');
  await page.fill('#scs-purpose', '🌍'.repeat(1995));
  assert.equal(await page.textContent(counter), '1,995 of 2,000 characters', 'counted as the server counts: code points');
  await page.waitForFunction(() => document.querySelector('.scs-live').textContent === '5 characters left');
  await page.fill('#scs-purpose', 'x'.repeat(2003));
  await page.waitForFunction(() => document.querySelector('.scs-live').textContent === '3 characters too many');
  assert.equal(await page.textContent('#scs-message-count'), '0 of 5,000 characters');
  await h.axe(page, 'counters at 375 px');
  assert.deepEqual(page.problems, []);
});

test('a group larger than the form takes is told what to do beside the number', async () => {
  for (const [lang, words] of [['en', 'More than 200? Enter 200 here and give the whole group\'s size in the message'],
    ['sv', 'Fler än 200? Ange 200 här och skriv hela gruppens storlek i meddelandet']]) {
    const page = await h.open('national.html', { locale: lang === 'sv' ? 'sv-SE' : 'en-GB' });
    if (lang === 'sv') await page.click('.scs-lang [data-lang=sv]');
    assert.match(await page.textContent('#scs-expectedParticipants-hint'), new RegExp(words.replace(/[?']/g, '.')));
  }
});
