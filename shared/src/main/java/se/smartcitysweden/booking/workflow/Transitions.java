package se.smartcitysweden.booking.workflow;

import static se.smartcitysweden.booking.domain.BookingStatus.*;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.workflow.Workflow.HistoryEntry;

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
            CONFIRMED, List.of("confirm", "complete", "cancel"),
            COMPLETED, List.of("record-outcome"),
            FOLLOWED_UP, List.of(),
            DECLINED, List.of(),
            CANCELLED, List.of());

    /** What the visitor should be told after a transition. */
    public enum VisitorNotice { NONE, CONFIRMATION, DECLINE, CANCELLATION }

    public sealed interface Result {
        record Applied(BookingCase after, VisitorNotice notice) implements Result { }
        record NotAllowed(BookingStatus current) implements Result { }
        /** The case is already where the action leads, with the same values: nothing to write or tell. */
        record Unchanged(BookingCase current) implements Result { }
    }

    public static List<String> allowedActions(BookingStatus status) {
        return ALLOWED.get(status);
    }

    public static Result apply(BookingCase current, CoordinatorAction action, String actor, Instant now) {
        // A double click, a resent form, or coordinators doing the same at once: done once only.
        if (alreadyDone(current, action)) return new Result.Unchanged(current);
        if (!ALLOWED.get(current.status()).contains(action.name())) {
            return new Result.NotAllowed(current.status());
        }
        Workflow workflow = current.workflow();
        if (action instanceof CoordinatorAction.Acknowledge) {
            return applied(current.next(ACKNOWLEDGED, workflow.with(entry(now, actor, action, ""))), VisitorNotice.NONE);
        }
        if (action instanceof CoordinatorAction.Confirm confirm) {
            Workflow.Visit visit = new Workflow.Visit(confirm.date(), confirm.endDate());
            String detail = visit.from().equals(visit.to()) ? visit.from().toString() : visit.from() + "–" + visit.to();
            return applied(current.next(CONFIRMED, workflow.withVisit(visit).with(entry(now, actor, action, detail))),
                    VisitorNotice.CONFIRMATION);
        }
        if (action instanceof CoordinatorAction.Decline decline) {
            return applied(current.next(DECLINED, workflow.withReason(decline.reason())
                    .with(entry(now, actor, action, decline.reason()))), VisitorNotice.DECLINE);
        }
        if (action instanceof CoordinatorAction.Cancel cancel) {
            return applied(current.next(CANCELLED, workflow.withReason(cancel.reason())
                    .with(entry(now, actor, action, cancel.reason()))), VisitorNotice.CANCELLATION);
        }
        if (action instanceof CoordinatorAction.Complete) {
            return applied(current.next(COMPLETED, workflow.with(entry(now, actor, action, ""))), VisitorNotice.NONE);
        }
        CoordinatorAction.RecordOutcome outcome = (CoordinatorAction.RecordOutcome) action;
        Workflow.Outcome recorded = new Workflow.Outcome(outcome.outcome(), outcome.companiesMet(),
                outcome.businessInterest(), now);
        return applied(current.next(FOLLOWED_UP, workflow.withOutcome(recorded).with(entry(now, actor, action, ""))),
                VisitorNotice.NONE);
    }

    /** True when the case is in the state {@code action} leads to, with the values it would set. */
    static boolean alreadyDone(BookingCase c, CoordinatorAction action) {
        Workflow w = c.workflow();
        if (action instanceof CoordinatorAction.Acknowledge) return c.status() == ACKNOWLEDGED;
        if (action instanceof CoordinatorAction.Confirm confirm) {
            return c.status() == CONFIRMED && w.visit().equals(Optional.of(new Workflow.Visit(confirm.date(), confirm.endDate())));
        }
        if (action instanceof CoordinatorAction.Decline decline) {
            return c.status() == DECLINED && w.reason().equals(decline.reason());
        }
        if (action instanceof CoordinatorAction.Cancel cancel) {
            return c.status() == CANCELLED && w.reason().equals(cancel.reason());
        }
        if (action instanceof CoordinatorAction.Complete) return c.status() == COMPLETED;
        CoordinatorAction.RecordOutcome outcome = (CoordinatorAction.RecordOutcome) action;
        return c.status() == FOLLOWED_UP && w.outcome().filter(o -> o.text().equals(outcome.outcome())
                && o.companiesMet().equals(outcome.companiesMet()) && o.businessInterest() == outcome.businessInterest())
                .isPresent();
    }

    private static Result applied(BookingCase after, VisitorNotice notice) {
        return new Result.Applied(after, notice);
    }

    private static HistoryEntry entry(Instant now, String actor, CoordinatorAction action, String detail) {
        return new HistoryEntry(now, actor, action.name(), detail);
    }
}
