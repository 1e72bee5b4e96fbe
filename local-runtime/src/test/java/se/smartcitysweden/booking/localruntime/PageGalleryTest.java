package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.*;
import static se.smartcitysweden.booking.localruntime.MailGalleryTest.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.localruntime.PageGallery.Entry;
import se.smartcitysweden.booking.localruntime.PageGallery.Page;

/**
 * Every page of the gallery, read as its reader reads it: the gallery holds every page template of the
 * functions in both languages, and each page is answered (a missing word is a 503), in one language, with
 * nothing half-made. (Its width at 375 px and its accessibility are checked in a browser:
 * web/tests/gallery-pages.test.js.)
 */
class PageGalleryTest {
    private static final List<Entry> ENTRIES = PageGallery.entries();
    private static final Map<Entry, Page> PAGES = new LinkedHashMap<>();
    /** The page templates' folders (the console's mail.html is a mail: MailGallery has it). */
    private static final List<Path> TEMPLATES = List.of(Path.of("../functions/manage-booking/src/main/resources"),
            Path.of("../functions/console/src/main/resources"), Path.of("../functions/submit-booking/src/main/resources"),
            Path.of("../shared/src/main/resources/se/smartcitysweden/booking/web"));
    /** The words the pages draw on, by bundle. */
    private static final List<String> BUNDLES = List.of("/se/smartcitysweden/booking/manage/Pages_%s.properties",
            "/se/smartcitysweden/booking/submit/Pages_%s.properties", "/se/smartcitysweden/booking/console/web/Console_%s.properties",
            "/se/smartcitysweden/booking/validation/ValidationMessages_%s.properties",
            "/se/smartcitysweden/booking/validation/ChoiceLabels_%s.properties", "/se/smartcitysweden/booking/history/History_%s.properties",
            "/se/smartcitysweden/booking/overview/Overview_%s.properties");
    /** The answers that are errors on purpose: what a broken store or a wrong address gets. */
    private static final Set<String> ERRORS = Set.of("503", "storage down", "outcome unknown");

    static {
        for (Entry e : ENTRIES) PAGES.put(e, e.render().get());
    }

    // ---- the gallery covers the code ----

    /** The page templates of the functions and of the shared web layer, by name ("manage", "message", ...). */
    private static Set<String> templatesOfTheCode() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path folder : TEMPLATES) {
            try (Stream<Path> files = Files.walk(folder)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".html.mustache") && !n.equals("mail.html.mustache"))
                        .forEach(n -> names.add(n.substring(0, n.length() - ".html.mustache".length())));
            }
        }
        return names;
    }

    @Test
    void givenEveryPageTemplateOfTheCode_whenTheGalleryIsListed_thenEachHasAnEntryInSwedishAndEnglish() throws IOException {
        Set<String> templates = templatesOfTheCode();
        assertTrue(templates.containsAll(List.of("manage", "visit", "feedback", "impact", "message", "signin", "list", "invalid")),
                "the templates were found: " + templates);
        for (String template : templates) {
            for (Language language : Language.values()) {
                assertTrue(ENTRIES.stream().anyMatch(e -> e.template().equals(template) && e.language() == language),
                        "no gallery entry for the page " + template + ".html.mustache in " + language
                                + ": add one to PageGallery.entries() (a sample and the request that shows it)");
            }
        }
        for (Entry e : ENTRIES) assertTrue(templates.contains(e.template()), "an entry of no known template: " + e.template());
        assertEquals(ENTRIES.size(), ENTRIES.stream().map(Entry::id).distinct().count(), "each entry has an id of its own");
    }

    @Test
    void givenThePagesWords_whenCompared_thenEveryKeyIsInBothLanguages() {
        for (String file : BUNDLES) {
            Set<String> en = bundle(file, Language.EN).stringPropertyNames();
            assertFalse(en.isEmpty(), file);
            assertEquals(new TreeSet<>(en), new TreeSet<>(bundle(file, Language.SV).stringPropertyNames()),
                    file + ": the same keys in Swedish and English");
            for (String key : en) assertFalse(bundle(file, Language.SV).getProperty(key).isBlank(), key + " is empty in Swedish");
        }
    }

    // ---- each page, as its reader reads it ----

    @TestFactory
    Stream<DynamicTest> everyGalleryPage() {
        assertTrue(ENTRIES.size() >= 80, "every page state in both languages: " + ENTRIES.size());
        return ENTRIES.stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> {
            Page page = PAGES.get(e);
            // A word the page asks for and the bundle lacks throws, and the function answers 503.
            if (ERRORS.contains(e.state())) assertEquals(503, page.status(), e.id());
            else assertTrue(page.status() < 500, e.id() + " answered " + page.status() + ":\n" + page.html());
            Document html = Jsoup.parse(page.html());
            assertEquals(e.language().code(), html.selectFirst("html").attr("lang"), "the page's language");
            String text = html.title() + "\n" + html.body().text();
            MailGalleryTest.noCodeWords(text);
            Matcher status = STATUS_IDS.matcher(text);
            assertFalse(status.find(), "a status id [" + (status.hitEnd() ? "" : status.group()) + "] in\n" + text);
            noEmptyLink(html);
            if (e.language() == Language.SV) MailGalleryTest.swedishThroughout(text, ENGLISH);
            if (e.language() == Language.SV && visitorFacing(e)) {
                Matcher ni = NI.matcher(text);
                assertFalse(ni.find(), "a Swedish visitor page says \"" + (ni.hitEnd() ? "" : ni.group()) + "\" (it says \"du\"):\n" + text);
            }
            if (e.state().contains("cancel")) {
                for (String noEntryYet : NO_CALENDAR_ENTRY_YET) {
                    assertFalse(text.contains(noEntryYet), "a cancelled visit's page promises a calendar entry: " + noEntryYet);
                }
            }
        }));
    }

    @Test
    void givenTheGallery_whenListed_thenItHoldsTheCasesItsChecksAreAbout() {
        // The checks above look at these entries: without them they would pass by checking nothing.
        for (Language language : Language.values()) {
            Language other = language == Language.SV ? Language.EN : Language.SV;
            for (String state : List.of("cancelled", "cancelled by the coordinator", "calendar of a cancelled request",
                    "invalid link to a booking in " + other.code())) {
                assertTrue(ENTRIES.stream().anyMatch(e -> e.language() == language && e.state().equals(state)), language + ": " + state);
            }
        }
        assertTrue(ENTRIES.stream().filter(e -> e.language() == Language.SV && visitorFacing(e)).count() > 20,
                "the Swedish visitor pages are checked for \"du\"");
    }

    @Test
    void givenALinkThatCannotBeFollowed_whenABrowserAsksInAnotherLanguageThanTheBooking_thenThePageIsInTheBrowsersLanguage() {
        for (Language browser : Language.values()) {
            Language booking = browser == Language.SV ? Language.EN : Language.SV;
            Entry entry = ENTRIES.stream().filter(e -> e.language() == browser
                    && e.state().equals("invalid link to a booking in " + booking.code())).findFirst().orElseThrow();
            Page page = PAGES.get(entry);
            assertEquals(403, page.status());
            Document html = Jsoup.parse(page.html());
            assertEquals(browser.code(), html.selectFirst("html").attr("lang"));
            Properties words = bundle("/se/smartcitysweden/booking/manage/Pages_%s.properties", browser);
            assertTrue(html.body().text().contains(words.getProperty("newLink.submit")), "it offers a new link in " + browser + ":\n" + html.body().text());
            assertFalse(html.select("a[href^=mailto:]").isEmpty(), "it names the contact address");
        }
    }

    /** Pages a visitor reads (the coordinator's page and the console are the coordinators'). */
    private static boolean visitorFacing(Entry e) {
        return !Set.of("manage", "signin", "confirm", "list", "overview").contains(e.template()) && !e.state().startsWith("console");
    }

    /** The Swedish visitor pages speak to one person, "du": "ni", "er", "ert", "era" are another voice (as PageWordsKeysTest). */
    private static final Pattern NI = Pattern.compile("(?iu)(?<![\\p{L}])(ni|er|ert|era)(?![\\p{L}])");

    /** The calendar link's words before a visit is confirmed, in both languages: a cancelled visit must not get them. */
    private static final List<String> NO_CALENDAR_ENTRY_YET = Stream.of(Language.values())
            .map(l -> bundle("/se/smartcitysweden/booking/manage/Pages_%s.properties", l).getProperty("error.noCalendar.title")).toList();

    /** The ids of statuses and actions, as the code names them (the words a page shows are in its bundle). */
    private static final Pattern STATUS_IDS = Pattern.compile("\\b(taken-over|followed-up|record-outcome|correct-outcome|other-dates|"
            + "national-office|mail-provider)\\b");

    /** A link goes somewhere and says where (its words, or a label). */
    private static void noEmptyLink(Document html) {
        for (Element a : html.select("a")) {
            assertFalse(a.attr("href").isBlank() || a.attr("href").equals("#") || a.attr("href").matches("mailto:\\??.*")
                    && !a.attr("href").matches("mailto:[^?@]+@.+"), "a link to nowhere: " + a);
            assertFalse(a.text().isBlank() && a.attr("aria-label").isBlank(), "a link without words: " + a);
        }
    }

    /** Words of the English pages that Swedish has no use for. */
    private static final Set<String> ENGLISH = englishWords();

    private static Set<String> englishWords() {
        Properties[] en = BUNDLES.stream().map(f -> bundle(f, Language.EN)).toArray(Properties[]::new);
        Properties[] sv = BUNDLES.stream().map(f -> bundle(f, Language.SV)).toArray(Properties[]::new);
        Set<String> english = MailGalleryTest.words(en);
        english.removeAll(MailGalleryTest.words(sv));
        assertTrue(english.size() > 100 && english.contains("your"), "the English words: " + english);
        return english;
    }
}
