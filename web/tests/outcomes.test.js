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

/** A new request in English (the coordinators' page is in their own language) and its manage link. */
async function newBooking(name) {
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      node: 'umea', language: 'en', mainGoal: 'learning', purpose: 'Study visit.', focusAreas: ['energy'],
      meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(41) }], expectedParticipants: 3,
      contact: { name: 'Ana Souza', email: h.uniqueEmail(name), country: 'PT' }, acceptsCosts: true, consent: true,
    }),
  });
  assert.equal(response.status, 201);
  return manageLink((await response.json()).id);
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
  const manage = await newBooking('outcomes');
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

test('an outcome recorded and corrected, played on the coordinator\'s page, each step lands on a page that says what was done', async () => {
  // An outcome needs a visit whose day has come. Rather than move a stored visit into the past, the visit is
  // confirmed for today, as a coordinator may: the day has come, so "completed" is offered at once.
  const manage = await newBooking('correct');
  const b = await h.launch();
  const context = await b.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  assert.equal((await page.goto(manage)).status(), 200);
  assert.match(await act(page, 'confirm', async (p) => {
    await p.fill('#confirm-date', h.day(0));
    await p.fill('#confirm-end-date', h.day(0)); // the form offers the visitor's dates
  }), /visit is confirmed|Besöket är bekräftat/);
  assert.match(await act(page, 'complete', async (p) => p.fill('#complete-attended', '3')), /marked completed|markerat som genomfört/);
  assert.match(await act(page, 'record-outcome', async (p) => {
    await p.fill('#outcome-text', 'Two follow-up meetings on district heating.');
    await p.fill('#outcome-companies', 'Umeå Energi');
    await p.check('#action-record-outcome input[name=businessInterest][value=yes]');
  }), /outcome is recorded|Resultatet är registrerat/);
  assert.match(await page.textContent('body'), /Two follow-up meetings on district heating\./);
  assert.match(await act(page, 'correct-outcome', async (p) => {
    await p.fill('#correct-text', 'Three follow-up meetings on district heating and one on mobility.');
    await p.check('#action-correct-outcome input[name=businessInterest][value=no]');
  }), /outcome is corrected|Resultatet är rättat/);
  const body = await page.textContent('body');
  assert.match(body, /Three follow-up meetings on district heating and one on mobility\./, 'the page shows the corrected outcome');
  await context.close();
});
