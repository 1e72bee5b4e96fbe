// The coordinators' console as a coordinator uses it: sign in from the link in the local mailbox,
// list the node's bookings, filter and search them, open one on its manage page. At 375 px (a
// phone) and 1280 px, axe-clean, without sideways scrolling; screenshots in web/build/screenshots/.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

// The e-mails' links point at localhost (PublicBaseUrl): the whole visit stays on that host, as the session cookie does.
const BASE = h.BASE_URL.replace('127.0.0.1', 'localhost');

async function book(node, organisation, country) {
  const body = {
    node, language: 'en', mainGoal: 'learning', purpose: 'Study visit on district heating.',
    focusAreas: ['energy'], meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(41) }], expectedParticipants: 7,
    contact: { name: 'Ana Souza', email: h.uniqueEmail('console'), organisation, country }, acceptsCosts: true, consent: true,
  };
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  return response.json();
}

/** The newest sign-in link in the local mailbox that is not one of `seen`. */
async function signInLink(seen) {
  const pattern = /https?:\/\/[^\s"<>]+\/console\/sign-in\/[A-Za-z0-9_-]{43}/;
  for (let attempt = 0; attempt < 40; attempt++) {
    const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
    const numbers = [...list.matchAll(/href="\/_local\/mail\/(\d+)"/g)].map((m) => m[1]).slice(0, 20);
    for (const n of numbers) {
      const found = pattern.exec(await (await fetch(`${h.BASE_URL}/_local/mail/${n}`)).text());
      if (found && !seen.includes(found[0])) return found[0];
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no sign-in link in the mailbox');
}

async function noSidewaysScroll(page, label) {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.doc <= widths.view, `${label}: the page is ${widths.doc} px wide in a ${widths.view} px window`);
}

test('a coordinator signs in from the mail, lists, filters and searches the node\'s bookings and opens one, at 375 and 1280 px', async () => {
  const porto = await book('umea', 'Câmara Municipal do Porto', 'PT');
  const oslo = await book('umea', 'Oslo Kommune', 'NO');
  const lyon = await book('stockholm', 'Ville de Lyon', 'FR');
  const seen = [];
  for (const width of [375, 1280]) {
    const b = await h.launch();
    // The pages' CSP allows no script: let axe in for the check (the headers are tested in the Java tests).
    const context = await b.newContext({ viewport: { width, height: 900 }, locale: 'sv-SE', bypassCSP: true, javaScriptEnabled: true });
    const page = await context.newPage();

    // Not signed in: the console sends the browser to the sign-in page.
    await page.goto(`${BASE}/console`);
    assert.match(page.url(), /\/console\/sign-in$/);
    await h.axe(page, `console sign-in at ${width}`);
    await noSidewaysScroll(page, `sign-in at ${width}`);
    await page.fill('#email', 'umea@example.org');
    await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
    assert.match(await page.textContent('.banner'), /inloggningslänk på väg/);
    if (width === 375) await h.shot(page, 'console-sign-in-375');

    // The link from the mail: a page with one button (a mail scanner's GET uses nothing up), then the list.
    const link = await signInLink(seen);
    seen.push(link);
    await page.goto(link);
    await h.axe(page, `console link page at ${width}`);
    await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/console');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'scs_console');
    assert.ok(session && session.httpOnly && session.secure && session.sameSite === 'Strict' && session.path === '/console',
      JSON.stringify(cookies));

    const table = await page.textContent('main');
    assert.ok(table.includes(porto.reference) && table.includes(oslo.reference), 'the node\'s bookings are listed');
    assert.ok(!table.includes(lyon.reference), 'another node\'s booking is not listed');
    await noSidewaysScroll(page, `list at ${width}`);
    await h.axe(page, `console list at ${width}`);
    await h.shot(page, `console-list-${width}`);

    // Search by organisation, then by country; a status that has none.
    await page.fill('#q', 'oslo');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    let rows = await page.$$eval('table.bookings tbody tr th a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(rows, [oslo.reference]);
    await page.fill('#q', 'Portugal');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    rows = await page.$$eval('table.bookings tbody tr th a', (as) => as.map((a) => a.textContent));
    assert.ok(rows.includes(porto.reference) && !rows.includes(oslo.reference), rows.join());
    await page.selectOption('#status', 'declined');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    assert.equal(await page.$$eval('table.bookings tbody tr', (trs) => trs.length), 0);
    await page.selectOption('#status', 'open');
    await page.fill('#q', '');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    if (width === 1280) await h.shot(page, 'console-list-filtered-1280');

    // Open one: its manage page, with its actions.
    await Promise.all([page.waitForNavigation(), page.click(`text=${porto.reference}`)]);
    assert.match(page.url(), new RegExp(`/bookings/${porto.id}/manage\\?token=`));
    assert.ok((await page.textContent('h1')).includes(porto.reference));

    // Another node's booking by its id: not found.
    const other = await page.goto(`${BASE}/console/bookings/${lyon.id}`);
    assert.equal(other.status(), 404);

    // The overview of the node: charts with their tables, and downloads.
    await page.goto(`${BASE}/console`);
    await Promise.all([page.waitForNavigation(), page.click('p.downloads a[href="/console/overview"]')]);
    assert.ok(await page.$('main svg') && await page.$('main table caption'), 'charts with their tables');
    const csv = await page.request.get(`${BASE}/console/overview?format=csv`);
    assert.equal(csv.status(), 200);
    const csvText = await csv.text();
    assert.ok(csvText.includes(porto.reference) && !csvText.includes(lyon.reference), 'the node\'s bookings only');
    // The page counts the overview rows that the stream keeps; the CSV lists the bookings read from the
    // node index: once the stream has caught up, the page's count is the CSV's number of bookings.
    const listed = csvText.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1;
    let counted = -1;
    for (let attempt = 0; attempt < 40 && counted !== listed; attempt++) {
      if (attempt > 0) { await new Promise((r) => setTimeout(r, 250)); await page.reload(); }
      const found = /(\d+) bokningar inkomna/.exec(await page.textContent('main'));
      counted = found ? Number(found[1]) : -1;
    }
    assert.ok(listed >= 2, `the CSV lists the node's bookings: ${listed}`);
    assert.equal(counted, listed, 'the overview counts the node\'s bookings of the year that the CSV lists');
    await noSidewaysScroll(page, `overview at ${width}`);
    await h.axe(page, `console overview at ${width}`);
    await h.shot(page, `console-overview-${width}`);

    // Signing out clears the session.
    await page.goto(`${BASE}/console`);
    await Promise.all([page.waitForNavigation(), page.click('form.signout button')]);
    assert.match(page.url(), /\/console\/sign-in$/);
    assert.equal((await context.cookies()).find((c) => c.name === 'scs_console'), undefined);
    await context.close();
  }
});
