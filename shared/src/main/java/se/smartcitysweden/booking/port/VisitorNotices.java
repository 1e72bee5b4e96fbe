package se.smartcitysweden.booking.port;

import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.VisitorNotice;

/** Sends the visitor the notice a transition calls for (confirmation with calendar invite, decline, cancellation). */
public interface VisitorNotices {
    /** @return true when sent; false when it could not be sent now and must be retried by the follow-up */
    boolean send(BookingCase bookingCase, VisitorNotice notice);
}
