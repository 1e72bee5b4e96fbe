package se.smartcitysweden.booking.port;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;

/**
 * Where the bookings' {@link OverviewRow}s are kept, per node and month of submission, so the
 * overview reads a few items for a year instead of every booking. Throws
 * {@link se.smartcitysweden.booking.port.StorageUnavailableException} when the store fails.
 */
public interface OverviewRows {

    /**
     * Keeps the row, replacing the booking's earlier one; a row older than the one kept (a lower
     * version: a replayed or late record) changes nothing.
     */
    void record(OverviewRow row);

    /** The rows of the nodes' bookings submitted on the Swedish days {@code [from, to]}, both included. */
    List<OverviewRow> between(Collection<Node> nodes, LocalDate from, LocalDate to);
}
