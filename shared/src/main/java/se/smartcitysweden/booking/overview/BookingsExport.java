package se.smartcitysweden.booking.overview;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * One row per booking, in words of the chosen language, as a CSV that Swedish Excel opens as
 * columns: UTF-8 with a byte order mark, semicolons, CRLF, and no cell that a spreadsheet would
 * evaluate (a text starting with =, +, - or @ gets an apostrophe in front).
 */
public final class BookingsExport {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String[] COLUMNS = {"reference", "node", "submitted", "status", "organisation", "country",
        "mainGoal", "focusAreas", "participants", "language", "visitFrom", "visitTo", "firstAnswer", "outcome", "companies",
        "interest", "rating", "impact6", "impact12"};

    private BookingsExport() { }

    /** The bookings as CSV, in the order given. */
    public static byte[] csv(List<BookingCase> cases, Language language) {
        OverviewWords w = new OverviewWords(language);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        StringBuilder text = new StringBuilder();
        line(text, head(w));
        cases.forEach(c -> line(text, row(c, w).stream().map(cell -> cell instanceof Double d ? decimal(d, w) : cell.toString())
                .toList()));
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static List<String> head(OverviewWords w) {
        List<String> head = new ArrayList<>();
        for (String column : COLUMNS) head.add(w.get("csv." + column));
        return head;
    }

    /** A booking's cells: texts, whole numbers (Integer) and hours (Double); empty text when unknown. */
    static List<Object> row(BookingCase c, OverviewWords w) {
        BookingRequest r = c.booking().request();
        Workflow wf = c.workflow();
        List<Object> cells = new ArrayList<>();
        cells.add(c.booking().reference());
        cells.add(r.node().city());
        cells.add(OverviewFigures.submittedOn(c).toString());
        cells.add(w.status(c.status()));
        cells.add(r.contact().organisation());
        cells.add(w.country(r.contact().country()));
        cells.add(w.choices.mainGoal(r.mainGoal()));
        cells.add(r.focusAreas().stream().map(w.choices::focusArea).collect(Collectors.joining(", ")));
        cells.add(r.expectedParticipants());
        cells.add(w.choices.language(r.language()));
        cells.add(wf.visit().map(v -> v.from().toString()).orElse(""));
        cells.add(wf.visit().map(v -> v.to().toString()).orElse(""));
        cells.add(OverviewFigures.firstAnswer(c).<Object>map(d -> Math.round(d.toMinutes() / 6.0) / 10.0).orElse(""));
        cells.add(w.yesNo(wf.outcome().isPresent()));
        cells.add(wf.outcome().<Object>map(o -> o.companiesMet().size()).orElse(""));
        cells.add(wf.outcome().map(o -> w.yesNo(o.businessInterest())).orElse(""));
        cells.add(wf.feedback().<Object>map(Workflow.Feedback::rating).orElse(""));
        Map<Integer, Impact> impact = Impact.answers(wf);
        cells.add(impactCell(impact.get(Impact.FIRST), w));
        cells.add(impactCell(impact.get(Impact.SECOND), w));
        return cells;
    }

    /** The questions answered yes, or "no" when none was; empty when not answered. */
    private static String impactCell(Impact a, OverviewWords w) {
        if (a == null) return "";
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

    private static void line(StringBuilder text, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) text.append(';');
            text.append(cell(cells.get(i)));
        }
        text.append("\r\n");
    }

    /** Inert (no formula) and quoted when it holds a separator, a quote or a line break. */
    static String cell(String value) {
        String inert = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (inert.indexOf(';') < 0 && inert.indexOf('"') < 0 && inert.indexOf('\n') < 0 && inert.indexOf('\r') < 0) return inert;
        return '"' + inert.replace("\"", "\"\"") + '"';
    }
}
