// The visitor's impact survey, 6 months after a visit: its link from the survey e-mail (the
// follow-up's morning run fired at that time), the page in the booking's language at 375 px (a
// phone) and 1280 px, axe-clean, without sideways scrolling, answered, and its thank-you.
// Screenshots in web/build/screenshots/impact-<language>-<width>.png.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

const WORDS = {
  sv: { lang: 'sv', title: 'Vad blev det av ditt besök?', yes: 'Ja', thanks: 'Tack för dina svar!' },
  en: { lang: 'en', title: 'What came of your visit?', yes: 'Yes', thanks: 'Thank you for your answers!' },
};

/** A booking through the API, its visit today, so it can be confirmed and marked done at once. */
async function book(language) {
  const email = h.uniqueEmail('impact');
  const body = {
    node: 'umea', language, mainGoal: 'learning', purpose: 'Studiebesök om fjärrvärme.', focusAreas: ['energy'],
    meetCompanies: false, preferredDates: [{ from: h.day(0), to: h.day(0) }], expectedParticipants: 4,
    contact: { name: 'Åsa Öberg', email, organisation: 'Porto Energy', country: 'PT' }, acceptsCosts: true, consent: true,
  };
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  return { ...(await response.json()), email };
}

/** The first link of this kind for the booking in the e-mails to `to`, as the recipient gets it; null when none yet. */
async function linkInMailTo(to, id, kind) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/bookings/${id}/${kind}\\?token=[A-Za-z0-9_.%-]+`);
  const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
  const rows = list.split('<tr>').filter((row) => row.includes(to));
  for (const row of rows) {
    const n = /href="\/_local\/mail\/(\d+)"/.exec(row);
    const found = n && pattern.exec(await (await fetch(`${h.BASE_URL}/_local/mail/${n[1]}`)).text());
    if (found) return found[0].replace(/&amp;/g, '&');
  }
  return null;
}

async function waitForLink(to, id, kind) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const link = await linkInMailTo(to, id, kind);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${kind} link for ${id} in the mail to ${to}`);
}

async function act(manage, action) {
  const response = await fetch(manage.replace('/manage?', '/actions?'), {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(action),
  });
  assert.equal(response.status, 200, JSON.stringify(action));
}

/** Fires the follow-up's working-morning schedule at 07:00 of each day from 6 months on until the survey is mailed. */
async function surveyLink(booking) {
  for (let n = 186; n < 200; n++) {
    const at = `${h.day(n)}T07:00:00`; // a wall-clock time in the schedule's zone (Europe/Stockholm)
    const fired = await fetch(`${h.BASE_URL}/_local/schedule/FollowUpFunction.WorkingMornings?at=${encodeURIComponent(at)}`,
      { method: 'POST' });
    assert.equal(fired.status, 200, await fired.text());
    const link = await linkInMailTo(booking.email, booking.id, 'impact');
    if (link) return link;
  }
  throw new Error('no impact survey was mailed');
}

async function noSidewaysScroll(page, label) {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.doc <= widths.view, `${label}: the page is ${widths.doc} px wide in a ${widths.view} px window`);
}

for (const language of ['sv', 'en']) {
  test(`the impact survey (${language} booking) is answered at 375 and 1280 px, axe-clean, and thanks the visitor`, async () => {
    const words = WORDS[language];
    const booking = await book(language);
    const manage = await waitForLink('umea@example.org', booking.id, 'manage');
    await act(manage, { action: 'confirm', date: h.day(0), endDate: h.day(0) });
    await act(manage, { action: 'complete', attended: 12 });
    const link = await surveyLink(booking);

    for (const width of [375, 1280]) {
      const b = await h.launch();
      // The pages' CSP allows no script: let axe in for the check (the headers are tested in the Java tests).
      const context = await b.newContext({ viewport: { width, height: 800 }, locale: language === 'sv' ? 'sv-SE' : 'en-GB',
        bypassCSP: true });
      const page = await context.newPage();
      const response = await page.goto(link);
      assert.equal(response.status(), 200);
      assert.equal(await page.getAttribute('html', 'lang'), words.lang);
      assert.equal((await page.textContent('h1')).trim(), words.title);
      assert.equal(await page.locator('fieldset').count(), 4, 'four yes/no questions');
      await noSidewaysScroll(page, `impact-${language} at ${width} px`);
      await h.axe(page, `impact-${language} at ${width} px`);
      await h.shot(page, `impact-${language}-${width}`);

      // Answered as a visitor does: a label clicked per question, a note, the button.
      const yes = page.locator('label.choice', { hasText: words.yes });
      for (let i = 0; i < 4; i++) await yes.nth(i).click();
      await page.fill('#impact-note', width === 375 ? 'Två pilotprojekt med kommunen.' : 'Two pilots with the city.');
      await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
      assert.match(page.url(), /\/impact\?token=.*&done=1$/, 'post/redirect/get');
      assert.equal((await page.textContent('h1')).trim(), words.thanks);
      await noSidewaysScroll(page, `impact thanks (${language}) at ${width} px`);
      await h.axe(page, `impact thanks (${language}) at ${width} px`);
      await context.close();
    }
    // Opened again, the page shows the stored answer (the latest one replaced the first).
    const again = await (await fetch(link)).text();
    assert.ok(again.includes('Two pilots with the city.') && again.includes('class="banner banner-info"'), again);
  });
}
