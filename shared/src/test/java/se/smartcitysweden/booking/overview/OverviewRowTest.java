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
import se.smartcitysweden.booking.domain.FollowUpPlan;
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
        // Marked done with counts: nobody came (one of them anonymised), more than expected, no count (as before counts
        // were asked), a followed-up visit with a count, and a no-show corrected to a count.
        List<Spec> doneSpecs = OverviewFixtures.seeded(13, 8, FROM, 100);
        for (int i = 0; i < doneSpecs.size(); i++) {
            Spec s = doneSpecs.get(i);
            BookingCase c = OverviewFixtures.build(new Spec("ATT-" + i, s.node(), s.day(), s.country(), s.areas(), s.goal(), s.size(),
                    60, i % 4 == 3 ? 3 : 2, null, true, 1, "Org", false));
            String[] counts = {"0", Integer.toString(s.size() + 5), "", "3"};
            c = OverviewFixtures.markedDone(c, counts[i % 4]);
            if (i == 5) c = OverviewFixtures.markedDone(OverviewFixtures.markedDone(c, "0"), "4");
            if (i == 4) c = PersonalData.anonymise(c, "follow-up", PersonalData.ANONYMISE, "", LATER);
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
        for (ReportBasis basis : ReportBasis.values()) {
            for (Set<Node> nodes : List.of(Set.<Node>of(), Set.of(Node.UMEA), EnumSet.of(Node.STOCKHOLM, Node.MALMO))) {
                for (Language language : Language.values()) {
                    String what = basis + " " + nodes + " " + language;
                    NationalOverview fromCases = NationalOverview.of(cases, FROM, TO, nodes, language, basis);
                    NationalOverview fromRows = NationalOverview.ofRows(stored, FROM, TO, nodes, language, basis);
                    assertEquals(fromCases.sections(), fromRows.sections(), what);
                    assertEquals(fromCases.html(), fromRows.html(), what);
                    assertEquals(fromCases.figures().rows.size(), fromRows.figures().rows.size(), what);
                    assertArrayEquals(fromCases.csv(), fromRows.csv(), what);
                    assertEquals(fromCases.figures().national, fromRows.figures().national, what);
                }
            }
        }
        // By visit date: exactly the bookings whose agreed visit begins in the period, whenever they were requested.
        List<BookingCase> visits = cases.stream().filter(c -> c.workflow().visit().map(v -> !v.from().isBefore(FROM) && !v.from().isAfter(TO))
                .orElse(false)).toList();
        OverviewFigures byVisit = NationalOverview.ofRows(stored, FROM, TO, Set.of(), Language.EN, ReportBasis.VISIT).figures();
        assertEquals(visits.size(), byVisit.rows.size());
        assertTrue(visits.stream().anyMatch(c -> c.booking().createdAt().isBefore(FROM.atStartOfDay(java.time.ZoneId.of("Europe/Stockholm")).toInstant())),
                "a visit in the period requested before it");
        List<BookingCase> done = visits.stream().filter(c -> c.status() == se.smartcitysweden.booking.domain.BookingStatus.COMPLETED
                || c.status() == se.smartcitysweden.booking.domain.BookingStatus.FOLLOWED_UP).toList();
        List<BookingCase> noShows = done.stream().filter(c -> FollowUpPlan.noShow(c.workflow())).toList();
        List<BookingCase> held = done.stream().filter(c -> !FollowUpPlan.noShow(c.workflow())).toList();
        assertTrue(noShows.size() >= 2, "the cases include no-shows");
        assertTrue(held.stream().anyMatch(c -> FollowUpPlan.attended(c.workflow())
                .filter(n -> n > 0 && n != c.booking().request().expectedParticipants()).isPresent()), "and a count unlike the expected");
        assertEquals(held.size(), byVisit.national.held(), "a no-show is not a visit held");
        assertEquals(noShows.size(), byVisit.national.noShows());
        assertEquals(noShows.size(), byVisit.fates[java.util.Arrays.asList(OverviewFigures.FATES).indexOf("noShow")]);
        assertEquals(held.stream().mapToInt(c -> FollowUpPlan.attended(c.workflow()).orElse(c.booking().request().expectedParticipants()))
                        .sum(), byVisit.national.people(),
                "people received: those who came to the visits held, as expected where nobody counted them");
        assertTrue(NationalOverview.ofRows(stored, FROM, TO, Set.of(), Language.EN).figures().impactAnswered[1] > 0,
                "the cases include answers of the 12-month survey");
    }

    @Test
    void givenARowOfTheFirstVersion_whenRead_thenItCountsWithoutVisitDaysAndItsExportCellsAreBlank() {
        // As the first version stored it: no reference, organisation, language or visit days.
        String old = "{\"f\":1,\"id\":\"b-1\",\"n\":\"umea\",\"t\":\"2026-03-02T09:00:00Z\",\"c\":\"DE\",\"a\":[\"energy\"],"
                + "\"g\":\"learning\",\"p\":12,\"h\":3600000,\"s\":\"completed\",\"k\":true,\"v\":4}";
        OverviewRow row = OverviewRowDocument.decode(old);
        assertEquals("", row.reference());
        assertTrue(row.visitFrom().isEmpty() && row.language().isEmpty() && row.attended().isEmpty());
        OverviewFigures byRequest = NationalOverview.ofRows(List.of(row), FROM, TO, Set.of(), Language.EN).figures();
        assertEquals(1, byRequest.national.held());
        assertEquals(12, byRequest.national.people());
        assertEquals(0, NationalOverview.ofRows(List.of(row), FROM, TO, Set.of(), Language.EN, ReportBasis.VISIT).figures().rows.size(),
                "no visit days: not among the visits until the rows are rebuilt");
        String csv = new String(NationalOverview.ofRows(List.of(row), FROM, TO, Set.of(), Language.EN).csv(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(csv.contains("\r\n;Umeå;2026-03-02;Completed;Germany;"), csv);
    }

    @Test
    void givenRowsWithAndWithoutTheNumberWhoCame_whenStoredAndRead_thenTheCountSurvivesAndOldRowsReadAsNotCounted() {
        // As the yearly report's version stored it: everything but the number who came.
        String previous = "{\"f\":1,\"id\":\"b-2\",\"n\":\"umea\",\"t\":\"2026-03-02T09:00:00Z\",\"c\":\"DE\",\"a\":[\"energy\"],"
                + "\"g\":\"learning\",\"p\":12,\"h\":3600000,\"s\":\"completed\",\"k\":true,\"v\":4,\"ref\":\"UME-00002\","
                + "\"l\":\"sv\",\"vf\":\"2026-04-01\",\"vt\":\"2026-04-01\"}";
        OverviewRow old = OverviewRowDocument.decode(previous);
        assertTrue(old.attended().isEmpty());
        assertTrue(old.held() && !old.noShow());
        assertEquals(12, old.received(), "not counted: as expected");
        assertEquals(old, OverviewRowDocument.decode(OverviewRowDocument.encode(old)));
        assertFalse(OverviewRowDocument.encode(old).contains("\"at\""), "nothing stored when nobody counted");
        for (int attended : new int[] {0, 7}) {
            OverviewRow counted = OverviewRowDocument.decode(previous.replace("\"v\":4,", "\"v\":4,\"at\":" + attended + ","));
            String encoded = OverviewRowDocument.encode(counted);
            assertEquals(counted, OverviewRowDocument.decode(encoded));
            assertEquals(java.util.Optional.of(attended), counted.attended());
            // Still encoding 1, the count a field of its own: a reader of the previous version reads the row and skips it.
            assertTrue(encoded.startsWith("{\"f\":1,") && encoded.contains("\"at\":" + attended), encoded);
            assertEquals(attended == 0, counted.noShow());
            assertEquals(attended != 0, counted.held());
            OverviewFigures figures = NationalOverview.ofRows(List.of(counted, old), FROM, TO, Set.of(), Language.EN).figures();
            assertEquals(attended == 0 ? 1 : 2, figures.national.held());
            assertEquals(12 + attended, figures.national.people());
            assertEquals(attended == 0 ? 1 : 0, figures.national.noShows());
        }
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
