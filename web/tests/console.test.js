// The coordinators' console as a coordinator uses it: sign in from the link in the local mailbox,
// list the node's bookings, filter and search them, open one on its manage page. At 375 px (a
// phone) and 1280 px, axe-clean, without sideways scrolling; screenshots in web/build/screenshots/.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const { isDeepStrictEqual } = require('node:util');
const h = require('./helpers.js');
const ExcelJS = require('exceljs');

after(h.close);

// The e-mails' links point at localhost (PublicBaseUrl): the whole visit stays on that host, as the session cookie does.
const BASE = h.BASE_URL.replace('127.0.0.1', 'localhost');
/** Sign-in links already used, by every test of this file (the mailbox keeps them all). */
const usedLinks = [];

async function book(node, organisation, country, focusAreas = ['energy'], { size = 7, participants = [] } = {}) {
  const body = {
    node, language: 'en', mainGoal: 'learning', purpose: 'Study visit on district heating.',
    focusAreas, meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(41) }], expectedParticipants: size,
    participants,
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
  const seen = usedLinks;
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
    await h.axe(page, `console overview by visit date at ${width}`);
    // By request date: the node's requests of the last twelve months, whatever became of them.
    await page.goto(`${BASE}/console/overview?basis=request`);
    // Page and CSV both count the overview rows that the stream keeps from the bookings: the CSV is read
    // until the stream has caught up with this test's bookings, then the page must count what it lists.
    let csvText = '';
    for (let attempt = 0; attempt < 40 && !(csvText.includes(porto.reference) && csvText.includes(oslo.reference)); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 250));
      const csv = await page.request.get(`${BASE}/console/overview?format=csv&basis=request`);
      assert.equal(csv.status(), 200);
      csvText = await csv.text();
    }
    assert.ok(csvText.includes(porto.reference) && csvText.includes(oslo.reference), `the node's bookings in the CSV:\n${csvText}`);
    assert.ok(!csvText.includes(lyon.reference), 'the node\'s bookings only');
    const listed = csvText.split(/\r?\n/).filter((line) => line.trim() !== '').length - 1;
    let counted = -1;
    for (let attempt = 0; attempt < 40 && counted !== listed; attempt++) {
      if (attempt > 0) { await new Promise((r) => setTimeout(r, 250)); await page.reload(); }
      const found = /(\d+) bokning(?:ar)? under perioden/.exec(await page.textContent('main'));
      counted = found ? Number(found[1]) : -1;
    }
    assert.ok(listed >= 2, `the CSV lists the node's bookings: ${listed}`);
    assert.equal(counted, listed, 'the overview counts the node\'s bookings of the year that the CSV lists');
    await noSidewaysScroll(page, `overview at ${width}`);
    await h.axe(page, `console overview at ${width}`);
    await h.shot(page, `console-overview-${width}`);

    // A filter that cannot be used is refused with a message next to its field, and the page stays axe-clean.
    const refused = await page.goto(`${BASE}/console/overview?from=0001-01-01&to=9999-12-31`);
    assert.equal(refused.status(), 400);
    assert.match(await page.textContent('#from-error'), /Perioden kan börja tidigast/);
    await h.axe(page, `console overview refusing a period at ${width}`);
    await page.goto(`${BASE}/console?from=2026-05-01&to=2026-04-01`);
    assert.match(await page.textContent('.errors'), /Från-datumet ligger efter till-datumet/);
    await noSidewaysScroll(page, `refused filter at ${width}`);
    await h.axe(page, `console list refusing a filter at ${width}`);
    if (width === 375) await h.shot(page, 'console-filter-refused-375');

    // Signing out clears the session.
    await page.goto(`${BASE}/console`);
    await Promise.all([page.waitForNavigation(), page.click('form.signout button')]);
    assert.match(page.url(), /\/console\/sign-in$/);
    assert.equal((await context.cookies()).find((c) => c.name === 'scs_console'), undefined);
    await context.close();
  }
});

/** A CSV as the console writes it for Swedish Excel: BOM, ';', CRLF, quoted cells with doubled quotes. */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'the CSV starts with a byte order mark');
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; } else if (c === '\r') continue;
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((cells) => Object.fromEntries(head.map((name, i) => [name, cells[i] ?? ''])));
}

/** The overview page's table of a section: row name -> the row's cells as numbers (or text). */
async function overviewTable(page, id) {
  return page.$$eval(`section#${id} table tbody tr`, (trs) => Object.fromEntries(trs.map((tr) => [
    tr.querySelector('th').textContent.trim(), [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())])));
}

function count(into, key) { into[key] = (into[key] || 0) + 1; }

test('the national office signs in, confirms a booking from its list, and the overview counts what the CSV lists', async () => {
  const bergen = await book('malmo', 'Bergen kommune', 'NO', ['energy', 'climate']);
  const turku = await book('linkoping', 'Turun kaupunki', 'FI', ['digitalisation']);
  await book('malmo', 'Espoon kaupunki', 'FI', ['energy', 'urban-planning']);
  const b = await h.launch();
  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', bypassCSP: true });
  const page = await context.newPage();

  await signInNationalOffice(page);
  const list = await page.textContent('main');
  assert.ok(list.includes(bergen.reference) && list.includes(turku.reference), 'the national office sees every node');

  // Act on one: open it from the list and confirm the dates the visitor asked for (the form is prefilled).
  await Promise.all([page.waitForNavigation(), page.click(`text=${bergen.reference}`)]);
  await Promise.all([page.waitForNavigation(), page.click('#action-confirm button[type=submit]')]);
  assert.doesNotMatch(page.url(), /\/actions\?/, 'post/redirect/get: the answer is the page again');
  const stored = (await h.storedBookings(bergen.reference))[0];
  assert.equal(stored.status, 'confirmed');

  // The overview of every node against the bookings the CSV lists (counted here): per node, per country, per
  // focus area, all requests and the confirmed ones. Both count the rows the stream keeps, so they are read
  // again until the stream has caught up with the confirmation.
  await page.goto(`${BASE}/console/overview?basis=request`);
  let expected, seen;
  for (let attempt = 0; attempt < 40; attempt++) {
    if (attempt > 0) { await new Promise((r) => setTimeout(r, 250)); await page.reload(); }
    const csv = await page.request.get(`${BASE}/console/overview?format=csv&basis=request`);
    assert.equal(csv.status(), 200);
    const bookings = parseCsv(await csv.text());
    const nodes = {}, countries = {}, focus = {};
    let confirmed = 0;
    for (const row of bookings) {
      count(nodes, row['Nod']);
      count(countries, row['Land']);
      row['Fokusområden'].split(', ').filter((a) => a).forEach((a) => count(focus, a));
      if (row['Status'] === 'Bekräftad') confirmed++;
    }
    expected = { nodes, countries, focus, submitted: bookings.length, confirmed };
    const months = await page.$$eval('section#months table', (tables) => {
      const t = tables[0];
      const head = [...t.querySelectorAll('thead th')].map((th) => th.textContent.trim()).slice(1, -1);
      const sums = Object.fromEntries(head.map((n) => [n, 0]));
      t.querySelectorAll('tbody tr').forEach((tr) => [...tr.querySelectorAll('td')].slice(0, -1)
        .forEach((td, i) => { sums[head[i]] += Number(td.textContent.trim()); }));
      return Object.fromEntries(Object.entries(sums).filter(([, n]) => n > 0));
    });
    const asCounts = (table) => Object.fromEntries(Object.entries(table)
      .map(([name, cells]) => [name, Number(cells[0])]).filter(([, n]) => n > 0));
    const funnel = await overviewTable(page, 'funnel');
    seen = {
      nodes: months, countries: asCounts(await overviewTable(page, 'countries')),
      focus: asCounts(await overviewTable(page, 'focus')),
      submitted: Object.values(funnel).reduce((sum, cells) => sum + Number(cells[0]), 0),
      confirmed: Number(funnel['Bekräftade, besöket har inte ägt rum än'][0]),
    };
    // Both count the rows the stream keeps: once it has recorded the confirmation, they say so alike.
    const confirmedBergen = bookings.some((row) => row['Referens'] === bergen.reference && row['Status'] === 'Bekräftad');
    if (confirmedBergen && isDeepStrictEqual(seen, expected)) break;
  }
  assert.ok(expected.submitted >= 3 && expected.confirmed >= 1, JSON.stringify(expected));
  assert.deepEqual(seen, expected);
  await h.axe(page, 'the national overview');

  // Sign-out ends the session on the server: a copy of the cookie taken before it no longer opens the console.
  const cookie = (await context.cookies()).find((c) => c.name === 'scs_console');
  await page.goto(`${BASE}/console`);
  await Promise.all([page.waitForNavigation(), page.click('form.signout button')]);
  const copy = await b.newContext({ viewport: { width: 1280, height: 900 } });
  await copy.addCookies([cookie]);
  const replay = await copy.newPage();
  await replay.goto(`${BASE}/console`);
  assert.match(replay.url(), /\/console\/sign-in$/, 'the copied cookie is refused after sign-out');
  await copy.close();
  await context.close();
});

/** Signs the national office in from its mailed link; the page is then on the list. */
async function signInNationalOffice(page) {
  await page.goto(`${BASE}/console/sign-in`);
  await page.fill('#email', 'national-office@example.org');
  await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
  const link = await signInLink(usedLinks);
  usedLinks.push(link);
  await page.goto(link);
  await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
}

/**
 * Time travel, as the follow-up's tests do: the stored booking's agreed visit moved to days already past and the
 * visit marked held (completed), one version on, so the table's stream records its overview row again.
 */
async function heldOn(reference, from, to, came, node) {
  const { Items } = await h.dynamo('Scan', {
    TableName: await tableName(), FilterExpression: '#r = :r AND #t = :t',
    ExpressionAttributeNames: { '#r': 'reference', '#t': 'type' },
    ExpressionAttributeValues: { ':r': { S: reference }, ':t': { S: 'booking' } },
  });
  assert.equal(Items.length, 1, reference);
  const item = Items[0];
  const workflow = JSON.parse(item.workflow.S);
  assert.ok(workflow.visit, `${reference} has an agreed visit`);
  workflow.visit.from = from;
  workflow.visit.to = to;
  // Marked done with the number who came (0: nobody came), as a line of the form stored before history was data.
  if (came !== undefined) {
    workflow.history.push({ at: `${to}T15:00:00Z`, actor: `coordinator:${node}`, action: 'complete', detail: String(came) });
  }
  const version = Number(item.version.N);
  await h.dynamo('UpdateItem', {
    TableName: await tableName(), Key: { pk: item.pk },
    UpdateExpression: 'SET #s = :s, #w = :w, #v = :next', ConditionExpression: '#v = :v',
    ExpressionAttributeNames: { '#s': 'status', '#w': 'workflow', '#v': 'version' },
    ExpressionAttributeValues: { ':s': { S: 'completed' }, ':w': { S: JSON.stringify(workflow) },
      ':v': { N: String(version) }, ':next': { N: String(version + 1) } },
  });
}
let bookingTableName;
async function tableName() {
  if (!bookingTableName) {
    const { TableNames } = await h.dynamo('ListTables', {});
    bookingTableName = TableNames.find((name) => name.endsWith('BookingTable'));
  }
  return bookingTableName;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

test('the national office\'s year: visits held across nodes, the year report by visit date, people received, the workbook, and a search by a participant\'s e-mail', async () => {
  const participantEmail = h.uniqueEmail('participant');
  // came: how many came, as counted at "mark as done" (0: nobody came, not a visit held); none: not counted.
  const visits = [
    { node: 'goteborg', city: 'Göteborg', size: 9, came: 7, org: 'Aarhus Kommune', country: 'DK',
      participants: [{ name: 'Séverine Dupont', email: participantEmail, organisation: 'Aarhus Kommune', country: 'DK' }] },
    { node: 'borlange', city: 'Borlänge', size: 14, org: 'Tampereen kaupunki', country: 'FI', participants: [] },
    { node: 'umea', city: 'Umeå', size: 5, came: 6, org: 'Tromsø kommune', country: 'NO', participants: [] },
    { node: 'stockholm', city: 'Stockholm', size: 4, came: 0, org: 'Oslo kommune', country: 'NO', participants: [] },
  ];
  const received = (v) => (v.came === undefined ? v.size : v.came);
  const heldVisits = visits.filter((v) => v.came !== 0);
  for (const v of visits) {
    v.booking = await book(v.node, v.org, v.country, ['energy'], { size: v.size, participants: v.participants });
  }
  // Held three weeks ago (a year of its own when that is last year): the report of that year by visit date.
  const held = new Date(Date.now() - 21 * 86_400_000);
  const year = held.getUTCFullYear();
  const heldFrom = isoDay(held), heldTo = isoDay(new Date(held.getTime() + 86_400_000));

  const b = await h.launch();
  let before;
  // A figure of the year report now, less what it was before this test's visits ("–" counts as 0).
  const added = (headline, city, column) => Number(headline[city][column].replace('–', '0'))
      - Number(((before[city] || [])[column] || '0').replace('–', '0'));
  // One sign-in for both widths: sign-in links are limited to three per address in ten minutes, and the
  // national office signs in again in other tests (history.test.js).
  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', bypassCSP: true, acceptDownloads: true });
  const page = await context.newPage();
  await signInNationalOffice(page);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });

    if (width === 1280) {
      // The year as it stood before: other tests hold visits too (clock.test.js plays one at simulated dates).
      await page.goto(`${BASE}/console/overview?year=${year}&basis=visit`);
      before = await overviewTable(page, 'headline');
      // The national office confirms each from its list (the dates the visitor asked for), then the visits take place.
      for (const v of visits) {
        await page.goto(`${BASE}/console?status=all&q=${encodeURIComponent(v.booking.reference)}`);
        await Promise.all([page.waitForNavigation(), page.click(`text=${v.booking.reference}`)]);
        // The way back from the booking to the list.
        assert.ok(await page.$('p.back a[href="/console"]'), 'a link back to the console');
        await Promise.all([page.waitForNavigation(), page.click('#action-confirm button[type=submit]')]);
        assert.equal((await h.storedBookings(v.booking.reference))[0].status, 'confirmed');
        await heldOn(v.booking.reference, heldFrom, heldTo, v.came, v.node);
      }
    }

    // Search as a help desk: a participant's e-mail finds the booking, and the list says where it was found.
    await page.goto(`${BASE}/console?status=all&q=${encodeURIComponent(participantEmail)}`);
    const found = await page.$$eval('table.bookings tbody tr th a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(found, [visits[0].booking.reference]);
    assert.match(await page.textContent('table.bookings tbody tr th .match'), /Deltagarens e-post: /);
    // "denmark" finds the booking from Danmark, and two words are searched each in any field.
    await page.goto(`${BASE}/console?status=all&q=${encodeURIComponent('denmark séverine')}`);
    assert.deepEqual(await page.$$eval('table.bookings tbody tr th a', (as) => as.map((a) => a.textContent)), [visits[0].booking.reference]);
    await h.axe(page, `console search at ${width}`);

    // The year by visit date (one click from the overview): the three visits held and the no-show, with the people received
    // (those who came where they were counted, else as expected).
    await page.goto(`${BASE}/console/overview`);
    await Promise.all([page.waitForNavigation(), page.click(`nav.years a[href="/console/overview?year=${year}&basis=visit"]`)]);
    let headline;
    for (let attempt = 0; attempt < 40; attempt++) {
      if (attempt > 0) { await new Promise((r) => setTimeout(r, 250)); await page.reload(); }
      headline = await overviewTable(page, 'headline');
      if (added(headline, 'Alla noder', 2) + added(headline, 'Alla noder', 3) >= visits.length) break;
    }
    assert.match(await page.textContent('h2#overview-heading'), new RegExp(`Besök ${year}, efter besöksdatum`));
    // The report grew by exactly this test's visits.
    const seen = JSON.stringify({ before, headline });
    assert.equal(added(headline, 'Alla noder', 2), heldVisits.length, `visits held: ${seen}`);
    assert.equal(added(headline, 'Alla noder', 3), 1, `one no-show: ${seen}`);
    assert.equal(added(headline, 'Alla noder', 4), heldVisits.reduce((sum, v) => sum + received(v), 0), `people received: ${seen}`);
    for (const v of visits) {
      assert.equal(added(headline, v.city, 2), v.came === 0 ? 0 : 1, `${v.city} held one visit, or none: ${seen}`);
      assert.equal(added(headline, v.city, 3), v.came === 0 ? 1 : 0, `${v.city}: a no-show, or none: ${seen}`);
      assert.equal(added(headline, v.city, 4), v.came === 0 ? 0 : received(v), `${v.city} received ${received(v)}: ${seen}`);
    }
    assert.match(await page.textContent('section#headline'), /räknade som väntat där antalet som kom inte registrerades/);
    const funnel = await overviewTable(page, 'funnel');
    assert.ok(Number(funnel['Genomförda besök'][0]) >= heldVisits.length, JSON.stringify(funnel));
    assert.ok(Number(funnel['Ingen kom (uteblivet besök)'][0]) >= 1, JSON.stringify(funnel));
    await noSidewaysScroll(page, `year report at ${width}`);
    await h.axe(page, `the year report at ${width}`);
    // Every region has a name of its own (axe's moderate landmark rules too, beyond h.axe's serious and critical).
    const landmarks = await page.evaluate(async () => (await window.axe.run(document, {
      runOnly: { type: 'rule', values: ['landmark-unique', 'landmark-no-duplicate-main', 'region'] } })).violations
      .map((v) => `${v.id}: ${v.nodes.length}`));
    assert.deepEqual(landmarks, [], `landmarks at ${width}`);
    await h.shot(page, `console-year-report-${width}`);
    if (width === 1280) {
      // The printed report: A4, without menu, filter or links.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.$eval('form.filters', (f) => getComputedStyle(f).display), 'none');
      assert.equal(await page.$eval('header.site', (e) => getComputedStyle(e).display), 'none');
      await page.pdf({ path: require('path').join(__dirname, '..', 'build', 'screenshots', 'console-year-report.pdf'), format: 'A4' });
      await page.emulateMedia({ media: 'screen' });

      // The workbook of the year, read back: the visits as date cells, a filter and a frozen header.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('p.downloads a[href*="format=xlsx"]')]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await download.path());
      const sheet = workbook.getWorksheet('Bokningar');
      assert.ok(sheet, workbook.worksheets.map((w) => w.name).join());
      assert.equal(sheet.views[0].state, 'frozen');
      assert.equal(sheet.views[0].ySplit, 1, 'the header row stays in view');
      assert.ok(sheet.autoFilter, 'an autofilter');
      const head = sheet.getRow(1).values;
      const col = (name) => head.indexOf(name);
      const rows = [];
      sheet.eachRow((row, n) => { if (n > 1) rows.push(row); });
      for (const v of visits) {
        const row = rows.find((r) => r.getCell(col('Referens')).value === v.booking.reference);
        assert.ok(row, `${v.booking.reference} in the workbook`);
        const visitFrom = row.getCell(col('Besök från')).value;
        assert.ok(visitFrom instanceof Date, `a date cell: ${visitFrom}`);
        assert.equal(isoDay(visitFrom), heldFrom);
        assert.equal(row.getCell(col('Deltagare')).value, v.size, 'a number cell');
        assert.equal(row.getCell(col('Deltog')).value, v.came === undefined ? null : v.came, 'who came: a number cell, empty when not counted');
        assert.equal(row.getCell(col('Status')).value, 'Genomförd');
        assert.equal(row.getCell(col('Betyg')).value, null, 'no rating yet: an empty cell');
      }
    }
  }
  await context.close();
});
