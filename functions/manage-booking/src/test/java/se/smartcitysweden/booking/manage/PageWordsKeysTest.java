package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.selfservice.VisitorActionParser;
import se.smartcitysweden.booking.workflow.ActionParser;

/**
 * Every word the pages can ask for exists in Swedish and in English: the literal keys in the code, the keys the
 * code builds from its action lists and statuses ("done." + action, ...), the error keys and the templates' words.
 * A missing word is a MissingResourceException at run time, which once turned a successful change into a 503
 * "Nothing was changed".
 */
class PageWordsKeysTest {
    private static final Path SOURCES = Path.of("src/main/java/se/smartcitysweden/booking/manage");
    private static final Path TEMPLATES = Path.of("src/main/resources/se/smartcitysweden/booking/manage");

    /** The keys the code builds: each list comes from the code's own list of actions, statuses or questions. */
    private static Set<String> builtKeys() {
        Set<String> keys = new TreeSet<>();
        for (String action : ActionParser.ACTIONS) {
            keys.add("done." + action); // the coordinator's banner after post/redirect/get
            keys.add("action." + action + ".title");
            // The history's words are shared's (history.HistorySentences): HistorySentencesTest checks every kind in both languages.
        }
        keys.addAll(List.of("done.noticePending", "done.title", "done.generic", "done.unshown"));
        List<String> visitorDone = new ArrayList<>(VisitorActionParser.ACTIONS);
        visitorDone.add("erase");
        for (String action : visitorDone) keys.add("visit.done." + action);
        for (String action : VisitorActionParser.ACTIONS) keys.add("visit." + action + ".title");
        for (BookingStatus status : BookingStatus.values()) {
            // The state's own name is StatusLabels' (shared), one word per audience everywhere; only the help is here.
            keys.add("visit.status." + status.id() + ".help");
        }
        for (int rating = 1; rating <= 5; rating++) keys.add("feedback.rating." + rating);
        for (String question : ImpactSurvey.QUESTIONS) {
            keys.add("impact." + question);
            keys.add("field." + question);
        }
        return keys;
    }

    /** The literal keys of w.get/w.format/doneText/word, and "error." + key + ".title" for every problem(...) key. */
    private static Set<String> literalKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern literal = Pattern.compile("\\b(?:w\\.(?:get|format)\\(|(?:doneText|word)\\(w,\\s*)\"([A-Za-z][A-Za-z0-9._-]*)\"");
        Pattern problem = Pattern.compile("problem\\([^;]*?,\\s*\"([A-Za-z]+)\",\\s*\"[a-z_]+\"");
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher m = literal.matcher(code);
                while (m.find()) if (!m.group(1).endsWith(".")) keys.add(m.group(1));
                Matcher p = problem.matcher(code);
                while (p.find()) keys.add("error." + p.group(1) + ".title");
            }
        }
        assertTrue(keys.contains("done.noticePending") && keys.contains("error.unavailable.title"), "the scan finds keys: " + keys);
        return keys;
    }

    @Test
    void givenEveryKeyTheCodeCanAskFor_whenLookedUpInBothLanguages_thenEachExists() throws IOException {
        Set<String> keys = new TreeSet<>(builtKeys());
        keys.addAll(literalKeys());
        List<String> missing = new ArrayList<>();
        for (Language language : Language.values()) {
            PageWords w = PageWords.of(language);
            for (String key : keys) if (!w.has(key) || w.get(key).isBlank()) missing.add(language.code() + ": " + key);
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void givenTheResultBannerOfEveryCoordinatorAction_whenLookedUp_thenItIsThereInSwedishAndEnglish() {
        for (Language language : Language.values()) {
            for (String action : ActionParser.ACTIONS) {
                assertTrue(PageWords.of(language).has("done." + action), language + ": done." + action);
            }
        }
        assertEquals("The visitor's personal data has been erased.", PageWords.of(Language.EN).get("done.erase"));
        assertEquals("Besökarens personuppgifter är raderade.", PageWords.of(Language.SV).get("done.erase"));
    }

    @Test
    void givenBothLanguages_whenTheirKeysAreCompared_thenTheyAreTheSame() {
        Set<String> en = new TreeSet<>(PageWords.of(Language.EN).all().keySet());
        Set<String> sv = new TreeSet<>(PageWords.of(Language.SV).all().keySet());
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(sv);
        Set<String> onlySv = new TreeSet<>(sv);
        onlySv.removeAll(en);
        assertEquals(Set.of(), onlyEn, "only in English");
        assertEquals(Set.of(), onlySv, "only in Swedish");
    }

    @Test
    void givenEveryWordTheTemplatesName_whenLookedUpInBothLanguages_thenEachExists() throws IOException {
        Pattern word = Pattern.compile("\\{\\{[#^/]?t\\.([A-Za-z0-9_]+)");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(TEMPLATES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".mustache")).toList()) {
                Matcher m = word.matcher(Files.readString(file));
                while (m.find()) {
                    for (Language language : Language.values()) {
                        if (!PageWords.of(language).all().containsKey(m.group(1))) {
                            missing.add(language.code() + ": " + file.getFileName() + " t." + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void givenTheSwedishVisitorPages_whenRead_thenTheyAddressTheVisitorAsDuThroughout() {
        // The visitor pages and the visitor's mails speak to one person ("du", "ditt besök"); "ni/er" read as another voice.
        Pattern ni = Pattern.compile("(?iu)(?<![\\p{L}])(ni|er|ert|era)(?![\\p{L}])");
        List<String> visitorKeys = new ArrayList<>();
        List<String> plural = new ArrayList<>();
        PageWords.of(Language.SV).all().forEach((key, text) -> {
            if (!key.matches("(visit|feedback|impact|link)[._].*")) return;
            visitorKeys.add(key);
            if (ni.matcher(String.valueOf(text)).find()) plural.add(key + "=" + text);
        });
        assertTrue(visitorKeys.size() > 40, "the visitor pages' words were read: " + visitorKeys.size());
        assertEquals(List.of(), plural);
    }
}
