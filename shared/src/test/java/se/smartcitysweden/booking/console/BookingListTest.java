package se.smartcitysweden.booking.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

class BookingListTest {
    private static final LocalDate TODAY = LocalDate.parse("2027-03-10"); // a Wednesday
    private static final Map<String, String> COUNTRIES = Map.of("PT", "Portugal", "NO", "Norway", "FR", "France");
    private final BookingList list = new BookingList(WorkingDays.sweden());

    private static BookingCase c(String ref, BookingStatus status, String arrived, String organisation, String country,
                                 Workflow workflow) {
        ObjectNode body = BookingJson.valid(TODAY);
        ((ObjectNode) body.path("contact")).put("organisation", organisation).put("country", country);
        return new BookingCase(new Booking("id-" + ref, ref, status, Instant.parse(arrived + "T09:00:00Z"),
                BookingRequestParser.parse(body, TODAY).request().orElseThrow()), 1, workflow, "sent");
    }

    private final BookingCase declined = c("UME-DECL1", BookingStatus.DECLINED, "2027-03-09", "Lyon", "FR", Workflow.empty());
    private final BookingCase oldDeclined = c("UME-DECL0", BookingStatus.DECLINED, "2027-01-09", "Lyon", "FR", Workflow.empty());
    private final BookingCase fresh = c("UME-NEW01", BookingStatus.SUBMITTED, "2027-03-08", "City of Porto", "PT", Workflow.empty());
    private final BookingCase late = c("UME-LATE1", BookingStatus.SUBMITTED, "2027-03-01", "Oslo Kommune", "NO", Workflow.empty());
    private final BookingCase visit = c("UME-VIS01", BookingStatus.CONFIRMED, "2027-02-01", "Porto Energy", "PT",
            Workflow.empty().withVisit(new Workflow.Visit(TODAY.plusDays(30), TODAY.plusDays(31))));
    private final List<BookingCase> all = List.of(declined, oldDeclined, fresh, late, visit);

    private List<String> refs(String status, String search) {
        return list.rows(all, status, search, TODAY, code -> COUNTRIES.getOrDefault(code, code)).stream()
                .map(r -> r.bookingCase().booking().reference()).toList();
    }

    @Test
    void openOnesComeFirst_soonestDueOnTop_thenTheClosedOnesNewestFirst() {
        assertEquals(List.of("UME-LATE1", "UME-NEW01", "UME-VIS01", "UME-DECL1", "UME-DECL0"), refs("all", ""));
        assertEquals(List.of("UME-LATE1", "UME-NEW01", "UME-VIS01"), refs("open", ""));
        assertEquals(List.of("UME-DECL1", "UME-DECL0"), refs("declined", ""));
    }

    @Test
    void searchFindsTheReferenceTheOrganisationOrTheCountry() {
        assertEquals(List.of("UME-LATE1"), refs("all", "late1"));
        assertEquals(List.of("UME-NEW01", "UME-VIS01"), refs("all", "porto"));
        assertEquals(List.of("UME-LATE1"), refs("all", "norw"));
        assertEquals(List.of("UME-DECL1", "UME-DECL0"), refs("all", "fr"));
    }

    @Test
    void theNextStepSaysWhatIsDueAndWhetherItIsLate() {
        // Arrived Monday 1 March: answered within two working days, by Wednesday 3 March.
        BookingList.NextStep answer = list.next(late, TODAY);
        assertEquals("answer", answer.key());
        assertEquals(LocalDate.parse("2027-03-03"), answer.due().orElseThrow());
        assertEquals(true, answer.late(TODAY));
        assertEquals(false, list.next(fresh, TODAY).late(TODAY));
        assertEquals("visit", list.next(visit, TODAY).key());
        assertEquals(TODAY.plusDays(30), list.next(visit, TODAY).due().orElseThrow());
        assertEquals("complete", list.next(visit, TODAY.plusDays(32)).key());
        assertEquals("none", list.next(declined, TODAY).key());
    }
}
