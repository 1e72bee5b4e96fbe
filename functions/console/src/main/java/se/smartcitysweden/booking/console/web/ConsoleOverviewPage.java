package se.smartcitysweden.booking.console.web;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.overview.NationalOverview;
import se.smartcitysweden.booking.overview.ReportBasis;
import se.smartcitysweden.booking.web.HttpAnswer;

/**
 * {@code GET /console/overview}: the overview of the nodes one sees (the national office: all) for a period, a page
 * of charts and tables counted from the bookings' overview rows (a few items per node and month), or the bookings
 * themselves as a CSV for Swedish Excel or an .xlsx workbook ({@code format=csv|xlsx}), read through the byNode
 * index as the list is.
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
        Filter.Parsed parsed = Filter.parse(visit.request(), principal, service.today(), words, ReportBasis.REQUEST);
        String format = String.valueOf(visit.request().query("format"));
        if (!parsed.ok()) {
            Map<String, Object> view = visit.page(words, words.get("overview.title"), true);
            BookingsPage.whoSees(view, words, principal);
            BookingsPage.filterForm(view, parsed, words, principal);
            return ConsoleHttp.TEMPLATES.page(400, "overview", view, CSS);
        }
        Filter filter = parsed.filter();
        Set<Node> nodes = (filter.nodes().isEmpty() ? Arrays.stream(Node.values()).filter(principal::sees).toList() : filter.nodes())
                .stream().collect(Collectors.toCollection(() -> EnumSet.noneOf(Node.class)));
        String name = "smart-city-sweden-visits-" + filter.from() + "-" + filter.to();
        if (format.equals("csv") || format.equals("xlsx")) {
            NationalOverview overview = NationalOverview.of(service.bookings(principal, filter.nodes(), filter.from(), filter.to()),
                    filter.from(), filter.to(), nodes, words.language());
            return format.equals("csv") ? HttpAnswer.download("text/csv; charset=utf-8", name + ".csv", overview.csv())
                    : HttpAnswer.download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx", overview.xlsx());
        }
        NationalOverview overview = NationalOverview.ofRows(service.overviewRows(principal, filter.nodes(), filter.from(), filter.to()),
                filter.from(), filter.to(), nodes, words.language());
        Map<String, Object> view = visit.page(words, words.get("overview.title"), true);
        BookingsPage.whoSees(view, words, principal);
        BookingsPage.filterForm(view, parsed, words, principal);
        String query = "from=" + filter.from() + "&to=" + filter.to() + (filter.node().isEmpty() ? "" : "&node=" + filter.node());
        view.put("csvLink", "/console/overview?" + query + "&format=csv");
        view.put("xlsxLink", "/console/overview?" + query + "&format=xlsx");
        view.put("fragment", overview.html());
        return ConsoleHttp.TEMPLATES.page(200, "overview", view, CSS);
    }
}
