package se.smartcitysweden.booking.console.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.overview.ReportBasis;
import se.smartcitysweden.booking.web.HttpRequest;

/**
 * What the list and the overview are asked for: a status, a period (the last twelve months unless the query says
 * otherwise, or a calendar {@code year}), a text (at most 100 characters), a node the person sees (none: all) and,
 * for the overview, whether the period is of visits or of requests. Every value is checked: a wrong one is named, in
 * the reader's language, and nothing is read ({@link #problems}).
 */
record Filter(String status, LocalDate from, LocalDate to, String search, List<Node> nodes, ReportBasis basis) {
    static final List<String> STATUSES = List.of("open", "all", "submitted", "acknowledged", "confirmed", "completed",
            "followed-up", "declined", "cancelled");
    /** No booking is older than the network's booking service: a period before it can only be a typing mistake. */
    static final LocalDate EARLIEST = LocalDate.of(2020, 1, 1);
    /** A period is at most ten years: the longest report anybody asks for; longer ones would only be slow. */
    static final long MAX_YEARS = 10;
    static final int MAX_SEARCH = 100;

    /** A filter, or the problems of the query as typed (field name to message), shown again with the form. */
    record Parsed(Filter filter, Map<String, String> problems, Map<String, String> typed) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The last day a period may reach: the end of next year (visits are booked up to two years ahead, reports are of years). */
    static LocalDate latest(LocalDate today) {
        return LocalDate.of(today.getYear() + 1, 12, 31);
    }

    static Parsed parse(HttpRequest request, Principal principal, LocalDate today, ConsoleWords words, ReportBasis defaultBasis) {
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, String> typed = new LinkedHashMap<>();
        for (String field : List.of("status", "node", "from", "to", "q", "year", "basis", "format")) {
            typed.put(field, Optional.ofNullable(request.query(field)).orElse(""));
        }
        LocalDate from = null, to = null;
        String year = typed.get("year").strip();
        if (!year.isEmpty()) {
            if (!year.matches("\\d{4}")) problems.put("year", words.get("filter.error.year"));
            else {
                from = LocalDate.of(Integer.parseInt(year), 1, 1);
                to = from.withDayOfYear(from.lengthOfYear());
                if (from.isBefore(EARLIEST) || to.isAfter(latest(today))) {
                    problems.put("year", words.format("filter.error.yearRange", EARLIEST.getYear(), latest(today).getYear()));
                }
            }
        } else {
            Optional<LocalDate> askedTo = date(typed.get("to"), "to", problems, words);
            Optional<LocalDate> askedFrom = date(typed.get("from"), "from", problems, words);
            if (!problems.isEmpty()) return new Parsed(null, problems, typed);
            to = askedTo.orElse(today);
            from = askedFrom.orElse(to.minusDays(365));
            if (from.isBefore(EARLIEST)) problems.put("from", words.format("filter.error.early", words.date(EARLIEST)));
            if (to.isAfter(latest(today))) problems.put("to", words.format("filter.error.late", words.date(latest(today))));
            if (from.isAfter(to)) problems.putIfAbsent("from", words.get("filter.error.order"));
            // [from, to] both included: ten years end the day before from's date ten years on.
            else if (!to.isBefore(from.plusYears(MAX_YEARS))) {
                problems.putIfAbsent("from", words.format("filter.error.long", MAX_YEARS));
            }
        }
        String status = typed.get("status").isEmpty() ? "open" : typed.get("status");
        if (!STATUSES.contains(status)) problems.put("status", words.get("filter.error.status"));
        Optional<Node> node = Node.fromId(typed.get("node"));
        if (!typed.get("node").isEmpty() && (node.isEmpty() || !principal.sees(node.get()))) {
            problems.put("node", words.get("filter.error.node"));
        }
        String search = typed.get("q").strip();
        if (search.codePointCount(0, search.length()) > MAX_SEARCH) problems.put("q", words.format("filter.error.searchLong", MAX_SEARCH));
        else if (search.codePoints().anyMatch(Character::isISOControl)) problems.put("q", words.get("filter.error.searchControl"));
        ReportBasis basis = defaultBasis;
        if (!typed.get("basis").isEmpty()) {
            Optional<ReportBasis> asked = ReportBasis.fromId(typed.get("basis"));
            if (asked.isEmpty()) problems.put("basis", words.get("filter.error.basis"));
            else basis = asked.get();
        }
        if (!List.of("", "csv", "xlsx").contains(typed.get("format"))) problems.put("format", words.get("filter.error.format"));
        if (!problems.isEmpty()) return new Parsed(null, problems, typed);
        return new Parsed(new Filter(status, from, to, search, node.stream().toList(), basis), Map.of(), typed);
    }

    String node() {
        return nodes.isEmpty() ? "" : nodes.get(0).id();
    }

    /** A date as the form's date field sends it (yyyy-mm-dd); empty when not given. */
    private static Optional<LocalDate> date(String text, String field, Map<String, String> problems, ConsoleWords words) {
        if (text == null || text.isBlank()) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            problems.put(field, words.get("filter.error.date"));
            return Optional.empty();
        }
    }

    /** The problems as the page lists them: each with its field's label, linked to the field. */
    static List<Map<String, Object>> errors(Map<String, String> problems, ConsoleWords words) {
        List<Map<String, Object>> list = new ArrayList<>();
        problems.forEach((field, message) -> list.add(Map.of("field", field, "label", words.get("filter." + label(field)),
                "message", message)));
        return list;
    }

    private static String label(String field) {
        return field.equals("q") ? "search" : field;
    }
}
