// The local gallery's pages (/_local/gallery, PageGallery): each page state, opened alone in Chromium at
// 375 px (a phone), must not scroll sideways and must be axe-clean. PageGalleryTest (JUnit) checks that the
// gallery holds every page template in both languages, and the words of each page.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

test('no page of the gallery scrolls sideways on a 375 px phone, and each is axe-clean', async () => {
  const index = await (await fetch(`${h.BASE_URL}/_local/gallery`)).text();
  const pages = [...index.matchAll(/data-page="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(pages.length >= 80, `the gallery lists its pages: ${pages.length}`);
  const browser = await h.launch();
  // The gallery serves a page under its own Content-Security-Policy, which allows no script: axe is added past it.
  const context = await browser.newContext({ viewport: { width: 375, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  const wide = [];
  const violations = [];
  for (const url of pages) {
    await page.goto(`${h.BASE_URL}${url}`);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    if (widths.doc > widths.view) wide.push(`${url}: ${widths.doc} px`);
    try {
      await h.axe(page, url);
    } catch (e) {
      violations.push(e.message);
    }
  }
  await context.close();
  assert.deepEqual(wide, [], 'pages wider than the phone');
  assert.deepEqual(violations, [], 'axe violations');
});
