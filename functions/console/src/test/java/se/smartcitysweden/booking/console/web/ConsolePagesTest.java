package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.smartcitysweden.booking.console.web.Fixtures.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.smartcitysweden.booking.console.BookingList;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.validation.StatusLabels;

/** Every page in both languages: every word there, every value escaped. */
class ConsolePagesTest {

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyPageRenders_withEveryWordOfItsLanguage_andEscapesWhatTheVisitorTyped(Language language) {
        InMemoryConsoleStore store = new InMemoryConsoleStore();
        int n = 0;
        for (BookingStatus status : BookingStatus.values()) {
            store.put(booking("b-" + n, "UME-0000" + n, Node.UMEA, status, n++, "<script>alert(1)</script> & Co", "PT"));
        }
        Outbox outbox = new Outbox();
        Browser browser = new Browser(new ConsoleHandler(store, SECRET, DIRECTORY, outbox, SENDER, language, BASE, new MovingClock(),
                Duration.ZERO));
        List<String> html = new ArrayList<>(List.of(browser.get("/console/sign-in?sent=1").getBody(),
                browser.get("/console/sign-in/tok").getBody()));
        browser.signIn(outbox, "national@example.org");
        html.add(browser.get("/console?status=all").getBody());
        html.add(browser.get("/console?status=all&q=%22%3E%3Cb%3E").getBody());
        ConsoleWords words = new ConsoleWords(language);
        for (String key : List.of("notFound", "unsupported", "csrf", "linkRefused", "method", "unavailable")) {
            html.add(ConsoleHttp.message(words, null, 400, key).body());
        }
        for (String page : html) {
            assertTrue(page.startsWith("<!doctype html>\n<html lang=\"" + language.code() + "\">"), page);
            assertFalse(page.contains("<script>") || page.contains("\"><b>"), "unescaped: " + page);
        }
        String list = html.get(2);
        assertEquals(BookingStatus.values().length, list.split("<tr class=").length - 1);
        assertTrue(list.contains("&lt;script&gt;"));
        assertTrue(html.get(3).contains("value=\"&quot;&gt;&lt;b&gt;\""), "the search, escaped: " + html.get(3));
        // One word per state: the list's, the filter's and the exports' come from StatusLabels, none of the console's own.
        for (BookingStatus status : BookingStatus.values()) {
            String word = StatusLabels.of(language).staff(status);
            assertTrue(list.contains("status-" + status.id() + "\">" + word + "</span>"), word + " in the list");
            assertTrue(list.contains("<option value=\"" + status.id() + "\">" + word + "</option>"), word + " in the filter");
            assertFalse(words.has("status." + status.id()) || words.has("filter.status." + status.id()), "a second word for " + status);
        }
        // Both languages have the same words.
        ResourceBundle sv = ResourceBundle.getBundle("se.smartcitysweden.booking.console.web.Console", Language.SV.locale());
        ResourceBundle en = ResourceBundle.getBundle("se.smartcitysweden.booking.console.web.Console", Language.EN.locale());
        assertEquals(sv.keySet(), en.keySet());
    }
}
