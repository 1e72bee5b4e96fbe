package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** Once the visitor's personal data is erased, the coordinator's page offers no way to write to them. */
class ErasedBookingPageTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    private static BookingCase booking() {
        Booking booking = new Booking("b-1", "UME-7K3QF", BookingStatus.ACKNOWLEDGED, NOW,
                BookingRequestParser.parse(BookingJson.valid(LocalDate.of(2026, 11, 27)), LocalDate.of(2026, 11, 27)).request().orElseThrow());
        return new BookingCase(booking, 2, Workflow.empty(), "sent");
    }

    @Test
    void givenAnErasedBooking_whenTheManagePageIsShown_thenItOffersNoReplyToTheVisitor() {
        BookingCase open = booking();
        String before = CoordinatorView.page(200, open, PageWords.of(Language.EN), "token", Focus.none(), NOW).body();
        assertTrue(before.contains("mailto:"), "an open booking offers the reply: " + before);
        BookingCase erased = PersonalData.anonymise(open, "visitor", "erase", "", NOW);
        for (Language language : Language.values()) {
            String page = CoordinatorView.page(200, erased, PageWords.of(language), "token", Focus.none(), NOW).body();
            assertFalse(page.contains("mailto:"), page);
            assertFalse(page.contains(PageWords.of(language).get("manage.reply")), page);
        }
    }

    @Test
    void givenAnOpenRequest_whenEitherEraseBoxIsShown_thenItSaysTheRequestWillBeCancelled() {
        for (Language language : Language.values()) {
            PageWords w = PageWords.of(language);
            String cancelled = language == Language.SV ? "En öppen förfrågan avbryts." : "An open request is cancelled.";
            assertTrue(w.get("visit.erase.help").contains(cancelled), language + " visitor box");
            assertTrue(w.get("action.erase.help").contains(cancelled), language + " coordinator box");
            String page = CoordinatorView.page(200, booking(), w, "token", Focus.none(), NOW).body();
            assertTrue(page.contains(cancelled), page);
        }
    }
}
