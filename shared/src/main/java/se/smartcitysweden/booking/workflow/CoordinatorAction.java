package se.smartcitysweden.booking.workflow;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.VisitPlan;

/** What a coordinator can do to a booking from the manage page. */
public sealed interface CoordinatorAction {
    String name();

    record Acknowledge() implements CoordinatorAction {
        public String name() { return "acknowledge"; }
    }

    /**
     * Confirms (or moves) the visit; {@code plan} is the visit plan given with it (the page's form starts it from
     * the node's usual visit), empty when the request gives none (the plan in place, if any, then moves with the days).
     */
    record Confirm(LocalDate date, LocalDate endDate, Optional<VisitPlan> plan) implements CoordinatorAction {
        public Confirm {
            plan = plan == null ? Optional.empty() : plan;
        }

        public Confirm(LocalDate date, LocalDate endDate) {
            this(date, endDate, Optional.empty());
        }

        public String name() { return "confirm"; }
    }

    /** Replaces the plan of a confirmed visit (hours outside the visit's days are left out); the visitor is told what changed. */
    record UpdatePlan(VisitPlan plan) implements CoordinatorAction {
        public String name() { return "update-plan"; }
    }

    record Decline(String reason) implements CoordinatorAction {
        public String name() { return "decline"; }
    }

    record Cancel(String reason) implements CoordinatorAction {
        public String name() { return "cancel"; }
    }

    /** The visit took place: {@code attended} people came (0: a no-show, nobody came). */
    record Complete(int attended) implements CoordinatorAction {
        /** The most a count may say (the form's limit is 200 expected; more may come, not ten times more). */
        public static final int MAX_ATTENDED = 2000;

        public String name() { return "complete"; }

        public boolean noShow() { return attended == 0; }
    }

    record RecordOutcome(String outcome, List<String> companiesMet, boolean businessInterest) implements CoordinatorAction {
        public RecordOutcome {
            companiesMet = List.copyOf(companiesMet);
        }

        public String name() { return "record-outcome"; }
    }

    /** Replaces a recorded outcome (a typo, a fact learnt later) within {@link Transitions#CORRECTION_WINDOW}. */
    record CorrectOutcome(String outcome, List<String> companiesMet, boolean businessInterest) implements CoordinatorAction {
        public CorrectOutcome {
            companiesMet = List.copyOf(companiesMet);
        }

        public String name() { return "correct-outcome"; }
    }

    /**
     * Undoes a decline (back to acknowledged) or a recorded outcome (back to completed) within
     * {@link Transitions#CORRECTION_WINDOW}; the history keeps what was undone.
     */
    record Reopen() implements CoordinatorAction {
        public String name() { return "reopen"; }
    }

    /** Removes the booking's personal data at once (the visitor asked for it), keeping its statistics. */
    record Erase() implements CoordinatorAction {
        public String name() { return "erase"; }
    }
}
