package se.smartcitysweden.booking.console.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.console.BookingList;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.overview.ReportBasis;

/**
 * The bookings of the nodes one may see ({@code GET /console}: filtered by status, node, period and text, each with
 * its next step), and {@code GET /console/bookings/{id}}: on to the booking's manage page.
 */
final class BookingsPage {
    private final ConsoleService service;
    private final ConsoleWords words;
    private final BookingList list;
    private final ConsoleHttp.Links links;
    private final String publicBaseUrl;

    BookingsPage(ConsoleService service, ConsoleWords words, BookingList list, ConsoleHttp.Links links, String publicBaseUrl) {
        this.service = service;
        this.words = words;
        this.list = list;
        this.links = links;
        this.publicBaseUrl = publicBaseUrl;
    }

    HttpAnswer list(ConsoleHttp.Visit visit) {
        if (visit.session().isEmpty()) return ConsoleHttp.seeOther("/console/sign-in");
        Principal principal = visit.session().get().principal();
        LocalDate today = service.today();
        Filter.Parsed parsed = Filter.parse(visit.request(), principal, today, words, ReportBasis.REQUEST);
        Map<String, Object> view = visit.page(words, words.get("list.title"), true);
        whoSees(view, words, principal);
        filterForm(view, parsed, words, principal);
        if (!parsed.ok()) return ConsoleHttp.TEMPLATES.page(400, "list", view);
        Filter filter = parsed.filter();
        List<BookingCase> cases = service.bookings(principal, filter.nodes(), filter.from(), filter.to());
        // "Only mine": the bookings assigned to the signed-in person (known here by the keyed hash of their address).
        boolean mine = "1".equals(visit.request().query("mine"));
        if (mine) {
            cases = cases.stream().filter(c -> c.workflow().assignee()
                    .filter(a -> service.sessions().who(a.email()).equals(principal.who())).isPresent()).toList();
        }
        view.put("mine", mine);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BookingList.Row row : list.rows(cases, filter.status(), filter.search(), today, words::country)) rows.add(row(row, today));
        view.put("rows", rows);
        view.put("empty", rows.isEmpty());
        view.put("count", words.format("list.count", rows.size()));
        return ConsoleHttp.TEMPLATES.page(200, "list", view);
    }

    /** Unknown and another node's booking are answered alike. */
    HttpAnswer open(ConsoleHttp.Visit visit) {
        if (visit.session().isEmpty()) return ConsoleHttp.seeOther("/console/sign-in");
        Principal principal = visit.session().get().principal();
        Optional<BookingCase> found = service.open(principal, visit.request().pathParameter("id"));
        if (found.isEmpty()) return ConsoleHttp.message(words, visit, 404, "notFound");
        // A link for this person: what they do there is recorded under their name (or the national office's).
        return ConsoleHttp.seeOther(links.forBaseUrl(visit.request().siteUrl(publicBaseUrl))
                .manage(found.get().booking(), service.now(), principal.who()));
    }

    /**
     * The filter form as asked: the values of the filter, or, when the query has problems, the values as typed with
     * each problem named at the top (linked to its field) and next to its field.
     */
    static void filterForm(Map<String, Object> view, Filter.Parsed parsed, ConsoleWords words, Principal principal) {
        Map<String, String> typed = parsed.typed();
        Filter f = parsed.filter();
        String status = f != null ? f.status() : typed.get("status").isEmpty() ? "open" : typed.get("status");
        view.put("statuses", Filter.STATUSES.stream().map(s -> Map.of("value", s, "label", words.filterStatus(s),
                "selected", s.equals(status))).toList());
        view.put("nodes", nodeChoices(words, principal, f != null ? f.node() : typed.get("node")));
        view.put("from", f != null ? f.from().toString() : typed.get("from"));
        view.put("to", f != null ? f.to().toString() : typed.get("to"));
        view.put("q", f != null ? f.search() : typed.get("q"));
        view.put("year", typed.get("year"));
        view.put("hasErrors", !parsed.ok());
        view.put("errors", Filter.errors(parsed.problems(), words));
        Map<String, Object> invalid = new HashMap<>();
        parsed.problems().forEach((field, message) -> invalid.put(field, Map.of("message", message)));
        view.put("invalid", invalid);
    }

    /** Whose bookings the page shows, and whether it has a node column and filter. */
    static void whoSees(Map<String, Object> view, ConsoleWords words, Principal principal) {
        view.put("who", principal.national() ? words.get("who.national")
                : words.format("who.node", principal.nodes().stream().map(Node::city).sorted().collect(Collectors.joining(", "))));
        view.put("national", principal.national() || principal.nodes().size() > 1);
    }

    /** The node filter's choices: all, then each node the person sees. */
    static List<Map<String, Object>> nodeChoices(ConsoleWords words, Principal principal, String selected) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(Map.of("value", "", "label", words.get("filter.node.all"), "selected", selected.isEmpty()));
        for (Node node : Node.values()) {
            if (principal.sees(node)) nodes.add(Map.of("value", node.id(), "label", node.city(), "selected", node.id().equals(selected)));
        }
        return nodes;
    }

    private Map<String, Object> row(BookingList.Row row, LocalDate today) {
        Booking b = row.bookingCase().booking();
        BookingRequest r = b.request();
        BookingList.NextStep next = row.next();
        Map<String, Object> m = new HashMap<>();
        m.put("id", b.id());
        m.put("reference", b.reference());
        m.put("node", b.node().city());
        m.put("statusId", b.status().id());
        m.put("status", words.status(b.status()));
        m.put("age", words.format("age", row.ageDays()));
        m.put("next", next.key().equals("none") ? "" : words.get("next." + next.key()));
        m.put("due", next.due().map(words::date).orElse(""));
        m.put("late", next.late(today));
        m.put("assigned", row.bookingCase().workflow().assignee().map(a -> a.name().isBlank() ? a.email() : a.name()).orElse(""));
        m.put("dates", row.bookingCase().workflow().visit().map(v -> words.range(v.from(), v.to()))
                .orElse(r.preferredDates().stream().map(d -> words.range(d.from(), d.to())).collect(Collectors.joining("; "))));
        m.put("visitAgreed", row.bookingCase().workflow().visit().isPresent());
        m.put("organisation", r.contact().organisation() == null || r.contact().organisation().isBlank()
                ? r.organiser().map(BookingRequest.Organiser::organisation).orElse("") : r.contact().organisation());
        m.put("country", words.country(r.contact().country()));
        m.put("size", r.expectedParticipants());
        m.put("open", row.open());
        // Where the search found it, so a hit on a participant's e-mail says so.
        m.put("matched", row.matched().stream().map(x -> Map.of("label", words.get("match." + x.field()), "value", x.value())).toList());
        return m;
    }
}
