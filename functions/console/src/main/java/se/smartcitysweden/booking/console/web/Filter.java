package se.smartcitysweden.booking.console.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.web.HttpRequest;

/**
 * What the list and the overview are asked for: a status, a period (the year up to today unless the query says
 * otherwise), a text (at most 100 characters) and a node the person sees (none: all); shown again in the filter form.
 */
record Filter(String status, LocalDate from, LocalDate to, String search, List<Node> nodes) {
    static final List<String> STATUSES = List.of("open", "all", "submitted", "acknowledged", "confirmed", "completed",
            "followed-up", "declined", "cancelled");

    static Filter of(HttpRequest request, Principal principal, LocalDate today) {
        LocalDate to = date(request.query("to")).orElse(today);
        LocalDate first = date(request.query("from")).orElse(to.minusDays(365));
        LocalDate from = first.isAfter(to) ? to : first;
        String status = Optional.ofNullable(request.query("status")).filter(STATUSES::contains).orElse("open");
        String search = Optional.ofNullable(request.query("q")).map(String::strip).orElse("");
        List<Node> asked = Node.fromId(Optional.ofNullable(request.query("node")).orElse("")).filter(principal::sees).stream().toList();
        return new Filter(status, from, to, search.length() > 100 ? search.substring(0, 100) : search, asked);
    }

    String node() {
        return nodes.isEmpty() ? "" : nodes.get(0).id();
    }

    private static Optional<LocalDate> date(String text) {
        try {
            return text == null || text.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
