// Lists the visitor edits: participants #1, #2 … and up to three date ranges; and the keyboard.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);
const legends = (page, list) => page.$$eval(`#scs-${list} fieldset.scs-row > legend`, (ls) => ls.map((l) => l.textContent));

test('participants are added and removed, numbered #1, #2 …, with the focus and an announcement where they belong', async () => {
  const page = await h.open('national.html');
  assert.deepEqual(await legends(page, 'participants'), ['Participant #1']);
  await page.fill('#scs-participants-0-name', 'First');
  await page.click('[data-add=participants]');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scs-participants-1-name');
  await page.keyboard.type('Second');
  await page.click('[data-add=participants]');
  await page.keyboard.type('Third');
  await page.fill('#scs-participants-2-email', 'third@example.org');
  assert.deepEqual(await legends(page, 'participants'), ['Participant #1', 'Participant #2', 'Participant #3']);
  await page.waitForFunction(() => document.querySelector('.scs-live').textContent === 'Participant #3 added.');
  await h.shot(page, 'en-three-participants');

  await page.click('text=Remove participant #2');
  assert.deepEqual(await legends(page, 'participants'), ['Participant #1', 'Participant #2']);
  assert.equal(await page.inputValue('#scs-participants-0-name'), 'First');
  assert.equal(await page.inputValue('#scs-participants-1-name'), 'Third');
  assert.equal(await page.inputValue('#scs-participants-1-email'), 'third@example.org');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'scs-participants-1-name');
  await page.waitForFunction(() => document.querySelector('.scs-live').textContent === 'Participant #2 removed.');
  assert.equal(await page.$$eval('[data-remove=participants]', (bs) => bs.map((b) => b.textContent).join('|')),
    'Remove participant #1|Remove participant #2');

  await page.click('text=Remove participant #2');
  await page.click('text=Remove participant #1');
  assert.deepEqual(await legends(page, 'participants'), []);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.add), 'participants');

  // The list is sent as it stands.
  await h.fill(page, { node: 'borlange', expected: '3', participants: [{ name: 'Only one', country: 'NO' }] });
  await h.submitAndWait(page);
  const [stored] = await h.storedBookings((await page.textContent('.scs-ref')).trim());
  assert.deepEqual(stored.details.participants.map((p) => [p.name, p.country]), [['Only one', 'NO']]);
  await page.context().close();
});

test('up to three date ranges: the add button goes at the limit and comes back after a removal', async () => {
  const page = await h.open('index.html');
  await page.click('[data-add=preferredDates]');
  await page.click('[data-add=preferredDates]');
  assert.deepEqual(await legends(page, 'preferredDates'), ['Datumförslag 1', 'Datumförslag 2', 'Datumförslag 3']);
  assert.equal(await page.$('[data-add=preferredDates]'), null, 'at most three');
  await page.fill('#scs-preferredDates-2-from', h.day(5));
  await page.click('text=Ta bort datumförslag 2');
  assert.equal(await page.inputValue('#scs-preferredDates-1-from'), h.day(5));
  assert.ok(await page.$('[data-add=preferredDates]'));
  assert.equal(await page.getAttribute('#scs-preferredDates-0-from', 'min'), h.day(0), 'no past dates offered');
  await page.context().close();
});

test('keyboard only: every control is reached with Tab, the honeypot never, and the form is sent with the keyboard', async () => {
  const page = await h.open('index.html');
  await h.fill(page, { accept: false, consent: false });
  await page.focus('.scs-lang button');
  const seen = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement.id || document.activeElement.className || document.activeElement.tagName);
    seen.push(id);
    if (id === 'scs-submit') break;
  }
  assert.ok(!seen.includes('scs-website'), 'the honeypot is out of the tab order');
  for (const id of ['scs-purpose', 'scs-focusAreas-environment', 'scs-companyTypes', 'scs-preferredDates-0-from', 'scs-expectedParticipants',
    'scs-participants-0-country', 'scs-contact-country', 'scs-message', 'scs-acceptsCosts', 'scs-consent']) {
    assert.ok(seen.includes(id), `${id} is reached with Tab`);
  }
  // A visible focus indicator.
  await page.focus('#scs-consent');
  const outline = await page.$eval('#scs-consent', (el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth);
  assert.equal(outline, 'solid 3px');
  await page.keyboard.press('Space');
  await page.focus('#scs-acceptsCosts');
  await page.keyboard.press('Space');
  await page.focus('.scs-submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('scs-booking-form[data-state=done]');
  assert.match(await page.textContent('.scs-ref'), /^UME-/);
  await page.context().close();
});
