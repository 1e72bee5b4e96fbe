// The pages the e-mails' links open: the coordinator's manage page and the visitor's own page, as a
// browser shows them at 375 px (a phone) and 1280 px, in Swedish and English. No page may scroll
// sideways; every page passes axe; screenshots land in web/build/screenshots/.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

/** A booking through the API, with a long reason and address that a narrow screen must wrap. */
async function book(language) {
  const email = h.uniqueEmail('pages');
  const body = {
    node: 'umea', language, mainGoal: 'learning', purpose: 'Studiebesök om fjärrvärme och stadsplanering.',
    focusAreas: ['energy', 'urban-planning'], meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(42) }],
    expectedParticipants: 12,
    participants: [{ name: 'Ana Souza', organisation: 'Câmara Municipal do Porto', role: 'Planner', email: 'ana.souza.long.address@example.org', country: 'PT' }],
    contact: { name: 'Åsa Öberg', email, organisation: 'Porto Energy', country: 'SE' }, acceptsCosts: true, consent: true,
  };
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  return { ...(await response.json()), email };
}

/** The link of this kind (manage, visit) for the booking, read from the local mailbox as the recipient gets it. */
async function linkFromMail(id, kind) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/bookings/${id}/${kind}\\?token=[A-Za-z0-9_.%-]+`);
  for (let attempt = 0; attempt < 60; attempt++) {
    const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
    const numbers = [...list.matchAll(/href="\/_local\/mail\/(\d+)"/g)].map((m) => m[1]).slice(0, 30);
    for (const n of numbers) {
      const found = pattern.exec(await (await fetch(`${h.BASE_URL}/_local/mail/${n}`)).text());
      if (found) return found[0].replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${kind} link for ${id} in the mailbox`);
}

async function noSidewaysScroll(page, label) {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.doc <= widths.view, `${label}: the page is ${widths.doc} px wide in a ${widths.view} px window`);
}

async function look(url, name, width, locale) {
  const b = await h.launch();
  // The pages' CSP allows no script: let axe in for the check (the headers are tested in the Java tests).
  const context = await b.newContext({ viewport: { width, height: 800 }, locale, bypassCSP: true });
  const page = await context.newPage();
  const response = await page.goto(url);
  assert.equal(response.status(), 200, name);
  await noSidewaysScroll(page, `${name} at ${width} px`);
  // Every action's form open too: the participant rows and date fields must fit as well.
  await page.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
  await noSidewaysScroll(page, `${name} at ${width} px, forms open`);
  await h.axe(page, name);
  await h.shot(page, `${name}-${width}-forms`);
  await page.$$eval('details', (all) => all.forEach((d) => { d.open = false; }));
  await h.shot(page, `${name}-${width}`);
  await context.close();
}

for (const language of ['sv', 'en']) {
  test(`the coordinator's and the visitor's pages (${language} booking) fit 375 px and 1280 px without sideways scrolling`, async () => {
    const booking = await book(language);
    const manage = await linkFromMail(booking.id, 'manage');
    const visit = await linkFromMail(booking.id, 'visit');
    // A life with some history: confirmed, then the visitor adds a participant with their page's form.
    const confirmed = await fetch(manage.replace('/manage?', '/actions?'), {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ action: 'confirm', date: h.day(40), endDate: h.day(41) }),
    });
    assert.equal(confirmed.status, 200);
    const b = await h.launch();
    const context = await b.newContext({ viewport: { width: 375, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(visit);
    await page.click('#action-participants summary');
    await page.fill('#visit-expected', '13');
    await page.fill('#p1-name', 'Li Wei');
    await page.fill('#p1-email', 'li.wei@example.org');
    await Promise.all([page.waitForNavigation(), page.click('#action-participants button[type=submit]')]);
    assert.match(page.url(), /\/visit\?token=.*&done=participants$/, 'post/redirect/get');
    assert.match(await page.textContent('.banner'), language === 'sv' ? /Deltagarna är sparade/ : /The participants are saved/);
    await page.reload();
    await context.close();

    for (const width of [375, 1280]) {
      if (language === 'sv') await look(manage, 'manage-sv', width, 'sv-SE'); // the coordinators' language is the deployment's
      await look(visit, `visit-${language}`, width, language === 'sv' ? 'sv-SE' : 'en-GB');
    }
    const [stored] = await h.storedBookings(booking.reference);
    assert.equal(stored.details.expectedParticipants, 13, 'the reload repeated nothing and the change is stored');
    assert.deepEqual(stored.details.participants.map((p) => p.name), ['Ana Souza', 'Li Wei']);
  });
}
