package se.smartcitysweden.booking.overview;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.MailTable;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.EmailMessage;

/**
 * The weekly overview for the national office, its week said as people say it ("vecka 50, 2026"): per node the
 * open, overdue and recently completed bookings; the late ones (still unanswered after the last reminder), by node,
 * each a link to the booking in the console with its days waiting and whether the national office took it over;
 * and the last twelve months' bookings as the overview's Excel-friendly CSV, one row per booking.
 */
public final class NationalDigest {
    private static final Duration YEAR = Duration.ofDays(365);
    private static final String LAST_REMINDER = new FollowUpPlan.Task(FollowUpPlan.Kind.UNANSWERED,
            FollowUpPlan.UNANSWERED_REMINDERS, Instant.EPOCH).key();
    private final BookingCaseRepository cases;
    private final CaseMails mails;

    public NationalDigest(BookingCaseRepository cases, CaseMails mails) {
        this.cases = cases;
        this.mails = mails;
    }

    public EmailMessage mail(String week, Instant now) {
        MailWords w = mails.coordinatorWords();
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> late = new ArrayList<>();
        List<List<String>> lateUrls = new ArrayList<>();
        List<BookingCase> year = new ArrayList<>();
        int[] totals = new int[4];
        for (Node node : Node.values()) {
            List<BookingCase> ofNode = cases.submittedSince(node, now.minus(YEAR));
            year.addAll(ofNode);
            int open = 0, overdue = 0, completed = 0;
            for (BookingCase c : ofNode) {
                if (isOpen(c.status())) open++;
                if (isOverdue(c, now)) overdue++;
                if (completedWithinWeek(c, now)) completed++;
            }
            ofNode.stream().filter(NationalDigest::isLate).sorted(Comparator.comparing(c -> c.booking().createdAt()))
                    .forEach(c -> {
                        Optional<Instant> takenOver = c.workflow().history().stream()
                                .filter(e -> e.event() instanceof HistoryEvent.TakenOver).map(Workflow.HistoryEntry::at).findFirst();
                        late.add(List.of(node.city(), c.booking().reference(), w.dateTime(c.booking().createdAt()),
                                w.format("digest.waitingDays", ChronoUnit.DAYS.between(
                                        LocalDate.ofInstant(c.booking().createdAt(), FollowUpPlan.SWEDEN), LocalDate.ofInstant(now, FollowUpPlan.SWEDEN))),
                                Integer.toString(c.booking().request().expectedParticipants()),
                                takenOver.map(at -> w.format("digest.takenOver.yes", w.dateTime(at))).orElse(w.get("digest.takenOver.no"))));
                        // The reference opens the booking in the console.
                        lateUrls.add(List.of("", mails.consoleBookingUrl(c.booking())));
                    });
            rows.add(List.of(node.city(), Integer.toString(open), Integer.toString(overdue), Integer.toString(completed),
                    Integer.toString(ofNode.size())));
            totals[0] += open;
            totals[1] += overdue;
            totals[2] += completed;
            totals[3] += ofNode.size();
        }
        rows.add(List.of("Σ", Integer.toString(totals[0]), Integer.toString(totals[1]), Integer.toString(totals[2]),
                Integer.toString(totals[3])));
        year.sort(Comparator.comparing(c -> c.booking().createdAt()));
        LocalDate today = LocalDate.ofInstant(now, FollowUpPlan.SWEDEN);
        String weekLabel = w.format("digest.week", today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), today.get(IsoFields.WEEK_BASED_YEAR));
        return mails.digest(weekLabel, week, List.of(
                new MailTable(w.get("digest.nodes"), List.of(w.get("digest.node"), w.get("digest.open"), w.get("digest.overdue"),
                        w.get("digest.completed"), w.get("digest.total")), rows, ""),
                new MailTable(w.get("digest.late"), List.of(w.get("digest.node"), w.get("digest.reference"),
                        w.get("digest.submitted"), w.get("digest.waiting"), w.get("digest.size"), w.get("digest.takenOver")), late,
                        w.get("digest.late.none"), lateUrls)),
                BookingsExport.csv(year.stream().map(OverviewRow::of).toList(), w.language()));
    }

    /** Nobody at the node answered, even after the last reminder. */
    static boolean isLate(BookingCase c) {
        return c.status() == BookingStatus.SUBMITTED && c.workflow().followUpsSent().containsKey(LAST_REMINDER);
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
        return c.workflow().history().stream().anyMatch(e -> e.event() instanceof HistoryEvent.Completed
                && e.at().isAfter(now.minus(Duration.ofDays(7))));
    }
}
