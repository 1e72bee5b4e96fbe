package se.smartcitysweden.booking.port;

import java.time.Duration;
import java.time.Instant;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * Records, on the booking, which of its notification e-mails were sent, so that a replayed
 * stream record or a concurrent delivery sends nothing twice. Each e-mail is claimed with a
 * conditional write before it is sent and marked after.
 */
public interface NotificationStore {

    enum Mail { COORDINATOR, VISITOR }

    /** What a claim found. */
    enum Claim {
        /** Pending (or claimed longer ago than the stale time): this caller sends it now. */
        CLAIMED,
        /** Sent already (or skipped on purpose, or the booking is gone): nothing to do. */
        ALREADY_SENT,
        /** Refused for good before: nothing to do. */
        ALREADY_FAILED,
        /**
         * Claimed by a sender within the stale time: it may be sending now, or it died. Not done:
         * the booking must stay in the safety net's view until the claim is stale and sent again.
         */
        HELD
    }

    /**
     * Claims the right to send one e-mail of a booking: it was pending, or its claim is older
     * than {@code staleAfter} (a sender that died mid-way, or whose send may or may not have gone).
     */
    Claim claim(String bookingId, Mail mail, Instant now, Duration staleAfter);

    void markSent(String bookingId, Mail mail, String messageId, Instant now);

    /** Gives the claim back so that a later attempt may send (a transient failure). */
    void release(String bookingId, Mail mail);

    void markFailed(String bookingId, Mail mail, String reason, Instant now);

    /**
     * Records that the e-mail is not sent on purpose ({@code skipped}, with the reason) and a
     * history line saying why, for the coordinators' pages; a claim finds it done from then on.
     */
    void markSkipped(String bookingId, Mail mail, Workflow.HistoryEntry why, Instant now);

    /** Adds a history line to the booking unless one with the same action and detail is there (booking gone: nothing). */
    void recordHistory(String bookingId, Workflow.HistoryEntry entry, Instant now);

    /** Sets the booking's overall notification state once every e-mail is sent or failed for good. */
    void markNotification(String bookingId, String state, Instant now);
}
