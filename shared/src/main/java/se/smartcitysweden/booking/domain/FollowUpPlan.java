package se.smartcitysweden.booking.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When the follow-up must act on a booking, and what it must do at a given moment. Each task
 * has a key (kind and step); the workflow records the keys sent, so a task is done once.
 */
public final class FollowUpPlan {
    public static final ZoneId SWEDEN = Booking.SWEDISH_TIME;
    public static final int UNANSWERED_REMINDERS = 3;
    public static final int WORKING_DAYS_BETWEEN_REMINDERS = 2;
    public static final int PREPARE_DAYS_BEFORE = 7;
    public static final int OUTCOME_MISSING_AFTER_DAYS = 14;
    /** A thank-you later than this after its day is stale: skipped, not sent. */
    public static final int THANKS_VALID_DAYS = 7;
    /** How long the visitor must leave the participants alone before the coordinators get the session's one mail. */
    public static final java.time.Duration PARTICIPANTS_QUIET = java.time.Duration.ofMinutes(30);
    /** An unanswered impact survey is recalled once, this long after it went. */
    public static final int IMPACT_REMINDER_AFTER_DAYS = 14;

    /**
     * NOTIFY: the first e-mails (safety net); NOTICE: the visitor's notice of a transition;
     * UNANSWERED: reminders to the coordinator; PREPARE / PRACTICAL: a week before the visit,
     * to the coordinator and the visitor; VISIT_DONE / THANKS: the day after, to both;
     * OUTCOME_MISSING: the outcome is still not recorded; TAKEN_OVER / TAKEN_OVER_NOTICE: nobody
     * answered after the last reminder, so the national office takes the booking over and the
     * visitor is told who will answer; IMPACT / IMPACT_REMINDER: the visitor's impact survey 6 and 12
     * months (step) after the visit, and its one reminder; ANONYMISE: the personal data's time is up;
     * LAPSED / LAPSED_NOTICE: every preferred period of an open request has passed without a confirmed visit,
     * so the follow-up closes it (cancelled, with a {@link HistoryEvent.Lapsed} line) and tells the node (the
     * national office copied) and, with an apology and a way to book again, the visitor; PARTICIPANTS_SESSION: the
     * coordinators' one mail about an editing session of the participants (step: the history index of the
     * session's latest change, which the mail covers up to), once the visitor has left the list alone for {@link #PARTICIPANTS_QUIET}.
     */
    public enum Kind { NOTIFY, NOTICE, UNANSWERED, TAKEN_OVER, TAKEN_OVER_NOTICE, PREPARE, PRACTICAL, VISIT_DONE, THANKS,
        OUTCOME_MISSING, IMPACT, IMPACT_REMINDER, ANONYMISE, LAPSED, LAPSED_NOTICE, PARTICIPANTS_SESSION }

    /** One piece of follow-up work; {@code step} counts the unanswered reminders (1, 2, 3). */
    public record Task(Kind kind, int step, Instant dueAt) {
        public String key() {
            return kind.name().toLowerCase().replace('_', '-') + (hasStep() ? "-" + step : "");
        }

        /** The history's record of this task skipped because its moment passed. */
        public HistoryEvent.TaskSkipped skipped() {
            return new HistoryEvent.TaskSkipped(kind.name().toLowerCase().replace('_', '-'), hasStep() ? step : 0);
        }

        private boolean hasStep() {
            return kind == Kind.UNANSWERED || kind == Kind.NOTICE || kind == Kind.IMPACT || kind == Kind.IMPACT_REMINDER
                    || kind == Kind.PARTICIPANTS_SESSION;
        }
    }

    private final WorkingDays workingDays;
    private final PersonalData personalData;

    public FollowUpPlan(WorkingDays workingDays) {
        this(workingDays, PersonalData.DEFAULT);
    }

    public FollowUpPlan(WorkingDays workingDays, PersonalData personalData) {
        this.workingDays = workingDays;
        this.personalData = personalData;
    }

    /**
     * Tasks due at {@code now}, not yet done and still timely; of the unanswered reminders only the
     * latest due one.
     */
    public List<Task> dueTasks(BookingCase bookingCase, Instant now) {
        List<Task> due = new ArrayList<>();
        Task latestReminder = null;
        for (Task task : pending(bookingCase)) {
            if (task.dueAt().isAfter(now) || isStale(bookingCase, task, now)) continue;
            if (task.kind() == Kind.UNANSWERED) latestReminder = task;
            else due.add(task);
        }
        if (latestReminder != null) due.add(latestReminder);
        // A request whose dates have all passed is closed first: no reminder or take-over for it any more.
        if (due.stream().anyMatch(task -> task.kind() == Kind.LAPSED) && lapseDay(bookingCase).isPresent()) {
            due.removeIf(task -> task.kind() == Kind.UNANSWERED || task.kind() == Kind.TAKEN_OVER
                    || task.kind() == Kind.TAKEN_OVER_NOTICE);
        }
        return due;
    }

    /**
     * Tasks whose moment has passed without them being done (a late or catch-up run): a "your
     * visit is in a week" on the visit's day, a thank-you weeks later. To be recorded as skipped.
     */
    public List<Task> staleTasks(BookingCase bookingCase, Instant now) {
        return pending(bookingCase).stream().filter(task -> !task.dueAt().isAfter(now) && isStale(bookingCase, task, now))
                .toList();
    }

    private boolean isStale(BookingCase c, Task task, Instant now) {
        Optional<Workflow.Visit> visit = c.workflow().visit();
        return switch (task.kind()) {
            case PREPARE, PRACTICAL -> visit.map(v -> !now.isBefore(startOf(v.from()))).orElse(true);
            case THANKS -> !now.isBefore(task.dueAt().plus(java.time.Duration.ofDays(THANKS_VALID_DAYS)));
            // The outcome reminder, when due too, asks for the same and more.
            case VISIT_DONE -> visit.map(v -> !now.isBefore(outcomeMissingAt(v.to().plusDays(1)))).orElse(true);
            // Once the 12-month survey is due, the 6-month one (or its reminder) would only confuse.
            case IMPACT, IMPACT_REMINDER -> task.step() == Impact.FIRST
                    && visit.map(v -> !now.isBefore(impactAt(v, Impact.SECOND))).orElse(true);
            default -> false;
        };
    }

    /** When the follow-up must next look at the booking; empty when there is nothing left to do. */
    public Optional<Instant> nextDue(BookingCase bookingCase) {
        return pending(bookingCase).stream().map(Task::dueAt).min(Comparator.naturalOrder());
    }

    /** Every task the booking still has ahead (due or not), given its state. */
    private List<Task> pending(BookingCase c) {
        List<Task> tasks = new ArrayList<>();
        // An anonymised booking has nobody left to write to: it is a statistical record now.
        if (PersonalData.isAnonymised(c.workflow())) return tasks;
        if ("pending".equals(c.notification()) || "sending".equals(c.notification())) {
            tasks.add(new Task(Kind.NOTIFY, 0, c.booking().createdAt().plus(Booking.FIRST_MAILS_GRACE)));
        }
        // The visitor's notice of the latest confirm, decline or cancel, if it has not gone out yet.
        noticeStep(c).ifPresent(step -> tasks.add(new Task(Kind.NOTICE, step, c.workflow().history().get(step).at())));
        BookingStatus status = c.status();
        if (status == BookingStatus.SUBMITTED) {
            LocalDate submitted = LocalDate.ofInstant(c.booking().createdAt(), SWEDEN);
            int highestSent = 0;
            for (int step = 1; step <= UNANSWERED_REMINDERS; step++) {
                if (sent(c, new Task(Kind.UNANSWERED, step, Instant.EPOCH))) highestSent = step;
            }
            for (int step = highestSent + 1; step <= UNANSWERED_REMINDERS; step++) {
                // Due on the morning after `2 × step` full working days have passed.
                LocalDate day = workingDays.plusWorkingDays(submitted, WORKING_DAYS_BETWEEN_REMINDERS * step + 1);
                tasks.add(new Task(Kind.UNANSWERED, step, startOf(day)));
            }
            // Still unanswered two working days after the last reminder went: the national office takes over.
            Instant lastReminder = c.workflow().followUpsSent().get(new Task(Kind.UNANSWERED, UNANSWERED_REMINDERS,
                    Instant.EPOCH).key());
            if (lastReminder != null) {
                Instant takeOver = startOf(workingDays.plusWorkingDays(LocalDate.ofInstant(lastReminder, SWEDEN),
                        WORKING_DAYS_BETWEEN_REMINDERS));
                tasks.add(new Task(Kind.TAKEN_OVER, 0, takeOver));
                tasks.add(new Task(Kind.TAKEN_OVER_NOTICE, 0, takeOver));
            }
        }
        // An open request whose preferred periods have all passed: closed on the morning after the last one.
        lapseDay(c).ifPresent(day -> {
            tasks.add(new Task(Kind.LAPSED, 0, startOf(day)));
            tasks.add(new Task(Kind.LAPSED_NOTICE, 0, startOf(day)));
        });
        // Closed so, with its messages still to send (a run that failed to send them, or sent only one).
        lapsedAt(c).ifPresent(at -> {
            tasks.add(new Task(Kind.LAPSED, 0, at));
            tasks.add(new Task(Kind.LAPSED_NOTICE, 0, at));
        });
        // The participants' editing session, mailed once the visitor has been quiet (whatever the state: a change
        // made just before a cancellation is still news to the coordinators).
        // Its step is the session's latest change (the history index the mail covers up to): a change after the
        // mail is claimed starts the next session.
        participantsSessionStart(c.workflow()).ifPresent(start -> tasks.add(new Task(Kind.PARTICIPANTS_SESSION,
                lastParticipantsChangeIndex(c.workflow()), lastParticipantsChange(c.workflow()).plus(PARTICIPANTS_QUIET))));
        Optional<Workflow.Visit> visit = c.workflow().visit();
        if (status == BookingStatus.CONFIRMED && visit.isPresent()) {
            Instant weekBefore = startOf(visit.get().from().minusDays(PREPARE_DAYS_BEFORE));
            Instant dayAfter = startOf(visit.get().to().plusDays(1));
            tasks.add(new Task(Kind.PREPARE, 0, weekBefore));
            tasks.add(new Task(Kind.PRACTICAL, 0, weekBefore));
            tasks.add(new Task(Kind.VISIT_DONE, 0, dayAfter));
            tasks.add(new Task(Kind.THANKS, 0, dayAfter));
            // Nobody marked the visit completed: ask again, together with the outcome.
            tasks.add(new Task(Kind.OUTCOME_MISSING, 0, outcomeMissingAt(visit.get().to().plusDays(1))));
        }
        // A no-show gets no thank-you, no survey and no outcome reminder: there is nothing to thank for or ask about.
        boolean happened = !noShow(c.workflow());
        if ((status == BookingStatus.COMPLETED || status == BookingStatus.FOLLOWED_UP) && visit.isPresent() && happened) {
            // Marked done on the visit's days (or its outcome recorded then): the visitor is still thanked after it.
            tasks.add(new Task(Kind.THANKS, 0, startOf(visit.get().to().plusDays(1))));
        }
        if (status == BookingStatus.COMPLETED && happened) {
            Instant completed = c.workflow().history().stream().filter(e -> e.event() instanceof HistoryEvent.Completed)
                    .map(Workflow.HistoryEntry::at).reduce((a, b) -> b).orElse(c.booking().createdAt());
            LocalDate from = LocalDate.ofInstant(completed, SWEDEN);
            // Never before the visit's end, however early it was marked done.
            if (visit.isPresent() && from.isBefore(visit.get().to().plusDays(1))) from = visit.get().to().plusDays(1);
            tasks.add(new Task(Kind.OUTCOME_MISSING, 0, outcomeMissingAt(from)));
        }
        if ((status == BookingStatus.COMPLETED || status == BookingStatus.FOLLOWED_UP) && visit.isPresent() && happened) {
            Map<Integer, Impact> answered = Impact.answers(c.workflow());
            for (int months : List.of(Impact.FIRST, Impact.SECOND)) {
                if (answered.containsKey(months)) continue;
                tasks.add(new Task(Kind.IMPACT, months, impactAt(visit.get(), months)));
                Instant surveySent = c.workflow().followUpsSent().get(impactKey(months));
                // The one reminder, counted from the survey's own sending (a late run moves it too).
                if (surveySent != null) {
                    tasks.add(new Task(Kind.IMPACT_REMINDER, months, startOf(LocalDate.ofInstant(surveySent, SWEDEN)
                            .plusDays(IMPACT_REMINDER_AFTER_DAYS))));
                }
            }
        }
        tasks.removeIf(task -> task.kind() != Kind.NOTIFY && sent(c, task));
        // Before the table's TTL may delete it, the booking is anonymised (this keeps every booking
        // in the due-work index until then, so the step never needs a scan).
        tasks.add(new Task(Kind.ANONYMISE, 0, personalData.anonymiseAt(c)));
        return tasks;
    }

    /** The key under which the visitor's notice of the latest transition is recorded as sent. */
    public static Optional<String> noticeKey(BookingCase c) {
        return noticeStep(c).map(FollowUpPlan::noticeKey);
    }

    /**
     * The history index of the latest transition that tells the visitor something. A decline undone
     * ("reopen" of a decline) tells them it is open again, but only if the decline's own notice went:
     * a visitor never told of the decline hears of neither.
     */
    private static Optional<Integer> noticeStep(BookingCase c) {
        return noticeStep(c.workflow(), c.workflow().history().size());
    }

    /** {@link #noticeStep(BookingCase)} among the first {@code end} history entries. */
    private static Optional<Integer> noticeStep(Workflow w, int end) {
        for (int i = end - 1; i >= 0; i--) {
            HistoryEvent event = w.history().get(i).event();
            if (event instanceof HistoryEvent.Reopened reopened && reopened.from() == BookingStatus.DECLINED) {
                boolean told = noticeStep(w, i).filter(step -> w.followUpsSent().containsKey(noticeKey(step))).isPresent();
                return told ? Optional.of(i) : Optional.empty();
            }
            if (event instanceof HistoryEvent.Confirmed || event instanceof HistoryEvent.Declined
                    || event instanceof HistoryEvent.Cancelled || event instanceof HistoryEvent.PlanChanged) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static String noticeKey(int step) {
        return new Task(Kind.NOTICE, step, Instant.EPOCH).key();
    }

    /**
     * The day an open request (submitted or acknowledged, no visit agreed) lapses: the day after its last
     * preferred period ends. Empty for any other booking.
     */
    public static Optional<LocalDate> lapseDay(BookingCase c) {
        if (c.status() != BookingStatus.SUBMITTED && c.status() != BookingStatus.ACKNOWLEDGED) return Optional.empty();
        if (c.workflow().visit().isPresent()) return Optional.empty();
        return c.booking().request().preferredDates().stream().map(BookingRequest.DateRange::to)
                .max(Comparator.naturalOrder()).map(last -> last.plusDays(1));
    }

    /** When the follow-up closed the request because its dates passed (its latest {@link HistoryEvent.Lapsed} line), if it is still so. */
    public static Optional<Instant> lapsedAt(BookingCase c) {
        if (c.status() != BookingStatus.CANCELLED) return Optional.empty();
        List<Workflow.HistoryEntry> history = c.workflow().history();
        if (history.isEmpty()) return Optional.empty();
        // Only while the lapse is the latest word (nothing reopened or changed the booking since).
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEvent event = history.get(i).event();
            if (event instanceof HistoryEvent.Lapsed) return Optional.of(history.get(i).at());
            if (event instanceof HistoryEvent.Cancelled || event instanceof HistoryEvent.Reopened) return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The history index of the first participants change the coordinators have not been mailed about (an editing
     * session's start): the first {@link HistoryEvent.ParticipantsChanged} after the latest session mailed
     * ("participants-session-&lt;index&gt;" in followUpsSent). Empty when every change has been told.
     */
    public static Optional<Integer> participantsSessionStart(Workflow w) {
        return participantsSessionStart(w, w.history().size());
    }

    /**
     * The first change of the session that ends at history index {@code last} (included): the first
     * {@link HistoryEvent.ParticipantsChanged} after the latest session mailed before it. Empty when there is none.
     */
    public static Optional<Integer> participantsSessionStart(Workflow w, int last) {
        int told = -1;
        for (String key : w.followUpsSent().keySet()) {
            if (!key.matches("participants-session-\\d+")) continue;
            int covered = Integer.parseInt(key.substring("participants-session-".length()));
            if (covered < last) told = Math.max(told, covered);
        }
        List<Workflow.HistoryEntry> history = w.history();
        for (int i = told + 1; i < Math.min(history.size(), last + 1); i++) {
            if (history.get(i).event() instanceof HistoryEvent.ParticipantsChanged) return Optional.of(i);
        }
        return Optional.empty();
    }

    /** The history index of the visitor's latest participants change (-1 when never). */
    static int lastParticipantsChangeIndex(Workflow w) {
        for (int i = w.history().size() - 1; i >= 0; i--) {
            if (w.history().get(i).event() instanceof HistoryEvent.ParticipantsChanged) return i;
        }
        return -1;
    }

    /** When the visitor last changed the participants (the epoch when never). */
    static Instant lastParticipantsChange(Workflow w) {
        return w.history().stream().filter(e -> e.event() instanceof HistoryEvent.ParticipantsChanged)
                .map(Workflow.HistoryEntry::at).reduce((a, b) -> b).orElse(Instant.EPOCH);
    }

    /** True when the visit was marked done with nobody there (the latest count is 0). */
    public static boolean noShow(Workflow w) {
        return w.history().stream().map(Workflow.HistoryEntry::event).filter(HistoryEvent.Completed.class::isInstance)
                .map(HistoryEvent.Completed.class::cast).reduce((a, b) -> b).map(HistoryEvent.Completed::noShow).orElse(false);
    }

    /** How many came to the visit, as the coordinator counted when marking it done; empty when not counted. */
    public static Optional<Integer> attended(Workflow w) {
        return w.history().stream().map(Workflow.HistoryEntry::event).filter(HistoryEvent.Completed.class::isInstance)
                .map(HistoryEvent.Completed.class::cast).reduce((a, b) -> b).map(HistoryEvent.Completed::attended)
                .filter(n -> n != HistoryEvent.Completed.NOT_COUNTED);
    }

    /** The key under which the impact survey of {@code months} is recorded as sent. */
    public static String impactKey(int months) {
        return new Task(Kind.IMPACT, months, Instant.EPOCH).key();
    }

    private static Instant impactAt(Workflow.Visit visit, int months) {
        return startOf(visit.to().plusMonths(months));
    }

    private static boolean sent(BookingCase c, Task task) {
        return c.workflow().followUpsSent().containsKey(task.key());
    }

    private static Instant outcomeMissingAt(LocalDate from) {
        return startOf(from.plusDays(OUTCOME_MISSING_AFTER_DAYS));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(SWEDEN).toInstant();
    }
}
