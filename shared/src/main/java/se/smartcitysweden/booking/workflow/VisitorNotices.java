package se.smartcitysweden.booking.workflow;

/** Sends the visitor the notice a transition calls for (confirmation with calendar invite, decline, cancellation). */
public interface VisitorNotices {
    /** @return true when sent; false when it could not be sent now and must be retried by the follow-up */
    boolean send(BookingCase bookingCase, Transitions.VisitorNotice notice);
}
