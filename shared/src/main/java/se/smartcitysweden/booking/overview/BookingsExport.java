package se.smartcitysweden.booking.overview;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.HashMap;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.web.ExcelCsv;

/**
 * One row per booking, from its {@link OverviewRow} (so an export reads the per-node monthly items, not every
 * booking, and holds nothing personal: no organisation, which the console's list shows), in words of the chosen language, as a CSV that Swedish Excel opens as
 * columns: UTF-8 with a byte order mark, semicolons, CRLF, and no cell that a spreadsheet would
 * evaluate (a text starting with =, +, - or @ gets an apostrophe in front).
 */
public final class BookingsExport {
    private static final String[] COLUMNS = {"reference", "node", "submitted", "status", "country",
        "mainGoal", "focusAreas", "participants", "attended", "language", "visitFrom", "visitTo", "firstAnswer", "outcome", "companies",
        "interest", "rating", "impact6", "impact12"};

    private BookingsExport() { }

    /** The bookings' rows as CSV, in the order given. */
    public static byte[] csv(List<OverviewRow> rows, Language language) {
        OverviewWords w = new OverviewWords(language);
        List<List<String>> lines = new ArrayList<>();
        lines.add(head(w));
        rows.forEach(r -> lines.add(cells(r, w).stream().map(cell -> text(cell, w)).toList()));
        return ExcelCsv.of(lines);
    }

    /** A cell as the CSV writes it: hours in the language's decimals, dates as yyyy-mm-dd, nothing for a blank. */
    private static String text(Object cell, OverviewWords w) {
        if (cell instanceof Double d) return decimal(d, w);
        if (cell instanceof Section.Blank) return "";
        return cell.toString();
    }

    static List<String> head(OverviewWords w) {
        List<String> head = new ArrayList<>();
        for (String column : COLUMNS) head.add(w.get("csv." + column));
        return head;
    }

    /**
     * A booking's cells, from its row: texts, whole numbers (Integer), hours (Double), days (LocalDate), and
     * {@link Section.Blank#NONE} where there is nothing (no visit agreed, no answer, no rating), so a workbook
     * leaves the cell empty.
     */
    static List<Object> cells(OverviewRow r, OverviewWords w) {
        Object none = Section.Blank.NONE;
        List<Object> cells = new ArrayList<>();
        cells.add(r.reference().isEmpty() ? none : r.reference());
        cells.add(r.node().city());
        cells.add(r.submittedOn());
        cells.add(w.status(r.status()));
        cells.add(w.country(r.country()));
        cells.add(w.choices.mainGoal(r.mainGoal()));
        cells.add(r.focusAreas().stream().map(w.choices::focusArea).collect(Collectors.joining(", ")));
        cells.add(r.participants());
        cells.add(r.attended().<Object>map(n -> n).orElse(none));
        cells.add(r.language().<Object>map(w.choices::language).orElse(none));
        cells.add(r.visitFrom().<Object>map(d -> d).orElse(none));
        cells.add(r.visitTo().<Object>map(d -> d).orElse(none));
        cells.add(r.firstAnswer().<Object>map(d -> Math.round(d.toMinutes() / 6.0) / 10.0).orElse(none));
        cells.add(w.yesNo(r.outcome().isPresent()));
        cells.add(r.outcome().<Object>map(OverviewRow.Outcome::companiesMet).orElse(none));
        cells.add(r.outcome().<Object>map(o -> w.yesNo(o.businessInterest())).orElse(none));
        cells.add(r.rating().<Object>map(x -> x).orElse(none));
        Map<Integer, Impact> impact = new HashMap<>();
        r.impact().forEach(a -> impact.put(a.months(), a));
        cells.add(impactCell(impact.get(Impact.FIRST), w));
        cells.add(impactCell(impact.get(Impact.SECOND), w));
        return cells;
    }

    /** The questions answered yes, or "no" when none was; empty when not answered. */
    private static Object impactCell(Impact a, OverviewWords w) {
        if (a == null) return Section.Blank.NONE;
        boolean[] yes = {a.contacts(), a.deals(), a.collaborations(), a.policy()};
        List<String> said = new ArrayList<>();
        for (int q = 0; q < yes.length; q++) if (yes[q]) said.add(w.get("impact." + NationalOverview.IMPACT_QUESTIONS[q]));
        return said.isEmpty() ? w.yesNo(false) : String.join(", ", said);
    }

    static String decimal(double value, OverviewWords w) {
        NumberFormat format = NumberFormat.getNumberInstance(w.language().locale());
        format.setGroupingUsed(false);
        format.setMaximumFractionDigits(1);
        return format.format(value);
    }

    static String cell(String value) {
        return ExcelCsv.cell(value);
    }
}
