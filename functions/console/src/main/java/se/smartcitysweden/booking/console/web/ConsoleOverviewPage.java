package se.smartcitysweden.booking.console.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.overview.NationalOverview;
import se.smartcitysweden.booking.overview.ReportBasis;
import se.smartcitysweden.booking.web.HttpAnswer;

/**
 * {@code GET /console/overview}: the report of the nodes one sees (the national office: all) for a period or a
 * calendar year, by visit date (the default) or by request date: a headline and charts with their tables, printable
 * on A4, or the same bookings as a CSV for Swedish Excel or an .xlsx workbook ({@code format=csv|xlsx}). Page and
 * exports count the bookings' overview rows (a few items per node and month), never the bookings themselves.
 */
final class ConsoleOverviewPage {
    /** The overview page's one style sheet: the console's and the charts' (the CSP hashes it whole). */
    static final String CSS = ConsoleHttp.TEMPLATES.styleSheet() + "\n" + NationalOverview.css();
    private final ConsoleService service;
    private final ConsoleWords words;

    ConsoleOverviewPage(ConsoleService service, ConsoleWords words) {
        this.service = service;
        this.words = words;
    }

    HttpAnswer show(ConsoleHttp.Visit visit) {
        if (visit.session().isEmpty()) return ConsoleHttp.seeOther("/console/sign-in");
        Principal principal = visit.session().get().principal();
        Filter.Parsed parsed = Filter.parse(visit.request(), principal, service.today(), words, ReportBasis.VISIT);
        Map<String, Object> view = visit.page(words, words.get("overview.title"), true);
        BookingsPage.whoSees(view, words, principal);
        BookingsPage.filterForm(view, parsed, words, principal);
        view.put("years", years(service.today().getYear()));
        if (!parsed.ok()) {
            view.put("bases", bases(ReportBasis.fromId(parsed.typed().get("basis")).orElse(ReportBasis.VISIT)));
            return ConsoleHttp.TEMPLATES.page(400, "overview", view, CSS);
        }
        Filter filter = parsed.filter();
        view.put("bases", bases(filter.basis()));
        Set<Node> nodes = (filter.nodes().isEmpty() ? Arrays.stream(Node.values()).filter(principal::sees).toList() : filter.nodes())
                .stream().collect(Collectors.toCollection(() -> EnumSet.noneOf(Node.class)));
        NationalOverview overview = NationalOverview.ofRows(
                service.overviewRows(principal, filter.nodes(), filter.from(), filter.to(), filter.basis()),
                filter.from(), filter.to(), nodes, words.language(), filter.basis());
        String format = parsed.typed().get("format");
        String name = "smart-city-sweden-" + filter.basis().id() + "s-" + filter.from() + "-" + filter.to();
        if (format.equals("csv")) return HttpAnswer.download("text/csv; charset=utf-8", name + ".csv", overview.csv());
        if (format.equals("xlsx")) {
            return HttpAnswer.download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx", overview.xlsx());
        }
        String query = "from=" + filter.from() + "&to=" + filter.to() + "&basis=" + filter.basis().id()
                + (filter.node().isEmpty() ? "" : "&node=" + filter.node());
        view.put("csvLink", "/console/overview?" + query + "&format=csv");
        view.put("xlsxLink", "/console/overview?" + query + "&format=xlsx");
        view.put("fragment", overview.html());
        return ConsoleHttp.TEMPLATES.page(200, "overview", view, CSS);
    }

    private List<Map<String, Object>> bases(ReportBasis selected) {
        return Arrays.stream(ReportBasis.values()).map(b -> Map.<String, Object>of("value", b.id(),
                "label", words.get("overview.basis." + b.id()), "selected", b == selected)).toList();
    }

    /** One click to a calendar year's report by visit date: last year, this year and next. */
    private List<Map<String, Object>> years(int thisYear) {
        List<Map<String, Object>> years = new ArrayList<>();
        for (int year = thisYear - 1; year <= thisYear + 1; year++) {
            years.add(Map.of("href", "/console/overview?year=" + year + "&basis=visit", "text", words.format("overview.year", Integer.toString(year))));
        }
        return years;
    }
}
