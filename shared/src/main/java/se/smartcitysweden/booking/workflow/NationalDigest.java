package se.smartcitysweden.booking.workflow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.EmailMessage;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.port.BookingCaseRepository;

/**
 * The weekly overview for the national office: per node the open, overdue and recently
 * completed bookings, and a CSV of the last twelve months' bookings counted by country,
 * focus area, node and status (a booking with two focus areas counts under each).
 */
public final class NationalDigest {
    private static final Duration YEAR = Duration.ofDays(365);
    private final BookingCaseRepository cases;
    private final CaseMails mails;

    public NationalDigest(BookingCaseRepository cases, CaseMails mails) {
        this.cases = cases;
        this.mails = mails;
    }

    public EmailMessage mail(String week, Instant now) {
        MailWords w = mails.coordinatorWords();
        List<List<String>> rows = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        int[] totals = new int[4];
        for (Node node : Node.values()) {
            List<BookingCase> ofNode = cases.submittedSince(node, now.minus(YEAR));
            int open = 0, overdue = 0, completed = 0;
            for (BookingCase c : ofNode) {
                if (isOpen(c.status())) open++;
                if (isOverdue(c, now)) overdue++;
                if (completedWithinWeek(c, now)) completed++;
                String country = c.booking().request().contact().country().isEmpty() ? "unknown"
                        : c.booking().request().contact().country();
                for (FocusArea area : c.booking().request().focusAreas()) {
                    counts.merge(String.join(",", country, area.id(), node.id(), c.status().id()), 1, Integer::sum);
                }
            }
            rows.add(List.of(node.city(), Integer.toString(open), Integer.toString(overdue), Integer.toString(completed),
                    Integer.toString(ofNode.size())));
            totals[0] += open;
            totals[1] += overdue;
            totals[2] += completed;
            totals[3] += ofNode.size();
        }
        rows.add(List.of("Σ", Integer.toString(totals[0]), Integer.toString(totals[1]), Integer.toString(totals[2]),
                Integer.toString(totals[3])));
        StringBuilder csv = new StringBuilder("country,focus_area,node,status,bookings\r\n");
        counts.forEach((key, count) -> csv.append(key).append(',').append(count).append("\r\n"));
        return mails.digest(week, List.of(w.get("digest.node"), w.get("digest.open"), w.get("digest.overdue"),
                w.get("digest.completed"), w.get("digest.total")), rows, csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isOpen(BookingStatus status) {
        return status == BookingStatus.SUBMITTED || status == BookingStatus.ACKNOWLEDGED || status == BookingStatus.CONFIRMED;
    }

    /** Unanswered after reminders, a visit past its days but not completed, or an outcome overdue. */
    private static boolean isOverdue(BookingCase c, Instant now) {
        Map<String, Instant> sent = c.workflow().followUpsSent();
        if (c.status() == BookingStatus.SUBMITTED) return sent.keySet().stream().anyMatch(k -> k.startsWith("unanswered-"));
        if (c.status() == BookingStatus.CONFIRMED) {
            return c.workflow().visit().map(v -> v.to().isBefore(LocalDate.ofInstant(now, FollowUpPlan.SWEDEN))).orElse(false);
        }
        return c.status() == BookingStatus.COMPLETED && sent.containsKey("outcome-missing");
    }

    private static boolean completedWithinWeek(BookingCase c, Instant now) {
        return c.workflow().history().stream().anyMatch(e -> e.action().equals("complete")
                && e.at().isAfter(now.minus(Duration.ofDays(7))));
    }
}
