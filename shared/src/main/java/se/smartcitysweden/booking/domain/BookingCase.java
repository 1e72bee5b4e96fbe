package se.smartcitysweden.booking.domain;

/**
 * A booking as a case being handled: the booking, its workflow, the version that guards
 * concurrent changes, and whether its first e-mails went out.
 */
public record BookingCase(Booking booking, long version, Workflow workflow, String notification) {

    public BookingStatus status() {
        return booking.status();
    }

    public String id() {
        return booking.id();
    }

    public BookingCase next(BookingStatus status, Workflow newWorkflow) {
        return new BookingCase(new Booking(booking.id(), booking.reference(), status, booking.createdAt(), booking.request()),
                version, newWorkflow, notification);
    }

    /** The same case with one more line of history (an event outside the coordinator's actions). */
    public BookingCase withHistory(Workflow.HistoryEntry entry) {
        return next(workflow.with(entry));
    }

    public BookingCase next(Workflow newWorkflow) {
        return new BookingCase(booking, version, newWorkflow, notification);
    }
}
