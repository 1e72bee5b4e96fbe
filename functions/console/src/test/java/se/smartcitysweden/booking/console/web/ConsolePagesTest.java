package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.smartcitysweden.booking.console.web.Fixtures.*;

import java.util.ArrayList;
import java.util.EnumSet;
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

/** Every page in both languages: every word there, every value escaped. */
class ConsolePagesTest {

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyPageRenders_withEveryWordOfItsLanguage_andEscapesWhatTheVisitorTyped(Language language) {
        ConsolePages pages = new ConsolePages(language);
        List<BookingCase> cases = new ArrayList<>();
        int n = 0;
        for (BookingStatus status : BookingStatus.values()) {
            cases.add(booking("b-" + n, "UME-0000" + n, Node.UMEA, status, n++, "<script>alert(1)</script> & Co", "PT"));
        }
        List<BookingList.Row> rows = new BookingList(WorkingDays.sweden()).rows(cases, "all", "", TODAY, pages.words()::country);
        Principal national = new Principal("w", EnumSet.allOf(Node.class), true);
        List<String> html = new ArrayList<>(List.of(pages.signIn("c", true, false), pages.signInConfirm("c", "tok"),
                pages.bookings(national, "c", rows, new ConsolePages.Filter("all", TODAY.minusDays(365), TODAY, "\"><b>", ""), TODAY)));
        for (String key : List.of("notFound", "unsupported", "csrf", "linkRefused", "method", "unavailable")) {
            html.add(pages.message(key, null));
        }
        for (String page : html) {
            assertTrue(page.startsWith("<!doctype html>\n<html lang=\"" + language.code() + "\">"), page);
            assertFalse(page.contains("<script>") || page.contains("\"><b>"), "unescaped: " + page);
        }
        String list = html.get(2);
        assertEquals(BookingStatus.values().length, list.split("<tr class=").length - 1);
        assertTrue(list.contains("&lt;script&gt;"));
        // Both languages have the same words.
        ResourceBundle sv = ResourceBundle.getBundle("se.smartcitysweden.booking.console.web.Console", Language.SV.locale());
        ResourceBundle en = ResourceBundle.getBundle("se.smartcitysweden.booking.console.web.Console", Language.EN.locale());
        assertEquals(sv.keySet(), en.keySet());
    }
}
