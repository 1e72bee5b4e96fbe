// Playing a visit at simulated dates (issue 20): the local runtime's clock (/_local/clock) moves every
// function, the schedules and the mailbox at once. Booked, confirmed, marked done too early (refused) and
// on its day (taken), thanked the morning after, all at dates three weeks ahead; the clock is set back
// to the real time at the end, for the other tests of the same runtime.
'use strict';
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers.js');

after(h.close);

async function setClock(fields) {
  const response = await fetch(`${h.BASE_URL}/_local/clock`, { method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  assert.equal(response.status, 303, await response.text());
  return (await (await fetch(`${h.BASE_URL}/_local/clock`, { headers: { accept: 'application/json' } })).json()).now;
}

async function mailRows() {
  const list = await (await fetch(`${h.BASE_URL}/_local/mail`)).text();
  return { list, rows: list.split('<tr>').slice(1) };
}

async function link(to, id, kind) {
  const pattern = new RegExp(`https?://[^\\s"<>]+/bookings/${id}/${kind}\\?token=[A-Za-z0-9_.%-]+`);
  for (let attempt = 0; attempt < 60; attempt++) {
    for (const row of (await mailRows()).rows.filter((r) => r.includes(to))) {
      const n = /href="\/_local\/mail\/(\d+)"/.exec(row);
      const found = n && pattern.exec(await (await fetch(`${h.BASE_URL}/_local/mail/${n[1]}`)).text());
      if (found) return found[0].replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no ${kind} link for ${id}`);
}

/** A visit day three weeks or more ahead whose next day is a Swedish working day (the thank-you goes on a working morning). */
function visitDay() {
  for (let n = 21; n < 60; n++) {
    const next = h.day(n + 1), weekday = new Date(`${next}T12:00:00Z`).getUTCDay();
    if (weekday >= 1 && weekday <= 5 && !/-(12-2[4-6]|12-31|01-0[1-6])$/.test(next)) return n;
  }
  throw new Error('no visit day found');
}

test('a whole visit plays at simulated dates, and the mailbox shows the simulated time', async () => {
  const v = visitDay();
  try {
    const now = await setClock({ at: `${h.day(v - 2)}T09:00` });
    assert.equal(now.slice(0, 10), h.day(v - 2));
    const email = h.uniqueEmail('clock');
    // Two days ahead of the simulated today (in real terms three weeks ahead): taken as any booking.
    const response = await fetch(`${h.BASE_URL}/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ node: 'umea', language: 'en', mainGoal: 'learning', purpose: 'Study visit', focusAreas: ['energy'],
        preferredDates: [{ from: h.day(v), to: h.day(v) }], expectedParticipants: 3,
        contact: { name: 'Ana Souza', email }, acceptsCosts: true, consent: true }) });
    const booking = await response.json();
    assert.equal(response.status, 201, JSON.stringify(booking));
    const manage = await link('umea@example.org', booking.id, 'manage');
    const act = (action) => fetch(manage.replace('/manage?', '/actions?'), { method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(action) });
    assert.equal((await act({ action: 'confirm', date: h.day(v), endDate: h.day(v) })).status, 200);
    assert.equal((await act({ action: 'complete', attended: 3 })).status, 409, 'not before the visit\'s day, simulated');

    await setClock({ at: `${h.day(v)}T15:00` });
    assert.equal((await act({ action: 'complete', attended: 3 })).status, 200, 'on the visit\'s day, simulated');
    const page = await (await fetch(manage, { headers: { accept: 'text/html' } })).text();
    assert.match(page, /Antal som kom/, 'the count on the page');

    // The morning after, the working-morning run fired at the simulated time (no "at") thanks the visitor.
    await setClock({ at: `${h.day(v + 1)}T07:00` });
    const fired = await fetch(`${h.BASE_URL}/_local/schedule/FollowUpFunction.WorkingMornings`, { method: 'POST' });
    assert.equal(fired.status, 200, await fired.text());
    const { list, rows } = await mailRows();
    assert.match(list, /Simulated time: <strong>[^<]*\d{4}, 07:0\d \(Swedish time\)<\/strong> \(\+\d+ (hours|days) from the real time\)/);
    const thanks = rows.find((r) => r.includes(email) && r.includes('Thank you for visiting'));
    assert.ok(thanks, 'thanked the (simulated) morning after');
    assert.ok(thanks.includes(h.day(v + 1)), `the mail's time is the simulated one: ${thanks.slice(0, 300)}`);
  } finally {
    await setClock({ reset: '1' });
  }
  const back = await setClock({ reset: '1' });
  assert.equal(back.slice(0, 10), h.day(0));
});
