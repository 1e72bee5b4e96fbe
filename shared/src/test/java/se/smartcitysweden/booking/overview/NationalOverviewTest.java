package se.smartcitysweden.booking.overview;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.overview.OverviewFixtures.Spec;

class NationalOverviewTest {
    private static final LocalDate FROM = LocalDate.parse("2026-03-01");
    private static final LocalDate TO = LocalDate.parse("2026-08-31");
    private static final Set<Node> NODES = Set.of(Node.STOCKHOLM, Node.MALMO, Node.UMEA);
    private static final List<Spec> SPECS = OverviewFixtures.seeded(7, 400, LocalDate.parse("2026-01-01"), 365);
    private static final List<Spec> IN_PERIOD = SPECS.stream()
            .filter(s -> NODES.contains(s.node()) && !s.day().isBefore(FROM) && !s.day().isAfter(TO)).toList();
    private final NationalOverview overview = NationalOverview.of(OverviewFixtures.build(SPECS), FROM, TO, NODES, Language.EN);

    private Section section(String id) {
        return overview.sections().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static long count(Predicate<Spec> p) {
        return IN_PERIOD.stream().filter(p).count();
    }

    @Test
    void givenSeededBookings_whenCountedPerMonthAndNode_thenEachBookingCountsOnceInItsMonthAndNode() {
        List<Node> nodes = List.of(Node.STOCKHOLM, Node.MALMO, Node.UMEA);
        Section months = section("months");
        assertEquals(List.of("Month", "Stockholm", "Malmö", "Umeå", "Total"), months.head());
        assertEquals(6, months.rows().size(), "March to August");
        for (int m = 0; m < 6; m++) {
            YearMonth month = YearMonth.of(2026, 3 + m);
            List<Object> row = months.rows().get(m);
            for (int n = 0; n < nodes.size(); n++) {
                Node node = nodes.get(n);
                assertEquals((int) count(s -> YearMonth.from(s.day()).equals(month) && s.node() == node), row.get(n + 1),
                        month + " " + node);
            }
            assertEquals((int) count(s -> YearMonth.from(s.day()).equals(month)), row.get(4));
        }
        assertTrue(IN_PERIOD.stream().anyMatch(Spec::anonymised), "anonymised bookings are among those counted");
        assertEquals(IN_PERIOD.size(), overview.figures().rows.size());
    }

    @Test
    void givenSeededBookings_whenCountedByCountryGoalAndSize_thenTheyAreCountsOfBookings() {
        Map<String, Integer> countries = new HashMap<>();
        IN_PERIOD.forEach(s -> countries.merge(s.country().isEmpty() ? "Not given"
                : new Locale("", s.country()).getDisplayCountry(Locale.ENGLISH), 1, Integer::sum));
        Map<String, Integer> shown = new HashMap<>();
        section("countries").rows().forEach(r -> shown.put((String) r.get(0), (Integer) r.get(1)));
        assertEquals(countries, shown);
        List<Object> counts = section("countries").rows().stream().map(r -> r.get(1)).toList();
        for (int i = 1; i < counts.size(); i++) assertTrue((int) counts.get(i - 1) >= (int) counts.get(i), "most frequent first");

        int[] sizes = new int[5];
        IN_PERIOD.forEach(s -> sizes[s.size() <= 5 ? 0 : s.size() <= 10 ? 1 : s.size() <= 20 ? 2 : s.size() <= 50 ? 3 : 4]++);
        List<Object> sizeRows = section("sizes").rows().stream().map(r -> r.get(1)).toList();
        assertEquals(List.of(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]), sizeRows);
        assertEquals(List.of("1–5", "6–10", "11–20", "21–50", "51+"), section("sizes").rows().stream().map(r -> r.get(0)).toList());
        int goals = section("goals").rows().stream().mapToInt(r -> (Integer) r.get(1)).sum();
        assertEquals(IN_PERIOD.size(), goals, "one main goal per booking");
    }

    @Test
    void givenBookingsWithSeveralFocusAreas_whenCounted_thenTheChartCountsMentionsAndSaysSo() {
        Map<FocusArea, Integer> mentions = new EnumMap<>(FocusArea.class);
        IN_PERIOD.forEach(s -> s.areas().forEach(a -> mentions.merge(a, 1, Integer::sum)));
        Section focus = section("focus");
        assertEquals("Mentions", focus.head().get(1));
        for (int i = 0; i < FocusArea.values().length; i++) {
            assertEquals(mentions.getOrDefault(FocusArea.values()[i], 0), focus.rows().get(i).get(1));
        }
        int total = mentions.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(total > IN_PERIOD.size(), "the seed has bookings with several areas");
        assertTrue(focus.caption().contains(IN_PERIOD.size() + " bookings mention " + total), focus.caption());
        // Every other breakdown counts bookings: the funnel's steps add up to the number of bookings, not of mentions.
        assertEquals(IN_PERIOD.size(), section("funnel").rows().stream().mapToInt(r -> (Integer) r.get(1)).sum());
    }

    @Test
    void givenAnswerTimes_whenSummarisedPerNode_thenMedianAndNearestRankP90AreShown() {
        for (List<Object> row : section("answers").rows()) {
            Node node = List.of(Node.values()).stream().filter(n -> n.city().equals(row.get(0))).findFirst().orElseThrow();
            List<Double> hours = new ArrayList<>();
            IN_PERIOD.stream().filter(s -> s.node() == node && s.answerMinutes() != null)
                    .forEach(s -> hours.add(s.answerMinutes() / 60.0));
            hours.sort(null);
            int n = hours.size();
            double median = n % 2 == 1 ? hours.get(n / 2) : (hours.get(n / 2 - 1) + hours.get(n / 2)) / 2;
            double p90 = hours.get((int) Math.ceil(0.9 * n) - 1);
            assertEquals(n, row.get(1), node + " answered");
            assertEquals(Math.round(median * 10) / 10.0, (Double) row.get(2), 1e-9, node + " median");
            assertEquals(Math.round(p90 * 10) / 10.0, (Double) row.get(3), 1e-9, node + " p90");
            assertEquals((int) count(s -> s.node() == node && s.answerMinutes() == null), row.get(4), node + " unanswered");
        }
    }

    @Test
    void givenFewValues_whenMedianAndP90_thenTheyAreTheTextbookOnes() {
        assertEquals(3.0, OverviewFigures.median(List.of(1.0, 2.0, 3.0, 4.0, 10.0)));
        assertEquals(2.5, OverviewFigures.median(List.of(1.0, 2.0, 3.0, 4.0)));
        assertEquals(10.0, OverviewFigures.percentile(List.of(1.0, 2.0, 3.0, 4.0, 10.0), 90));
        assertEquals(9.0, OverviewFigures.percentile(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0), 90));
        assertEquals(0.0, OverviewFigures.median(List.of()));
    }

    @Test
    void givenSeededBookings_whenFunnelOutcomesAndRatings_thenTheyMatchTheStages() {
        List<Object> funnel = section("funnel").rows().stream().map(r -> r.get(1)).toList();
        // What became of every request, once each: a visit cancelled after its confirmation is cancelled, not confirmed.
        assertEquals(List.of((int) count(s -> s.answerMinutes() == null), (int) count(s -> s.answerMinutes() != null && s.stage() == 0),
                (int) count(s -> s.stage() == 1), (int) count(s -> s.stage() >= 2), 0, (int) count(s -> s.stage() == -1),
                (int) count(s -> s.stage() == -2)), funnel);
        assertTrue(count(s -> s.stage() == -2) > 0 && count(s -> s.stage() == -1) > 0, "the seed declines and cancels some");
        assertTrue(section("funnel").caption().contains("(" + count(s -> s.stage() == -2) + " of the cancelled ones)"),
                section("funnel").caption());
        List<Object> outcomes = section("outcomes").rows().stream().map(r -> r.get(1)).toList();
        assertEquals(List.of((int) count(s -> s.stage() == 3), (int) count(s -> s.stage() == 3 && s.interest()),
                (int) count(s -> s.stage() == 3 && s.companies() > 0),
                IN_PERIOD.stream().filter(s -> s.stage() == 3).mapToInt(Spec::companies).sum()), outcomes);
        int[] ratings = new int[5];
        IN_PERIOD.stream().filter(s -> s.rating() != null).forEach(s -> ratings[s.rating() - 1]++);
        assertEquals(List.of(ratings[0], ratings[1], ratings[2], ratings[3], ratings[4]),
                section("ratings").rows().stream().map(r -> r.get(1)).toList());
    }

    @Test
    void givenTheOverview_whenRendered_thenItIsWellFormedWithAnSvgAndATablePerBreakdown() throws Exception {
        Document page = parse(overview.html());
        NodeList svgs = page.getElementsByTagName("svg");
        NodeList tables = page.getElementsByTagName("table");
        assertEquals(overview.sections().size(), svgs.getLength());
        assertEquals(svgs.getLength(), tables.getLength());
        for (int i = 0; i < svgs.getLength(); i++) {
            Element svg = (Element) svgs.item(i);
            assertEquals("img", svg.getAttribute("role"));
            assertEquals(svg.getAttribute("aria-labelledby"),
                    ((Element) svg.getElementsByTagName("title").item(0)).getAttribute("id"));
            assertTrue(svg.getElementsByTagName("rect").getLength() > 0, "bars are drawn");
            Element table = (Element) tables.item(i);
            assertFalse(table.getElementsByTagName("caption").item(0).getTextContent().isBlank());
        }
        assertFalse(overview.html().contains("<html") || overview.html().contains("<head"));
        assertTrue(NationalOverview.css().contains("@media print"));
    }

    @Test
    void givenSwedish_whenRendered_thenLabelsComeFromTheOneLabelSource() throws Exception {
        String html = NationalOverview.of(OverviewFixtures.build(SPECS), FROM, TO, NODES, Language.SV).html();
        parse(html);
        assertTrue(html.contains("Hållbara transporter"), "focus area from ChoiceLabels_sv");
        assertTrue(html.contains("Affärer och export"), "main goal from ChoiceLabels_sv");
        assertTrue(html.contains("Tyskland"), "country in Swedish");
        assertTrue(html.contains("Omnämnanden"));
    }

    @Test
    void givenAHostileCountryCode_whenRendered_thenItIsEscaped() throws Exception {
        Spec spec = SPECS.get(0);
        Spec hostile = new Spec(spec.reference(), Node.UMEA, FROM, "<script>alert(1)</script>", spec.areas(), spec.goal(), 3,
                null, 0, null, false, 0, "</table><script>alert(2)</script>", false);
        String html = NationalOverview.of(List.of(OverviewFixtures.build(hostile)), FROM, TO, Set.of(), Language.EN).html();
        assertFalse(html.toLowerCase().contains("<script"), html);
        assertFalse(html.contains("</table><"));
        parse(html);
    }

    @Test
    void givenTheBookings_whenExportedAsCsv_thenExcelReadsColumnsWithoutAnythingPersonalAndNoFormula() {
        List<BookingCase> cases = new ArrayList<>(OverviewFixtures.build(IN_PERIOD));
        Spec s = IN_PERIOD.get(0);
        cases.add(OverviewFixtures.build(new Spec("HOS-00000", Node.UMEA, FROM, "SE", s.areas(), s.goal(), 2, 90, 0,
                null, false, 0, "=1+1", false)));
        byte[] bytes = NationalOverview.of(cases, FROM, TO, NODES, Language.SV).csv();
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3), "BOM");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertFalse(text.replace("\r\n", "").contains("\n"), "CRLF only");
        assertFalse(text.contains("=1+1") || text.contains("Org "), "no organisation: the rows hold nothing personal");
        List<List<String>> rows = parseCsv(text);
        assertEquals(List.of("Referens", "Nod", "Inkommen", "Status", "Land", "Huvudsyfte", "Fokusområden",
                "Deltagare", "Deltog", "Språk", "Besök från", "Besök till", "Första svar (timmar)", "Resultat registrerat", "Mötta företag",
                "Affärsintresse", "Betyg", "Effekt 6 månader", "Effekt 12 månader"), rows.get(0));
        assertEquals(cases.size() + 1, rows.size(), "one row per booking");
        rows.forEach(r -> assertEquals(19, r.size(), r.toString()));
        Map<String, List<String>> byReference = new TreeMap<>();
        rows.forEach(r -> byReference.put(r.get(0), r));
        List<String> row = byReference.get("HOS-00000");
        assertEquals(List.of("Umeå", "2026-03-01", "Mottagen", "Sverige", "2", "", "1,5", "", ""),
                List.of(row.get(1), row.get(2), row.get(3), row.get(4), row.get(7), row.get(8), row.get(12), row.get(10), row.get(16)),
                "no visit, no count of who came and no rating: empty cells");
        for (List<String> r : rows.subList(1, rows.size())) {
            assertFalse(r.stream().anyMatch(cell -> !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0), r.toString());
        }
        // Any text that a spreadsheet would evaluate is made inert, and quoted when it holds a separator.
        assertEquals("'=1+1", BookingsExport.cell("=1+1"));
        assertEquals("'+SUM(A1)", BookingsExport.cell("+SUM(A1)"));
        assertEquals("'-2", BookingsExport.cell("-2"));
        assertEquals("'@cmd", BookingsExport.cell("@cmd"));
        assertEquals("\"A; \"\"quoted\"\" name\"", BookingsExport.cell("A; \"quoted\" name"));
    }

    @Test
    void givenTheOverview_whenWrittenAsXlsx_thenASheetPerBreakdownAndTheBookingsReadBack() throws Exception {
        List<BookingCase> cases = new ArrayList<>(OverviewFixtures.build(IN_PERIOD));
        Spec s = IN_PERIOD.get(0);
        cases.add(OverviewFixtures.build(new Spec("HOS-00000", Node.UMEA, FROM, "SE", s.areas(), s.goal(), 2, 90, 0, null,
                false, 0, "=1+1", false)));
        XlsxReader book = XlsxReader.read(NationalOverview.of(cases, FROM, TO, NODES, Language.EN).xlsx());
        assertEquals(List.of("Summary per node", "What became of the requests", "Bookings per month and node", "Countries of origin", "Focus areas", "Main goals",
                "Delegation sizes", "Time to first answer", "Outcomes", "Visitors' ratings", "Impact after 6 and 12 months",
                "Bookings"), book.sheetNames());
        List<List<String>> months = book.sheet(2);
        assertEquals(List.of("Month", "Stockholm", "Malmö", "Umeå", "Total"), months.get(2));
        assertEquals(Integer.toString((int) count(sp -> YearMonth.from(sp.day()).equals(YearMonth.of(2026, 3))) + 1),
                months.get(3).get(4), "March's total, a number cell");
        List<List<String>> bookings = book.sheet(book.sheetNames().size() - 1);
        assertEquals(cases.size() + 1, bookings.size());
        assertTrue(bookings.stream().anyMatch(r -> r.get(0).equals("HOS-00000")));
        assertFalse(book.hasFormula(), "no cell is a formula");
    }

    @Test
    void givenANodeThatNeverAnsweredAndNoRating_whenCounted_thenItsTimesAndRatingAreBlank_neverZero() throws Exception {
        Spec s = IN_PERIOD.get(0);
        BookingCase unanswered = OverviewFixtures.build(new Spec("UME-00001", Node.UMEA, FROM, "DE", s.areas(), s.goal(), 3, null, 0,
                null, false, 0, "Org", false));
        NationalOverview o = NationalOverview.of(List.of(unanswered), FROM, TO, Set.of(Node.UMEA), Language.SV);
        Section answers = o.sections().stream().filter(x -> x.id().equals("answers")).findFirst().orElseThrow();
        assertEquals(List.of("Umeå", 0, Section.Blank.NONE, Section.Blank.NONE, 1), answers.rows().get(0));
        Section headline = o.sections().stream().filter(x -> x.id().equals("headline")).findFirst().orElseThrow();
        assertEquals(List.of("Alla noder", 1, 0, 0, 0, 0, 0, Section.Blank.NONE, Section.Blank.NONE), headline.rows().get(1));
        String html = o.html();
        assertTrue(html.contains("Medelbetyg –; median till första svar – timmar."), html);
        assertTrue(html.contains("1 bokning under perioden: inga genomförda besök"), html);
        assertFalse(html.contains(">0,0<") || html.contains(">0.0<"), "no median of nothing: " + html);
        parse(html);
        // The workbook leaves those cells empty.
        XlsxReader book = XlsxReader.read(o.xlsx());
        assertEquals(List.of("Umeå", "0", "", "", "1"), book.sheet(book.sheetNames().indexOf("Tid till första svar")).get(3));
    }

    private static Document parse(String fragment) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                ("<div>" + fragment + "</div>").getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 4180 with ';': quoted cells may hold separators and doubled quotes. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') { cell.append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ';') { row.add(cell.toString()); cell.setLength(0); }
            else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString()); cell.setLength(0); rows.add(row); row = new ArrayList<>(); i++;
            } else cell.append(c);
        }
        return rows;
    }

    @Test
    void givenImpactAnswers_whenCounted_thenTheLatestAnswerOfEachRoundCountsOnceAndAnonymisedOnesStay() {
        Spec base = IN_PERIOD.get(0);
        java.util.function.Function<String, BookingCase> spec = ref -> OverviewFixtures.build(new Spec(ref, Node.MALMO, FROM,
                "DE", base.areas(), base.goal(), 5, 60, 2, null, false, 0, "Org", false));
        java.time.Instant at = java.time.Instant.parse("2027-04-01T08:00:00Z");
        // A: 6 months contacts + deals, then changed to contacts only (the latest counts); 12 months all no.
        BookingCase a = spec.apply("MAL-1").withHistory(impact(at, "6:1100:first"))
                .withHistory(impact(at.plusSeconds(60), "6:1000:changed")).withHistory(impact(at.plusSeconds(9_000_000), "12:0000:"));
        // B: 6 months all yes, then anonymised (the note goes, the flags stay).
        BookingCase b = se.smartcitysweden.booking.domain.PersonalData.anonymise(
                spec.apply("MAL-2").withHistory(impact(at, "6:1111:secret note")), "follow-up", "anonymise", "", at.plusSeconds(99));
        // C: never answered; D: 12 months collaborations and policy only.
        BookingCase c = spec.apply("MAL-3");
        BookingCase d = spec.apply("MAL-4").withHistory(impact(at, "12:0011:"));
        assertFalse(b.workflow().history().stream().anyMatch(e -> e.detail().contains("secret")), "the note is free text");

        NationalOverview o = NationalOverview.of(List.of(a, b, c, d), FROM, TO, Set.of(), Language.EN);
        Section impact = o.sections().stream().filter(s -> s.id().equals("impact")).findFirst().orElseThrow();
        assertEquals(List.of("Question", "6 months", "12 months"), impact.head());
        assertEquals(List.of(
                List.of("Answered", 2, 2),
                List.of("Contacts", 2, 0),
                List.of("Deals", 1, 0),
                List.of("Collaborations", 1, 1),
                List.of("Policy changes", 1, 1)), impact.rows());
        assertEquals(List.of("6 months", "12 months"), impact.chart().series());
        assertTrue(o.html().contains("Impact after 6 and 12 months"), "the section is on the page");

        List<List<String>> rows = parseCsv(new String(o.csv(), 3, o.csv().length - 3, StandardCharsets.UTF_8));
        Map<String, List<String>> byReference = new TreeMap<>();
        rows.forEach(r -> byReference.put(r.get(0), r));
        assertEquals(List.of("Contacts", "no"), byReference.get("MAL-1").subList(17, 19));
        assertEquals(List.of("Contacts, Deals, Collaborations, Policy changes", ""), byReference.get("MAL-2").subList(17, 19));
        assertEquals(List.of("", ""), byReference.get("MAL-3").subList(17, 19));
    }

    private static se.smartcitysweden.booking.domain.Workflow.HistoryEntry impact(java.time.Instant at, String detail) {
        return new se.smartcitysweden.booking.domain.Workflow.HistoryEntry(at, "visitor", "impact", detail);
    }
}
