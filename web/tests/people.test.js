// Who comes (issue 20): 45 participants pasted from a spreadsheet, on the booking form and on the
// visitor's page (at 375 and 1280 px, axe-clean), and the coordinators' one mail for the session;
// a no-show gets no thank-you. The follow-up's schedules are fired at chosen moments
// (/_local/schedule), as in impact.test.js.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

/** 45 people as a spreadsheet copies them (tabs), with a heading line; row 7 has a broken address. */
function sheet(sep = '\t') {
  const lines = [['Name', 'Organisation', 'Role', 'E-mail', 'Country'].join(sep)];
  for (let i = 1; i <= 45; i++) {
    lines.push([`Person ${i}`, 'Câmara do Porto', i === 1 ? 'Head of delegation' : 'Planner',
      i === 7 ? 'p7-at-example.org' : `p${i}@porto.example`, i % 2 ? 'Portugal' : 'Sverige'].join(sep));
  }
  return lines.join('\n');
}

async function book(language, dates) {
  const email = h.uniqueEmail('people');
  const body = {
    node: 'umea', language, mainGoal: 'learning', purpose: 'Studiebesök om fjärrvärme.', focusAreas: ['energy'],
    meetCompanies: false, preferredDates: dates, expectedParticipants: 4,
    participants: [{ name: 'Ana Souza', email: 'ana@porto.example', country: 'PT' }],
    contact: { name: 'Åsa Öberg', email, organisation: 'Porto Energy', country: 'PT' }, acceptsCosts: true, consent: true,
  };
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  return { ...(await response.json()), email };
}

/** Every mail in the local mailbox: {n, row} (the list's row holds the recipients and the subject). */
async function mails() {
  const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
  return list.split('<tr>').slice(1).map((row) => ({ n: (/href="\/_local\/mail\/(\d+)"/.exec(row) || [])[1], row }));
}

async function waitForLink(to, id, kind) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/bookings/${id}/${kind}\\?token=[A-Za-z0-9_.%-]+`);
  for (let attempt = 0; attempt < 60; attempt++) {
    for (const m of (await mails()).filter((x) => x.row.includes(to) && x.n)) {
      const found = pattern.exec(await (await fetch(`${h.BASE_URL}/_local/mail/${m.n}`)).text());
      if (found) return found[0].replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${kind} link for ${id} in the mail to ${to}`);
}

async function fire(schedule, at) {
  const fired = await fetch(`${h.BASE_URL}/_local/schedule/FollowUpFunction.${schedule}?at=${encodeURIComponent(at)}`, { method: 'POST' });
  assert.equal(fired.status, 200, await fired.text());
}

async function noSidewaysScroll(page, label) {
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.doc <= widths.view, `${label}: the page is ${widths.doc} px wide in a ${widths.view} px window`);
}

test('the booking form takes 45 people pasted from a spreadsheet, with a preview naming the bad row', async () => {
  const page = await h.open('national.html');
  await page.click('.scs-paste summary');
  await page.fill('#scs-paste', sheet());
  await page.click('[data-paste=read]');
  assert.match(await page.textContent('#scs-paste-result'), /^45 people read, 1 with errors\./);
  assert.equal(await page.$$eval('.scs-paste-preview tbody tr', (rows) => rows.length), 45);
  assert.match(await page.textContent('.scs-paste-preview tr.scs-bad'), /p7-at-example\.org.*e-mail: /s);
  await h.axe(page, 'the paste preview');
  await page.click('[data-paste=add]');
  await page.waitForFunction(() => document.querySelector('.scs-live').textContent === '45 people added.');
  assert.equal(await page.inputValue('#scs-expectedParticipants'), '45', 'raised to the named count');
  assert.equal(await page.inputValue('#scs-participants-44-name'), 'Person 45');
  assert.equal(await page.inputValue('#scs-participants-1-country'), 'SE', 'a country by name became its code');
  // The bad address is corrected in its row, then everything goes.
  await page.fill('#scs-participants-6-email', 'p7@porto.example');
  await h.fill(page, { node: 'umea', expected: '45', participants: [], addRows: false });
  await h.submitAndWait(page);
  const [stored] = await h.storedBookings((await page.textContent('.scs-ref')).trim());
  assert.equal(stored.details.participants.length, 45);
  assert.deepEqual(stored.details.participants[0], { name: 'Person 1', organisation: 'Câmara do Porto', role: 'Head of delegation',
    email: 'p1@porto.example', country: 'PT' });
  assert.deepEqual(page.problems, []);
});

test('45 people pasted on the visitor\'s page (375 and 1280 px) reach the coordinators as one mail', async () => {
  const booking = await book('en', [{ from: h.day(40), to: h.day(41) }]);
  const visit = await waitForLink(booking.email, booking.id, 'visit');
  for (const width of [375, 1280]) {
    const b = await h.launch();
    const context = await b.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(visit);
    await page.click('#action-participants summary');
    await page.fill('#visit-pasted', sheet());
    await page.click('button[name=step][value=preview]');
    await page.waitForSelector('.banner');
    assert.match(await page.textContent('.banner'), /We read 45 people from your list and added them below\./);
    assert.match(await page.textContent('#action-participants .errors'), /p7-at-example|e-mail/i, 'the bad row is named');
    assert.equal(await page.inputValue('#p45-name'), 'Person 45', 'the rows are in the form, after the one there');
    assert.equal(await page.inputValue('#p2-country'), 'SE');
    await noSidewaysScroll(page, `the read list at ${width} px`);
    await h.axe(page, `the read list at ${width} px`);
    await h.shot(page, `people-visit-paste-${width}`);
    await context.close();
  }
  // Saved (the bad row mended), and changed twice more within minutes: the coordinators hear of it once.
  const save = async (text, expected) => {
    const response = await fetch(visit, { method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ action: 'participants', expectedParticipants: expected, 'participants[0].name': 'Ana Souza',
        'participants[0].email': 'ana@porto.example', pasted: text }).toString() });
    assert.equal(response.status, 303, await response.text());
  };
  await save(sheet().replace('p7-at-example.org', 'p7@porto.example'), '46');
  await save(sheet().replace('p7-at-example.org', 'p7@porto.example'), '48');
  const subject = `Besök ${booking.reference}: besökaren har ändrat deltagarna`;
  const told = async () => (await mails()).filter((m) => m.row.includes(subject)).length;
  assert.equal(await told(), 0, 'no mail per save');
  const soon = new Date(Date.now() + 10 * 60000).toISOString();
  await fire('UrgentEveryQuarter', soon);
  assert.equal(await told(), 0, 'not while the visitor may still be editing');
  await fire('UrgentEveryQuarter', new Date(Date.now() + 45 * 60000).toISOString());
  await fire('UrgentEveryQuarter', new Date(Date.now() + 60 * 60000).toISOString());
  for (let attempt = 0; attempt < 20 && await told() < 1; attempt++) await new Promise((r) => setTimeout(r, 250));
  assert.equal(await told(), 1, 'one mail for the session');
  const [mail] = (await mails()).filter((m) => m.row.includes(subject));
  const text = await (await fetch(`${h.BASE_URL}/_local/mail/${mail.n}`)).text();
  assert.match(text, /Tillagda \(45\)/);
});

test('a no-show gets no thank-you: the visit marked "nobody came" is followed by nothing', async () => {
  const booking = await book('en', [{ from: h.day(0), to: h.day(0) }]);
  const manage = await waitForLink('umea@example.org', booking.id, 'manage');
  const act = async (action) => {
    const response = await fetch(manage.replace('/manage?', '/actions?'), {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(action) });
    assert.equal(response.status, 200, JSON.stringify(action));
    return response.json();
  };
  await act({ action: 'confirm', date: h.day(0), endDate: h.day(0) });
  // The coordinator's page offers the count and, apart, "Nobody came".
  const context = await (await h.launch()).newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(manage);
  assert.equal(await page.getAttribute('#complete-attended', 'type'), 'number');
  await page.click('form.no-show button');
  await page.waitForSelector('.banner');
  assert.match(await page.textContent('.banner'), /registrerat som uteblivet: ingen kom/, 'in the coordinators\' language');
  await h.axe(page, 'the manage page after a no-show');
  const state = await (await fetch(manage, { headers: { accept: 'application/json' } })).json();
  assert.equal(state.status, 'completed');
  assert.equal(state.attended, 0);
  for (const n of [1, 2, 8, 15, 190]) await fire('WorkingMornings', `${h.day(n)}T07:00:00`);
  const toVisitor = (await mails()).filter((m) => m.row.includes(booking.email));
  assert.ok(!toVisitor.some((m) => /Thank you for visiting|impact|survey/i.test(m.row)), 'no thanks, no survey');
  const visit = await waitForLink(booking.email, booking.id, 'visit');
  await page.goto(visit);
  assert.match(await page.textContent('body'), /Nobody from your delegation came/);
  await context.close();
});
