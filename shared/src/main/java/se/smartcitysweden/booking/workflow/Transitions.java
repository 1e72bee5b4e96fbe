package se.smartcitysweden.booking.workflow;

import static se.smartcitysweden.booking.domain.BookingStatus.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.VisitorNotice;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.Workflow.HistoryEntry;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.HistoryEvent;

/**
 * The booking's life: submitted → acknowledged → confirmed → completed → followed-up, with
 * declined and cancelled from any open state. Pure: the caller stores the result with a
 * conditional write on the version, so two coordinators clicking at once cannot both win.
 */
public final class Transitions {
    private Transitions() { }

    private static final Map<BookingStatus, List<String>> ALLOWED = Map.of(
            SUBMITTED, List.of("acknowledge", "confirm", "decline", "cancel"),
            ACKNOWLEDGED, List.of("confirm", "decline", "cancel"),
            CONFIRMED, List.of("confirm", "complete", "cancel", "update-plan"),
            COMPLETED, List.of("record-outcome"),
            FOLLOWED_UP, List.of(),
            DECLINED, List.of(),
            CANCELLED, List.of());

    /** How long a decline or a recorded outcome can still be corrected or reopened. */
    public static final Duration CORRECTION_WINDOW = Duration.ofDays(30);

    public sealed interface Result {
        record Applied(BookingCase after, VisitorNotice notice) implements Result { }
        record NotAllowed(BookingStatus current) implements Result { }
        /** The case is already where the action leads, with the same values: nothing to write or tell. */
        record Unchanged(BookingCase current) implements Result { }
    }

    /** The actions of the booking's main path in a state (what the page offers as its main buttons). */
    public static List<String> allowedActions(BookingStatus status) {
        return ALLOWED.get(status);
    }

    /**
     * Every action that {@link #apply} accepts on this case now: the main path (with "complete"
     * only from the visit's first day), corrections within their window, and erasure while the
     * case still holds personal data.
     */
    public static List<String> allowedActions(BookingCase c, Instant now) {
        // Nothing more happens to an anonymised case: it is a statistical record now.
        if (PersonalData.isAnonymised(c.workflow())) return List.of();
        List<String> allowed = new ArrayList<>();
        for (String action : ALLOWED.get(c.status())) {
            if (!action.equals("complete") || visitStarted(c, now)) allowed.add(action);
        }
        if (withinWindow(c, c.status() == DECLINED ? HistoryEvent.Declined.class : HistoryEvent.OutcomeRecorded.class, now)
                && (c.status() == DECLINED || c.status() == FOLLOWED_UP)) {
            if (c.status() == FOLLOWED_UP) allowed.add("correct-outcome");
            allowed.add("reopen");
        }
        allowed.add("erase");
        return allowed;
    }

    /** True from the first day of the agreed visit, Swedish time. */
    private static boolean visitStarted(BookingCase c, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, FollowUpPlan.SWEDEN);
        return c.workflow().visit().map(v -> !today.isBefore(v.from())).orElse(false);
    }

    /** True when the latest event of this kind in the history happened within the correction window. */
    private static boolean withinWindow(BookingCase c, Class<? extends HistoryEvent> kind, Instant now) {
        return c.workflow().history().stream().filter(e -> kind.isInstance(e.event())).reduce((a, b) -> b)
                .map(e -> !now.isAfter(e.at().plus(CORRECTION_WINDOW))).orElse(false);
    }

    public static Result apply(BookingCase current, CoordinatorAction action, Actor actor, Instant now) {
        // A double click, a resent form, or coordinators doing the same at once: done once only.
        if (alreadyDone(current, action)) return new Result.Unchanged(current);
        if (!allowedActions(current, now).contains(action.name())) {
            return new Result.NotAllowed(current.status());
        }
        Workflow workflow = current.workflow();
        if (action instanceof CoordinatorAction.Erase) {
            return applied(PersonalData.anonymise(current, actor, new HistoryEvent.Erased(), now), VisitorNotice.NONE);
        }
        if (action instanceof CoordinatorAction.Reopen) {
            // The decline's reason and the outcome stay in the history and the record until replaced.
            BookingStatus back = current.status() == DECLINED ? ACKNOWLEDGED : COMPLETED;
            BookingCase reopened = current.next(back, workflow.with(entry(now, actor, new HistoryEvent.Reopened(current.status()))));
            // The visitor hears of it only if they heard of the decline (see FollowUpPlan#noticeKey).
            return applied(reopened, FollowUpPlan.noticeKey(reopened).isPresent() ? VisitorNotice.REOPENED : VisitorNotice.NONE);
        }
        if (action instanceof CoordinatorAction.CorrectOutcome correct) {
            // The history line keeps the replaced text, so both versions remain on record.
            String replaced = workflow.outcome().map(Workflow.Outcome::text).orElse("");
            Workflow.Outcome corrected = new Workflow.Outcome(correct.outcome(), correct.companiesMet(),
                    correct.businessInterest(), now);
            return applied(current.next(FOLLOWED_UP, workflow.withOutcome(corrected)
                            .with(entry(now, actor, new HistoryEvent.OutcomeCorrected(replaced)))),
                    VisitorNotice.NONE);
        }
        if (action instanceof CoordinatorAction.Acknowledge) {
            return applied(current.next(ACKNOWLEDGED, workflow.with(entry(now, actor, new HistoryEvent.Acknowledged()))),
                    VisitorNotice.NONE);
        }
        if (action instanceof CoordinatorAction.UpdatePlan update) {
            Workflow.Visit visit = workflow.visit().orElseThrow();
            VisitPlan plan = withinVisit(update.plan(), visit);
            HistoryEvent.PlanChanged changed = PlanChanges.between(visit.plan(), plan);
            return applied(current.next(CONFIRMED, workflow.withVisit(visit.withPlan(plan)).with(entry(now, actor, changed))),
                    VisitorNotice.PLAN_CHANGED);
        }
        if (action instanceof CoordinatorAction.Confirm confirm) {
            Workflow.Visit visit = confirmedVisit(workflow, confirm);
            return applied(current.next(CONFIRMED, workflow.withVisit(visit)
                            .with(entry(now, actor, new HistoryEvent.Confirmed(visit.from(), visit.to())))),
                    VisitorNotice.CONFIRMATION);
        }
        if (action instanceof CoordinatorAction.Decline decline) {
            return applied(current.next(DECLINED, workflow.withReason(decline.reason())
                    .with(entry(now, actor, new HistoryEvent.Declined(decline.reason())))), VisitorNotice.DECLINE);
        }
        if (action instanceof CoordinatorAction.Cancel cancel) {
            return applied(current.next(CANCELLED, workflow.withReason(cancel.reason())
                    .with(entry(now, actor, new HistoryEvent.Cancelled(cancel.reason())))), VisitorNotice.CANCELLATION);
        }
        if (action instanceof CoordinatorAction.Complete complete) {
            return applied(current.next(COMPLETED, workflow.with(entry(now, actor, new HistoryEvent.Completed(complete.attended())))),
                    VisitorNotice.NONE);
        }
        CoordinatorAction.RecordOutcome outcome = (CoordinatorAction.RecordOutcome) action;
        Workflow.Outcome recorded = new Workflow.Outcome(outcome.outcome(), outcome.companiesMet(),
                outcome.businessInterest(), now);
        return applied(current.next(FOLLOWED_UP, workflow.withOutcome(recorded)
                        .with(entry(now, actor, new HistoryEvent.OutcomeRecorded()))),
                VisitorNotice.NONE);
    }

    /** True when the case is in the state {@code action} leads to, with the values it would set. */
    static boolean alreadyDone(BookingCase c, CoordinatorAction action) {
        Workflow w = c.workflow();
        if (action instanceof CoordinatorAction.Acknowledge) return c.status() == ACKNOWLEDGED;
        if (action instanceof CoordinatorAction.Confirm confirm) {
            return c.status() == CONFIRMED && w.visit().equals(Optional.of(confirmedVisit(w, confirm)));
        }
        if (action instanceof CoordinatorAction.UpdatePlan update) {
            return c.status() == CONFIRMED && w.visit().map(v -> v.plan().equals(withinVisit(update.plan(), v))).orElse(false);
        }
        if (action instanceof CoordinatorAction.Decline decline) {
            return c.status() == DECLINED && w.reason().equals(decline.reason());
        }
        if (action instanceof CoordinatorAction.Cancel cancel) {
            return c.status() == CANCELLED && w.reason().equals(cancel.reason());
        }
        if (action instanceof CoordinatorAction.Complete) return c.status() == COMPLETED;
        if (action instanceof CoordinatorAction.Erase) return PersonalData.isAnonymised(w);
        if (action instanceof CoordinatorAction.Reopen) {
            return (c.status() == ACKNOWLEDGED || c.status() == COMPLETED) && !w.history().isEmpty()
                    && w.history().get(w.history().size() - 1).event() instanceof HistoryEvent.Reopened;
        }
        if (action instanceof CoordinatorAction.CorrectOutcome correct) {
            return sameOutcome(c, correct.outcome(), correct.companiesMet(), correct.businessInterest());
        }
        CoordinatorAction.RecordOutcome outcome = (CoordinatorAction.RecordOutcome) action;
        return sameOutcome(c, outcome.outcome(), outcome.companiesMet(), outcome.businessInterest());
    }

    private static boolean sameOutcome(BookingCase c, String text, List<String> companies, boolean interest) {
        return c.status() == FOLLOWED_UP && c.workflow().outcome().filter(o -> o.text().equals(text)
                && o.companiesMet().equals(companies) && o.businessInterest() == interest).isPresent();
    }

    /**
     * The visit a confirmation sets: its days, with the plan it gives, or else the plan in place moved to the days
     * (a coordinator's script that sends only dates keeps what the visitor was told).
     */
    static Workflow.Visit confirmedVisit(Workflow w, CoordinatorAction.Confirm confirm) {
        VisitPlan plan = confirm.plan().orElseGet(() -> w.visit().map(Workflow.Visit::plan).orElse(VisitPlan.EMPTY))
                .forDays(confirm.date(), confirm.endDate());
        Workflow.Visit days = new Workflow.Visit(confirm.date(), confirm.endDate());
        return days.withPlan(withinVisit(plan, days));
    }

    /** The plan with only the hours of the visit's own days. */
    private static VisitPlan withinVisit(VisitPlan plan, Workflow.Visit visit) {
        return plan.withHours(plan.hours().stream().filter(h -> !h.day().isBefore(visit.from()) && !h.day().isAfter(visit.to())).toList());
    }

    private static Result applied(BookingCase after, VisitorNotice notice) {
        return new Result.Applied(after, notice);
    }

    private static HistoryEntry entry(Instant now, Actor actor, HistoryEvent event) {
        return new HistoryEntry(now, actor, event);
    }
}
