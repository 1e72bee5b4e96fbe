// One source for the rules: the form's checks (booking-form.js, reading booking-rules.json) judge
// a battery of bodies exactly as the server does: the same fields, codes and messages, in order.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('child_process');
const path = require('path');
const form = require('../booking-form.js');
const { BASE_URL, RULES, day } = require('./helpers.js');

function valid(language = 'en') {
  return {
    node: 'umea', language, mainGoal: 'learning', purpose: 'Study visit.\nTwo days.', focusAreas: ['energy', 'climate'],
    focusDescription: 'District heating.', meetCompanies: true, companyTypes: 'Utilities', specialRequests: 'None',
    preferredDates: [{ from: day(30), to: day(32) }], expectedParticipants: 3,
    participants: [{ name: 'Ana Souza', organisation: 'Porto', role: 'Planner', email: 'ana@example.org', country: 'PT' }],
    contact: { name: 'Åsa Öberg', email: 'asa@example.se', phone: '+46 90 123 45', organisation: 'Porto', country: 'SE' },
    organiser: { name: 'Nordic Tours', email: 'trips@tours.example', organisation: 'Nordic Tours AB' },
    message: 'Hello', acceptsCosts: true, consent: true,
  };
}
const long = (n, ch = 'x') => Array.from({ length: n }, () => ch).join('');
const CASES = {
  'a valid booking': (b) => b,
  'nothing given': () => ({ language: 'sv', contact: {} }),
  'wrong choices': (b) => Object.assign(b, { node: 'kiruna', mainGoal: 'fun', focusAreas: ['energy', 'energy', 'space'] }),
  'too many focus areas': (b) => Object.assign(b, { focusAreas: RULES.focusAreas.concat(['energy']) }),
  'texts too long, counted in code points': (b) => Object.assign(b, { purpose: long(2001), focusDescription: long(2000, '😀'),
    message: long(5001), contact: { ...b.contact, name: long(201, 'å') } }),
  'emoji within the limit': (b) => Object.assign(b, { purpose: long(2000, '🌍') }),
  'blank texts': (b) => Object.assign(b, { purpose: '   ', contact: { ...b.contact, name: ' \t ' } }),
  'spaces around': (b) => Object.assign(b, { purpose: '  padded  ', contact: { ...b.contact, name: '\u00a0Åsa\u00a0' } }),
  'control characters': (b) => Object.assign(b, { purpose: 'bell\u0007', contact: { ...b.contact, name: 'two\nlines' },
    participants: [{ name: 'evil\u202Eeman' }] }),
  'e-mail addresses': (b) => Object.assign(b, { contact: { ...b.contact, email: 'åsa@example.se' },
    organiser: { name: 'x', email: 'a@b' }, participants: [{ name: 'a', email: `${long(65, 'a')}@example.org` },
      { name: 'b', email: `a@${long(250, 'b')}.se` }, { name: 'c', email: 'two@@example.org' }, { name: 'd', email: 'ok.name+tag@sub.example.se' }],
    expectedParticipants: 10 }),
  'phones and countries': (b) => Object.assign(b, { contact: { ...b.contact, phone: 'call me', country: 'XX' },
    participants: [{ name: 'a', country: 'se' }, { name: 'b', country: 'SWE' }] }),
  'short phone': (b) => Object.assign(b, { contact: { ...b.contact, phone: '+4 6' } }),
  'dates': (b) => Object.assign(b, { preferredDates: [{ from: day(-1), to: day(800) }, { from: day(10), to: day(5) }, { from: day(10), to: day(41) }] }),
  'a range of exactly the limit': (b) => Object.assign(b, { preferredDates: [{ from: day(10), to: day(40) }] }),
  'malformed dates': (b) => Object.assign(b, { preferredDates: [{ from: '2027-02-30', to: '27-1-1' }, { from: day(3) }] }),
  'too many date ranges': (b) => Object.assign(b, { preferredDates: [1, 2, 3, 4].map((n) => ({ from: day(n), to: day(n) })) }),
  'no date ranges': (b) => Object.assign(b, { preferredDates: [] }),
  'expected participants out of range': (b) => Object.assign(b, { expectedParticipants: 0 }),
  'expected participants too many': (b) => Object.assign(b, { expectedParticipants: 201 }),
  'expected participants as text': (b) => Object.assign(b, { expectedParticipants: 'twelve' }),
  'more participants than expected': (b) => Object.assign(b, { expectedParticipants: 1,
    participants: [{ name: 'a' }, { name: 'b' }] }),
  'participant without a name': (b) => Object.assign(b, { participants: [{ email: 'x@example.org' }] }),
  'organiser without name and e-mail': (b) => Object.assign(b, { organiser: { organisation: 'Agency' } }),
  'companies wanted but not named': (b) => { delete b.companyTypes; return b; },
  'not accepted': (b) => { b.acceptsCosts = false; delete b.consent; return b; },
};

async function serverErrors(body) {
  const response = await fetch(`${BASE_URL}/bookings`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': `rules-${Math.random()}` },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (response.status === 201) return [];
  assert.equal(response.status, 400, JSON.stringify(data));
  return data.errors;
}

for (const language of ['en', 'sv']) {
  for (const [name, change] of Object.entries(CASES)) {
    test(`the form judges as the server (${language}): ${name}`, async () => {
      const body = change(valid(language));
      body.language = language;
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: RULES.timeZone }).format(new Date());
      const client = form.check(body, RULES, today);
      const server = await serverErrors(body);
      assert.deepEqual(client, server);
      if (name === 'a valid booking' || name.startsWith('emoji') || name.startsWith('spaces') || name.startsWith('a range')) {
        assert.deepEqual(client, []);
      } else {
        assert.notDeepEqual(client, []);
      }
    });
  }
}

test('every choice of the rules has words in both languages', () => {
  for (const lang of RULES.languages) {
    for (const goal of RULES.mainGoals) assert.ok(form.T[lang].goals[goal], `${lang} goal ${goal}`);
    for (const area of RULES.focusAreas) assert.ok(form.T[lang].areas[area], `${lang} area ${area}`);
    assert.deepEqual(Object.keys(form.T[lang]).sort(), Object.keys(form.T.en).sort(), `${lang} has every text`);
  }
});

test('the plain HTML form in the demo pages is what the script renders (npm run build:static)', () => {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'tools', 'render-static.js'), '--check'], { stdio: 'inherit' });
});

test('message patterns are formatted as Java MessageFormat does', () => {
  assert.equal(form.format(RULES.messages.sv.too_long, [2000], 'sv'), 'Skriv högst 2\u00a0000 tecken.');
  assert.equal(form.format(RULES.messages.en.too_long, [2000], 'en'), 'Enter at most 2,000 characters.');
  assert.equal(form.format(RULES.messages.en.control_characters, [0], 'en'), 'Remove control characters and line breaks; they are not allowed here.');
  assert.equal(form.format(RULES.messages.en.control_characters, [1], 'en'), 'Remove control characters; they are not allowed here.');
  assert.equal(form.format("It''s '{0}' {0}", ['x'], 'en'), "It's {0} x");
  assert.equal(form.plusYears('2028-02-29', 2), '2030-02-28');
});
