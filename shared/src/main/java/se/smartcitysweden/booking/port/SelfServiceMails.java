package se.smartcitysweden.booking.port;

import java.time.Instant;
import se.smartcitysweden.booking.domain.BookingCase;

/** What the visitor's self-service tells the coordinators, and the visit's calendar entry. */
public interface SelfServiceMails {
    /** Tells the node's coordinators what the visitor changed, with their reason or message; false when it could not go. */
    boolean visitorChanged(BookingCase before, BookingCase after, String action, String note, Instant now);

    /** Tells the node's coordinators that the visitor left feedback. */
    boolean feedbackGiven(BookingCase withFeedback, Instant now);

    /** The confirmed visit as an iCalendar file, the same as the confirmation's invitation. */
    String calendar(BookingCase confirmed);
}
