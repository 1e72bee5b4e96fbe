package se.smartcitysweden.booking.overview;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.overview.OverviewFixtures.Spec;

/**
 * The workbook is for analysis: read back with a spreadsheet library (fastexcel-reader, in tests only), its
 * bookings sheet has date cells, number cells, empty cells where there is nothing, a frozen header, an autofilter
 * over the whole table and columns wide enough to read.
 */
class OverviewWorkbookTest {
    private static final LocalDate FROM = LocalDate.parse("2026-01-01");
    private static final LocalDate TO = LocalDate.parse("2026-12-31");
    private static final List<Spec> SPECS = OverviewFixtures.seeded(5, 120, LocalDate.parse("2025-06-01"), 500);

    @Test
    void givenAYearOfBookings_whenReadBackWithASpreadsheetLibrary_thenDatesAreDatesNumbersAreNumbersAndBlanksAreEmpty() throws Exception {
        // Some visits marked done with the number who came: every other one counted, one of them a no-show.
        List<BookingCase> cases = new ArrayList<>();
        for (BookingCase c : OverviewFixtures.build(SPECS)) {
            boolean done = c.status() == se.smartcitysweden.booking.domain.BookingStatus.COMPLETED;
            cases.add(done && cases.size() % 2 == 0 ? OverviewFixtures.markedDone(c, Integer.toString(cases.size() % 7)) : c);
        }
        NationalOverview overview = NationalOverview.of(cases, FROM, TO, Set.of(), Language.EN, ReportBasis.VISIT);
        byte[] xlsx = overview.xlsx();
        List<Map<String, Optional<Cell>>> bookings = new ArrayList<>();
        List<String> head;
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false))) {
            List<Sheet> sheets = book.getSheets().toList();
            assertEquals("Summary per node", sheets.get(0).getName());
            Sheet data = sheets.get(sheets.size() - 1);
            assertEquals("Bookings", data.getName());
            List<Row> rows = data.read();
            head = rows.get(0).stream().map(Cell::getText).toList();
            for (Row row : rows.subList(1, rows.size())) {
                // An absent cell, or one without a value, is empty.
                bookings.add(head.stream().collect(Collectors.toMap(h -> h, h -> row.getOptionalCell(head.indexOf(h))
                        .filter(c -> c.getType() != CellType.EMPTY))));
            }
        }
        assertEquals(overview.figures().rows.size(), bookings.size(), "a line per visit of the year");
        assertTrue(bookings.size() > 10);
        for (Map<String, Optional<Cell>> b : bookings) {
            Cell visit = b.get("Visit from").orElseThrow();
            assertEquals(CellType.NUMBER, visit.getType(), "a date is a date cell: " + visit);
            assertTrue(visit.getDataFormatString().contains("yy"), visit.getDataFormatString());
            LocalDate day = visit.asDate().toLocalDate();
            assertFalse(day.isBefore(FROM) || day.isAfter(TO), "a visit of the year: " + day);
            assertEquals(CellType.NUMBER, b.get("Submitted").orElseThrow().getType());
            assertEquals(CellType.NUMBER, b.get("Participants").orElseThrow().getType(), "a number is a number cell");
            assertEquals(CellType.STRING, b.get("Reference").orElseThrow().getType());
        }
        // The number who came: a number cell where it was counted (0 for a no-show), an empty cell where it was not.
        assertTrue(bookings.stream().allMatch(b -> b.get("Came").map(c -> c.getType() == CellType.NUMBER).orElse(true)));
        assertTrue(bookings.stream().anyMatch(b -> b.get("Came").isEmpty()), "an empty cell where nobody counted");
        assertTrue(bookings.stream().anyMatch(b -> b.get("Came").map(c -> c.asNumber().intValue() == 0).orElse(false)), "a no-show");
        assertTrue(bookings.stream().anyMatch(b -> b.get("Came").map(c -> c.asNumber().intValue() > 0).orElse(false)));
        // Nothing is an empty cell, never an empty text: a visit without a rating yet, a booking not yet answered.
        assertTrue(bookings.stream().anyMatch(b -> b.get("Rating").isEmpty()), "an empty cell for no rating");
        assertTrue(bookings.stream().anyMatch(b -> b.get("Rating").isPresent()));
        assertTrue(bookings.stream().allMatch(b -> b.get("Rating").map(c -> c.getType() == CellType.NUMBER).orElse(true)));
        assertTrue(bookings.stream().allMatch(b -> b.get("First answer (hours)").map(c -> c.getType() == CellType.NUMBER).orElse(true)));
        bookings.forEach(b -> b.values().forEach(c -> assertFalse(c.isPresent() && c.get().getType() == CellType.STRING
                && c.get().getText().isEmpty(), "an empty text cell")));

        // A share is a number formatted as a percentage, not the text "42 %".
        try (ReadableWorkbook book = new ReadableWorkbook(new ByteArrayInputStream(xlsx), new ReadingOptions(true, false))) {
            Sheet funnel = book.getSheets().filter(x -> x.getName().equals("What became of the requests")).findFirst().orElseThrow();
            Row held = funnel.read().stream().filter(r -> r.getCellText(0).equals("Visits held")).findFirst().orElseThrow();
            assertEquals(CellType.NUMBER, held.getCell(2).getType());
            assertEquals("0%", held.getCell(2).getDataFormatString());
            assertTrue(held.getCell(2).asNumber().doubleValue() > 0 && held.getCell(2).asNumber().doubleValue() <= 1);
        }
        XlsxReader raw = XlsxReader.read(xlsx);
        Element sheet = raw.part("xl/worksheets/sheet" + raw.sheetNames().size() + ".xml").getDocumentElement();
        Element pane = (Element) sheet.getElementsByTagName("pane").item(0);
        assertNotNull(pane, "a frozen header");
        assertEquals("frozen", pane.getAttribute("state"));
        assertEquals("1", pane.getAttribute("ySplit"), "the first row stays in view");
        Element filter = (Element) sheet.getElementsByTagName("autoFilter").item(0);
        assertNotNull(filter, "an autofilter");
        String lastColumn = Character.toString((char) ('A' + head.size() - 1));
        assertEquals("A1:" + lastColumn + (bookings.size() + 1), filter.getAttribute("ref"), "over the whole table");
        var cols = sheet.getElementsByTagName("col");
        assertEquals(head.size(), cols.getLength(), "every column has a width");
        for (int i = 0; i < cols.getLength(); i++) {
            double width = Double.parseDouble(((Element) cols.item(i)).getAttribute("width"));
            assertTrue(width >= 8 && width <= 40, "readable width " + width);
        }
    }
}
