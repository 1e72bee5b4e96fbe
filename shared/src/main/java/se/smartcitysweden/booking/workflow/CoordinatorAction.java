package se.smartcitysweden.booking.workflow;

import java.time.LocalDate;
import java.util.List;

/** What a coordinator can do to a booking from the manage page. */
public sealed interface CoordinatorAction {
    String name();

    record Acknowledge() implements CoordinatorAction {
        public String name() { return "acknowledge"; }
    }

    record Confirm(LocalDate date, LocalDate endDate) implements CoordinatorAction {
        public String name() { return "confirm"; }
    }

    record Decline(String reason) implements CoordinatorAction {
        public String name() { return "decline"; }
    }

    record Cancel(String reason) implements CoordinatorAction {
        public String name() { return "cancel"; }
    }

    record Complete() implements CoordinatorAction {
        public String name() { return "complete"; }
    }

    record RecordOutcome(String outcome, List<String> companiesMet, boolean businessInterest) implements CoordinatorAction {
        public RecordOutcome {
            companiesMet = List.copyOf(companiesMet);
        }

        public String name() { return "record-outcome"; }
    }
}
