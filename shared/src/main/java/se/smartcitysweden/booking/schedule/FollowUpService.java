package se.smartcitysweden.booking.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.FollowUpPlan.Kind;
import se.smartcitysweden.booking.domain.FollowUpPlan.Task;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.MailDelivery;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.observability.Metrics;
import se.smartcitysweden.booking.overview.NationalDigest;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.VisitorNotices;

/**
 * One scheduled follow-up run at a given moment: reads the due cases from the due-work index
 * (never the whole table), does each due task once, files each case at its next due time,
 * and on Mondays sends the national digest. Each task is claimed on the case with a
 * conditional write before its e-mail is sent, so a schedule that fires twice or a retried
 * run sends nothing twice. It drives workflow, notification and the overview's digest, so it sits
 * above them in its own package: none of them depends on it.
 */
public final class FollowUpService {
    static final Actor FOLLOW_UP = Actor.of(Actor.Kind.FOLLOW_UP);
    /** The code of {@link HistoryEvent.TaskSkipped}: a task whose moment passed before a run could do it. */
    public static final String SKIPPED = "skipped";
    /** The code of {@link HistoryEvent.TakenOver}: nobody answered after the last reminder, the national office has the booking. */
    public static final String TAKEN_OVER = "taken-over";
    /** The code of {@link HistoryEvent.Lapsed}: the request's dates all passed unanswered, the follow-up closed it. */
    public static final String LAPSED = "lapsed";
    private final BookingCaseRepository cases;
    private final FollowUpPlan plan;
    private final WorkingDays workingDays;
    private final CaseMails mails;
    private final MailSender sender;
    private final NotificationService notifications;
    private final VisitorNotices notices;
    private final NationalDigest digest;

    public FollowUpService(BookingCaseRepository cases, FollowUpPlan plan, WorkingDays workingDays, CaseMails mails,
                           MailSender sender, NotificationService notifications, VisitorNotices notices,
                           NationalDigest digest) {
        this.cases = cases;
        this.plan = plan;
        this.workingDays = workingDays;
        this.mails = mails;
        this.sender = sender;
        this.notifications = notifications;
        this.notices = notices;
        this.digest = digest;
    }

    /** What a run did, for its log line and the benchmark. */
    public record RunReport(Instant at, boolean workingDay, int dueCases, int tasksDone, int tasksFailed,
                            boolean digestSent) { }

    /** What a run covers: everything (the morning run), or only what must not wait (the frequent run). */
    public enum Scope { ALL, URGENT }

    public RunReport run(Instant now) {
        return run(now, Scope.ALL);
    }

    /**
     * @param scope {@link Scope#URGENT}: only the first e-mails of new bookings and the visitor's
     *              notices still unsent (the notification safety net, run every few minutes)
     */
    public RunReport run(Instant now, Scope scope) {
        boolean workingDay = workingDays.isWorkingDay(LocalDate.ofInstant(now, FollowUpPlan.SWEDEN));
        boolean urgentOnly = scope == Scope.URGENT || !workingDay;
        List<BookingCase> due = cases.due(now);
        int done = 0;
        int failed = 0;
        for (BookingCase bookingCase : due) {
            // Each case's lines carry its booking id; the run's own lines do not.
            try (LogContext.Scope forBooking = LogContext.forBooking(bookingCase.id())) {
                Counts counts = process(bookingCase, now, urgentOnly, scope == Scope.ALL);
                done += counts.done();
                failed += counts.failed();
            }
        }
        // The week's digest goes out on its first working morning: Monday, or Tuesday after Easter.
        boolean digestSent = scope == Scope.ALL && workingDay && sendDigest(now);
        if (failed > 0) {
            Metrics.count(Metrics.Name.FollowUpTasksFailed, failed, Map.of("scope", scope.name().toLowerCase()));
        }
        return new RunReport(now, workingDay, due.size(), done, failed, digestSent);
    }

    private record Counts(int done, int failed) { }

    private Counts process(BookingCase loaded, Instant now, boolean urgentOnly, boolean refile) {
        BookingCase current = loaded;
        int done = 0;
        int failed = 0;
        boolean written = false;
        if (!urgentOnly) {
            Optional<BookingCase> skipped = skipStale(current, now);
            if (skipped.isPresent()) {
                current = skipped.get();
                written = true;
            } else if (!plan.staleTasks(current, now).isEmpty()) {
                return new Counts(done, failed); // changed meanwhile: the next run decides again
            }
        }
        for (Task task : plan.dueTasks(current, now)) {
            // On holidays, and in the frequent run, only what the visitor is waiting for goes out:
            // the first e-mails and the notice of a decision. Reminders wait for a working morning.
            // The participants' session mail goes in the frequent run too: it waits only for the visitor's quiet.
            if (urgentOnly && task.kind() != Kind.NOTIFY && task.kind() != Kind.NOTICE && task.kind() != Kind.PARTICIPANTS_SESSION) continue;
            if (task.kind() == Kind.NOTIFY) {
                NotificationService.Outcome outcome = notifications.resend(current.booking(), now);
                // PENDING (a claim held, a send that may have gone, a paused account): neither done
                // nor failed; the booking stays due and a later run sends it.
                if (outcome == NotificationService.Outcome.RETRY_LATER) failed++;
                else if (outcome != NotificationService.Outcome.PENDING) done++;
                Optional<BookingCase> reloaded = cases.load(current.id());
                if (reloaded.isEmpty()) return new Counts(done, failed);
                current = reloaded.get();
                continue;
            }
            if (task.kind() == Kind.ANONYMISE) {
                BookingCase anonymised = PersonalData.anonymise(current, FOLLOW_UP, new HistoryEvent.Anonymised(), now);
                if (!cases.save(anonymised, plan.nextDue(anonymised), now)) return new Counts(done, failed);
                Log.info("follow-up.anonymised").field("bookingId", current.id()).write();
                return new Counts(done + 1, failed); // nothing else is left to do for it
            }
            Optional<BookingCase> claimed = claim(current, task, now);
            if (claimed.isEmpty()) return new Counts(done, failed); // another run has this case
            current = claimed.get();
            if (send(current, task, now)) {
                done++;
            } else {
                failed++;
                current = release(current, task, now).orElse(current);
            }
        }
        // File the case at its next due time (or take it out of the index) if nothing else did.
        if (refile && !written && done == 0 && failed == 0) cases.save(current, plan.nextDue(current), now);
        return new Counts(done, failed);
    }

    /**
     * Records the tasks whose moment has passed as skipped (in followUpsSent, so they are not tried
     * again, and as history lines), in one write. Empty when there was none or the case changed.
     */
    private Optional<BookingCase> skipStale(BookingCase current, Instant now) {
        List<Task> stale = plan.staleTasks(current, now);
        if (stale.isEmpty()) return Optional.empty();
        Workflow w = current.workflow();
        for (Task task : stale) {
            w = w.withFollowUpSent(task.key(), now).with(new Workflow.HistoryEntry(now, FOLLOW_UP, task.skipped()));
        }
        BookingCase marked = current.next(w);
        if (!cases.save(marked, plan.nextDue(marked), now)) return Optional.empty();
        Log.info("follow-up.skipped").field("bookingId", current.id())
                .field("tasks", String.join(",", stale.stream().map(Task::key).toList())).write();
        return Optional.of(new BookingCase(marked.booking(), marked.version() + 1, marked.workflow(), marked.notification()));
    }

    private Optional<BookingCase> claim(BookingCase current, Task task, Instant now) {
        Workflow claimed = current.workflow().withFollowUpSent(task.key(), now);
        // The take-over is an event of the booking's life, not just a mail: it has its history line.
        if (task.kind() == Kind.TAKEN_OVER) claimed = claimed.with(new Workflow.HistoryEntry(now, FOLLOW_UP, new HistoryEvent.TakenOver()));
        BookingCase marked = current.next(claimed);
        // The lapse closes the request in the same write as its claim: from then on no reminder is due.
        Optional<LocalDate> lapse = FollowUpPlan.lapseDay(current);
        if (task.kind() == Kind.LAPSED && lapse.isPresent()) {
            marked = current.next(se.smartcitysweden.booking.domain.BookingStatus.CANCELLED,
                    claimed.with(new Workflow.HistoryEntry(now, FOLLOW_UP, new HistoryEvent.Lapsed(lapse.get().minusDays(1)))));
            Log.info("follow-up.lapsed").field("bookingId", current.id()).write();
        }
        if (!cases.save(marked, plan.nextDue(marked), now)) return Optional.empty();
        return Optional.of(new BookingCase(marked.booking(), marked.version() + 1, marked.workflow(), marked.notification()));
    }

    /** Gives a task back after its e-mail could not be sent now, so the next run tries again. */
    private Optional<BookingCase> release(BookingCase current, Task task, Instant now) {
        java.util.Map<String, Instant> sent = new java.util.LinkedHashMap<>(current.workflow().followUpsSent());
        sent.remove(task.key());
        Workflow w = current.workflow();
        List<Workflow.HistoryEntry> history = new java.util.ArrayList<>(w.history());
        if (task.kind() == Kind.TAKEN_OVER) history.removeIf(e -> e.event() instanceof HistoryEvent.TakenOver);
        BookingCase released = current.next(new Workflow(history, w.visit(), w.reason(), w.outcome(), w.feedback(), sent));
        if (!cases.save(released, plan.nextDue(released), now)) return Optional.empty();
        return Optional.of(new BookingCase(released.booking(), released.version() + 1, released.workflow(),
                released.notification()));
    }

    /** Sends a task's e-mail; false when it could not go now (to be retried). */
    private boolean send(BookingCase c, Task task, Instant now) {
        if (task.kind() == Kind.NOTICE) {
            HistoryEvent event = c.workflow().history().get(task.step()).event();
            VisitorNotice notice = event instanceof HistoryEvent.Confirmed ? VisitorNotice.CONFIRMATION
                    : event instanceof HistoryEvent.Declined ? VisitorNotice.DECLINE
                    : event instanceof HistoryEvent.Reopened ? VisitorNotice.REOPENED
                    : event instanceof HistoryEvent.PlanChanged ? VisitorNotice.PLAN_CHANGED
                    : VisitorNotice.CANCELLATION;
            boolean sent = notices.send(c, notice);
            // The notice was not sent when the change was made (or not marked): the safety net's redrive.
            if (sent) Metrics.count(Metrics.Name.Redrives, 1, Map.of("kind", "notice", "bookingId", c.id()));
            return sent;
        }
        EmailMessage message = switch (task.kind()) {
            case UNANSWERED -> mails.unansweredReminder(c, task.step(), now);
            case PREPARE -> mails.prepareVisit(c, now);
            case PRACTICAL -> mails.practicalInformation(c, now);
            case VISIT_DONE -> mails.visitDone(c, now);
            case THANKS -> mails.thanks(c, now);
            case OUTCOME_MISSING -> mails.outcomeMissing(c, now);
            case TAKEN_OVER -> mails.takenOver(c, now);
            case TAKEN_OVER_NOTICE -> mails.takenOverNotice(c);
            case LAPSED -> mails.lapsed(c, now);
            case LAPSED_NOTICE -> mails.lapsedNotice(c);
            case PARTICIPANTS_SESSION -> mails.participantsSession(c, task.step(), now);
            case IMPACT -> mails.impactSurvey(c, task.step(), false, now);
            case IMPACT_REMINDER -> mails.impactSurvey(c, task.step(), true, now);
            default -> throw new IllegalStateException("no e-mail for " + task.kind());
        };
        String kind = task.kind().name().toLowerCase().replace('_', '-');
        switch (MailDelivery.send(sender, message, kind, c.id()).status()) {
            case SENT:
                Metrics.count(Metrics.Name.RemindersSent, 1, Map.of("kind", kind, "bookingId", c.id()));
                return true;
            case REJECTED:
                return true; // refused for good: recorded as done so it is not retried forever
            case MAYBE_SENT:
                // The task is recorded as sent (its claim) and stays so: the follow-up's own e-mails
                // go at most once; the next reminder or the coordinator's page covers a lost one.
                return true;
            default:
                return false; // not sent (throttled, paused): given back for the next run
        }
    }

    private boolean sendDigest(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, FollowUpPlan.SWEDEN);
        String week = today.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        if (!cases.claimOnce("digest-" + week, now, Duration.ofDays(30))) return false;
        MailDelivery.Result result = MailDelivery.send(sender, digest.mail(week, now), "digest", null);
        if (result.status() == MailSender.Status.SENT) return true;
        if (result.status() == MailSender.Status.MAYBE_SENT) return false; // kept claimed: at most one digest a week
        // Given back, so the next working morning's run sends it.
        cases.releaseOnce("digest-" + week);
        Log.error("digest.failed").field("week", week).field("code", result.code()).write();
        Metrics.count(Metrics.Name.FollowUpTasksFailed, 1, Map.of("kind", "digest"));
        return false;
    }
}
