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
        ((ObjectNode) body.path("participants").get(0)).put("organisation", organisation);
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
    void searchAsAHelpDesk_wordByWord_inAnyField_eitherLanguage_caseAndAccentsAside_withTheMatchedFieldShown() {
        ObjectNode body = BookingJson.valid(TODAY);
        ((ObjectNode) body.path("contact")).put("name", "Björn Ålund").put("email", "bjorn@kommune.dk").put("organisation", "Aarhus Kommune")
                .put("country", "DK");
        ((ObjectNode) body.path("participants").get(0)).put("name", "Séverine Dupont").put("email", "severine.dupont@ville.fr").put("organisation", "Ville de Lyon");
        BookingCase danish = new BookingCase(new Booking("id-dk", "UME-DK001", BookingStatus.SUBMITTED, Instant.parse("2027-03-02T09:00:00Z"),
                BookingRequestParser.parse(body, TODAY).request().orElseThrow()), 1, Workflow.empty(), "sent");
        List<BookingCase> cases = List.of(danish, fresh, late);
        java.util.function.BiFunction<String, java.util.function.Function<String, String>, List<BookingList.Row>> search =
                (q, names) -> list.rows(cases, "all", q, TODAY, names);
        java.util.function.Function<String, String> english = code -> new java.util.Locale("", code).getDisplayCountry(java.util.Locale.ENGLISH);
        java.util.function.Function<String, String> swedish = code -> new java.util.Locale("", code).getDisplayCountry(java.util.Locale.forLanguageTag("sv"));
        for (var names : List.of(english, swedish)) {
            // Country in either language, any case: "denmark" finds Danmark in a Swedish console and Denmark in an English one.
            assertEquals(List.of("UME-DK001"), refsOf(search.apply("denmark", names)));
            assertEquals(List.of("UME-DK001"), refsOf(search.apply("DANMARK", names)));
            assertEquals(List.of("UME-DK001"), refsOf(search.apply("dk", names)), "the code, whole");
        }
        // A participant's e-mail, and the list says where it was found.
        List<BookingList.Row> byMail = search.apply("severine.dupont@ville.fr", swedish);
        assertEquals(List.of("UME-DK001"), refsOf(byMail));
        assertEquals(List.of(new BookingList.Match("participantEmail", "severine.dupont@ville.fr")), byMail.get(0).matched());
        // Accents aside, both ways; the contact's name and e-mail.
        assertEquals(List.of("UME-DK001"), refsOf(search.apply("severine", swedish)));
        assertEquals(List.of("UME-DK001"), refsOf(search.apply("Bjorn Alund", swedish)));
        assertEquals(List.of("UME-DK001"), refsOf(search.apply("bjorn@kommune.dk", swedish)));
        // Word by word: every word must be found, each in any field.
        List<BookingList.Row> two = search.apply("aarhus dupont", english);
        assertEquals(List.of("UME-DK001"), refsOf(two));
        assertEquals(List.of("organisation", "participantName", "participantEmail"), two.get(0).matched().stream().map(BookingList.Match::field).toList());
        assertEquals(List.of(), refsOf(search.apply("aarhus porto", english)), "both words must be found");
        assertEquals(List.of("UME-LATE1"), refsOf(search.apply("no", english)), "a two-letter code matches a country whole");
        // Without a search, nothing is marked as found.
        assertEquals(List.of(), list.rows(cases, "all", "", TODAY, english).get(0).matched());
    }

    private static List<String> refsOf(List<BookingList.Row> rows) {
        return rows.stream().map(r -> r.bookingCase().booking().reference()).toList();
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
