// Mistakes and failures: the browser's own checks, the server's answers shown on their fields, an
// error summary that leads to each field, and nothing typed lost on an error, a network failure or
// a reload. A retry after a lost answer makes no second booking.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);
const sv = h.RULES.messages.sv;
const en = h.RULES.messages.en;

async function errorOf(page, id) {
  return (await page.textContent(`#${id}-error`)).replace(/^(Fel|Error):\s*/, '').trim();
}
async function describedBy(page, id) {
  return page.$eval(`#${id}`, (el) => ({ invalid: el.getAttribute('aria-invalid'), by: (el.getAttribute('aria-describedby') || '').split(' ') }));
}

test('browser rules: an empty form gets a summary that has the focus, and every field its own described error', async () => {
  const page = await h.open('index.html');
  const requests = [];
  page.on('request', (r) => { if (r.url().endsWith('/bookings')) requests.push(r); });
  await page.click('.scs-submit');
  await page.waitForSelector('#scs-summary');
  assert.equal(requests.length, 0, 'nothing sent');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scs-summary', 'focus moved to the summary');
  const links = await page.$$eval('#scs-summary a', (as) => as.map((a) => [a.getAttribute('href'), a.textContent]));
  assert.deepEqual(links.map((l) => l[0]), ['#scs-mainGoal-business', '#scs-purpose', '#scs-focusAreas-environment',
    '#scs-preferredDates-0-from', '#scs-expectedParticipants', '#scs-contact-name', '#scs-contact-email', '#scs-acceptsCosts', '#scs-consent']);
  assert.equal(links[1][1], `Syftet med besöket: ${sv.required}`);
  assert.equal(await errorOf(page, 'scs-purpose'), sv.required);
  // The error first, then the length counter (read with the field too).
  assert.deepEqual(await describedBy(page, 'scs-purpose'), { invalid: 'true', by: ['scs-purpose-error', 'scs-purpose-count'] });
  assert.deepEqual(await describedBy(page, 'scs-mainGoal'), { invalid: 'true', by: ['scs-mainGoal-error'] });
  assert.equal(await errorOf(page, 'scs-acceptsCosts'), sv.must_accept);
  await h.axe(page, 'the form with errors');
  await h.shot(page, 'sv-errors');

  // A summary link moves the focus to its field; typing there and sending again clears that error.
  await page.click('#scs-summary a[href="#scs-purpose"]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scs-purpose');
  await page.keyboard.type('Ett studiebesök.');
  await page.click('.scs-submit');
  assert.equal(await page.$('#scs-purpose-error'), null);
  assert.equal(await page.inputValue('#scs-purpose'), 'Ett studiebesök.');
  await page.context().close();
});

test('browser rules: wrong e-mail, dates, counts and lengths give the server\'s codes and messages, in the chosen language', async () => {
  const page = await h.open('national.html');
  await h.fill(page, {
    node: 'goteborg', expected: '1',
    dates: [[h.day(10), h.day(45)], [h.day(20), h.day(12)]],
    participants: [{ name: 'A', email: 'not-an-address' }, { name: 'B' }],
    contact: { name: 'C', email: 'c@example', phone: 'ring mig', organisation: '', country: '' },
    message: '🌍'.repeat(h.RULES.limits.maxMessage + 1),
  });
  await page.click('.scs-submit');
  await page.waitForSelector('#scs-summary');
  assert.equal(await errorOf(page, 'scs-participants-0-email'), en.invalid_email);
  assert.equal(await errorOf(page, 'scs-contact-email'), en.invalid_email);
  assert.equal(await errorOf(page, 'scs-contact-phone'), en.invalid_phone);
  assert.equal(await errorOf(page, 'scs-preferredDates-0-to'), 'A date range can span at most 31 days.');
  assert.equal(await errorOf(page, 'scs-preferredDates-1-to'), en.date_order);
  assert.equal(await errorOf(page, 'scs-participants'), 'The list names more participants than the expected number (1).');
  assert.equal(await errorOf(page, 'scs-message'), 'Enter at most 5,000 characters.');
  // The same findings in Swedish after the switch, on the same fields.
  await page.click('.scs-lang [data-lang=sv]');
  assert.equal(await errorOf(page, 'scs-message'), 'Skriv högst 5\u00a0000 tecken.');
  assert.equal(await errorOf(page, 'scs-preferredDates-1-to'), sv.date_order);
  assert.match(await page.textContent('#scs-summary'), /Deltagare #1 – e-post: Ange en giltig e-postadress/);
  assert.equal(await page.inputValue('#scs-participants-0-email'), 'not-an-address', 'nothing typed is lost');
  await h.shot(page, 'en-errors-switched-to-sv');
  await page.context().close();
});

test('server errors land on their fields (browser checks off), rows mapped past a blank one', async () => {
  const page = await h.open('index.html');
  await page.evaluate(() => document.querySelector('scs-booking-form').setAttribute('novalidate', ''));
  await h.fill(page, {
    dates: [[h.day(-2), h.day(3)]],
    participants: [{ name: 'Ana' }, { name: '' }, { name: 'Li Wei', email: 'li(at)example.org' }],
  });
  const answers = [];
  page.on('response', (r) => { if (r.url().endsWith('/bookings')) answers.push(r.status()); });
  await h.submitAndWait(page, 'error');
  assert.deepEqual(answers, [400], 'the server refused it');
  assert.equal(await errorOf(page, 'scs-preferredDates-0-from'), sv.date_in_past);
  // The blank row #2 is not sent, so the server's participants[1] is the form's participant #3.
  assert.equal(await errorOf(page, 'scs-participants-2-email'), sv.invalid_email);
  assert.deepEqual(await describedBy(page, 'scs-participants-2-email'), { invalid: 'true', by: ['scs-participants-2-email-error'] });
  assert.equal(await page.$('#scs-participants-1-email-error'), null);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scs-summary');
  assert.match(await page.textContent('#scs-summary'), /Deltagare #3 – e-post: Ange en giltig e-postadress/);
  assert.equal(await page.inputValue('#scs-participants-2-email'), 'li(at)example.org');
  assert.equal(await page.inputValue('#scs-participants-0-name'), 'Ana');
  await h.axe(page, 'server errors');
  await h.shot(page, 'sv-server-errors');
  // Corrected, it goes through.
  await page.fill('#scs-preferredDates-0-from', h.day(2));
  await page.fill('#scs-participants-2-email', 'li@example.org');
  await h.submitAndWait(page);
  assert.match(await page.textContent('.scs-ref'), /^UME-/);
  await page.context().close();
});

test('a lost answer: nothing typed is lost, and the retry with the same Idempotency-Key makes one booking', async () => {
  const page = await h.open('index.html');
  const v = await h.fill(page);
  const keys = [];
  let first = true;
  await page.route('**/bookings', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (first) {
      first = false;
      await route.fetch(); // the server stores the booking …
      await route.abort('connectionreset'); // … but the answer never arrives
    } else {
      await route.continue();
    }
  });
  await h.submitAndWait(page, 'error');
  assert.match(await page.textContent('#scs-summary'), /kunde inte skickas eftersom vi inte fick kontakt med servern/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scs-summary');
  assert.equal(await page.inputValue('#scs-purpose'), v.purpose);
  assert.equal(await page.inputValue('#scs-contact-email'), v.contact.email);
  await h.shot(page, 'sv-network-error');
  await h.axe(page, 'network error');

  const replayed = page.waitForResponse((r) => r.url().endsWith('/bookings'));
  await h.submitAndWait(page);
  assert.equal((await (await replayed).allHeaders())['idempotent-replayed'], 'true');
  assert.equal(keys.length, 2);
  assert.equal(keys[0], keys[1], 'the same key for the same content');
  const reference = (await page.textContent('.scs-ref')).trim();
  const stored = await h.bookingsOf(v.contact.email);
  assert.deepEqual(stored.map((b) => b.reference), [reference], 'exactly one booking');

  // After success, the next request carries a new key.
  await page.click('[data-again]');
  await h.fill(page);
  await h.submitAndWait(page);
  assert.equal(keys.length, 3);
  assert.notEqual(keys[2], keys[0]);
  await page.context().close();
});

test('a double click sends one request', async () => {
  const page = await h.open('index.html');
  await h.fill(page);
  let count = 0;
  page.on('request', (r) => { if (r.url().endsWith('/bookings')) count++; });
  await page.dblclick('.scs-submit');
  await page.waitForSelector('scs-booking-form[data-state=done]');
  assert.equal(count, 1);
  await page.context().close();
});

test('a server that is down (503) is explained with its Retry-After, and changed content gets a new key', async () => {
  const page = await h.open('national.html');
  await h.fill(page, { node: 'linkoping' });
  const keys = [];
  await page.route('**/bookings', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (keys.length === 1) {
      await route.fulfill({ status: 503, headers: { 'Content-Type': 'application/json', 'Retry-After': '5' },
        body: JSON.stringify({ errors: [{ field: '', code: 'unavailable', message: en.unavailable }] }) });
    } else await route.continue();
  });
  await h.submitAndWait(page, 'error');
  assert.match(await page.textContent('#scs-summary'), /could not be saved just now.*Please try again in 5 seconds\./);
  await page.fill('#scs-message', 'Changed after the failure.');
  await h.submitAndWait(page);
  assert.notEqual(keys[0], keys[1], 'new content, new key');
  assert.match(await page.textContent('.scs-ref'), /^LKP-/);
  await page.context().close();
});

test('a draft survives a reload of the page (sessionStorage), and the honeypot is never kept', async () => {
  const page = await h.open('index.html');
  await page.fill('#scs-purpose', 'Utkast som ska finnas kvar');
  await page.click('[data-add=participants]');
  await page.fill('#scs-participants-1-name', 'Andra deltagaren');
  await page.check('#scs-meetCompanies-yes');
  await page.fill('#scs-companyTypes', 'Solenergi');
  await page.evaluate(() => { document.querySelector('#scs-website').value = 'bot'; });
  await page.fill('#scs-message', 'x');
  await page.waitForTimeout(400);
  await page.reload();
  await page.waitForSelector('scs-booking-form[data-state=ready]');
  assert.equal(await page.inputValue('#scs-purpose'), 'Utkast som ska finnas kvar');
  assert.equal(await page.inputValue('#scs-participants-1-name'), 'Andra deltagaren');
  assert.equal(await page.isVisible('#scs-companyTypes'), true);
  assert.equal(await page.inputValue('#scs-companyTypes'), 'Solenergi');
  assert.equal(await page.inputValue('#scs-website'), '');
  await page.context().close();
});
