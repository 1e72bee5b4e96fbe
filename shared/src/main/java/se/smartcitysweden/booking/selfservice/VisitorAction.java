package se.smartcitysweden.booking.selfservice;

import java.util.List;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;

/** What a visitor can do from their own page. */
public sealed interface VisitorAction {
    /** The name in forms, JSON bodies and history lines. */
    String name();

    record Cancel(String reason) implements VisitorAction {
        public String name() { return "cancel"; }
    }

    /** New preferred periods, replacing the old ones, with an optional word for the coordinator. */
    record OtherDates(List<DateRange> dates, String message) implements VisitorAction {
        public OtherDates {
            dates = List.copyOf(dates);
        }

        public String name() { return "other-dates"; }
    }

    record ChangeParticipants(int expected, List<Participant> participants) implements VisitorAction {
        public ChangeParticipants {
            participants = List.copyOf(participants);
        }

        public String name() { return "participants"; }
    }
}
