package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.localruntime.MailGallery.Entry;
import se.smartcitysweden.booking.localruntime.MailGallery.Reader;
import se.smartcitysweden.booking.port.EmailMessage;

/**
 * Every mail of the gallery, read as its reader reads it: the gallery holds every kind the code can
 * send, each in both languages, and each mail carries its footer and links, says nothing half-made,
 * is in one language, and says the same in its text and HTML parts. (Its HTML at 375 px is checked
 * in a browser: web/tests/gallery.test.js.)
 */
class MailGalleryTest {
    private static final Map<String, Properties> BUNDLES = new LinkedHashMap<>();
    private static final String MAIL = "/se/smartcitysweden/booking/notification/Mail_%s.properties";
    private static final String CONSOLE = "/se/smartcitysweden/booking/console/web/Console_%s.properties";
    private static final List<Entry> ENTRIES = MailGallery.entries();
    private static final Map<Entry, EmailMessage> MAILS = new LinkedHashMap<>();
    private static final Pattern URL = Pattern.compile("(https?://|mailto:)[^\\s\"<>]+");
    private static final Pattern ADDRESS = Pattern.compile("[\\w.+-]+@[\\w.-]+");

    static {
        for (Entry e : ENTRIES) MAILS.put(e, e.render().get());
    }

    // ---- the gallery covers the code ----

    /** The kinds of mail the code has: a subject key each (the console's sign-in mail: its mail.subject). */
    private static Set<String> kindsOfTheCode() {
        Set<String> kinds = new TreeSet<>();
        for (String key : bundle(MAIL, Language.EN).stringPropertyNames()) {
            if (key.endsWith(".subject")) kinds.add(key.substring(0, key.length() - ".subject".length()));
        }
        for (String key : bundle(CONSOLE, Language.EN).stringPropertyNames()) {
            if (key.startsWith("mail.") && key.endsWith(".subject")) kinds.add("console." + key.substring(0, key.length() - 8));
        }
        return kinds;
    }

    @Test
    void givenEveryMailKindOfTheCode_whenTheGalleryIsListed_thenEachHasAnEntryInSwedishAndEnglish() {
        Set<String> kinds = kindsOfTheCode();
        assertTrue(kinds.size() >= 20, "the subject keys were found: " + kinds);
        for (String kind : kinds) {
            for (Language language : Language.values()) {
                assertTrue(ENTRIES.stream().anyMatch(e -> e.kind().equals(kind) && e.language() == language),
                        "no gallery entry for the mail kind " + kind + " in " + language
                                + ": add one to MailGallery.entries() (a sample and how the real code draws it)");
            }
        }
        for (Entry e : ENTRIES) assertTrue(kinds.contains(e.kind()), "an entry of no known kind: " + e.kind());
    }

    @Test
    void givenEachEntry_whenDrawn_thenItsSubjectIsThatOfItsKind() {
        for (Entry e : ENTRIES) {
            boolean console = e.kind().startsWith("console.");
            String key = (console ? e.kind().substring("console.".length()) : e.kind()) + ".subject";
            String pattern = bundle(console ? CONSOLE : MAIL, e.language()).getProperty(key);
            assertTrue(subjectPattern(pattern).matcher(MAILS.get(e).subject()).matches(),
                    e.id() + ": [" + MAILS.get(e).subject() + "] is not a " + key + " [" + pattern + "]");
        }
    }

    @Test
    void givenTheMailWords_whenCompared_thenEveryKeyIsInBothLanguages() {
        for (String bundle : List.of(MAIL, CONSOLE)) {
            Set<String> en = bundle(bundle, Language.EN).stringPropertyNames();
            Set<String> sv = bundle(bundle, Language.SV).stringPropertyNames();
            assertFalse(en.isEmpty());
            assertEquals(new TreeSet<>(en), new TreeSet<>(sv), bundle + ": the same keys in Swedish and English");
            for (String key : en) assertFalse(bundle(bundle, Language.SV).getProperty(key).isBlank(), key + " is empty in Swedish");
        }
    }

    // ---- each mail, as its reader reads it ----

    @TestFactory
    Stream<DynamicTest> everyGalleryMail() {
        assertTrue(ENTRIES.size() >= 2 * kindsOfTheCode().size(), "every kind in both languages: " + ENTRIES.size());
        return ENTRIES.stream().map(e -> DynamicTest.dynamicTest(e.id(), () -> {
            EmailMessage mail = MAILS.get(e);
            Document html = Jsoup.parse(mail.html());
            String htmlText = html.body().text();
            hasTheFooterAndLinks(e, mail, htmlText);
            noHalfMadeLine(mail, html);
            noCodeWords(mail.subject() + "\n" + mail.text() + "\n" + htmlText);
            if (e.language() == Language.SV) swedishThroughout(mail.subject() + "\n" + mail.text() + "\n" + htmlText);
            sameInTextAndHtml(mail, html);
        }));
    }

    private static void hasTheFooterAndLinks(Entry e, EmailMessage mail, String htmlText) {
        // The console's sign-in mail goes to staff about their sign-in, not about a booking's personal data.
        if (e.reader() == Reader.CONSOLE_USER) return;
        Properties words = bundle(MAIL, e.language());
        String controller = words.getProperty("privacy.controller");
        controller = controller.substring(0, controller.indexOf("{0}")).strip();
        for (String part : List.of(mail.text(), htmlText)) {
            assertTrue(part.contains(words.getProperty("privacy.notice")), "the privacy notice in\n" + part);
            assertTrue(part.contains(controller), "the controller in\n" + part);
        }
        assertTrue(mail.text().contains("/privacy.html#" + e.language().code()), mail.text());
        assertTrue(mail.html().contains("/privacy.html#" + e.language().code()), mail.html());
        if (e.reader() == Reader.VISITOR) {
            String label = words.getProperty("link.visitor");
            assertTrue(Pattern.compile(Pattern.quote(label) + ":\\s+https://\\S+/visit\\?token=\\S+").matcher(mail.text()).find(),
                    "the booking page's link in\n" + mail.text());
            Element link = Jsoup.parse(mail.html()).selectFirst("a[href*=/visit?token=]");
            assertNotNull(link, "the booking page's link in\n" + mail.html());
            assertEquals(label, link.text());
        }
    }

    /** No label without its value: a line ending in ": " or a ":" line with nothing under it, an empty link, "()" or ", ,". */
    private static void noHalfMadeLine(EmailMessage mail, Document html) {
        List<String> lines = List.of(mail.text().split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertFalse(line.endsWith(": ") || line.strip().equals(":") || line.strip().equals("-"), "[" + line + "] in\n" + mail.text());
            if (line.strip().endsWith(":")) {
                assertTrue(i + 1 < lines.size() && !lines.get(i + 1).isBlank(), "nothing after [" + line + "] in\n" + mail.text());
            }
        }
        for (String part : List.of(mail.subject(), mail.text(), html.body().text())) {
            assertFalse(part.contains("()") || part.contains(", ,") || part.contains(" ,") || part.contains(": :"), part);
        }
        for (Element a : html.select("a")) {
            assertTrue(a.attr("href").matches("(https://|mailto:)\\S+"), "a link to nowhere: " + a);
            assertFalse(a.text().isBlank(), "a link without words: " + a);
        }
    }

    static final List<Pattern> CODE_WORDS = List.of(Pattern.compile("\\bnull\\b"), Pattern.compile("\\{\\d"),
            Pattern.compile("\\{\\{|}}"), Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}"), Pattern.compile("''"),
            Pattern.compile("\\bOptional\\b|\\bundefined\\b|\\bNaN\\b"), Pattern.compile("&(amp|lt|gt|quot|#\\d+);"),
            Pattern.compile("\\b[a-z]+-(over|dates|outcome|given)\\b"), Pattern.compile("\\b[A-Z]{3,}_[A-Z_]+\\b"),
            Pattern.compile("\\b(SUBMITTED|ACKNOWLEDGED|CONFIRMED|DECLINED|CANCELLED|COMPLETED|FOLLOWED_UP)\\b"));

    static void noCodeWords(String all) {
        String words = URL.matcher(all).replaceAll(" ");
        for (Pattern code : CODE_WORDS) {
            Matcher m = code.matcher(words);
            assertFalse(m.find(), "a code word [" + (m.hitEnd() ? "" : m.group()) + "] in\n" + words);
        }
    }

    /** Words of the English mails that Swedish has no use for: none may be in a Swedish mail. */
    private static final Set<String> ENGLISH = englishWords();

    private static Set<String> englishWords() {
        Set<String> english = words(bundle(MAIL, Language.EN), bundle(CONSOLE, Language.EN));
        english.removeAll(words(bundle(MAIL, Language.SV), bundle(CONSOLE, Language.SV)));
        return english;
    }

    static Set<String> words(Properties... bundles) {
        Set<String> words = new HashSet<>();
        for (Properties p : bundles) {
            for (String key : p.stringPropertyNames()) {
                Matcher m = Pattern.compile("\\p{L}{4,}").matcher(p.getProperty(key));
                while (m.find()) words.add(m.group().toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    private static void swedishThroughout(String all) {
        assertTrue(ENGLISH.size() > 100 && ENGLISH.contains("swedish") && ENGLISH.contains("your"), "the English words: " + ENGLISH);
        swedishThroughout(all, ENGLISH);
    }

    /** No word of {@code english} (a set of lower-case words) in {@code all}, addresses and links aside. */
    static void swedishThroughout(String all, Set<String> english) {
        String words = ADDRESS.matcher(URL.matcher(all).replaceAll(" ")).replaceAll(" ");
        Matcher m = Pattern.compile("\\p{L}{4,}").matcher(words);
        Set<String> found = new TreeSet<>();
        while (m.find()) if (english.contains(m.group().toLowerCase(Locale.ROOT))) found.add(m.group());
        assertTrue(found.isEmpty(), "English words " + found + " in a Swedish text:\n" + all);
    }

    /**
     * The text part and the HTML part say the same: every piece of a text line is in the HTML's text, every
     * text of the HTML is in the text part (a link's words may stand for its address there), and both
     * carry the same links.
     */
    private static void sameInTextAndHtml(EmailMessage mail, Document html) {
        String htmlText = squeeze(html.body().text());
        String text = squeeze(mail.text());
        for (String line : mail.text().split("\n")) {
            for (String piece : URL.matcher(line).replaceAll("\t").split("\t")) {
                String said = squeeze(piece.replaceFirst("^\\s*-\\s+", "").replaceFirst(":\\s*$", ""));
                if (said.isEmpty() || said.equals("--")) continue;
                assertTrue(htmlText.contains(said), "[" + said + "] of the text part is not in the HTML part:\n" + htmlText);
            }
        }
        Set<String> linksInText = new TreeSet<>();
        URL.matcher(mail.text()).results().forEach(r -> linksInText.add(r.group()));
        Set<String> linksInHtml = html.select("a[href^=http], a[href^=mailto]").stream().map(a -> a.attr("href")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(linksInText, linksInHtml, "the same links in both parts");
        List<String> missing = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (!(node instanceof TextNode t) || t.isBlank()) return;
            String said = squeeze(t.text());
            boolean linkWords = node.parent() instanceof Element a && a.tagName().equals("a") && text.contains(a.attr("href"));
            if (!text.contains(said) && !linkWords && !said.equals("#")) missing.add(said);
        }, html.body());
        assertTrue(missing.isEmpty(), missing + " of the HTML part not in the text part:\n" + mail.text());
    }

    private static String squeeze(String s) {
        return s.replace('\u00a0', ' ').replaceAll("\\s+", " ").strip();
    }

    /** A MessageFormat pattern as a regular expression: its literal text, any value for each argument. */
    private static Pattern subjectPattern(String format) {
        StringBuilder regex = new StringBuilder();
        for (String part : format.replace("''", "'").split("\\{[^}]*}", -1)) {
            if (regex.length() > 0 || format.startsWith("{")) regex.append(".+");
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static Properties bundle(String path, Language language) {
        return BUNDLES.computeIfAbsent(String.format(path, language.code()), file -> {
            try (InputStream in = MailGalleryTest.class.getResourceAsStream(file)) {
                assertNotNull(in, file);
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                return p;
            } catch (IOException e) {
                throw new AssertionError(file, e);
            }
        });
    }
}
