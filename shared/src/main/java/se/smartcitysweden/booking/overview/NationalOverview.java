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
 * The overview of the bookings in a period (Swedish dates, both included) at some nodes (all when none are given), by
 * visit date or by request date ({@link ReportBasis}): as an HTML fragment of a headline and charts with their tables,
 * as a CSV of the bookings and as a workbook with a sheet per breakdown. Everything is counted from
 * {@link OverviewRow}s (the page and the exports read the per-node monthly items; {@link #of} makes the rows of
 * whole bookings, as the digest has them), so the page, the CSV and the workbook always agree.
 */
public final class NationalOverview {
    /** Countries drawn in the chart; the table lists them all. */
    static final int CHART_COUNTRIES = 12;
    private final OverviewFigures figures;
    private final OverviewWords words;
    private final List<Section> sections;

    private NationalOverview(OverviewFigures figures, OverviewWords words) {
        this.figures = figures;
        this.words = words;
        this.sections = sections(figures, words);
    }

    /** The overview of whole bookings, by request date. */
    public static NationalOverview of(List<BookingCase> cases, LocalDate from, LocalDate to, Set<Node> nodes,
                                      Language language) {
        return of(cases, from, to, nodes, language, ReportBasis.REQUEST);
    }

    /** The overview of whole bookings, counted as their rows are. */
    public static NationalOverview of(List<BookingCase> cases, LocalDate from, LocalDate to, Set<Node> nodes,
                                      Language language, ReportBasis basis) {
        return ofRows(cases.stream().map(OverviewRow::of).toList(), from, to, nodes, language, basis);
    }

    /** The overview of the bookings' rows, by request date. */
    public static NationalOverview ofRows(List<OverviewRow> rows, LocalDate from, LocalDate to, Set<Node> nodes,
                                          Language language) {
        return ofRows(rows, from, to, nodes, language, ReportBasis.REQUEST);
    }

    public static NationalOverview ofRows(List<OverviewRow> rows, LocalDate from, LocalDate to, Set<Node> nodes,
                                          Language language, ReportBasis basis) {
        return new NationalOverview(new OverviewFigures(rows, from, to, nodes, basis), new OverviewWords(language));
    }

    /** Charts and tables, without {@code <html>} or {@code <head>}; style it with {@link #css()}. */
    public String html() {
        Map<String, Object> context = new HashMap<>();
        String period = figures.from.getDayOfYear() == 1 && figures.to.equals(figures.from.withDayOfYear(figures.from.lengthOfYear()))
                ? Integer.toString(figures.from.getYear()) : words.get("period", figures.from.toString(), figures.to.toString());
        context.put("heading", words.get("heading." + figures.basis.id(), period));
        context.put("nodes", words.get("nodes", figures.nodes.stream().map(Node::city).collect(Collectors.joining(", "))));
        context.put("summary", summary(figures.national, words));
        context.put("basisNote", words.get("basis." + figures.basis.id()));
        context.put("sections", sections.stream().map(s -> OverviewPage.section(s, words)).toList());
        return OverviewPage.render(context);
    }

    /** The headline in a sentence: "12 requests; 8 visits held, 140 people received from 5 countries at 3 nodes; ...". */
    static String summary(OverviewFigures.Headline h, OverviewWords w) {
        return w.get("summary", h.requests(), h.held(), h.people(), h.countries(), h.nodes(),
                h.rating().isPresent() ? BookingsExport.decimal(h.rating().getAsDouble(), w) : Section.Blank.NONE.toString(),
                h.medianAnswerHours().isPresent() ? BookingsExport.decimal(round(h.medianAnswerHours().getAsDouble()), w)
                        : Section.Blank.NONE.toString(), h.noShows());
    }

    /** One row per booking of the period, for Swedish Excel (see {@link BookingsExport}). */
    public byte[] csv() {
        return BookingsExport.csv(figures.rows, words.language());
    }

    /**
     * A sheet per breakdown and a sheet of the bookings. Needs {@code org.dhatim:fastexcel} on the
     * class path: shared declares it optional, so only a function that offers the workbook carries it.
     */
    public byte[] xlsx() {
        List<List<Object>> bookings = figures.rows.stream().map(r -> BookingsExport.cells(r, words)).toList();
        return OverviewWorkbook.write(sections, words.get("sheet.bookings"), BookingsExport.head(words), bookings);
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
        all.add(headline(f, w));
        all.add(funnel(f, w));
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
        all.add(outcomes(f, w));
        List<List<Object>> ratings = new ArrayList<>();
        for (int i = 0; i < f.ratings.length; i++) ratings.add(List.of(Integer.toString(i + 1), f.ratings[i]));
        int rated = Arrays.stream(f.ratings).sum();
        all.add(simple("ratings", w.get("chart.ratings"),
                w.get("chart.ratings.caption", rated == 0 ? Section.Blank.NONE.toString() : BookingsExport.decimal(f.averageRating(), w), rated),
                List.of(w.get("col.rating"), w.get("col.bookings")), ratings));
        all.add(impact(f, w));
        return all;
    }

    /** Per node and for all of them: requests, visits held, people received, countries, rating, answer time. */
    private static Section headline(OverviewFigures f, OverviewWords w) {
        List<List<Object>> rows = new ArrayList<>();
        List<Section.Bar> bars = new ArrayList<>();
        f.headlines.forEach((node, h) -> {
            rows.add(headlineRow(node.city(), h));
            bars.add(new Section.Bar(node.city(), List.of((double) h.people())));
        });
        rows.add(headlineRow(w.get("allNodes"), f.national));
        return new Section("headline", w.get("chart.headline"), w.get("chart.headline.caption"),
                List.of(w.get("col.node"), w.get("col.requests"), w.get("col.upcoming"), w.get("col.held"), w.get("col.noShows"),
                        w.get("col.people"), w.get("col.countries"), w.get("col.averageRating"), w.get("col.median")), rows,
                new Section.Chart(List.of(), bars, false));
    }

    private static List<Object> headlineRow(String name, OverviewFigures.Headline h) {
        return List.of(name, h.requests(), h.upcoming(), h.held(), h.noShows(), h.people(), h.countries(),
                h.rating().isPresent() ? (Object) round(h.rating().getAsDouble()) : Section.Blank.NONE,
                h.medianAnswerHours().isPresent() ? (Object) round(h.medianAnswerHours().getAsDouble()) : Section.Blank.NONE);
    }

    /** What became of every request: each in one step by its state now, with its share. */
    private static Section funnel(OverviewFigures f, OverviewWords w) {
        List<List<Object>> rows = new ArrayList<>();
        int total = f.rows.size();
        for (int i = 0; i < OverviewFigures.FATES.length; i++) {
            rows.add(List.of(w.get("fate." + OverviewFigures.FATES[i]), f.fates[i],
                    total == 0 ? Section.Blank.NONE : new Section.Percent((double) f.fates[i] / total)));
        }
        return simple("funnel", w.get("chart.funnel"), w.get("chart.funnel.caption", total, f.cancelledAfterConfirmation),
                List.of(w.get("col.stage"), w.get("col.bookings"), w.get("col.share")), rows);
    }

    /** The chart counts bookings only; the companies met are a number of their own in the table, not on the bookings' scale. */
    private static Section outcomes(OverviewFigures f, OverviewWords w) {
        List<List<Object>> rows = List.of(List.of(w.get("outcome.recorded"), f.outcomes), List.of(w.get("outcome.interest"), f.businessInterest),
                List.of(w.get("outcome.withCompanies"), f.withCompanies), List.of(w.get("outcome.companies"), f.companiesMet));
        Section counted = simple("outcomes", w.get("chart.outcomes"), w.get("chart.outcomes.caption"),
                List.of(w.get("col.measure"), w.get("col.value")), rows.subList(0, 3));
        return new Section(counted.id(), counted.title(), counted.caption(), counted.head(), rows, counted.chart());
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
            Object median = a.answered() == 0 ? Section.Blank.NONE : round(a.medianHours());
            Object p90 = a.answered() == 0 ? Section.Blank.NONE : round(a.p90Hours());
            rows.add(List.of(node.city(), a.answered(), median, p90, a.unanswered()));
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
                List.of(r.get(1) instanceof Number n ? n.doubleValue() : 0.0))).toList();
        return new Section(id, title, caption, head, rows, new Section.Chart(List.of(), bars, false));
    }

    static double round(double hours) {
        return Math.round(hours * 10) / 10.0;
    }
}
