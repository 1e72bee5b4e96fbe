// The coordinator's changes played in a browser (plain forms, post/redirect/get): each lands on a
// page that says what was done, never on "Temporary problem. Nothing was changed."
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

/** The manage link of the booking, from the local mailbox as the coordinator gets it. */
async function manageLink(id) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/bookings/${id}/manage\\?token=[A-Za-z0-9_.%-]+`);
  for (let attempt = 0; attempt < 60; attempt++) {
    const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
    for (const n of [...list.matchAll(/href="\/_local\/mail\/(\d+)"/g)].map((m) => m[1]).slice(0, 30)) {
      const found = pattern.exec(await (await fetch(`${h.BASE_URL}/_local/mail/${n}`)).text());
      if (found) return found[0].replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no manage link for ${id}`);
}

/** Opens the action's form, sends it, and returns the banner of the page the browser lands on. */
async function act(page, action, fill = async () => {}) {
  await page.$eval(`#action-${action}`, (d) => { d.open = true; });
  await fill(page);
  await Promise.all([page.waitForNavigation(), page.click(`#action-${action} button[type=submit]`)]);
  const body = await page.textContent('body');
  assert.doesNotMatch(body, /Nothing was changed|Inget har ändrats/, action);
  return page.textContent('.banner');
}

test('reopen and erase, played on the coordinator\'s page, each land on a page that says what was done', async () => {
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      node: 'umea', language: 'en', mainGoal: 'learning', purpose: 'Study visit.', focusAreas: ['energy'],
      meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(41) }], expectedParticipants: 3,
      contact: { name: 'Ana Souza', email: h.uniqueEmail('outcomes'), country: 'PT' }, acceptsCosts: true, consent: true,
    }),
  });
  assert.equal(response.status, 201);
  const manage = await manageLink((await response.json()).id);
  const declined = await fetch(manage.replace('/manage?', '/actions?'), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'decline', reason: 'Fully booked.' }),
  });
  assert.equal(declined.status, 200);

  const b = await h.launch();
  const context = await b.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  assert.equal((await page.goto(manage)).status(), 200);
  assert.match(await act(page, 'reopen'), /open again|öppnad igen/);
  assert.match(await act(page, 'erase'), /personal data has been erased|personuppgifter är raderade/);
  assert.equal(await page.$('a[href^="mailto:"]'), null, 'no reply link once the data is erased');
  await context.close();
});
