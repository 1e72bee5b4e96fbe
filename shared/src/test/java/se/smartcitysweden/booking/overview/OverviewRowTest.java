package se.smartcitysweden.booking.overview;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.OverviewRowDocument;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.overview.OverviewFixtures.Spec;

class OverviewRowTest {
    private static final LocalDate FROM = LocalDate.parse("2026-03-01");
    private static final LocalDate TO = LocalDate.parse("2026-08-31");
    private static final Instant LATER = Instant.parse("2027-04-01T08:00:00Z");

    /** Seeded bookings of a year (some anonymised), plus impact answers of both rounds, one of them anonymised. */
    private static List<BookingCase> varied() {
        List<BookingCase> cases = new ArrayList<>(OverviewFixtures.build(OverviewFixtures.seeded(11, 500, LocalDate.parse("2026-01-01"), 365)));
        List<Spec> impactSpecs = OverviewFixtures.seeded(12, 6, FROM, 100);
        for (int i = 0; i < impactSpecs.size(); i++) {
            Spec s = impactSpecs.get(i);
            BookingCase c = OverviewFixtures.build(new Spec("IMP-" + i, s.node(), s.day(), s.country(), s.areas(), s.goal(), s.size(),
                    60, 2, 4, true, 2, "Org", false))
                    .withHistory(impact(LATER, "6:" + (i % 2) + "1" + (i % 3 == 0 ? 1 : 0) + "0:a note"));
            if (i % 2 == 0) c = c.withHistory(impact(LATER.plusSeconds(9_000_000), "12:0011:"));
            if (i == 3) c = PersonalData.anonymise(c, "follow-up", PersonalData.ANONYMISE, "", LATER.plusSeconds(99));
            cases.add(c);
        }
        return cases;
    }

    private static Workflow.HistoryEntry impact(Instant at, String detail) {
        return new Workflow.HistoryEntry(at, "visitor", "impact", detail);
    }

    @Test
    void givenVariedBookings_whenEncodedAndDecoded_thenTheRowIsTheSame() {
        for (BookingCase c : varied()) {
            OverviewRow row = OverviewRow.of(c);
            assertEquals(row, OverviewRowDocument.decode(OverviewRowDocument.encode(row)), OverviewRowDocument.encode(row));
        }
    }

    @Test
    void givenVariedBookingsInclAnonymised_whenCountedFromTheirStoredRows_thenEveryFigureIsTheOneCountedFromTheBookings() {
        List<BookingCase> cases = varied();
        List<OverviewRow> stored = cases.stream().map(c -> OverviewRowDocument.decode(OverviewRowDocument.encode(OverviewRow.of(c)))).toList();
        for (Set<Node> nodes : List.of(Set.<Node>of(), Set.of(Node.UMEA), EnumSet.of(Node.STOCKHOLM, Node.MALMO))) {
            for (Language language : Language.values()) {
                NationalOverview fromCases = NationalOverview.of(cases, FROM, TO, nodes, language);
                NationalOverview fromRows = NationalOverview.ofRows(stored, FROM, TO, nodes, language);
                assertEquals(fromCases.sections(), fromRows.sections(), nodes + " " + language);
                assertEquals(fromCases.html(), fromRows.html(), nodes + " " + language);
                assertEquals(fromCases.figures().rows.size(), fromRows.figures().rows.size());
            }
        }
        assertTrue(NationalOverview.ofRows(stored, FROM, TO, Set.of(), Language.EN).figures().impactAnswered[1] > 0,
                "the cases include answers of the 12-month survey");
    }

    @Test
    void givenAnOverviewOfRows_whenExported_thenItSaysTheExportsNeedTheBookings() {
        NationalOverview rows = NationalOverview.ofRows(List.of(), FROM, TO, Set.of(), Language.EN);
        assertThrows(IllegalStateException.class, rows::csv);
        assertThrows(IllegalStateException.class, rows::xlsx);
    }

    @Test
    void givenABookingWithPersonalData_whenItsRowIsEncoded_thenNothingPersonalIsInIt() {
        BookingCase c = OverviewFixtures.build(new Spec("UME-00001", Node.UMEA, FROM, "PT", List.of(se.smartcitysweden.booking.domain.FocusArea.ENERGY),
                se.smartcitysweden.booking.domain.MainGoal.LEARNING, 12, 90, 3, 5, true, 2, "Câmara Municipal do Porto", false))
                .withHistory(impact(LATER, "6:1010:We signed with Company 0"));
        String encoded = OverviewRowDocument.encode(OverviewRow.of(c));
        for (String personal : List.of("Ada Visitor", "ada@example.org", "Câmara", "Purpose", "Company 0", "Met people", "Fine",
                "signed")) {
            assertFalse(encoded.contains(personal), personal + " in " + encoded);
        }
        assertTrue(encoded.length() < 300, encoded.length() + " bytes: " + encoded);
    }

    @Test
    void givenTextThatIsNoRowOrAnotherEncoding_whenDecoded_thenItIsRefused() {
        String good = OverviewRowDocument.encode(OverviewRow.of(OverviewFixtures.build(OverviewFixtures.seeded(1, 1, FROM, 1).get(0))));
        for (String bad : List.of("", "{", "[]", "{\"f\":2}", good.replace("\"f\":1", "\"f\":2"), good.replace("\"n\":\"", "\"n\":\"x"),
                good.replace("\"t\":\"2026", "\"t\":\"20x6"), good.replace("\"id\":", "\"other\":"))) {
            assertThrows(IllegalArgumentException.class, () -> OverviewRowDocument.decode(bad), bad);
        }
    }
}
