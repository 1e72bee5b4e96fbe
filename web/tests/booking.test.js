// A visitor books a visit: in Swedish on a node's page, in English on the national page, on a
// phone-sized screen, and without JavaScript. Each booking is then read back from the table.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

test('Swedish, on the Umeå page: the visitor books a visit, sees the reference and what happens next; the booking is stored', async () => {
  const page = await h.open('index.html');
  await h.axe(page, 'the empty Swedish form');
  await h.shot(page, 'sv-empty');
  assert.equal(await page.getAttribute('scs-booking-form', 'lang'), 'sv');
  assert.match(await page.textContent('.scs-node'), /Besöket tas emot av Smart City Sweden i Umeå/);
  assert.equal(await page.$('#scs-node'), null, 'no choice of node on a node page');
  // The seed's Swedish wording, in the seed's order.
  const order = await page.$$eval('form.scs-form legend, form.scs-form label', (els) => els.map((e) => e.textContent));
  const seed = ['1. Välj ett av dina huvudsakliga mål med besöket.', '2. Beskriv syftet med besöket ytterligare',
    '3. Fokusområde/områden för besöket?', '4. Förklara dina fokusområden', '5. Är du intresserad av att träffa företag?',
    '6. Speciella önskemål', '7. Föredragna datum', '8. Förväntat antal deltagare', '9. Deltagarlista', 'Deltagare #1',
    'Kontaktuppgifter för arrangören för din räkning', 'Namn', 'E-post', 'Meddelande'];
  let at = -1;
  for (const words of seed) {
    const found = order.findIndex((text, i) => i > at && text.startsWith(words));
    assert.ok(found > at, `"${words}" after the previous question`);
    at = found;
  }
  assert.match(await page.textContent('.scs-notice'), /Besökare står för alla kostnader i samband med besöket, inklusive flyg, boende, måltider, översättningar etc\./);

  const v = await h.fill(page, {
    participants: [
      { name: 'Ana Souza', organisation: 'Câmara do Porto', role: 'Planerare', email: 'ana@example.org', country: 'PT' },
      { name: 'João Pereira', email: 'joao@example.org', country: 'PT' },
    ],
    dates: [[h.day(40), h.day(42)], [h.day(60), h.day(61)]],
    organiser: { name: 'Nordic Study Tours', email: 'trips@example.org', organisation: 'Nordic Study Tours AB' },
  });
  const requests = [];
  page.on('request', (r) => { if (r.url().endsWith('/bookings')) requests.push(r); });
  await h.submitAndWait(page);
  assert.equal(requests.length, 1);
  assert.match(requests[0].headers()['idempotency-key'], /^[0-9a-f-]{36}$/);

  const reference = (await page.textContent('.scs-ref')).trim();
  assert.match(reference, /^UME-[2-9A-Z]{5}$/);
  const done = await page.textContent('.scs-done');
  assert.match(done, /Tack, din förfrågan är skickad/);
  assert.match(done, /Den regionala koordinatorn i Umeå svarar dig via e-post/);
  assert.ok(await page.evaluate(() => document.activeElement.classList.contains('scs-done')), 'focus on the confirmation');
  await h.axe(page, 'the Swedish confirmation');
  await h.shot(page, 'sv-done');

  const [stored] = await h.storedBookings(reference);
  assert.ok(stored, `booking ${reference} stored`);
  assert.equal(stored.node, 'umea');
  assert.equal(stored.language, 'sv');
  assert.equal(stored.status, 'submitted');
  const d = stored.details;
  assert.equal(d.mainGoal, 'learning');
  assert.equal(d.purpose, v.purpose);
  assert.deepEqual(d.focusAreas, ['energy', 'urban-planning']);
  assert.equal(d.meetCompanies, true);
  assert.equal(d.companyTypes, v.companyTypes);
  assert.deepEqual(d.preferredDates, [{ from: h.day(40), to: h.day(42) }, { from: h.day(60), to: h.day(61) }]);
  assert.equal(d.expectedParticipants, 12);
  assert.deepEqual(d.participants.map((p) => [p.name, p.email, p.country]), [['Ana Souza', 'ana@example.org', 'PT'], ['João Pereira', 'joao@example.org', 'PT']]);
  assert.deepEqual(d.contact, { ...v.contact });
  assert.equal(d.organiser.name, 'Nordic Study Tours');
  assert.equal(d.message, v.message);
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).length), 0, 'the draft is gone after success');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('English, on the national page: the visitor chooses the place, switches language and back without losing anything, and books', async () => {
  const page = await h.open('national.html');
  await h.axe(page, 'the empty English form');
  await h.shot(page, 'en-empty');
  assert.match(await page.textContent('#scs-title'), /Book a visit/);
  assert.match(await page.textContent('.scs-notice'), /Visitors pay all costs of the visit/);
  const email = h.uniqueEmail('lena');
  await h.fill(page, { node: 'malmo', purpose: 'Meet heat-pump makers.', mainGoal: 'business', areas: ['climate'],
    contact: { name: 'Lena Fischer', email, phone: '', organisation: '', country: 'DE' }, message: '' });

  await page.click('.scs-lang [data-lang=sv]');
  assert.equal(await page.getAttribute('scs-booking-form', 'lang'), 'sv');
  assert.match(await page.textContent('#scs-title'), /Boka ett besök/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.lang), 'sv', 'focus stays on the switch');
  assert.equal(await page.inputValue('#scs-purpose'), 'Meet heat-pump makers.');
  assert.equal(await page.inputValue('#scs-node'), 'malmo');
  assert.ok(await page.isChecked('#scs-mainGoal-business'));
  assert.ok(await page.isChecked('#scs-focusAreas-climate'));
  assert.ok(await page.isChecked('#scs-acceptsCosts'));
  assert.equal(await page.inputValue('#scs-contact-email'), email);
  assert.equal(await page.inputValue('#scs-contact-country'), 'DE');
  assert.equal(await page.$eval('#scs-contact-country option:checked', (o) => o.textContent), 'Tyskland');
  assert.equal(await page.inputValue('#scs-preferredDates-0-to'), h.day(42));
  await h.shot(page, 'en-switched-to-sv');
  await page.click('.scs-lang [data-lang=en]');
  assert.match(await page.textContent('#scs-title'), /Book a visit/);
  assert.equal(await page.$eval('#scs-contact-country option:checked', (o) => o.textContent), 'Germany');

  await h.submitAndWait(page);
  const reference = (await page.textContent('.scs-ref')).trim();
  assert.match(reference, /^MMO-[2-9A-Z]{5}$/);
  assert.match(await page.textContent('.scs-done'), /The regional coordinator in Malmö will answer you by e-mail/);
  await h.axe(page, 'the English confirmation');
  await h.shot(page, 'en-done');
  const [stored] = await h.storedBookings(reference);
  assert.equal(stored.node, 'malmo');
  assert.equal(stored.language, 'en');
  assert.equal(stored.details.contact.email, email);
  assert.equal(stored.details.contact.country, 'DE');

  // A new request starts empty, with a new Idempotency-Key.
  await page.click('[data-again]');
  assert.equal(await page.inputValue('#scs-purpose'), '');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the mails\' "send a new request" link (national.html?node=…&lang=…) opens the form with the place and language chosen; unknown values change nothing', async () => {
  // The link as BookingLinks.bookingForm builds it.
  let page = await h.open('national.html?node=goteborg&lang=en');
  assert.equal(await page.getAttribute('scs-booking-form', 'lang'), 'en');
  assert.match(await page.textContent('#scs-title'), /Book a visit/);
  assert.equal(await page.inputValue('#scs-node'), 'goteborg');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  page = await h.open('national.html?node=umea&lang=sv');
  assert.equal(await page.getAttribute('scs-booking-form', 'lang'), 'sv');
  assert.match(await page.textContent('#scs-title'), /Boka ett besök/);
  assert.equal(await page.inputValue('#scs-node'), 'umea');
  await page.context().close();

  // Unknown values: the page's own defaults, no error.
  page = await h.open('national.html?node=paris&lang=fr');
  assert.equal(await page.getAttribute('scs-booking-form', 'lang'), 'en');
  assert.match(await page.textContent('#scs-title'), /Book a visit/);
  assert.equal(await page.inputValue('#scs-node'), '');
  assert.equal(await page.$('.scs-error, .scs-summary'), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // A node's own page keeps its node; the language still follows the link.
  page = await h.open('index.html?node=goteborg&lang=en');
  assert.equal(await page.getAttribute('scs-booking-form', 'lang'), 'en');
  assert.match(await page.textContent('.scs-node'), /Umeå/);
  assert.equal(await page.$('#scs-node'), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // Without JavaScript the link still opens the plain form (the visitor chooses the place).
  page = await h.open('national.html?node=goteborg&lang=en', { js: false });
  assert.ok(await page.$('form.scs-form select[name=node]'));
  await page.context().close();
});

test('375 px wide: nothing overflows, every control is usable, and a visit is booked', async () => {
  const page = await h.open('index.html', { width: 375, height: 812 });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(await overflow(), 0, 'no horizontal scrolling');
  await h.shot(page, 'phone-empty');
  await page.click('.scs-submit');
  await page.waitForSelector('#scs-summary');
  assert.equal(await overflow(), 0, 'no horizontal scrolling with errors shown');
  await h.shot(page, 'phone-errors');
  await h.fill(page, { participants: [{ name: 'Ana Souza' }, { name: 'Li Wei', email: 'li@example.org' }] });
  assert.equal(await overflow(), 0);
  const box = await page.$eval('#scs-contact-email', (e) => e.getBoundingClientRect().right);
  assert.ok(box <= 375, 'fields fit the screen');
  await h.submitAndWait(page);
  assert.match(await page.textContent('.scs-ref'), /^UME-/);
  await h.shot(page, 'phone-done');
  await page.context().close();
});

test('without JavaScript the same form is a plain form post, answered with an HTML confirmation', async () => {
  const page = await h.open('index.html', { js: false });
  assert.equal(await page.$eval('form', (f) => [f.method, new URL(f.action).pathname].join(' ')), 'post /bookings');
  assert.equal(await page.$('.scs-lang'), null, 'no language buttons without a script');
  // Spare rows are there instead of add buttons: three date ranges, three participants.
  assert.equal(await page.$$eval('input[name$="].from"]', (els) => els.length), 3);
  assert.equal(await page.$$eval('input[name$="].name"][name^=participants]', (els) => els.length), 3);
  await h.shot(page, 'nojs-empty');
  const email = h.uniqueEmail('nojs');
  await h.fill(page, { addRows: false, participants: [{ name: 'Ana Souza', country: 'PT' }, { name: 'Li Wei' }],
    dates: [[h.day(20), h.day(21)], [h.day(30), h.day(31)]], contact: { name: 'Per Persson', email, phone: '090-12 34 56', organisation: '', country: 'SE' } });
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const body = await page.textContent('body');
  assert.match(body, /Tack, din förfrågan är skickad/);
  const reference = /([A-Z]{3}-[2-9A-Z]{5})/.exec(body)[1];
  assert.match(reference, /^UME-/);
  await h.shot(page, 'nojs-done');
  const [stored] = await h.storedBookings(reference);
  assert.equal(stored.details.contact.email, email);
  assert.equal(stored.details.meetCompanies, true);
  assert.deepEqual(stored.details.participants.map((p) => p.name), ['Ana Souza', 'Li Wei']);
  assert.equal(stored.details.preferredDates.length, 2);
  await page.context().close();
});

test('without JavaScript a request the server refuses comes back as an HTML page naming the fields', async () => {
  const page = await h.open('index.html', { js: false });
  await h.fill(page, { addRows: false, dates: [[h.day(-3), h.day(1)]] });
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const body = await page.textContent('body');
  assert.match(body, /Kontrollera din förfrågan/);
  assert.match(body, /Datumet får inte ha passerat/);
  await h.shot(page, 'nojs-invalid');
  // The browser's Back button returns to the form with everything still typed in, as the page says:
  // the expected number and the participants too.
  assert.match(body, /det du skrev finns kvar/);
  await page.goBack();
  assert.equal(await page.inputValue('#scs-purpose'), 'Studiebesök om fjärrvärme och stadsplanering.\nTvå dagar.');
  assert.equal(await page.inputValue('#scs-preferredDates-0-from'), h.day(-3));
  assert.equal(await page.inputValue('#scs-expectedParticipants'), '12');
  assert.equal(await page.inputValue('#scs-participants-0-name'), 'Ana Souza');
  assert.equal(await page.inputValue('#scs-participants-0-email'), 'ana@example.org');
  assert.equal(await page.inputValue('#scs-participants-0-organisation'), 'Câmara do Porto');
  await page.context().close();
});

test('when the rules cannot be loaded, the plain form stays and still sends the booking', async () => {
  const b = await h.launch();
  const context = await b.newContext({ viewport: { width: 1024, height: 900 } });
  const page = await context.newPage();
  await page.route('**/booking-rules.json', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(`${h.BASE_URL}/index.html`);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.getAttribute('scs-booking-form', 'data-state'), null, 'not taken over');
  assert.equal(await page.$$eval('input[name$="].from"]', (els) => els.length), 3, 'the plain form is still there');
  await h.fill(page, { addRows: false });
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(await page.textContent('body'), /Tack, din förfrågan är skickad/);
  await context.close();
});
