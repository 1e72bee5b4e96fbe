package se.smartcitysweden.booking.overview;

import java.time.Instant;
import java.time.LocalDate;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.OverviewRows;

/**
 * Records the rows of bookings that are already stored (a deployment older than the rows, or a
 * repair): reads each node's bookings of the period through the byNode index and records their
 * rows. Safe to run again and beside the stream: a row never replaces a newer one.
 */
public final class OverviewBackfill {
    private final BookingCaseRepository bookings;
    private final OverviewRows rows;

    public OverviewBackfill(BookingCaseRepository bookings, OverviewRows rows) {
        this.bookings = bookings;
        this.rows = rows;
    }

    /** The bookings submitted on the Swedish days {@code [from, to]}; returns how many rows were recorded. */
    public int rebuild(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) throw new IllegalArgumentException("the period ends before it starts");
        Instant start = from.atStartOfDay(Booking.SWEDISH_TIME).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(Booking.SWEDISH_TIME).toInstant();
        int recorded = 0;
        for (Node node : Node.values()) {
            for (BookingCase c : bookings.submittedBetween(node, start, end)) {
                // The index's range includes its upper end, the next day's first instant.
                if (!c.booking().createdAt().isBefore(end)) continue;
                rows.record(OverviewRow.of(c));
                recorded++;
            }
        }
        return recorded;
    }
}
