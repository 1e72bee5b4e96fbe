package se.smartcitysweden.booking.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.MailDelivery;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.port.MailSender;

/**
 * What happens when an e-mail did not arrive. The visitor's address bounced for good or
 * complained: the booking records it (a history line, once per e-mail) and the node's
 * coordinators are told once, so they reach the visitor another way. A coordinator's or the
 * national office's address failed: the operators are told (a metric with an alarm), since
 * bookings would otherwise go unanswered. Transient bounces are only logged: the provider has
 * retried them already.
 */
public final class MailDeliveryService {
    /** The code of the history's {@link HistoryEvent.ContactUnreachable}. */
    public static final String HISTORY_ACTION = "contact-unreachable";
    private static final Duration KEEP_CLAIM = Duration.ofDays(30);

    private final BookingCaseRepository cases;
    private final FollowUpPlan plan;
    private final CaseMails mails;
    private final MailSender sender;
    private final MailLog mailLog;

    public MailDeliveryService(BookingCaseRepository cases, FollowUpPlan plan, CaseMails mails, MailSender sender) {
        this(cases, plan, mails, sender, MailLog.NONE);
    }

    /** With the booking's mail log, where every report of an e-mail about it is recorded for its timeline. */
    public MailDeliveryService(BookingCaseRepository cases, FollowUpPlan plan, CaseMails mails, MailSender sender, MailLog mailLog) {
        this.mailLog = mailLog;
        this.cases = cases;
        this.plan = plan;
        this.mails = mails;
        this.sender = sender;
    }

    public enum Result {
        IGNORED, BOOKING_MARKED, ALREADY_HANDLED, OPERATORS_TOLD, BOOKING_GONE,
        /** The booking is marked, but the node's notice could not go now: deliver the event again (it is not marked twice). */
        NOTICE_DELAYED
    }

    public Result handle(MailDeliveryProblem problem) {
        if (problem.bookingId().isPresent()) LogContext.bookingId(problem.bookingId().get());
        // Every report about a booking's e-mail shows in its timeline (a repeated one adds nothing).
        problem.bookingId().ifPresent(id -> record(id, problem));
        if (problem.kind() == MailDeliveryProblem.Kind.DELIVERED) return Result.IGNORED;
        if (problem.kind() == MailDeliveryProblem.Kind.TRANSIENT_BOUNCE) {
            log("mail.bounce_transient", problem, null).write();
            return Result.IGNORED;
        }
        Optional<BookingCase> found = problem.bookingId().flatMap(cases::load);
        Set<String> visitorAddresses = found.map(c -> visitorAddresses(c.booking())).orElse(Set.of());
        boolean aboutVisitor = problem.recipients().stream().map(MailDeliveryService::normal).anyMatch(visitorAddresses::contains);
        if (!aboutVisitor) {
            // Only our own people get e-mails that are not the visitor's: their address is broken.
            Metrics.count(Metrics.Name.MailUnreachable, 1, Map.of("kind", problem.kind().name()));
            log("mail.staff_unreachable", problem, found.orElse(null)).write();
            return problem.bookingId().isPresent() && found.isEmpty() ? Result.BOOKING_GONE : Result.OPERATORS_TOLD;
        }
        BookingCase bookingCase = found.orElseThrow();
        boolean complaint = problem.kind() == MailDeliveryProblem.Kind.COMPLAINT;
        bookingCase = markUnreachable(bookingCase, problem, complaint);
        // Once per e-mail, even when the provider reports it twice or the send below is retried.
        String claim = "mail-problem#" + problem.messageId();
        if (!cases.claimOnce(claim, problem.at(), KEEP_CLAIM)) {
            log("mail.problem_repeated", problem, bookingCase).write();
            return Result.ALREADY_HANDLED;
        }
        MailDelivery.Result sent = MailDelivery.send(sender, mails.contactUnreachable(bookingCase, complaint, problem.at()),
                "contact-unreachable", bookingCase.id());
        if (sent.status() == MailSender.Status.DELAYED || sent.status() == MailSender.Status.PAUSED) {
            // Certainly not sent: give the claim back, and the event is delivered again.
            cases.releaseOnce(claim);
            return Result.NOTICE_DELAYED;
        }
        // REJECTED and MAYBE_SENT are counted and logged by MailDelivery; sending again could only repeat it.
        log("mail.contact_unreachable", problem, bookingCase).write();
        return Result.BOOKING_MARKED;
    }

    /** Adds the history line unless this e-mail's report is recorded already; retries a concurrent change once. */
    private BookingCase markUnreachable(BookingCase bookingCase, MailDeliveryProblem problem, boolean complaint) {
        HistoryEvent event = new HistoryEvent.ContactUnreachable(complaint, problem.messageId());
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean recorded = bookingCase.workflow().history().stream().anyMatch(h -> h.event().equals(event));
            if (recorded) return bookingCase;
            BookingCase marked = bookingCase.withHistory(new Workflow.HistoryEntry(problem.at(),
                    Actor.of(Actor.Kind.MAIL_PROVIDER), event));
            if (cases.save(marked, plan.nextDue(marked), problem.at())) return marked;
            bookingCase = cases.load(bookingCase.id()).orElseThrow();
        }
        throw new IllegalStateException("the booking kept changing; the event is delivered again");
    }

    private void record(String bookingId, MailDeliveryProblem problem) {
        String word = switch (problem.kind()) {
            case DELIVERED -> "delivered";
            case PERMANENT_BOUNCE -> "bounce";
            case TRANSIENT_BOUNCE -> "delayed";
            case COMPLAINT -> "complaint";
        };
        if (problem.kind() == MailDeliveryProblem.Kind.DELIVERED || problem.recipients().isEmpty()) {
            mailLog.reported(bookingId, problem.messageId(), word);
        } else {
            for (String recipient : problem.recipients()) mailLog.reported(bookingId, problem.messageId(), word + ":" + normal(recipient));
        }
    }

    private static Set<String> visitorAddresses(Booking booking) {
        return Stream.concat(Stream.of(booking.request().contact().email()),
                        booking.request().organiser().map(o -> o.email()).stream())
                .map(MailDeliveryService::normal).collect(Collectors.toSet());
    }

    private static String normal(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** Identifiers only: never the addresses. */
    private static Log log(String event, MailDeliveryProblem problem, BookingCase bookingCase) {
        Log line = Log.info(event).field("kind", problem.kind().name()).field("messageId", problem.messageId())
                .field("recipients", problem.recipients().size());
        problem.bookingId().ifPresent(id -> line.field("bookingId", id));
        if (bookingCase != null) line.field("reference", bookingCase.booking().reference()).field("node", bookingCase.booking().node().id());
        return line;
    }
}
