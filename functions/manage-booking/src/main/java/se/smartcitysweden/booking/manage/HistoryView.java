package se.smartcitysweden.booking.manage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.workflow.BookingCase;
import se.smartcitysweden.booking.workflow.Impact;
import se.smartcitysweden.booking.workflow.Workflow;

/**
 * Who did what when, as the history tables of the coordinator's and the visitor's pages show it: the one place
 * where a history entry becomes words.
 */
final class HistoryView {
    private HistoryView() { }

    /** Every entry, from the request on. */
    static List<Map<String, Object>> forCoordinator(BookingCase c, PageWords w) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(w.dateTime(c.booking().createdAt()), c.booking().request().contact().name(), w.get("history.submitted"), ""));
        for (Workflow.HistoryEntry entry : c.workflow().history()) {
            rows.add(row(w.dateTime(entry.at()), actor(entry.actor(), w),
                    w.has("history." + entry.action()) ? w.get("history." + entry.action()) : entry.action(), detail(entry, w)));
        }
        return rows;
    }

    /** What the visitor should see: not the coordinator's notes on the outcome, nor the mail system's records. */
    static List<Map<String, Object>> forVisitor(BookingCase c, PageWords w) {
        Booking b = c.booking();
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(w.dateTime(b.createdAt()), w.get("visit.actor.you"), w.get("visit.history.submitted"), ""));
        for (Workflow.HistoryEntry entry : c.workflow().history()) {
            if (!w.has("visit.history." + entry.action())) continue;
            // A reopened outcome is the coordinator's own business; a reopened decline is the visitor's news.
            boolean reopen = entry.action().equals("reopen");
            if (reopen && !entry.detail().equals(BookingStatus.DECLINED.id())) continue;
            String who = entry.actor().equals("visitor") ? w.get("visit.actor.you")
                    : entry.actor().startsWith("coordinator:") ? w.format("visit.actor.coordinator", b.node().city())
                    : w.get("visit.actor.system");
            rows.add(row(w.dateTime(entry.at()), who, w.get("visit.history." + entry.action()), reopen ? "" : detail(entry, w)));
        }
        return rows;
    }

    /** When the visitor last answered the survey of {@code months}. */
    static Optional<Instant> impactAnswered(BookingCase c, int months) {
        return c.workflow().history().stream().filter(e -> e.action().equals(Impact.ACTION) && e.detail().startsWith(months + ":"))
                .reduce((first, last) -> last).map(Workflow.HistoryEntry::at);
    }

    private static Map<String, Object> row(String when, String who, String what, String detail) {
        return Map.of("when", when, "who", who, "what", what, "detail", detail);
    }

    private static String actor(String actor, PageWords w) {
        if (actor.startsWith("coordinator:")) {
            String id = actor.substring("coordinator:".length());
            return w.format("actor.coordinator", Node.fromId(id).map(Node::city).orElse(id));
        }
        return w.has("actor." + actor) ? w.get("actor." + actor) : actor;
    }

    private static String detail(Workflow.HistoryEntry entry, PageWords w) {
        String detail = entry.detail();
        if (entry.action().equals("feedback") && detail.matches("[1-5]")) return w.format("history.rating", detail);
        // An acknowledgement not sent because of the limit per address (NotificationService): why, in words.
        if (w.has("history." + entry.action() + "." + detail)) return w.get("history." + entry.action() + "." + detail);
        if (entry.action().equals(Impact.ACTION)) {
            return Impact.parse(detail).map(a -> {
                List<String> yes = new ArrayList<>();
                for (String name : ImpactSurvey.QUESTIONS) if (ImpactSurvey.answer(a, name)) yes.add(w.get("field." + name));
                String said = w.format("history.impact.answer", a.months(), yes.isEmpty() ? w.get("impact.none") : String.join(", ", yes));
                return a.note().isEmpty() ? said : said + "\n" + a.note();
            }).orElse("");
        }
        if (entry.action().equals("visitor-dates")) {
            return detail.lines().map(line -> line.matches("\\d{4}-\\d{2}-\\d{2}–\\d{4}-\\d{2}-\\d{2}")
                    ? w.range(LocalDate.parse(line.substring(0, 10)), LocalDate.parse(line.substring(11))) : line)
                    .collect(Collectors.joining("\n"));
        }
        if (entry.action().equals("visitor-participants") && detail.matches("\\d+ → \\d+; \\d+ → \\d+")) {
            String[] numbers = detail.split("\\D+");
            return w.format("history.participants", numbers[0], numbers[1], numbers[2], numbers[3]);
        }
        if (entry.action().equals("confirm")) {
            try {
                String[] days = detail.split("–");
                LocalDate from = LocalDate.parse(days[0]);
                return w.range(from, days.length > 1 ? LocalDate.parse(days[1]) : from);
            } catch (DateTimeParseException e) {
                return detail;
            }
        }
        return detail;
    }
}
