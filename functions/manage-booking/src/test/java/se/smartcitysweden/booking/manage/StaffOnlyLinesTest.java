package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** The staff's internal notes and assignments never reach the visitor: not on their page, not in its JSON. */
class StaffOnlyLinesTest {
    private static final LocalDate TODAY = LocalDate.of(2027, 3, 1);
    private static final Instant NOW = Instant.parse("2027-03-01T09:00:00Z");

    @Test
    void givenANoteAndAnAssignment_whenTheVisitorsPageIsAskedForAsJson_thenNeitherIsInItsHistory() {
        Actor anna = new Actor(Actor.Kind.COORDINATOR, Optional.of(Node.UMEA), "Anna Berg", "anna@example.org");
        Booking booking = new Booking("b-1", "UME-22222", BookingStatus.ACKNOWLEDGED, NOW.minusSeconds(86_400),
                BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());
        BookingCase c = new BookingCase(booking, 3, new Workflow(List.of(
                new Workflow.HistoryEntry(NOW, anna, new HistoryEvent.Acknowledged()),
                new Workflow.HistoryEntry(NOW, anna, new HistoryEvent.NoteAdded("The visitor sounded unsure.")),
                new Workflow.HistoryEntry(NOW, anna, new HistoryEvent.Assigned("anna@example.org", "Anna Berg"))),
                Optional.empty(), "", Optional.empty(), Optional.empty(), Map.of()), "sent");

        String json = CaseJson.visitor(c, List.of(), TODAY.plusDays(30)).toString();

        assertTrue(json.contains("\"action\":\"acknowledge\""), json);
        assertFalse(json.contains("note") || json.contains("assign") || json.contains("unsure") || json.contains("Anna"), json);
        List<Map<String, Object>> rows = HistoryView.forVisitor(c, PageWords.of(booking.language()));
        assertFalse(rows.toString().contains("unsure") || rows.toString().contains("Anna"), rows.toString());
    }
}
