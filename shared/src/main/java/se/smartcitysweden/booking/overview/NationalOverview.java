package se.smartcitysweden.booking.overview;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;

/**
 * The national overview of the bookings submitted in a period (Swedish dates, both included) at
 * some nodes (all when none are given): as an HTML fragment of charts with their tables, as a CSV
 * of the bookings and as a workbook with a sheet per breakdown. The page counts {@link OverviewRow}s
 * ({@link #ofRows}, read from the per-node monthly items); the exports list whole bookings
 * ({@link #of}, read through the byNode index). Bookings outside the period or the nodes are left
 * out here.
 */
public final class NationalOverview {
    /** Countries drawn in the chart; the table lists them all. */
    static final int CHART_COUNTRIES = 12;
    private final OverviewFigures figures;
    private final OverviewWords words;
    private final List<Section> sections;
    /** The period's bookings, for the exports; null when made from rows only. */
    private final List<BookingCase> cases;

    private NationalOverview(OverviewFigures figures, OverviewWords words, List<BookingCase> cases) {
        this.figures = figures;
        this.words = words;
        this.sections = sections(figures, words);
        this.cases = cases;
    }

    /** The page and the exports, from whole bookings. */
    public static NationalOverview of(List<BookingCase> cases, LocalDate from, LocalDate to, Set<Node> nodes,
                                      Language language) {
        OverviewFigures figures = new OverviewFigures(cases.stream().map(OverviewRow::of).toList(), from, to, nodes);
        List<BookingCase> kept = cases.stream().filter(c -> figures.counts(c.booking().node(), OverviewFigures.submittedOn(c)))
                .sorted((a, b) -> a.booking().createdAt().compareTo(b.booking().createdAt())).toList();
        return new NationalOverview(figures, new OverviewWords(language), kept);
    }

    /** The page only ({@link #html()}), from the bookings' rows: the exports need {@link #of}. */
    public static NationalOverview ofRows(List<OverviewRow> rows, LocalDate from, LocalDate to, Set<Node> nodes,
                                          Language language) {
        return new NationalOverview(new OverviewFigures(rows, from, to, nodes), new OverviewWords(language), null);
    }

    /** Charts and tables, without {@code <html>} or {@code <head>}; style it with {@link #css()}. */
    public String html() {
        Map<String, Object> context = new HashMap<>();
        context.put("heading", words.get("heading", figures.from.toString(), figures.to.toString()));
        context.put("nodes", words.get("nodes", figures.nodes.stream().map(Node::city).collect(Collectors.joining(", "))));
        context.put("summary", words.get("summary", figures.rows.size()));
        context.put("sections", sections.stream().map(s -> OverviewPage.section(s, words)).toList());
        return OverviewPage.render(context);
    }

    /** One row per booking of the period, for Swedish Excel (see {@link BookingsExport}). */
    public byte[] csv() {
        return BookingsExport.csv(bookings(), words.language());
    }

    /**
     * A sheet per breakdown and a sheet of the bookings. Needs {@code org.dhatim:fastexcel} on the
     * class path: shared declares it optional, so only a function that offers the workbook carries it.
     */
    public byte[] xlsx() {
        List<List<Object>> bookings = bookings().stream().map(c -> BookingsExport.row(c, words)).toList();
        return OverviewWorkbook.write(sections, words.get("sheet.bookings"), BookingsExport.head(words), bookings);
    }

    private List<BookingCase> bookings() {
        if (cases == null) throw new IllegalStateException("an overview made from rows has no bookings to export");
        return cases;
    }

    /** The overview's own styles, print included, for the page that shows {@link #html()}. */
    public static String css() {
        return OverviewPage.css();
    }

    List<Section> sections() {
        return sections;
    }

    OverviewFigures figures() {
        return figures;
    }

    private static List<Section> sections(OverviewFigures f, OverviewWords w) {
        List<Section> all = new ArrayList<>();
        all.add(months(f, w));
        all.add(countries(f, w));
        List<List<Object>> focus = new ArrayList<>();
        for (FocusArea a : FocusArea.values()) focus.add(List.of(w.choices.focusArea(a), f.focusMentions.getOrDefault(a, 0)));
        int mentions = f.focusMentions.values().stream().mapToInt(Integer::intValue).sum();
        all.add(simple("focus", w.get("chart.focus"), w.get("chart.focus.caption", f.rows.size(), mentions),
                List.of(w.get("col.focus"), w.get("col.mentions")), focus));
        List<List<Object>> goals = new ArrayList<>();
        for (MainGoal g : MainGoal.values()) goals.add(List.of(w.choices.mainGoal(g), f.goals.getOrDefault(g, 0)));
        all.add(simple("goals", w.get("chart.goals"), "", List.of(w.get("col.goal"), w.get("col.bookings")), goals));
        List<List<Object>> sizes = new ArrayList<>();
        int[] b = OverviewFigures.SIZE_BUCKETS;
        for (int i = 0; i < b.length; i++) {
            sizes.add(List.of(i + 1 < b.length ? b[i] + "–" + (b[i + 1] - 1) : b[i] + "+", f.sizes[i]));
        }
        all.add(simple("sizes", w.get("chart.sizes"), "", List.of(w.get("col.size"), w.get("col.bookings")), sizes));
        all.add(answers(f, w));
        String[] stages = {"submitted", "confirmed", "completed", "outcome"};
        List<List<Object>> funnel = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            long share = f.funnel[0] == 0 ? 0 : Math.round(100.0 * f.funnel[i] / f.funnel[0]);
            funnel.add(List.of(w.get("stage." + stages[i]), f.funnel[i], share + " %"));
        }
        all.add(simple("funnel", w.get("chart.funnel"), "", List.of(w.get("col.stage"), w.get("col.bookings"),
                w.get("col.share")), funnel));
        all.add(simple("outcomes", w.get("chart.outcomes"), w.get("chart.outcomes.caption"),
                List.of(w.get("col.measure"), w.get("col.value")), List.of(
                        List.of(w.get("outcome.recorded"), f.outcomes), List.of(w.get("outcome.interest"), f.businessInterest),
                        List.of(w.get("outcome.withCompanies"), f.withCompanies), List.of(w.get("outcome.companies"), f.companiesMet))));
        List<List<Object>> ratings = new ArrayList<>();
        for (int i = 0; i < f.ratings.length; i++) ratings.add(List.of(Integer.toString(i + 1), f.ratings[i]));
        int rated = Arrays.stream(f.ratings).sum();
        all.add(simple("ratings", w.get("chart.ratings"),
                w.get("chart.ratings.caption", BookingsExport.decimal(f.averageRating(), w), rated),
                List.of(w.get("col.rating"), w.get("col.bookings")), ratings));
        all.add(impact(f, w));
        return all;
    }

    private static Section months(OverviewFigures f, OverviewWords w) {
        DateTimeFormatter name = DateTimeFormatter.ofPattern("LLL yyyy", w.language().locale());
        List<String> head = new ArrayList<>(List.of(w.get("col.month")));
        f.nodes.forEach(n -> head.add(n.city()));
        head.add(w.get("col.total"));
        List<List<Object>> rows = new ArrayList<>();
        List<Section.Bar> bars = new ArrayList<>();
        for (Map.Entry<YearMonth, Map<Node, Integer>> month : f.perMonth.entrySet()) {
            String label = name.format(month.getKey());
            List<Object> row = new ArrayList<>(List.of(label));
            List<Double> values = new ArrayList<>();
            f.nodes.forEach(n -> { row.add(month.getValue().get(n)); values.add((double) month.getValue().get(n)); });
            row.add(month.getValue().values().stream().mapToInt(Integer::intValue).sum());
            rows.add(row);
            bars.add(new Section.Bar(label, values));
        }
        return new Section("months", w.get("chart.months"), "", head, rows,
                new Section.Chart(f.nodes.stream().map(Node::city).toList(), bars, false));
    }

    private static Section countries(OverviewFigures f, OverviewWords w) {
        List<List<Object>> rows = new ArrayList<>();
        f.countries.forEach((code, count) -> rows.add(List.of(w.country(code), count)));
        Section all = simple("countries", w.get("chart.countries"), w.get("chart.countries.caption", CHART_COUNTRIES),
                List.of(w.get("col.country"), w.get("col.bookings")), rows);
        List<Section.Bar> drawn = all.chart().bars().subList(0, Math.min(CHART_COUNTRIES, rows.size()));
        return new Section(all.id(), all.title(), all.caption(), all.head(), all.rows(),
                new Section.Chart(List.of(), drawn, false));
    }

    private static Section answers(OverviewFigures f, OverviewWords w) {
        List<List<Object>> rows = new ArrayList<>();
        List<Section.Bar> bars = new ArrayList<>();
        f.answers.forEach((node, a) -> {
            rows.add(List.of(node.city(), a.answered(), round(a.medianHours()), round(a.p90Hours()), a.unanswered()));
            bars.add(new Section.Bar(node.city(), List.of(round(a.p90Hours()), round(a.medianHours()))));
        });
        return new Section("answers", w.get("chart.answer"), w.get("chart.answer.caption"), List.of(w.get("col.node"),
                w.get("col.answered"), w.get("col.median"), w.get("col.p90"), w.get("col.unanswered")), rows,
                new Section.Chart(List.of(w.get("legend.p90"), w.get("legend.median")), bars, true));
    }

    /** The impact survey: how many answered at 6 and 12 months, and how many said yes to each question. */
    private static Section impact(OverviewFigures f, OverviewWords w) {
        List<List<Object>> rows = new ArrayList<>();
        List<Section.Bar> bars = new ArrayList<>();
        rows.add(List.of(w.get("impact.answered"), f.impactAnswered[0], f.impactAnswered[1]));
        for (int q = 0; q < IMPACT_QUESTIONS.length; q++) {
            String label = w.get("impact." + IMPACT_QUESTIONS[q]);
            rows.add(List.of(label, f.impactYes[0][q], f.impactYes[1][q]));
        }
        rows.forEach(r -> bars.add(new Section.Bar((String) r.get(0),
                List.of(((Number) r.get(1)).doubleValue(), ((Number) r.get(2)).doubleValue()))));
        return new Section("impact", w.get("chart.impact"), w.get("chart.impact.caption"),
                List.of(w.get("col.question"), w.get("col.impact6"), w.get("col.impact12")), rows,
                new Section.Chart(List.of(w.get("col.impact6"), w.get("col.impact12")), bars, false));
    }

    /** The impact survey's yes/no questions, in the order of {@link OverviewFigures#impactYes}. */
    static final String[] IMPACT_QUESTIONS = {"contacts", "deals", "collaborations", "policy"};

    /** A one-series chart of a table whose second column is the count. */
    private static Section simple(String id, String title, String caption, List<String> head, List<List<Object>> rows) {
        List<Section.Bar> bars = rows.stream().map(r -> new Section.Bar((String) r.get(0),
                List.of(((Number) r.get(1)).doubleValue()))).toList();
        return new Section(id, title, caption, head, rows, new Section.Chart(List.of(), bars, false));
    }

    static double round(double hours) {
        return Math.round(hours * 10) / 10.0;
    }
}
