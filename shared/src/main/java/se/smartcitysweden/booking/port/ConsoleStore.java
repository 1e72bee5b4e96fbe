package se.smartcitysweden.booking.port;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Principal;

/**
 * What the coordinators' console stores and reads, and where it counts the sign-in links per address
 * ({@link LimitCounter}, as the other public limits are counted). Throws
 * {@link se.smartcitysweden.booking.port.StorageUnavailableException} when the store fails.
 */
public interface ConsoleStore extends LimitCounter {

    /** A node's bookings that arrived in {@code [from, to)}, read through the node index (never a scan). */
    List<BookingCase> ofNode(Node node, Instant from, Instant to);

    /**
     * The overview's rows of the nodes' bookings submitted on the Swedish days {@code [from, to]}:
     * a few items per node and month, kept by the table's stream (never the bookings themselves).
     */
    List<OverviewRow> overviewRows(Collection<Node> nodes, LocalDate from, LocalDate to);

    Optional<BookingCase> load(String bookingId);

    /** Files a one-time sign-in under the hash of its token, until {@code expiresAt}. */
    void issueSignIn(String tokenHash, Principal principal, Instant expiresAt);

    /**
     * Uses the sign-in up, once: its principal when it exists, is unused and unexpired at {@code now}
     * (one conditional write); else empty, and nothing changes.
     */
    Optional<Principal> consumeSignIn(String tokenHash, Instant now);

    /** Files a session under the hash of its id until {@code expiresAt}, so that sign-out can end it sooner. */
    void startSession(String idHash, Instant expiresAt);

    /** True while the session is filed and unexpired at {@code now} (one read). */
    boolean sessionActive(String idHash, Instant now);

    /** Ends the session: its cookie, and every copy of it, is refused from now on. */
    void endSession(String idHash);

    /** One line of the audit trail: identifiers only. */
    void audit(AuditEntry entry);

    /** Who (a keyed hash of the address, or "anonymous") did what, to what (a booking id, node ids), when. */
    record AuditEntry(Instant at, String who, String action, String target) { }
}
