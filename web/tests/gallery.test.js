// The local gallery of every mail (/_local/gallery): each mail's HTML part, opened alone in Chromium
// at 375 px (a phone), must not scroll sideways. The gallery lists the mails; MailGalleryTest (JUnit)
// checks that it holds every kind of mail in both languages.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

test('no mail of the gallery scrolls sideways on a 375 px phone', async () => {
  const index = await (await fetch(`${h.BASE_URL}/_local/gallery`)).text();
  const mails = [...index.matchAll(/data-html="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(mails.length >= 40, `the gallery lists its mails: ${mails.length}`);
  const browser = await h.launch();
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  const wide = [];
  for (const mail of mails) {
    const response = await page.goto(`${h.BASE_URL}${mail}`);
    assert.equal(response.status(), 200, mail);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (widths.doc > widths.view) wide.push(`${mail}: ${widths.doc} px`);
  }
  await h.shot(page, 'gallery-last-mail-375');
  await context.close();
  assert.deepEqual(wide, [], 'mails wider than the phone');
});
