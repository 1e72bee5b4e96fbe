package se.smartcitysweden.booking.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;

/**
 * Bookings as cases being handled. Throws {@link StorageUnavailableException} when the store fails.
 */
public interface BookingCaseRepository {

    Optional<BookingCase> load(String id);

    /**
     * Stores a changed case if nobody changed it since it was loaded (its version is unchanged),
     * and files it in the due-work index at {@code nextDue} (or takes it out). False when it was
     * changed meanwhile: reload and decide again.
     */
    boolean save(BookingCase changed, Optional<Instant> nextDue, Instant now);

    /** The cases whose follow-up is due at {@code now}, read from the due-work index only. */
    List<BookingCase> due(Instant now);

    /** A node's cases submitted since a moment (for the national digest). */
    List<BookingCase> submittedSince(Node node, Instant since);

    /**
     * A node's cases submitted from {@code from} to {@code to}, both included (for the national
     * overview). The DynamoDB adapter reads only that range of the node's index; this default
     * serves twins that hold few cases.
     */
    default List<BookingCase> submittedBetween(Node node, Instant from, Instant to) {
        return submittedSince(node, from).stream().filter(c -> !c.booking().createdAt().isAfter(to)).toList();
    }

    /** True the first time a key is claimed (within {@code keep}); false after. */
    boolean claimOnce(String key, Instant now, Duration keep);

    /** Gives a claimed key back (its work failed and must be done again). */
    void releaseOnce(String key);
}
