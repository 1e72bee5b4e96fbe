// The visit plan played in a browser: the coordinator confirms with the node's usual visit (one click), changes
// the plan, and the visitor's mails (local mailbox) and page show times, place, host and "write to us"; the
// invitations are timed in Swedish time. At 375 and 1280 px, axe-clean.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');
// Mozilla's iCalendar parser, as Thunderbird uses it: every calendar file must read as a timed event there.
const ICAL = require('ical.js');

after(h.close);

const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The mails to {@code address} (newest first): subject, the mail page's text part, and its number. */
async function mailsTo(address) {
  const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
  const found = [];
  for (const row of list.split('<tr>')) {
    const n = /href="\/_local\/mail\/(\d+)"/.exec(row);
    if (!n || !row.includes(address)) continue;
    const page = await (await fetch(`${h.BASE_URL}/_local/mail/${n[1]}`)).text();
    const subject = unescape((/<h1>([^<]*)<\/h1>/.exec(page) || [])[1] || '');
    const text = unescape((/<pre class="text">([\s\S]*?)<\/pre>/.exec(page) || [])[1] || '').replace(/\r\n/g, '\n');
    found.push({ n: n[1], subject, text, page });
  }
  return found;
}

/** Waits for a mail to {@code address} whose subject matches. */
async function mailTo(address, subject) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const mail = (await mailsTo(address)).find((m) => subject.test(m.subject));
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no mail "${subject}" to ${address}`);
}

/** The file's event as ical.js reads it (its own VTIMEZONE registered): start and end as instants, and the file's method. */
function parsedEvent(ics) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
  return { method: calendar.getFirstPropertyValue('method'), start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(), location: event.location, uid: event.uid, sequence: event.sequence,
    timed: !event.startDate.isDate, zone: event.startDate.zone && event.startDate.zone.tzid };
}

/** The instant of a Swedish wall-clock time on day {@code ymd} (YYYY-MM-DD), as ISO UTC: CET or CEST as Sweden has it then. */
function swedish(ymd, time) {
  const guess = new Date(`${ymd}T${time}:00Z`);
  const shown = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(guess);
  const [hh, mm] = shown.split(':').map(Number);
  const [th, tm] = time.split(':').map(Number);
  return new Date(guess.getTime() - ((hh * 60 + mm) - (th * 60 + tm)) * 60000).toISOString();
}

/** The first attachment of mail n, as text. */
async function attachment(n) {
  return (await fetch(`${h.BASE_URL}/_local/mail/${n}/attachments/0`)).text();
}

/** The Umeå visit the first test confirmed (its feed lists it). */
let umeaVisit;

test('a visit confirmed with the node\'s usual visit, its plan changed: the visitor\'s mails, page and invitations carry it', async () => {
  const email = h.uniqueEmail('plan');
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      node: 'umea', language: 'en', mainGoal: 'learning', purpose: 'Study visit.', focusAreas: ['energy'],
      meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(41) }], expectedParticipants: 3,
      contact: { name: 'Ana Souza', email, country: 'PT' }, acceptsCosts: true, consent: true,
    }),
  });
  assert.equal(response.status, 201);
  const { id, reference } = await response.json();
  umeaVisit = id;
  const coordinatorMail = await mailTo('umea@example.org', new RegExp(reference));
  const manage = unescape(new RegExp(`https?://[^\\s"<>]+/bookings/${id}/manage\\?token=[A-Za-z0-9_.%-]+`).exec(coordinatorMail.page)[0]);

  const b = await h.launch();
  for (const width of [375, 1280]) {
    const context = await b.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    assert.equal((await page.goto(manage)).status(), 200);
    // The confirm form starts from Umeå's usual visit (the local directory): one click confirms a whole plan.
    assert.equal(await page.inputValue('#confirm-start'), '09:30');
    assert.match(await page.inputValue('#confirm-meeting-place'), /Väven/);
    assert.equal(await page.inputValue('#confirm-host-name'), 'Anna Lindqvist');
    await h.axe(page, `manage page with the plan form at ${width}`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no sideways scroll at ${width}`);
    await context.close();
  }

  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(manage);
  await page.fill('#confirm-programme', '09:30 Welcome\n11:00 District heating plant');
  await page.fill('#confirm-notes', 'Bring an ID for the badges.');
  await Promise.all([page.waitForNavigation(), page.click('#action-confirm button[type=submit]')]);
  // The coordinators' pages are in their language (CoordinatorLanguage: Swedish by default).
  assert.match(await page.textContent('.banner'), /visit is confirmed|Besöket är bekräftat/);
  assert.match(await page.textContent('body'), /The visit plan|Besöksplanen/);

  // The confirmation gives the plan, and a timed invitation in Swedish time.
  const confirmation = await mailTo(email, /is confirmed/);
  assert.match(confirmation.text, /Times \(Swedish time\)\n\w+ \d+ \w+ \d{4}, 09:30–16:00/);
  assert.match(confirmation.text, /Meeting place\nVäven, Storgatan 46A/);
  assert.match(confirmation.text, /Your host\nAnna Lindqvist\n\+46 90 16 10 00\numea@example.org/);
  assert.match(confirmation.text, /Write to us: mailto:umea@example.org\?subject=Our%20visit%20UME-/);
  const invite = await attachment(confirmation.n);
  assert.match(invite, /METHOD:REQUEST/);
  const first = /DTSTART;TZID=Europe\/Stockholm:(\d{4})(\d{2})(\d{2})T/.exec(invite).slice(1).join('-');
  const read = parsedEvent(invite);
  assert.deepEqual([read.method, read.timed, read.zone, read.uid], ['REQUEST', true, 'Europe/Stockholm', `${id}@visits.smartcitysweden`]);
  assert.equal(read.start, swedish(first, '09:30'), 'ical.js places the start at 09:30 Swedish time');
  assert.match(read.location, /^Väven, Storgatan 46A/);
  assert.match(invite, /DTSTART;TZID=Europe\/Stockholm:\d{8}T093000/);
  assert.match(invite, /BEGIN:VTIMEZONE/);
  assert.match(invite.replace(/\r\n /g, ''), /ORGANIZER;CN="Anna Lindqvist":mailto:umea@example.org/);
  const raw = await (await fetch(`${h.BASE_URL}/_local/mail/${confirmation.n}/raw`)).text();
  assert.match(raw, /multipart\/alternative[\s\S]*text\/calendar; charset=UTF-8; method=REQUEST/i, 'the invitation is an alternative part');
  // The host's calendar gets its own invitation.
  const host = await mailTo('umea@example.org', new RegExp(`^(Calendar: visit|Kalender: besök) ${reference}`));
  assert.match((await attachment(host.n)).replace(/\r\n /g, ''), new RegExp(`UID:${id}-host@`));
  assert.equal(parsedEvent(await attachment(host.n)).start, swedish(first, '09:30'));

  // The plan changes: a later start on the first day and another meeting place.
  await page.$eval('#action-update-plan', (d) => { d.open = true; });
  await page.fill('#plan-start-0', '10:15');
  await page.fill('#plan-meeting-place', 'Umeå Energi, Storgatan 34');
  await page.fill('#plan-map-url', 'http://maps.example.org');
  // The browser would stop a plain http link itself (type=url, pattern): the server's own answer is what is tested.
  await page.$eval('#action-update-plan form', (f) => f.setAttribute('novalidate', ''));
  await Promise.all([page.waitForNavigation(), page.click('#action-update-plan button[type=submit]')]);
  assert.match(await page.textContent('.errors'), /(Map link|Kartlänk): (Enter a web address beginning|Ange en webbadress som börjar) with https:\/\/|(Map link|Kartlänk): (Enter a web address beginning with|Ange en webbadress som börjar med) https:\/\//);
  await h.axe(page, 'plan form with an error');
  await page.fill('#plan-map-url', '');
  await Promise.all([page.waitForNavigation(), page.click('#action-update-plan button[type=submit]')]);
  assert.match(await page.textContent('.banner'), /plan is saved|Planen är sparad/);

  const changed = await mailTo(email, /the plan has changed/);
  assert.match(changed.text, /Meeting place\nBefore: Väven, Storgatan 46A[^\n]*\nNow: Umeå Energi, Storgatan 34/);
  assert.match(changed.text, /Times \(Swedish time\)\nBefore: [^\n]*09:30–16:00/);
  const update = await attachment(changed.n);
  assert.match(update, /SEQUENCE:1/);
  const moved = parsedEvent(update);
  assert.deepEqual([moved.method, moved.sequence, moved.uid], ['REQUEST', 1, `${id}@visits.smartcitysweden`]);
  assert.equal(moved.start, swedish(first, '10:15'));
  assert.equal(moved.location, 'Umeå Energi, Storgatan 34');
  assert.match(update, /DTSTART;TZID=Europe\/Stockholm:\d{8}T101500/);
  assert.match(update.replace(/\r\n /g, ''), /LOCATION;LANGUAGE=en:Umeå Energi\\, Storgatan 34/);

  // The visitor's page, from their mail: the plan, the calendar file and "write to us", at a phone's width too.
  const visit = unescape(/https?:\/\/[^\s"<>]+\/bookings\/[^/]+\/visit\?token=[A-Za-z0-9_.%-]+/.exec(changed.page)[0]);
  for (const width of [375, 1280]) {
    const vc = await b.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const vp = await vc.newPage();
    assert.equal((await vp.goto(visit)).status(), 200);
    const body = await vp.textContent('body');
    assert.match(body, /10:15–16:00/);
    assert.match(body, /Umeå Energi, Storgatan 34/);
    assert.match(body, /Anna Lindqvist/);
    assert.match(await vp.getAttribute('a[href^="mailto:"][href*="subject="]', 'href'), /^mailto:umea@example.org\?subject=Our%20visit%20UME-/);
    const ics = await (await fetch(new URL(await vp.getAttribute('a[href^="calendar?"]', 'href'), visit))).text();
    assert.match(ics, /METHOD:PUBLISH/);
    assert.equal(parsedEvent(ics).start, swedish(first, '10:15'), 'the download too');
    await h.axe(vp, `visitor page with the plan at ${width}`);
    assert.ok(await vp.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `no sideways scroll at ${width}`);
    await vc.close();
  }
  await context.close();
});

/** A manage link of booking {@code id}, from the coordinators' mail to {@code address}. */
async function manageLinkOf(address, reference, id) {
  const mail = await mailTo(address, new RegExp(reference));
  return unescape(new RegExp(`https?://[^\\s"<>]+/bookings/${id}/manage\\?token=[A-Za-z0-9_.%-]+`).exec(mail.page)[0]);
}

test('a node\'s calendar feed, made in the console, lists exactly its confirmed visits for ical.js, and a revoked URL answers 404', async () => {
  assert.ok(umeaVisit, 'the first test confirmed an Umeå visit');
  // Another node's confirmed visit, which Umeå's feed must not list.
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      node: 'stockholm', language: 'en', mainGoal: 'learning', purpose: 'Study visit.', focusAreas: ['energy'],
      meetCompanies: false, preferredDates: [{ from: h.day(50), to: h.day(50) }], expectedParticipants: 3,
      contact: { name: 'Ana Souza', email: h.uniqueEmail('feed'), country: 'PT' }, acceptsCosts: true, consent: true,
    }),
  });
  const stockholm = await response.json();
  const manage = await manageLinkOf('stockholm@example.org', stockholm.reference, stockholm.id);
  const confirmed = await fetch(manage.replace('/manage?', '/actions?'), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'confirm', date: h.day(50) }),
  });
  assert.equal(confirmed.status, 200);

  const BASE = h.BASE_URL.replace('127.0.0.1', 'localhost'); // the console's cookie is Secure: localhost counts as secure
  const b = await h.launch();
  const context = await b.newContext({ viewport: { width: 375, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/console/sign-in`);
  const before = (await mailsTo('umea@example.org')).map((m) => m.n);
  await page.fill('#email', 'umea@example.org');
  await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
  let link;
  for (let attempt = 0; attempt < 40 && !link; attempt++) {
    const mail = (await mailsTo('umea@example.org')).find((m) => !before.includes(m.n) && /\/console\/sign-in\//.test(m.page));
    if (mail) link = unescape(/https?:\/\/[^\s"<>]+\/console\/sign-in\/[A-Za-z0-9_-]{43}/.exec(mail.page)[0]);
    else await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(link, 'a sign-in link was mailed');
  await page.goto(link);
  await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);

  await page.goto(`${BASE}/console/calendar`);
  await h.axe(page, 'calendar feeds page at 375');
  await Promise.all([page.waitForNavigation(), page.click('#feed-umea ~ form button[type=submit]')]);
  const url = await page.inputValue('#feed-url');
  assert.match(url, /\/console\/calendar\/umea\/[A-Za-z0-9_-]{43}\.ics$/);
  await h.axe(page, 'the new feed address at 375');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scroll at 375');

  const feedUrl = url.replace(/^https?:\/\/[^/]+/, h.BASE_URL);
  const feed = await fetch(feedUrl);
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type'), /^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const uids = events.map((e) => e.uid);
  assert.ok(uids.includes(`${umeaVisit}-host@visits.smartcitysweden`), `the Umeå visit is in the feed: ${uids}`);
  assert.ok(!uids.some((u) => u.startsWith(stockholm.id)), 'not Stockholm\'s');
  const umea = events.find((e) => e.uid.startsWith(umeaVisit));
  assert.ok(!umea.startDate.isDate && umea.startDate.zone.tzid === 'Europe/Stockholm', 'a timed event in Swedish time');

  // Revoked: the URL stops (404, as an unknown one).
  // Wait for the revoke's answer page: a bare waitForLoadState would let the fetch below run before the POST.
  await Promise.all([page.waitForNavigation(), page.click('#feed-umea ~ form:nth-of-type(2) button[type=submit]')]);
  assert.equal((await fetch(feedUrl)).status, 404);
  await context.close();
});
