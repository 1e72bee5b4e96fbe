package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** The coordinator's page says, in words, that the visitor got no acknowledgement and why (NotificationService's line). */
class SkippedAcknowledgementPageTest {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");

    private static BookingCase skipped(String detail) {
        Booking booking = new Booking("b-1", "UME-7K3QF", BookingStatus.SUBMITTED, NOW,
                BookingRequestParser.parse(BookingJson.valid(LocalDate.of(2026, 11, 27)), LocalDate.of(2026, 11, 27)).request().orElseThrow());
        return new BookingCase(booking, 2, Workflow.empty(), "sent")
                .withHistory(new Workflow.HistoryEntry(NOW, "notification", NotificationService.ACKNOWLEDGEMENT_SKIPPED, detail));
    }

    @Test
    void givenTheVisitorsAcknowledgementSkipped_whenTheManagePageIsShown_thenItsHistorySaysWhy() {
        String en = CoordinatorView.page(200, skipped("contact-address-limit"), PageWords.of(Language.EN), "token", Focus.none(), NOW).body();
        assertTrue(en.contains("Acknowledgement not sent (limit per address)"), en);
        assertTrue(en.contains("the visitor got no e-mail; reach them another way"), en);
        assertTrue(en.contains("Automatic e-mail"), en);
        String sv = CoordinatorView.page(200, skipped("organiser-address-limit"), PageWords.of(Language.SV), "token", Focus.none(), NOW).body();
        assertTrue(sv.contains("Mottagningsbekräftelsen skickades inte"), sv);
        assertTrue(sv.contains("arrangören fick ingen kopia"), sv);
    }
}
