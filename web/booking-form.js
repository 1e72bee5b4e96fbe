/*
 * Smart City Sweden: the "Boka ett besök" / "Book a visit" form.
 *
 * Embed with one script tag and a host element:
 *   <script src="https://…/booking-form.js" defer></script>
 *   <scs-booking-form node="umea" lang="sv" api="https://…"></scs-booking-form>
 * Attributes: node (a node id; without it the visitor chooses), lang (sv|en), api (base URL of
 * the booking API; default this page's origin), rules and privacy (URLs; default beside this
 * script), novalidate (leave every check to the server; for tests).
 *
 * The host may hold the same form as plain HTML (rendered by tools/render-static.js from this
 * file): it works without JavaScript as a form post, and this script takes it over.
 * The checks come from booking-rules.json, written by the server's build (FormRules.java).
 */
(function () {
  'use strict';

  var SCRIPT = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : '';

  // ---------------------------------------------------------------- words
  var T = {
    sv: {
      title: 'Boka ett besök',
      costNotice: '<strong>OBS:</strong> Besökare står för alla kostnader i samband med besöket, inklusive flyg, boende, måltider, översättningar etc.',
      required: 'obligatoriskt', optional: 'frivilligt',
      langGroup: 'Språk', nodeIs: 'Besöket tas emot av Smart City Sweden i {0}.',
      node: 'Vilken ort vill ni besöka?', nodeHint: 'Smart City Sweden tar emot besök på sex orter i Sverige.', choose: 'Välj …',
      q1: '1. Välj ett av dina huvudsakliga mål med besöket.',
      q2: '2. Beskriv syftet med besöket ytterligare',
      q3: '3. Fokusområde/områden för besöket?', q3hint: 'Välj ett eller flera.',
      q4: '4. Förklara dina fokusområden',
      q5: '5. Är du intresserad av att träffa företag?', yes: 'Ja', no: 'Nej',
      q5b: 'Om så är fallet, vilken typ av företag?', q5bStatic: 'Om ja: vilken typ av företag?',
      q6: '6. Speciella önskemål', q6hint: 'Till exempel tillgänglighet, kost eller tolkning.',
      q7: '7. Föredragna datum', q7hint: 'Ange upp till {0} perioder, var och en högst {1} dagar, inom två år från i dag.',
      range: 'Datumförslag {0}', from: 'Första dag', to: 'Sista dag', addRange: 'Lägg till datumförslag', removeRange: 'Ta bort datumförslag {0}',
      q8: '8. Förväntat antal deltagare', q8hint: 'Ett heltal från {0} till {1}.',
      q9: '9. Deltagarlista', q9hint: 'Ange de deltagare ni redan vet om. Fler kan ni skicka senare.',
      q9static: 'Ange de deltagare ni redan vet om. Fler kan ni skriva i meddelandet.',
      participant: 'Deltagare #{0}', addParticipant: 'Lägg till deltagare', removeParticipant: 'Ta bort deltagare #{0}',
      paste: 'Klistra in en lista från ett kalkylark', pasteHint: 'En person per rad: namn, organisation, roll, e-post, land (åtskilda med tabb eller semikolon). En rubrikrad hoppas över; landet kan vara namn eller kod.',
      pasteRead: 'Läs in listan', pasteAdd: 'Lägg till {0} personer', pasteNone: 'Inga personer hittades i listan.',
      pasteRows: '{0} personer lästa, {1} med fel. Rätta raderna med fel i listan och läs in den igen, eller lägg till dem och rätta dem i formuläret.',
      pasteAdded: '{0} personer har lagts till.', pasteTooMany: 'Formuläret tar högst {0} deltagare.',
      contact: 'Kontaktuppgifter för arrangören för din räkning', contactHint: 'Den som vi ska svara och planera besöket med.',
      organiser: 'Resebyrå eller annan arrangör (om någon)',
      name: 'Namn', email: 'E-post', emailHint: 'Vi svarar till den här adressen.', phone: 'Telefon', phoneHint: 'Med landsnummer, till exempel +46 90 123 45 67.',
      organisation: 'Organisation', role: 'Roll', country: 'Land', noCountry: '(inget valt)',
      message: 'Meddelande',
      acceptsCosts: 'Jag har förstått att besökare står för alla kostnader för besöket.',
      consent: 'Jag samtycker till att Smart City Sweden behandlar uppgifterna i förfrågan för att planera och följa upp besöket.',
      privacy: 'Så behandlar vi personuppgifter',
      honeypot: 'Lämna det här fältet tomt',
      submit: 'Skicka förfrågan', sending: 'Skickar …',
      summary: 'Förfrågan är inte skickad. Rätta följande:', errorPrefix: 'Fel:',
      network: 'Förfrågan kunde inte skickas eftersom vi inte fick kontakt med servern. Allt du har skrivit finns kvar. Kontrollera anslutningen och försök igen.',
      retryAfter: 'Försök igen om {0} sekunder.', failed: 'Förfrågan kunde inte skickas (fel {0}). Allt du har skrivit finns kvar. Försök igen.',
      loadFailed: 'Formuläret kunde inte laddas. Ladda om sidan och försök igen.',
      doneTitle: 'Tack, din förfrågan är skickad',
      doneRef: 'Ditt referensnummer är <strong class="scs-ref">{0}</strong>. Ange det när du kontaktar oss.',
      doneNext: 'Så här går det vidare:',
      doneSteps: ['Du får en bekräftelse via e-post.', 'Den regionala koordinatorn i {0} svarar dig via e-post, oftast inom två arbetsdagar.', 'Ni kommer tillsammans överens om program och datum för besöket.'],
      doneCosts: 'Kom ihåg att besökare står för alla kostnader i samband med besöket, inklusive resor, boende, måltider och tolkning.',
      again: 'Skicka en ny förfrågan',
      notice: 'Smart City Sweden i {0} behöver minst {1} dagars framförhållning: det tidigaste datum du kan önska är {2}.',
      count: '{0} av {1} tecken', countLeft: '{0} tecken kvar', countOver: '{0} tecken för mycket',
      largeGroup: 'Fler än {0}? Ange {0} här och skriv hela gruppens storlek i meddelandet: koordinatorn planerar stora besök tillsammans med dig.',
      added: '{0} har lagts till.', removed: '{0} har tagits bort.',
      names: { node: 'Ort', language: 'Språk', mainGoal: 'Huvudsakligt mål med besöket', purpose: 'Syftet med besöket',
        focusAreas: 'Fokusområden', focusDescription: 'Förklaring av fokusområden', meetCompanies: 'Träffa företag',
        companyTypes: 'Typ av företag', specialRequests: 'Speciella önskemål', preferredDates: 'Föredragna datum',
        expectedParticipants: 'Förväntat antal deltagare', participants: 'Deltagarlista', contact: 'Kontaktuppgifter',
        organiser: 'Arrangör', message: 'Meddelande', acceptsCosts: 'Godkännande av kostnader',
        consent: 'Samtycke till behandling av personuppgifter', name: 'namn', email: 'e-post', phone: 'telefon',
        organisation: 'organisation', role: 'roll', country: 'land', from: 'första dag', to: 'sista dag' },
      goals: { business: 'Affärer och export', learning: 'Studiebesök och kunskapsutbyte', policy: 'Politik och offentlig förvaltning',
        research: 'Forskning och innovation', investment: 'Investeringar', media: 'Media och journalistik', other: 'Annat' },
      areas: { environment: 'Miljö', climate: 'Klimat', energy: 'Energi', 'social-sustainability': 'Social hållbarhet',
        'sustainable-transport': 'Hållbara transporter', digitalisation: 'Digitalisering', 'urban-planning': 'Stadsplanering' }
    },
    en: {
      title: 'Book a visit',
      costNotice: '<strong>Please note:</strong> Visitors pay all costs of the visit, including flights, accommodation, meals, translation etc.',
      required: 'required', optional: 'optional',
      langGroup: 'Language', nodeIs: 'Your visit will be received by Smart City Sweden in {0}.',
      node: 'Where do you want to visit?', nodeHint: 'Smart City Sweden receives visits in six places in Sweden.', choose: 'Choose …',
      q1: '1. Choose one main goal of the visit.',
      q2: '2. Describe the purpose of the visit further',
      q3: '3. Focus area(s) of the visit?', q3hint: 'Choose one or more.',
      q4: '4. Explain your focus areas',
      q5: '5. Are you interested in meeting companies?', yes: 'Yes', no: 'No',
      q5b: 'If so, what kind of companies?', q5bStatic: 'If yes: what kind of companies?',
      q6: '6. Special requests', q6hint: 'For example accessibility, diet or interpreting.',
      q7: '7. Preferred dates', q7hint: 'Give up to {0} periods, each at most {1} days, within two years from today.',
      range: 'Date option {0}', from: 'First day', to: 'Last day', addRange: 'Add a date option', removeRange: 'Remove date option {0}',
      q8: '8. Expected number of participants', q8hint: 'A whole number from {0} to {1}.',
      q9: '9. Participant list', q9hint: 'List the participants you already know of. You can send the others later.',
      q9static: 'List the participants you already know of. You can name others in the message.',
      participant: 'Participant #{0}', addParticipant: 'Add a participant', removeParticipant: 'Remove participant #{0}',
      paste: 'Paste a list from a spreadsheet', pasteHint: 'One person a line: name, organisation, role, e-mail, country (separated by tabs or semicolons). A heading line is skipped; the country may be a name or a code.',
      pasteRead: 'Read the list', pasteAdd: 'Add {0} people', pasteNone: 'No people were found in the list.',
      pasteRows: '{0} people read, {1} with errors. Correct those rows in the list and read it again, or add them and correct them in the form.',
      pasteAdded: '{0} people added.', pasteTooMany: 'The form takes at most {0} participants.',
      contact: 'Contact details of the organiser acting for you', contactHint: 'The person we answer and plan the visit with.',
      organiser: 'Travel agency or other organiser (if any)',
      name: 'Name', email: 'E-mail', emailHint: 'We reply to this address.', phone: 'Phone', phoneHint: 'With the country code, for example +46 90 123 45 67.',
      organisation: 'Organisation', role: 'Role', country: 'Country', noCountry: '(none chosen)',
      message: 'Message',
      acceptsCosts: 'I understand that visitors pay all costs of the visit.',
      consent: 'I agree that Smart City Sweden processes the details in this request to plan and follow up the visit.',
      privacy: 'How we handle personal data',
      honeypot: 'Leave this field empty',
      submit: 'Send request', sending: 'Sending …',
      summary: 'The request has not been sent. Please correct the following:', errorPrefix: 'Error:',
      network: 'The request could not be sent because the server could not be reached. Everything you typed is kept. Check your connection and try again.',
      retryAfter: 'Please try again in {0} seconds.', failed: 'The request could not be sent (error {0}). Everything you typed is kept. Please try again.',
      loadFailed: 'The form could not be loaded. Please reload the page and try again.',
      doneTitle: 'Thank you, your request has been sent',
      doneRef: 'Your reference is <strong class="scs-ref">{0}</strong>. Please quote it when you contact us.',
      doneNext: 'What happens next:',
      doneSteps: ['You will receive a confirmation by e-mail.', 'The regional coordinator in {0} will answer you by e-mail, usually within two working days.', 'Together you agree on the programme and the dates of the visit.'],
      doneCosts: 'Please remember that visitors pay all costs of the visit, including travel, accommodation, meals and interpreting.',
      again: 'Send another request',
      notice: 'Smart City Sweden in {0} needs at least {1} days\' notice: the earliest date you can ask for is {2}.',
      count: '{0} of {1} characters', countLeft: '{0} characters left', countOver: '{0} characters too many',
      largeGroup: 'More than {0}? Enter {0} here and give the whole group\'s size in the message: the coordinator plans large visits with you.',
      added: '{0} added.', removed: '{0} removed.',
      names: { node: 'Place', language: 'Language', mainGoal: 'Main goal of the visit', purpose: 'Purpose of the visit',
        focusAreas: 'Focus areas', focusDescription: 'Explanation of your focus areas', meetCompanies: 'Meeting companies',
        companyTypes: 'Kinds of companies', specialRequests: 'Special requests', preferredDates: 'Preferred dates',
        expectedParticipants: 'Expected number of participants', participants: 'Participant list', contact: 'Contact details',
        organiser: 'Organiser', message: 'Message', acceptsCosts: 'Acceptance of costs',
        consent: 'Consent to personal data processing', name: 'name', email: 'e-mail', phone: 'phone',
        organisation: 'organisation', role: 'role', country: 'country', from: 'first day', to: 'last day' },
      goals: { business: 'Business and export', learning: 'Study visit and exchange of knowledge', policy: 'Policy and public administration',
        research: 'Research and innovation', investment: 'Investment', media: 'Media and journalism', other: 'Other' },
      areas: { environment: 'Environment', climate: 'Climate', energy: 'Energy', 'social-sustainability': 'Social sustainability',
        'sustainable-transport': 'Sustainable transport', digitalisation: 'Digitalisation', 'urban-planning': 'Urban planning' }
    }
  };
  var LANG_NAMES = { sv: 'Svenska', en: 'English' };

  // ---------------------------------------------------------------- helpers
  function esc(text) {
    return String(text == null ? '' : text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function number(n, lang) {
    return typeof n === 'number' ? new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n) : String(n);
  }
  /** The subset of Java's MessageFormat the server's bundles use: {0}, {0,number,integer}, {0,choice,…}, quotes. */
  function format(pattern, args, lang) {
    if (!args || !args.length) return pattern; // as Messages.text(): a pattern without arguments is left as is
    var out = '', i = 0;
    while (i < pattern.length) {
      var c = pattern[i];
      if (c === "'") {
        if (pattern[i + 1] === "'") { out += "'"; i += 2; continue; }
        var end = pattern.indexOf("'", i + 1);
        if (end < 0) end = pattern.length;
        out += pattern.slice(i + 1, end); i = end + 1; continue;
      }
      if (c !== '{') { out += c; i++; continue; }
      var depth = 1, j = i + 1;
      while (j < pattern.length && depth) { if (pattern[j] === '{') depth++; else if (pattern[j] === '}') depth--; j++; }
      var parts = pattern.slice(i + 1, j - 1).split(',');
      var value = args[+parts[0].trim()], type = (parts[1] || '').trim();
      if (type === 'choice') {
        var chosen = '', choices = parts.slice(2).join(',').split('|');
        for (var k = 0; k < choices.length; k++) {
          var m = /^\s*(-?[\d.]+)\s*([#<])(.*)$/.exec(choices[k]);
          if (m && (m[2] === '#' ? value >= +m[1] : value > +m[1])) chosen = m[3];
        }
        out += chosen;
      } else {
        out += number(value, lang);
      }
      i = j;
    }
    return out;
  }
  function t(lang, key, args) {
    var text = T[lang][key];
    return args ? format(text.replace(/'/g, "''"), args, lang) : text;
  }
  function fieldId(path) { return 'scs-' + path.replace(/\[(\d+)\]/g, '-$1').replace(/\./g, '-'); }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function uuid() {
    if (typeof crypto !== 'undefined' && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join('') + '-' + h.slice(4, 6).join('') + '-' + h.slice(6, 8).join('') + '-' + h.slice(8, 10).join('') + '-' + h.slice(10).join('');
  }

  // ---------------------------------------------------------------- the form's values
  function emptyParticipant() { return { name: '', organisation: '', role: '', email: '', country: '' }; }
  function emptyValues(rows) {
    var v = { node: '', mainGoal: '', purpose: '', focusAreas: [], focusDescription: '', meetCompanies: '', companyTypes: '',
      specialRequests: '', preferredDates: [], expectedParticipants: '', participants: [],
      contact: { name: '', email: '', phone: '', organisation: '', country: '' }, organiser: { name: '', email: '', organisation: '' },
      message: '', acceptsCosts: false, consent: false, website: '' };
    for (var i = 0; i < rows.dates; i++) v.preferredDates.push({ from: '', to: '' });
    for (i = 0; i < rows.participants; i++) v.participants.push(emptyParticipant());
    return v;
  }

  /** Reads a rendered form (JavaScript's or the plain HTML one) into values, by the fields' names. */
  function readValues(form) {
    var v = emptyValues({ dates: 0, participants: 0 });
    Array.prototype.forEach.call(form.elements, function (el) {
      var name = el.name;
      if (!name || el.disabled) return;
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) {
        if (name === 'acceptsCosts' || name === 'consent') v[name] = false;
        return;
      }
      var m = /^(preferredDates|participants)\[(\d+)\]\.(\w+)$/.exec(name), n = /^(contact|organiser)\.(\w+)$/.exec(name);
      if (m) {
        var list = v[m[1]];
        while (list.length <= +m[2]) list.push(m[1] === 'participants' ? emptyParticipant() : { from: '', to: '' });
        list[+m[2]][m[3]] = el.value;
      } else if (n) v[n[1]][n[2]] = el.value;
      else if (name === 'focusAreas') v.focusAreas.push(el.value);
      else if (name === 'acceptsCosts' || name === 'consent') v[name] = true;
      else if (name !== 'language' && name in v) v[name] = el.value;
    });
    return v;
  }

  function blank(s) { return !s || !String(s).trim(); }
  function rowBlank(row) { for (var k in row) if (!blank(row[k])) return false; return true; }
  function put(obj, name, value) { if (!blank(value)) obj[name] = value; }

  /**
   * The JSON body the API takes, as Form (shared, web) makes it of a plain form post: blank fields and wholly
   * blank rows left out. map.x[i] is the form row of body row i, to put the server's errors back.
   */
  function toBody(v, lang, node) {
    var body = {}, map = { preferredDates: [], participants: [] };
    put(body, 'node', node || v.node);
    body.language = lang;
    put(body, 'mainGoal', v.mainGoal);
    put(body, 'purpose', v.purpose);
    body.focusAreas = v.focusAreas.slice();
    put(body, 'focusDescription', v.focusDescription);
    if (v.meetCompanies) body.meetCompanies = v.meetCompanies === 'yes';
    if (v.meetCompanies === 'yes') put(body, 'companyTypes', v.companyTypes);
    put(body, 'specialRequests', v.specialRequests);
    body.preferredDates = [];
    v.preferredDates.forEach(function (row, i) {
      if (rowBlank(row)) return;
      var r = {}; put(r, 'from', row.from); put(r, 'to', row.to);
      body.preferredDates.push(r); map.preferredDates.push(i);
    });
    var expected = String(v.expectedParticipants || '').trim();
    if (expected) body.expectedParticipants = /^-?\d{1,9}$/.test(expected) ? parseInt(expected, 10) : expected;
    var participants = [];
    v.participants.forEach(function (row, i) {
      if (rowBlank(row)) return;
      var p = {};
      ['name', 'organisation', 'role', 'email', 'country'].forEach(function (k) { put(p, k, row[k]); });
      participants.push(p); map.participants.push(i);
    });
    if (participants.length) body.participants = participants;
    body.contact = {};
    ['name', 'email', 'phone', 'organisation', 'country'].forEach(function (k) { put(body.contact, k, v.contact[k]); });
    if (!rowBlank(v.organiser)) {
      body.organiser = {};
      ['name', 'email', 'organisation'].forEach(function (k) { put(body.organiser, k, v.organiser[k]); });
    }
    put(body, 'message', v.message);
    body.acceptsCosts = !!v.acceptsCosts;
    body.consent = !!v.consent;
    put(body, 'website', v.website);
    return { body: body, map: map };
  }

  // ---------------------------------------------------------------- the checks (as BookingRequestParser)
  var JAVA_SPACE = /^[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]+|[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]+$/g;

  function todayIn(zone) {
    var parts = {};
    new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + '-' + parts.month + '-' + parts.day;
  }
  function dayNumber(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return NaN;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return NaN;
    return d.getTime() / 864e5;
  }
  function plusDays(iso, days) {
    var d = new Date(dayNumber(iso) * 864e5 + days * 864e5);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  }
  /** A day as the server's notice message names it: "17 December 2026", "17 december 2026". */
  function longDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
      .format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
  }
  /** A counter's words: "12 of 2,000 characters", counted as the server counts (code points after NFC). */
  function length(text) { return Array.from(String(text || '').normalize('NFC')).length; }
  function countText(text, max, lang) { return t(lang, 'count', [length(text), max]); }
  /** What the live region says about a long text, only near its end: 10 % left, 0 left, over. Empty otherwise. */
  function countNews(text, max, lang) {
    var left = max - length(text);
    if (left < 0) return t(lang, 'countOver', [-left]);
    if (left <= Math.max(10, Math.floor(max / 10))) return t(lang, 'countLeft', [left]);
    return '';
  }
  /**
   * A list pasted from a spreadsheet, as the visitor's page reads it (ParticipantPaste): one person a line, tabs or
   * semicolons, quoted cells, a heading line skipped, countries by name (either language) or code.
   */
  function parsePaste(text, rules) {
    var byName = {};
    ['en', 'sv'].forEach(function (l) { (rules.countries[l] || []).forEach(function (c) { byName[countryKey(c[1])] = c[0]; byName[countryKey(c[0])] = c[0]; }); });
    var rows = [];
    String(text || '').replace(/\r\n?/g, '\n').split('\n').forEach(function (line) {
      if (!line.trim()) return;
      var cells = splitCells(line, line.indexOf('\t') >= 0 ? '\t' : ';').map(function (c) { return c.trim(); });
      if (!rows.length && /^(name|namn|full name|participant|deltagare)$/i.test(cells[0] || '')) return;
      var country = cells[4] || '';
      rows.push({ name: cells[0] || '', organisation: cells[1] || '', role: cells[2] || '', email: cells[3] || '',
        country: byName[countryKey(country)] || country });
    });
    return rows;
  }
  function countryKey(text) {
    return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  }
  function splitCells(line, sep) {
    var cells = [], cell = '', quoted = false;
    for (var i = 0; i < line.length; i++) {
      var c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"' && !cell.trim()) { quoted = true; cell = ''; } else if (c === sep) { cells.push(cell); cell = ''; } else cell += c;
    }
    cells.push(cell);
    return cells;
  }
  /** Each pasted row's problems, as the server would name them (the booking's checks on a body of these rows). */
  function pasteErrors(rows, rules, lang) {
    var body = { language: lang, participants: rows.map(function (r) {
      var p = {}; ['name', 'organisation', 'role', 'email', 'country'].forEach(function (k) { if (r[k]) p[k] = r[k]; }); return p;
    }) };
    var byRow = rows.map(function () { return []; });
    check(body, rules, '2000-01-01').forEach(function (e) {
      var m = /^participants\[(\d+)\]\.(\w+)$/.exec(e.field);
      if (m) byRow[+m[1]].push(T[lang].names[m[2]] + ': ' + e.message);
    });
    return byRow;
  }
  /** The node's minimum notice in days (the deployment's, from booking-rules.json), 0 when none. */
  function noticeDays(rules, node) {
    var n = rules.minimumNoticeDays && rules.minimumNoticeDays[node];
    return typeof n === 'number' && n > 0 ? n : 0;
  }
  function plusYears(iso, years) { // LocalDate.plusYears: 29 February becomes 28 February
    var y = +iso.slice(0, 4) + years, md = iso.slice(5);
    if (md === '02-29' && isNaN(dayNumber(y + '-02-29'))) md = '02-28';
    return ('000' + y).slice(-4) + '-' + md;
  }

  /** Every problem of a body, as the server finds them: [{field, code, message}] in the body's language. */
  function check(body, rules, today) {
    var lang = rules.languages.indexOf(body.language) >= 0 ? body.language : 'en';
    var L = rules.limits, errors = [];
    var email = new RegExp('^(?:' + rules.patterns.email + ')$'), phone = new RegExp('^(?:' + rules.patterns.phone + ')$');
    var countries = {};
    rules.countries.en.forEach(function (c) { countries[c[0]] = true; });
    function add(field, code) {
      var args = Array.prototype.slice.call(arguments, 2);
      errors.push({ field: field, code: code, message: format(rules.messages[lang][code], args, lang) });
    }
    function typeError(field, kind) { errors.push({ field: field, code: 'invalid_type', message: rules.messages[lang]['invalid_type.' + kind] }); }
    function absent(v) { return v === undefined || v === null; }
    function text(parent, name, path, max, multi, required) {
      var v = parent[name];
      if (absent(v)) { if (required) add(path, 'required'); return ''; }
      if (typeof v !== 'string') { typeError(path, 'text'); return ''; }
      var s = v.normalize('NFC').replace(JAVA_SPACE, '');
      if (multi) s = s.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
      if (!s) { if (required) add(path, 'required'); return ''; }
      if ((multi ? /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/
                 : /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/).test(s)) {
        add(path, 'control_characters', multi ? 1 : 0); return '';
      }
      if (Array.from(s).length > max) { add(path, 'too_long', max); return ''; }
      return s;
    }
    function mail(parent, name, path, required) {
      var s = text(parent, name, path, L.maxEmailLength + 1, false, required);
      if (!s) return s;
      var at = s.lastIndexOf('@');
      if (!(s.length <= L.maxEmailLength && at > 0 && at <= L.maxEmailLocalPart && email.test(s))) { add(path, 'invalid_email'); return ''; }
      return s;
    }
    function country(parent, path) {
      var s = text(parent, 'country', path, L.maxShortText, false, false);
      if (s && !(s.length === 2 && countries[s.toUpperCase()])) add(path, 'invalid_country');
    }
    function choice(name, allowed, required) {
      var v = body[name];
      if (absent(v)) { if (required) add(name, 'required'); return; }
      if (typeof v !== 'string' || allowed.indexOf(v.trim()) < 0) add(name, 'invalid_choice', allowed.join(', '));
    }
    function list(v, path, min, max, required) {
      if (absent(v)) { if (required) add(path, 'required'); return null; }
      if (!Array.isArray(v)) { typeError(path, 'list'); return null; }
      if (v.length < min) add(path, v.length === 0 && required ? 'required' : 'too_few', min);
      if (v.length > max) { add(path, 'too_many', max); return null; }
      return v;
    }
    function mustAccept(name) {
      var v = body[name];
      if (absent(v) || v === false) add(name, 'must_accept');
      else if (typeof v !== 'boolean') typeError(name, 'boolean');
    }

    choice('node', rules.nodes.map(function (n) { return n.id; }), true);
    choice('language', rules.languages, false);
    choice('mainGoal', rules.mainGoals, true);
    text(body, 'purpose', 'purpose', L.maxLongText, true, true);
    var areas = list(body.focusAreas, 'focusAreas', L.minFocusAreas, L.maxFocusAreas, true), seen = {};
    (areas || []).forEach(function (a, i) {
      var id = typeof a === 'string' ? a.trim() : null;
      if (rules.focusAreas.indexOf(id) < 0) add('focusAreas[' + i + ']', 'invalid_choice', rules.focusAreas.join(', '));
      else if (seen[id]) add('focusAreas[' + i + ']', 'duplicate');
      seen[id] = true;
    });
    text(body, 'focusDescription', 'focusDescription', L.maxLongText, true, false);
    var meet = body.meetCompanies;
    if (!absent(meet) && typeof meet !== 'boolean') typeError('meetCompanies', 'boolean');
    text(body, 'companyTypes', 'companyTypes', L.maxLongText, true, meet === true);
    text(body, 'specialRequests', 'specialRequests', L.maxLongText, true, false);
    var ranges = list(body.preferredDates, 'preferredDates', L.minDateRanges, L.maxDateRanges, true);
    var horizon = plusYears(today, L.bookingHorizonYears);
    (ranges || []).forEach(function (r, i) {
      var path = 'preferredDates[' + i + ']';
      if (!r || typeof r !== 'object' || Array.isArray(r)) { typeError(path, 'object'); return; }
      function date(name) {
        var s = text(r, name, path + '.' + name, 10, false, true);
        if (!s) return null;
        if (isNaN(dayNumber(s))) { add(path + '.' + name, 'invalid_date'); return null; }
        if (s < today) { add(path + '.' + name, 'date_in_past'); return null; }
        if (s > horizon) { add(path + '.' + name, 'too_far_ahead'); return null; }
        return s;
      }
      var from = date('from'), to = date('to');
      // The node's minimum notice, as the server checks it (BookingRequestParser): the message names the place and the day.
      var nodeId = typeof body.node === 'string' ? body.node.trim() : '', notice = noticeDays(rules, nodeId);
      var known = rules.nodes.filter(function (n) { return n.id === nodeId; })[0];
      if (known && notice && from && from < plusDays(today, notice)) {
        add(path + '.from', 'too_soon', known.city, longDate(plusDays(today, notice), lang), notice); return;
      }
      if (from && to) {
        if (to < from) add(path + '.to', 'date_order');
        else if (dayNumber(to) - dayNumber(from) + 1 > L.maxRangeDays) add(path + '.to', 'range_too_long', L.maxRangeDays);
      }
    });
    var expected = body.expectedParticipants, expectedOk = null;
    if (absent(expected)) add('expectedParticipants', 'required');
    else if (typeof expected !== 'number' || !Number.isInteger(expected)) typeError('expectedParticipants', 'integer');
    else if (expected < L.minParticipants || expected > L.maxParticipants) add('expectedParticipants', 'out_of_range', L.minParticipants, L.maxParticipants);
    else expectedOk = expected;
    var people = list(body.participants, 'participants', 0, L.maxParticipants, false);
    if (people) {
      if (expectedOk !== null && people.length > expectedOk) add('participants', 'more_participants_than_expected', expectedOk);
      people.forEach(function (p, i) {
        var path = 'participants[' + i + ']';
        if (!p || typeof p !== 'object' || Array.isArray(p)) { typeError(path, 'object'); return; }
        text(p, 'name', path + '.name', L.maxShortText, false, true);
        text(p, 'organisation', path + '.organisation', L.maxShortText, false, false);
        text(p, 'role', path + '.role', L.maxShortText, false, false);
        mail(p, 'email', path + '.email', false);
        country(p, path + '.country');
      });
    }
    var c = body.contact;
    if (absent(c)) add('contact', 'required');
    else {
      var ph = text(c, 'phone', 'contact.phone', L.maxPhone, false, false);
      if (ph && !(phone.test(ph) && (ph.match(/\d/g) || []).length >= rules.patterns.phoneMinDigits)) add('contact.phone', 'invalid_phone');
      text(c, 'name', 'contact.name', L.maxShortText, false, true);
      mail(c, 'email', 'contact.email', true);
      text(c, 'organisation', 'contact.organisation', L.maxShortText, false, false);
      country(c, 'contact.country');
    }
    var o = body.organiser;
    if (o && Object.keys(o).length) {
      text(o, 'name', 'organiser.name', L.maxShortText, false, true);
      mail(o, 'email', 'organiser.email', true);
      text(o, 'organisation', 'organiser.organisation', L.maxShortText, false, false);
    }
    text(body, 'message', 'message', L.maxMessage, true, false);
    mustAccept('acceptsCosts');
    mustAccept('consent');
    return errors;
  }

  // ---------------------------------------------------------------- rendering (one source for both forms)
  /**
   * The form as HTML. s: {lang, node (preset id or ''), values, errors ({slot: [messages]}), formErrors ([messages]),
   * plain (true: the form without JavaScript: spare rows, nothing hidden), api, privacy, busy}.
   */
  function renderForm(s, rules) {
    var lang = s.lang, w = T[lang], v = s.values, errs = s.errors || {}, L = rules.limits, h = [];
    var presetNode = s.node && rules.nodes.some(function (n) { return n.id === s.node; }) ? s.node : '';
    function req() { return ' <span class="scs-req">(' + w.required + ')</span>'; }
    function hint(id, text) { return text ? '<p class="scs-hint" id="' + id + '-hint">' + text + '</p>' : ''; }
    function errorOf(slot) {
      var list = errs[slot];
      return list ? '<p class="scs-error" id="' + fieldId(slot) + '-error"><span class="scs-vh">' + w.errorPrefix + ' </span>' + list.map(esc).join(' ') + '</p>' : '';
    }
    function describedBy(slot, hasHint) {
      var ids = [];
      if (hasHint) ids.push(fieldId(slot) + '-hint');
      if (errs[slot]) ids.push(fieldId(slot) + '-error');
      return (ids.length ? ' aria-describedby="' + ids.join(' ') + '"' : '') + (errs[slot] ? ' aria-invalid="true"' : '');
    }
    function input(path, label, value, o) {
      o = o || {};
      var id = fieldId(path), hintText = o.hint || '';
      var described = describedBy(path, !!hintText), counter = '';
      // A long text's counter: its words are read with the field (aria-describedby); the live region says only when the end is near.
      if (o.count && !s.plain) {
        // The hint and the error first, the counter last.
        described = /aria-describedby="/.test(described) ? described.replace(/aria-describedby="([^"]*)"/, 'aria-describedby="$1 ' + id + '-count"')
          : ' aria-describedby="' + id + '-count"' + described;
        counter = '<p class="scs-count" id="' + id + '-count" data-count-for="' + id + '">' + esc(countText(value, o.count, lang)) + '</p>';
      }
      var attrs = ' id="' + id + '" name="' + path + '"' + described + (o.required ? ' required aria-required="true"' : '')
        + (o.count && !s.plain ? ' data-max="' + o.count + '"' : '') + (o.attrs || '');
      var field;
      if (o.multi) field = '<textarea' + attrs + ' rows="' + (o.rows || 4) + '">' + esc(value) + '</textarea>' + counter;
      else if (o.select) field = '<select' + attrs + '>' + o.select + '</select>';
      else field = '<input type="' + (o.type || 'text') + '"' + attrs + ' value="' + esc(value) + '">';
      return '<div class="scs-field' + (errs[path] ? ' scs-invalid' : '') + (o.cls ? ' ' + o.cls : '') + '"' + (o.hidden ? ' hidden' : '') + '>'
        + '<label for="' + id + '">' + label + (o.required ? req() : '') + '</label>' + hint(id, hintText) + errorOf(path) + field + '</div>';
    }
    function countrySelect(value) {
      var opts = '<option value="">' + w.noCountry + '</option>';
      rules.countries[lang].forEach(function (c) {
        opts += '<option value="' + c[0] + '"' + (c[0] === value ? ' selected' : '') + '>' + esc(c[1]) + '</option>';
      });
      return opts;
    }
    function group(slot, legend, body, o) {
      o = o || {};
      var id = fieldId(slot);
      return '<fieldset class="scs-group' + (errs[slot] ? ' scs-invalid' : '') + (o.cls ? ' ' + o.cls : '') + '" id="' + id + '"'
        + describedBy(slot, !!o.hint) + '><legend>' + legend + (o.required ? req() : '') + '</legend>'
        + hint(id, o.hint) + errorOf(slot) + body + '</fieldset>';
    }
    function choices(name, type, ids, labels, checked) {
      return '<div class="scs-choices">' + ids.map(function (idv) {
        var id = fieldId(name + '.' + idv);
        return '<div class="scs-choice"><input type="' + type + '" id="' + id + '" name="' + name + '" value="' + esc(idv) + '"'
          + (checked(idv) ? ' checked' : '') + '><label for="' + id + '">' + esc(labels[idv] || idv) + '</label></div>';
      }).join('') + '</div>';
    }

    var formErrs = s.formErrors || [], summary = [];
    Object.keys(errs).forEach(function (slot) {
      errs[slot].forEach(function (m) { summary.push({ slot: slot, message: m }); });
    });
    summary.sort(function (a, b) { return slotOrder(a.slot) - slotOrder(b.slot); });
    if (summary.length || formErrs.length) {
      h.push('<div class="scs-summary" id="scs-summary" tabindex="-1" role="group" aria-labelledby="scs-summary-title">'
        + '<h3 id="scs-summary-title">' + (summary.length ? w.summary : esc(formErrs[0])) + '</h3>'
        + (summary.length && formErrs.length ? '<p>' + formErrs.map(esc).join(' ') + '</p>' : '')
        + (!summary.length && formErrs.length > 1 ? '<p>' + formErrs.slice(1).map(esc).join(' ') + '</p>' : '')
        + (summary.length ? '<ul>' + summary.map(function (e) {
          return '<li><a href="#' + focusTarget(e.slot, rules) + '">' + esc(slotName(e.slot, lang)) + ': ' + esc(e.message) + '</a></li>';
        }).join('') + '</ul>' : '') + '</div>');
    }

    h.push('<p class="scs-notice" id="scs-cost-notice">' + w.costNotice + '</p>');
    h.push('<input type="hidden" name="language" value="' + lang + '">');
    if (presetNode) {
      h.push('<input type="hidden" name="node" value="' + presetNode + '">');
      h.push('<p class="scs-node">' + esc(t(lang, 'nodeIs', [rules.nodes.filter(function (n) { return n.id === presetNode; })[0].city])) + '</p>');
    } else {
      h.push(input('node', w.node, v.node, { required: true, hint: w.nodeHint,
        select: '<option value="">' + w.choose + '</option>' + rules.nodes.map(function (n) {
          return '<option value="' + n.id + '"' + (n.id === v.node ? ' selected' : '') + '>' + esc(n.city) + '</option>';
        }).join('') }));
    }
    h.push(group('mainGoal', w.q1, choices('mainGoal', 'radio', rules.mainGoals, w.goals, function (g) { return v.mainGoal === g; }), { required: true }));
    h.push(input('purpose', w.q2, v.purpose, { multi: true, required: true, count: L.maxLongText }));
    h.push(group('focusAreas', w.q3, choices('focusAreas', 'checkbox', rules.focusAreas, w.areas, function (a) { return v.focusAreas.indexOf(a) >= 0; }),
      { required: true, hint: w.q3hint, cls: 'scs-areas' }));
    h.push(input('focusDescription', w.q4, v.focusDescription, { multi: true, rows: 3, count: L.maxLongText }));
    h.push(group('meetCompanies', w.q5,
      choices('meetCompanies', 'radio', ['yes', 'no'], { yes: w.yes, no: w.no }, function (x) { return v.meetCompanies === x; })
      + input('companyTypes', s.plain ? w.q5bStatic : w.q5b, v.companyTypes, { multi: true, rows: 3, required: !s.plain, cls: 'scs-reveal', count: L.maxLongText,
        hidden: !s.plain && v.meetCompanies !== 'yes' }), { cls: 'scs-inline' }));
    h.push(input('specialRequests', w.q6, v.specialRequests, { multi: true, rows: 3, hint: w.q6hint, count: L.maxLongText }));

    // The chosen node's minimum notice: said beside the dates, and the date pickers start on its earliest day.
    var nodeNow = presetNode || v.node, notice = noticeDays(rules, nodeNow), earliest = s.today && notice ? plusDays(s.today, notice) : s.today;
    var noticeCity = (rules.nodes.filter(function (n) { return n.id === nodeNow; })[0] || {}).city;
    var dates = v.preferredDates.map(function (row, i) {
      var p = 'preferredDates[' + i + ']', n = i + 1, minmax = s.today ? ' min="' + earliest + '" max="' + plusYears(s.today, L.bookingHorizonYears) + '"' : '';
      return '<fieldset class="scs-row" id="' + fieldId(p) + '"><legend>' + t(lang, 'range', [n]) + '</legend><div class="scs-pair">'
        + input(p + '.from', w.from, row.from, { type: 'date', required: i === 0, attrs: minmax })
        + input(p + '.to', w.to, row.to, { type: 'date', required: i === 0, attrs: minmax }) + '</div>'
        + (!s.plain && v.preferredDates.length > 1 ? '<button type="button" class="scs-link" data-remove="preferredDates" data-index="' + i + '">' + esc(t(lang, 'removeRange', [n])) + '</button>' : '')
        + '</fieldset>';
    }).join('');
    if (!s.plain && v.preferredDates.length < L.maxDateRanges) dates += '<button type="button" class="scs-add" data-add="preferredDates">' + w.addRange + '</button>';
    h.push(group('preferredDates', w.q7, dates, { required: true, hint: t(lang, 'q7hint', [L.maxDateRanges, L.maxRangeDays])
      + (notice && noticeCity && s.today ? ' ' + esc(t(lang, 'notice', [noticeCity, notice, longDate(earliest, lang)])) : '') }));

    // Never autocomplete="off" on what the visitor types: browsers do not restore such fields when
    // the visitor goes Back from the server's error page (without JavaScript), which says all is kept.
    h.push(input('expectedParticipants', w.q8, v.expectedParticipants, { required: true, hint: t(lang, 'q8hint', [L.minParticipants, L.maxParticipants])
      + ' ' + esc(t(lang, 'largeGroup', [L.maxParticipants])),
      attrs: ' inputmode="numeric" class="scs-short"' }));

    var people = v.participants.map(function (row, i) {
      var p = 'participants[' + i + ']', n = i + 1;
      return '<fieldset class="scs-row" id="' + fieldId(p) + '"><legend>' + t(lang, 'participant', [n]) + '</legend><div class="scs-grid">'
        // A section per row: the browser neither fills the visitor's own name into every row nor forgets the rows.
        + input(p + '.name', w.name, row.name, { attrs: ' autocomplete="section-participant' + n + ' name"' })
        + input(p + '.organisation', w.organisation, row.organisation)
        + input(p + '.role', w.role, row.role)
        + input(p + '.email', w.email, row.email, { type: 'email', attrs: ' autocomplete="section-participant' + n + ' email" spellcheck="false"' })
        + input(p + '.country', w.country, row.country, { select: countrySelect(row.country) }) + '</div>'
        + (!s.plain ? '<button type="button" class="scs-link" data-remove="participants" data-index="' + i + '">' + esc(t(lang, 'removeParticipant', [n])) + '</button>' : '')
        + '</fieldset>';
    }).join('');
    if (!s.plain && v.participants.length < L.maxParticipants) people += '<button type="button" class="scs-add" data-add="participants">' + w.addParticipant + '</button>';
    if (!s.plain) {
      var paste = s.paste || { text: '' }, preview = '';
      if (paste.rows) {
        var bad = paste.errors.filter(function (e) { return e.length; }).length;
        preview = paste.rows.length ? '<p class="scs-hint" id="scs-paste-result">' + esc(t(lang, 'pasteRows', [paste.rows.length, bad])) + '</p>'
          + '<div class="scs-paste-preview" role="region" aria-labelledby="scs-paste-result" tabindex="0"><table><thead><tr><th scope="col">#</th><th scope="col">' + esc(w.names.name)
          + '</th><th scope="col">' + esc(w.names.organisation) + '</th><th scope="col">' + esc(w.names.role) + '</th><th scope="col">' + esc(w.names.email)
          + '</th><th scope="col">' + esc(w.names.country) + '</th></tr></thead><tbody>' + paste.rows.map(function (r, i) {
            return '<tr' + (paste.errors[i].length ? ' class="scs-bad"' : '') + '><td>' + (i + 1) + '</td><td>' + esc(r.name) + '</td><td>' + esc(r.organisation)
              + '</td><td>' + esc(r.role) + '</td><td>' + esc(r.email) + '</td><td>' + esc(r.country)
              + (paste.errors[i].length ? '<p class="scs-error">' + paste.errors[i].map(esc).join(' ') + '</p>' : '') + '</td></tr>';
          }).join('') + '</tbody></table></div>'
          + (v.participants.filter(function (r) { return !rowBlank(r); }).length + paste.rows.length <= L.maxParticipants
            ? '<button type="button" class="scs-add" data-paste="add">' + esc(t(lang, 'pasteAdd', [paste.rows.length])) + '</button>'
            : '<p class="scs-error">' + esc(t(lang, 'pasteTooMany', [L.maxParticipants])) + '</p>')
          : '<p class="scs-hint" id="scs-paste-result">' + esc(w.pasteNone) + '</p>';
      }
      people += '<details class="scs-paste"' + (paste.open ? ' open' : '') + '><summary>' + esc(w.paste) + '</summary>'
        + '<p class="scs-hint" id="scs-paste-hint">' + esc(w.pasteHint) + '</p>'
        + '<label class="scs-vh" for="scs-paste">' + esc(w.paste) + '</label>'
        + '<textarea id="scs-paste" rows="6" aria-describedby="scs-paste-hint" data-nosave="1">' + esc(paste.text) + '</textarea>'
        + '<button type="button" class="scs-add" data-paste="read">' + esc(w.pasteRead) + '</button>' + preview + '</details>';
    }
    h.push(group('participants', w.q9, people, { hint: s.plain ? w.q9static : w.q9hint }));

    var c = v.contact, o = v.organiser;
    h.push(group('contact', w.contact, '<div class="scs-stack">'
      + input('contact.name', w.name, c.name, { required: true, attrs: ' autocomplete="name"' })
      + input('contact.email', w.email, c.email, { type: 'email', required: true, hint: w.emailHint, attrs: ' autocomplete="email" spellcheck="false"' })
      + input('contact.phone', w.phone, c.phone, { type: 'tel', hint: w.phoneHint, attrs: ' autocomplete="tel"' })
      + input('contact.organisation', w.organisation, c.organisation, { attrs: ' autocomplete="organization"' })
      + input('contact.country', w.country, c.country, { select: countrySelect(c.country), attrs: ' autocomplete="country"' }) + '</div>'
      + group('organiser', w.organiser, '<div class="scs-grid">'
        + input('organiser.name', w.name, o.name) + input('organiser.email', w.email, o.email, { type: 'email', attrs: ' spellcheck="false"' })
        + input('organiser.organisation', w.organisation, o.organisation) + '</div>', { cls: 'scs-sub' }),
      { hint: w.contactHint }));
    h.push(input('message', w.message, v.message, { multi: true, rows: 5, count: L.maxMessage }));

    function box(name, label) {
      var id = fieldId(name);
      return '<div class="scs-field scs-check' + (errs[name] ? ' scs-invalid' : '') + '">' + errorOf(name)
        + '<div class="scs-choice"><input type="checkbox" id="' + id + '" name="' + name + '" value="true" required aria-required="true"'
        + describedBy(name, false) + (v[name] ? ' checked' : '') + '><label for="' + id + '">' + label + req() + '</label></div></div>';
    }
    h.push(box('acceptsCosts', w.acceptsCosts));
    h.push(box('consent', w.consent + ' <a href="' + esc(s.privacy || 'privacy.html') + (lang === 'en' ? '#en' : '#sv') + '" target="_blank" rel="noopener">' + w.privacy + '</a>'));
    h.push('<div class="scs-hp" aria-hidden="true"><label for="scs-website">' + w.honeypot + '</label>'
      + '<input type="text" id="scs-website" name="website" tabindex="-1" autocomplete="off" value=""></div>');
    h.push('<div class="scs-actions"><button type="submit" class="scs-submit"' + (s.busy ? ' aria-disabled="true"' : '') + '>'
      + (s.busy ? w.sending : w.submit) + '</button></div>');

    var api = (s.api || '').replace(/\/+$/, '');
    var head = '';
    if (!s.plain) {
      head = '<div class="scs-lang" role="group" aria-label="' + w.langGroup + '">' + Object.keys(LANG_NAMES).filter(function (l) {
        return rules.languages.indexOf(l) >= 0;
      }).map(function (l) {
        return '<button type="button" lang="' + l + '" data-lang="' + l + '" aria-pressed="' + (l === lang) + '">' + (LANG_NAMES[l] || l) + '</button>';
      }).join('') + '</div>';
    }
    return head + '<form class="scs-form" method="post" action="' + esc(api + '/bookings') + '" accept-charset="utf-8"'
      + (s.plain ? '' : ' novalidate') + ' aria-labelledby="scs-title">\n<h2 id="scs-title">' + w.title + '</h2>\n' + h.join('\n') + '\n</form>';
  }

  // Where an error about a body path is shown (its slot), and what its summary link focuses.
  function slotOf(path) {
    if (/^focusAreas\[\d+\]$/.test(path)) return 'focusAreas';
    if (/^preferredDates\[\d+\]$/.test(path)) return path + '.from';
    if (/^participants\[\d+\]$/.test(path)) return path + '.name';
    if (path === 'contact' || path === 'organiser') return path + '.name';
    return path;
  }
  function focusTarget(slot, rules) {
    if (slot === 'mainGoal') return fieldId('mainGoal.' + rules.mainGoals[0]);
    if (slot === 'focusAreas') return fieldId('focusAreas.' + rules.focusAreas[0]);
    if (slot === 'meetCompanies') return fieldId('meetCompanies.yes');
    if (slot === 'preferredDates') return fieldId('preferredDates[0].from');
    if (slot === 'participants') return fieldId('participants');
    return fieldId(slot);
  }
  var ORDER = ['node', 'mainGoal', 'purpose', 'focusAreas', 'focusDescription', 'meetCompanies', 'companyTypes', 'specialRequests',
    'preferredDates', 'expectedParticipants', 'participants', 'contact', 'organiser', 'message', 'acceptsCosts', 'consent'];
  var SUB = ['from', 'to', 'name', 'organisation', 'role', 'email', 'phone', 'country'];
  function slotOrder(slot) {
    var m = /^(\w+)(?:\[(\d+)\])?(?:\.(\w+))?$/.exec(slot) || [slot, slot];
    return ORDER.indexOf(m[1]) * 1e6 + (m[2] ? (+m[2] + 1) * 100 : 0) + (m[3] ? SUB.indexOf(m[3]) + 1 : 0);
  }
  function slotName(slot, lang) {
    var n = T[lang].names, m = /^(preferredDates|participants)\[(\d+)\]\.(\w+)$/.exec(slot), k = /^(contact|organiser)\.(\w+)$/.exec(slot);
    if (m) return t(lang, m[1] === 'participants' ? 'participant' : 'range', [+m[2] + 1]) + ' – ' + (n[m[3]] || m[3]);
    if (k) return n[k[1]] + ' – ' + (n[k[2]] || k[2]);
    return n[slot] || slot;
  }

  /** Server (or check) errors on body paths, turned into slots of the rendered form and form-wide messages. */
  function placeErrors(errors, map, hasSlot) {
    var bySlot = {}, general = [];
    errors.forEach(function (e) {
      var path = String(e.field || '').replace(/^(preferredDates|participants)\[(\d+)\]/, function (all, list, i) {
        var row = map && map[list] ? map[list][+i] : undefined;
        return list + '[' + (row === undefined ? i : row) + ']';
      });
      var slot = slotOf(path);
      if (path && hasSlot(slot)) (bySlot[slot] = bySlot[slot] || []).push(e.message);
      else general.push(e.message);
    });
    return { errors: bySlot, formErrors: general };
  }

  // ---------------------------------------------------------------- the custom element
  var rulesCache = {};
  function loadRules(url) {
    if (!rulesCache[url]) {
      rulesCache[url] = fetch(url, { credentials: 'omit' }).then(function (r) {
        if (!r.ok) throw new Error('rules ' + r.status);
        return r.json();
      }).then(function (rules) {
        if (rules.format !== 1) throw new Error('rules format ' + rules.format);
        return rules;
      });
      rulesCache[url].catch(function () { delete rulesCache[url]; });
    }
    return rulesCache[url];
  }

  function storage() { try { return window.sessionStorage; } catch (e) { return null; } }

  if (typeof HTMLElement !== 'undefined' && typeof customElements !== 'undefined' && !customElements.get('scs-booking-form')) {
    var BookingForm = function () { return Reflect.construct(HTMLElement, [], BookingForm); };
    BookingForm.prototype = Object.create(HTMLElement.prototype);
    BookingForm.prototype.constructor = BookingForm;
    Object.setPrototypeOf(BookingForm, HTMLElement);
    Object.defineProperty(BookingForm, 'observedAttributes', { get: function () { return ['lang', 'node']; } });

    var P = BookingForm.prototype;
    P.connectedCallback = function () {
      if (this._started) return;
      this._started = true;
      var self = this;
      this._state = { errors: {}, formErrors: [], busy: false };
      var plainForm = this.querySelector('form');
      addStylesheet(this.getAttribute('stylesheet') || urlBeside('booking-form.css'));
      loadRules(this.getAttribute('rules') || urlBeside('booking-rules.json')).then(function (rules) {
        self._rules = rules;
        self._start();
      }, function () {
        if (!plainForm) self.innerHTML = '<p class="scs-error" role="alert">' + T[self._lang()].loadFailed + '</p>';
        // With the plain form in place, it still works as a form post.
      });
    };
    P.attributeChangedCallback = function (name, old, value) {
      if (!this._rules || old === value || this._rendering) return;
      this._keep();
      this._render();
    };
    P._lang = function () { var l = (this.getAttribute('lang') || '').toLowerCase().slice(0, 2); return T[l] ? l : 'en'; };
    P._node = function () { return this.getAttribute('node') || ''; };
    P._draftKey = function () { return 'scs-booking-draft:' + (this._node() || 'national') + ':' + location.pathname; };

    P._start = function () {
      var self = this, st = this._state, draft = null, store = storage();
      try { draft = store && JSON.parse(store.getItem(this._draftKey()) || 'null'); } catch (e) { draft = null; }
      st.values = emptyValues({ dates: 1, participants: 1 });
      this._fromLink();
      if (draft && draft.values) {
        st.values = draft.values;
        st.pending = draft.pending || null;
        if (draft.lang && T[draft.lang] && draft.lang !== this._lang()) { this._rendering = true; this.setAttribute('lang', draft.lang); this._rendering = false; }
      }
      // Whatever was typed into the plain form before this script took over is kept.
      var plain = this.querySelector('form'), typed = plain ? readValues(plain) : null;
      if (typed && !rowBlank(flatten(typed))) {
        typed.preferredDates = typed.preferredDates.filter(function (r, i) { return i === 0 || !rowBlank(r); });
        typed.participants = typed.participants.filter(function (r, i) { return i === 0 || !rowBlank(r); });
        st.values = typed;
      }
      if (!st.values.preferredDates.length) st.values.preferredDates.push({ from: '', to: '' });
      this.innerHTML = '<div class="scs-live scs-vh" role="status" aria-live="polite"></div><div class="scs-body"></div>';
      this.classList.add('scs-enhanced');
      this.addEventListener('click', function (e) { self._onClick(e); });
      this.addEventListener('submit', function (e) { e.preventDefault(); self._submit(); });
      this.addEventListener('input', function (e) {
        if (e.target.id === 'scs-paste') { self._state.paste = { text: e.target.value, open: true }; return; }
        self._count(e.target); self._saveSoon();
      });
      this.addEventListener('change', function (e) {
        if (e.target.name === 'node') {
          // Another place may need more notice: the dates' hint and first day follow it.
          self._keep(); self._render();
          var select = self.querySelector('#' + fieldId('node'));
          if (select) select.focus();
        }
        if (e.target.name === 'meetCompanies') {
          var reveal = self.querySelector('.scs-reveal');
          if (reveal) reveal.hidden = e.target.value !== 'yes';
        }
        self._saveSoon();
      });
      this._render();
      this.setAttribute('data-state', 'ready');
    };

    /**
     * The page's own ?node=…&lang=… (the mails' "send a new request" link): a known node is chosen where the visitor
     * chooses (a node's page keeps its own), sv/en is the language; anything else is left alone. A draft of this tab
     * and what was typed before the script came still win.
     */
    P._fromLink = function () {
      var q;
      try { q = new URLSearchParams(location.search); } catch (e) { return; }
      var lang = (q.get('lang') || '').toLowerCase(), node = q.get('node') || '';
      if ((lang === 'sv' || lang === 'en') && lang !== this._lang()) {
        this._rendering = true; this.setAttribute('lang', lang); this._rendering = false;
      }
      if (!this._node() && this._rules.nodes.some(function (n) { return n.id === node; })) this._state.values.node = node;
    };

    P._form = function () { return this.querySelector('form.scs-form'); };
    P._keep = function () {
      var form = this._form();
      if (form) this._state.values = readValues(form);
    };
    P._render = function () {
      var st = this._state, body = this.querySelector('.scs-body'), lang = this._lang();
      if (!body) return;
      if (st.done) { body.innerHTML = this._doneHtml(); return; }
      body.innerHTML = renderForm({
        lang: lang, node: this._node(), values: st.values, errors: st.errors,
        formErrors: st.formErrors.map(function (e) { return typeof e === 'string' ? e : t(lang, e.key, e.args); }),
        api: this.getAttribute('api') || '', privacy: this.getAttribute('privacy') || urlBeside('privacy.html'),
        busy: st.busy, today: todayIn(this._rules.timeZone), paste: st.paste
      }, this._rules);
    };
    P._doneHtml = function () {
      var lang = this._lang(), w = T[lang], d = this._state.done;
      return '<div class="scs-done" tabindex="-1" aria-labelledby="scs-done-title"><h2 id="scs-done-title">' + w.doneTitle + '</h2>'
        + '<p>' + t(lang, 'doneRef', [esc(d.reference)]) + '</p><p>' + w.doneNext + '</p><ol>'
        + w.doneSteps.map(function (step) { return '<li>' + esc(format(step.replace(/'/g, "''"), [d.city], lang)) + '</li>'; }).join('')
        + '</ol><p>' + w.doneCosts + '</p><button type="button" class="scs-add" data-again="1">' + w.again + '</button></div>';
    };
    /** Updates a long text's counter; the live region speaks only when the end comes near, once per step. */
    P._count = function (field) {
      if (!field || !field.dataset || !field.dataset.max) return;
      var max = +field.dataset.max, lang = this._lang(), counter = this.querySelector('[data-count-for="' + field.id + '"]');
      if (counter) counter.textContent = countText(field.value, max, lang);
      var news = countNews(field.value, max, lang), left = max - length(field.value);
      var step = left < 0 ? 'over' : left === 0 ? 'zero' : news ? 'near' : '';
      this._counted = this._counted || {};
      if (step && this._counted[field.id] !== step) this._announce(news);
      this._counted[field.id] = step;
    };
    P._announce = function (text) {
      var live = this.querySelector('.scs-live');
      if (live) { live.textContent = ''; setTimeout(function () { live.textContent = text; }, 50); }
    };
    P._saveSoon = function () {
      var self = this;
      clearTimeout(this._saveTimer);
      this._saveTimer = setTimeout(function () { self._keep(); self._save(); }, 250);
    };
    P._save = function () {
      var store = storage(), st = this._state;
      if (!store || st.done) return;
      var values = JSON.parse(JSON.stringify(st.values));
      values.website = '';
      try { store.setItem(this._draftKey(), JSON.stringify({ values: values, pending: st.pending || null, lang: this._lang() })); } catch (e) { /* full or refused: the form still works */ }
    };

    P._onClick = function (e) {
      var el = e.target.closest ? e.target.closest('button, a') : null;
      if (!el || !this.contains(el)) return;
      var st = this._state, lang = this._lang(), w = T[lang];
      if (el.dataset.lang) {
        if (el.dataset.lang === lang) return;
        this._keep();
        this._rendering = true; this.setAttribute('lang', el.dataset.lang); this._rendering = false;
        this._relocalise();
        this._render(); this._save();
        this.querySelector('.scs-lang [data-lang="' + el.dataset.lang + '"]').focus();
      } else if (el.dataset.add) {
        this._keep();
        var list = st.values[el.dataset.add];
        list.push(el.dataset.add === 'participants' ? emptyParticipant() : { from: '', to: '' });
        this._shiftErrors(el.dataset.add, -1);
        this._render(); this._save();
        var path = el.dataset.add + '[' + (list.length - 1) + ']';
        this.querySelector('#' + fieldId(path + (el.dataset.add === 'participants' ? '.name' : '.from'))).focus();
        this._announce(t(this._lang(), 'added', [t(lang, el.dataset.add === 'participants' ? 'participant' : 'range', [list.length])]));
      } else if (el.dataset.remove) {
        this._keep();
        var which = el.dataset.remove, index = +el.dataset.index;
        st.values[which].splice(index, 1);
        if (!st.values[which].length && which === 'preferredDates') st.values[which].push({ from: '', to: '' });
        this._shiftErrors(which, index);
        this._render(); this._save();
        var left = st.values[which].length;
        var next = (left && this.querySelector('#' + fieldId(which + '[' + Math.min(index, left - 1) + ']') + ' input'))
          || this.querySelector('[data-add="' + which + '"]');
        if (next) next.focus();
        this._announce(t(lang, 'removed', [t(lang, which === 'participants' ? 'participant' : 'range', [index + 1])]));
      } else if (el.dataset.paste === 'read') {
        this._keep();
        var text = this.querySelector('#scs-paste').value, rows = parsePaste(text, this._rules);
        st.paste = { text: text, rows: rows, errors: pasteErrors(rows, this._rules, lang), open: true };
        this._render();
        var result = this.querySelector('#scs-paste-result');
        this._announce(result ? result.textContent : '');
        var read = this.querySelector('[data-paste=add]') || this.querySelector('#scs-paste');
        if (read) read.focus();
      } else if (el.dataset.paste === 'add' && st.paste && st.paste.rows) {
        this._keep();
        var kept = st.values.participants.filter(function (r) { return !rowBlank(r); });
        st.values.participants = kept.concat(st.paste.rows.map(function (r) {
          return { name: r.name, organisation: r.organisation, role: r.role, email: r.email, country: r.country };
        }));
        var named = st.values.participants.length, expectedNow = parseInt(st.values.expectedParticipants, 10);
        if (!(expectedNow >= named)) st.values.expectedParticipants = String(named);
        var added = st.paste.rows.length;
        st.paste = null;
        this._render(); this._save();
        var first = this.querySelector('#' + fieldId('participants[' + kept.length + '].name'));
        if (first) first.focus();
        this._announce(t(lang, 'pasteAdded', [added]));
      } else if (el.dataset.again) {
        st.done = null; st.values = emptyValues({ dates: 1, participants: 1 }); st.errors = {}; st.formErrors = [];
        this._render();
        this.querySelector('#scs-title').setAttribute('tabindex', '-1');
        this.querySelector('#scs-title').focus();
      } else if (el.tagName === 'A' && el.closest('.scs-summary') && el.hash) {
        var target = this.querySelector(el.hash);
        if (target) {
          e.preventDefault();
          var focusable = target.matches('input, select, textarea, button') ? target : target.querySelector('input, select, textarea, button');
          if (focusable) { focusable.focus(); (focusable.closest('.scs-field, fieldset') || focusable).scrollIntoView({ block: 'center' }); }
        }
      }
    };
    /** After a row is removed (or added), errors on later rows move with their rows. */
    P._shiftErrors = function (list, removed) {
      var st = this._state, moved = {};
      Object.keys(st.errors).forEach(function (slot) {
        var m = new RegExp('^' + list + '\\[(\\d+)\\](.*)$').exec(slot);
        if (!m || removed < 0) { moved[slot] = st.errors[slot]; return; }
        var i = +m[1];
        if (i === removed) return;
        moved[i > removed ? list + '[' + (i - 1) + ']' + m[2] : slot] = st.errors[slot];
      });
      st.errors = moved;
    };
    /** On a language switch, the browser's own findings are told again in the new language. */
    P._relocalise = function () {
      var st = this._state;
      if (!Object.keys(st.errors).length) return;
      var result = this._check();
      st.errors = result.errors;
      // Messages about the whole request (network, server) stay; those of the checks are told again.
      st.formErrors = st.formErrors.filter(function (e) { return typeof e !== 'string'; }).concat(result.formErrors);
    };
    P._check = function () {
      var self = this, built = toBody(this._state.values, this._lang(), this._node());
      var errors = check(built.body, this._rules, todayIn(this._rules.timeZone));
      var placed = placeErrors(errors, built.map, function (slot) { return self._hasSlot(slot); });
      return { built: built, errors: placed.errors, formErrors: placed.formErrors, count: errors.length };
    };
    P._hasSlot = function (slot) {
      var v = this._state.values, m = /^(preferredDates|participants)\[(\d+)\]/.exec(slot);
      if (m) return +m[2] < v[m[1]].length;
      if (slot === 'node') return !this._node() || !this._rules.nodes.some(function (n) { return n.id === this._node(); }, this);
      return ORDER.indexOf(slot.split('.')[0]) >= 0;
    };

    P._showProblems = function () {
      this._render();
      var summary = this.querySelector('#scs-summary');
      if (summary) { summary.focus(); summary.scrollIntoView({ block: 'start' }); }
    };

    P._submit = function () {
      var self = this, st = this._state;
      if (st.busy) return;
      this._keep();
      var result = this._check(), lang = this._lang(), w = T[lang];
      if (result.count && !this.hasAttribute('novalidate')) {
        st.errors = result.errors; st.formErrors = result.formErrors;
        this._showProblems();
        return;
      }
      var json = JSON.stringify(result.built.body);
      // The same content is the same attempt: a retry after a lost answer makes no second booking.
      if (!st.pending || st.pending.json !== json) st.pending = { json: json, key: uuid() };
      var key = st.pending.key, map = result.built.map;
      st.busy = true; st.errors = {}; st.formErrors = [];
      this._save();
      this._render();
      this.setAttribute('data-state', 'sending');
      var api = (this.getAttribute('api') || '').replace(/\/+$/, '');
      var controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
      var timer = setTimeout(function () { if (controller) controller.abort(); }, 30000);
      fetch(api + '/bookings', {
        method: 'POST', credentials: 'omit', signal: controller && controller.signal,
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'Idempotency-Key': key },
        body: json
      }).then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try { data = JSON.parse(text); } catch (e) { data = null; }
          return { response: response, data: data };
        });
      }).then(function (answer) {
        clearTimeout(timer);
        st.busy = false;
        var status = answer.response.status, data = answer.data || {};
        if (status === 201 && data.reference) {
          var nodeId = result.built.body.node, node = self._rules.nodes.filter(function (n) { return n.id === nodeId; })[0];
          st.done = { reference: data.reference, city: node ? node.city : nodeId };
          st.pending = null;
          var store = storage();
          if (store) try { store.removeItem(self._draftKey()); } catch (e) { /* nothing kept */ }
          self._render();
          self.setAttribute('data-state', 'done');
          var done = self.querySelector('.scs-done');
          done.focus(); done.scrollIntoView({ block: 'start' });
          return;
        }
        var errors = Array.isArray(data.errors) ? data.errors : [];
        if (status === 400 && errors.length) {
          var placed = placeErrors(errors, map, function (slot) { return self._hasSlot(slot); });
          st.errors = placed.errors; st.formErrors = placed.formErrors;
        } else {
          // Told in the language of the request; kept as words, or as a key to tell again after a switch.
          st.formErrors = errors.length ? errors.map(function (e) { return String(e.message); }) : [{ key: 'failed', args: [String(status)] }];
          var retry = parseInt(answer.response.headers.get('Retry-After'), 10);
          if (status === 503 && retry > 0) st.formErrors.push({ key: 'retryAfter', args: [retry] });
          if (status === 422) st.pending = null; // this key belongs to other content: the next attempt takes a new one
        }
        self._save();
        self.setAttribute('data-state', 'error');
        self._showProblems();
      }).catch(function () {
        clearTimeout(timer);
        st.busy = false;
        st.formErrors = [{ key: 'network' }];
        self.setAttribute('data-state', 'error');
        self._showProblems();
      });
    };

    customElements.define('scs-booking-form', BookingForm);
  }

  function flatten(v) {
    var out = {};
    ['mainGoal', 'purpose', 'focusDescription', 'companyTypes', 'specialRequests', 'expectedParticipants', 'message', 'meetCompanies']
      .forEach(function (k) { out[k] = v[k]; });
    out.areas = v.focusAreas.join('');
    v.preferredDates.concat(v.participants, [v.contact, v.organiser]).forEach(function (row, i) {
      for (var k in row) out[k + i] = row[k];
    });
    return out;
  }
  function urlBeside(name) {
    try { return new URL(name, SCRIPT || location.href).href; } catch (e) { return name; }
  }
  function addStylesheet(href) {
    if (document.querySelector('link[data-scs-booking], link[href$="booking-form.css"]')) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet'; link.href = href; link.setAttribute('data-scs-booking', '');
    document.head.appendChild(link);
  }

  // For tools/render-static.js and the Node tests: the same rendering and checks, without a browser.
  if (typeof module === 'object' && module.exports) {
    module.exports = { T: T, renderForm: renderForm, emptyValues: emptyValues, toBody: toBody, check: check, format: format, plusYears: plusYears,
      plusDays: plusDays, longDate: longDate, countNews: countNews, parsePaste: parsePaste };
  }
})();
