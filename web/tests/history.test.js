// A booking's history as its staff read it: two coordinators of Umeå and the national office act on one
// booking, each through their own way in (the console's link, the mailed link after saying who they are),
// and the history names each of them; every mail sent about it is in the timeline, with the mail
// provider's report; an internal note and the assignment show, and the console lists who has it.
// The local runtime's directory names Umeå's coordinators Ulla Nord (umea@) and Erik Strand (umea-2@),
// and the national office Nina Sand; the coordinators' pages are in Swedish (CoordinatorLanguage sv).
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

// The e-mails' links point at localhost (PublicBaseUrl): the visit stays on that host, as the cookies do.
const BASE = h.BASE_URL.replace('127.0.0.1', 'localhost');
const usedLinks = [];

async function book() {
  const body = {
    node: 'umea', language: 'en', mainGoal: 'learning', purpose: 'Study visit on district heating.',
    focusAreas: ['energy'], meetCompanies: false, preferredDates: [{ from: h.day(40), to: h.day(41) }], expectedParticipants: 5,
    contact: { name: 'Ana Souza', email: h.uniqueEmail('history'), organisation: 'Câmara do Porto', country: 'PT' },
    acceptsCosts: true, consent: true,
  };
  const response = await fetch(`${h.BASE_URL}/bookings`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
  return { ...(await response.json()), visitor: body.contact.email };
}

/** The local mailbox's newest messages (number and page), up to `count`. */
async function mails(count = 40) {
  const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
  const numbers = [...list.matchAll(/href="\/_local\/mail\/(\d+)"/g)].map((m) => m[1]).slice(0, count);
  return Promise.all(numbers.map(async (n) => ({ n, page: await (await fetch(`${h.BASE_URL}/_local/mail/${n}`)).text() })));
}

/** The first match of `pattern` in a mail whose page has every one of `words`, waiting for it to arrive. */
async function fromMail(pattern, words, seen = []) {
  for (let attempt = 0; attempt < 60; attempt++) {
    for (const { n, page } of await mails()) {
      if (seen.includes(n)) continue;
      if (!words.every((w) => page.includes(w))) continue;
      const found = pattern.exec(page);
      if (found && !usedLinks.includes(found[0])) return found;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail with ${words.join(', ')} matching ${pattern}`);
}

/** Signs `address` in to the console in a fresh browser context; the page shows the list. */
async function signIn(address) {
  const b = await h.launch();
  const context = await b.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE', bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/console/sign-in`);
  await page.fill('#email', address);
  // Only a mail that arrives now: other tests signed the same people in (their links are used up).
  const seen = (await mails()).map((m) => m.n);
  await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
  const link = (await fromMail(/https?:\/\/[^\s"<>]+\/console\/sign-in\/[A-Za-z0-9_-]{43}/, [address], seen))[0];
  usedLinks.push(link);
  await page.goto(link);
  await Promise.all([page.waitForNavigation(), page.click('form.card button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/console');
  return page;
}

/** The manage page's history as rows of [who, what, detail]. */
async function history(page) {
  return page.$$eval('table.history tbody tr', (trs) => trs.map((tr) => {
    const cells = [...tr.querySelectorAll('td')];
    const detail = cells[2].querySelector('.detail');
    const what = cells[2].childNodes[0] ? cells[2].childNodes[0].textContent.trim() : '';
    return [cells[1].textContent.trim(), what, detail ? detail.textContent.trim() : ''];
  }));
}

async function submit(page, form) {
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[type=submit]`)]);
}

test('two coordinators and the national office act on a booking: the history names each, with every mail, a note and the assignment', async () => {
  const booking = await book();

  // Ulla Nord opens the booking from the console: the link is hers, the page does not ask who she is.
  const ulla = await signIn('umea@example.org');
  await Promise.all([ulla.waitForNavigation(), ulla.click(`text=${booking.reference}`)]);
  assert.match(ulla.url(), new RegExp(`/bookings/${booking.id}/manage\\?token=`));
  assert.match(await ulla.textContent('section.who'), /Du agerar som Ulla Nord \(koordinator, Umeå\)/);
  assert.equal(await ulla.$('section.who select'), null, 'no "who are you?" on a console link');
  await submit(ulla, '#action-acknowledge form');
  await ulla.fill('#note-text', 'Ringde delegationen: de kommer med tåg kl. 9.');
  await submit(ulla, 'section.note form');
  assert.match(await ulla.textContent('.banner'), /Anteckningen finns i historiken/);

  // Erik Strand follows the link in the mail to the node's coordinators: the page asks who acts, once.
  const mailed = (await fromMail(/https?:\/\/[^\s"<>]+\/bookings\/[0-9a-f-]+\/manage\?token=[A-Za-z0-9._%-]+/,
    [booking.reference, 'umea-2@example.org', `/bookings/${booking.id}/manage`]))[0];
  const b = await h.launch();
  const erikContext = await b.newContext({ viewport: { width: 375, height: 900 }, locale: 'sv-SE', bypassCSP: true });
  const erik = await erikContext.newPage();
  await erik.goto(mailed.replace('127.0.0.1', 'localhost'));
  assert.match(await erik.textContent('section.who'), /en koordinator i Umeå/);
  await h.axe(erik, 'the manage page with who, note and assignment at 375');
  await erik.selectOption('#who-person', 'umea-2@example.org');
  await submit(erik, 'section.who form');
  assert.match(await erik.textContent('section.who'), /Du agerar som Erik Strand/);
  const who = (await erikContext.cookies()).find((c) => c.name === 'scs_manage_who');
  assert.ok(who && who.httpOnly && who.secure && who.sameSite === 'Lax', JSON.stringify(who));
  await erik.fill('#confirm-date', h.day(40));
  await submit(erik, '#action-confirm form');
  await h.shot(erik, 'history-manage-375');

  // Nina Sand of the national office assigns it to Erik from the console.
  const nina = await signIn('national-office@example.org');
  await nina.goto(`${BASE}/console/bookings/${booking.id}`);
  assert.match(await nina.textContent('section.who'), /Nina Sand \(nationella kontoret\)/);
  await nina.selectOption('#assign-person', 'umea-2@example.org');
  await submit(nina, 'section.assign form');
  assert.match(await nina.textContent('.facts'), /Tilldelad\s*Erik Strand/);

  // The mail provider reports the visitor's confirmation delivered (the local mailbox's button does what SES does).
  const confirmation = await fromMail(/SES message id<\/dt><dd><span class="muted">([^<]+)<\/span>/,
    [`Your visit ${booking.reference} is confirmed`, booking.visitor]);
  const reported = await fetch(`${h.BASE_URL}/_local/ses-events`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `message=${encodeURIComponent(confirmation[1])}&type=delivery`,
  });
  assert.equal(reported.status, 202, await reported.text());

  let rows = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    await nina.reload();
    rows = await history(nina);
    if (rows.some(([, , detail]) => /Levererat/.test(detail))) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const line = (what) => rows.find(([, w]) => w.startsWith(what)) || [];
  // Each actor by name, never a guess.
  assert.equal(line('Bekräftade mottagandet')[0], 'Ulla Nord, koordinator, Umeå', JSON.stringify(rows));
  assert.equal(line('Skrev en intern anteckning')[0], 'Ulla Nord, koordinator, Umeå');
  assert.equal(line('Skrev en intern anteckning')[2], 'Ringde delegationen: de kommer med tåg kl. 9.');
  assert.equal(line('Bekräftade besöket')[0], 'Erik Strand, koordinator, Umeå');
  assert.equal(line('Tilldelade bokningen till Erik Strand')[0], 'Nina Sand, nationella kontoret');
  // Every mail, what and to whom; the delivered one says so.
  assert.match(line('Skickade den nya förfrågan till koordinatorerna')[2] || '', /umea@example\.org, umea-2@example\.org/);
  assert.match(line('Skickade mottagningsbekräftelsen till besökaren')[2] || '', new RegExp(booking.visitor.replace(/\./g, '\\.')));
  assert.ok(rows.some(([, w, d]) => w.startsWith('Skickade') && d.includes('Levererat')), JSON.stringify(rows));
  assert.ok(line('Skickade bekräftelsen av besöket till besökaren').length, JSON.stringify(rows));
  assert.ok(rows.every(([w, what]) => w && what && !/notice-|taken-over|skipped|erase/.test(what)), 'sentences, no code words');
  await h.axe(nina, 'the manage page with its history at 1280');
  await h.shot(nina, 'history-manage-1280');

  // The visitor's own page has neither the note nor the mail records.
  const visitLink = (await fromMail(/https?:\/\/[^\s"<>]+\/bookings\/[0-9a-f-]+\/visit\?token=[A-Za-z0-9._%-]+/,
    [booking.reference, booking.visitor]))[0];
  const visitor = await (await b.newContext({ locale: 'en-GB' })).newPage();
  await visitor.goto(visitLink.replace('127.0.0.1', 'localhost'));
  const visitorText = await visitor.textContent('main');
  assert.ok(!visitorText.includes('tåg') && !visitorText.includes('Delivered') && !visitorText.includes('Erik'), visitorText);

  // The console's list: who has it, and "only mine" for Erik.
  await nina.goto(`${BASE}/console?q=${booking.reference}`);
  assert.match(await nina.textContent('table.bookings'), /Erik Strand/);
  const erikConsole = await signIn('umea-2@example.org');
  await erikConsole.check('#mine');
  await submit(erikConsole, 'form.filters');
  const mine = await erikConsole.$$eval('table.bookings tbody tr th a', (as) => as.map((a) => a.textContent));
  assert.ok(mine.includes(booking.reference), mine.join());
  const ullaMine = await ulla.goto(`${BASE}/console?mine=1`).then(() => ulla.$$eval('table.bookings tbody tr th a', (as) => as.map((a) => a.textContent)));
  assert.ok(!ullaMine.includes(booking.reference), 'not Ulla\'s');
  await h.axe(erikConsole, 'the console list with "only mine"');
});
