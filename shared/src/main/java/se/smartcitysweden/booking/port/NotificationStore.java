package se.smartcitysweden.booking.port;

import java.time.Duration;
import java.time.Instant;

/**
 * Records, on the booking, which of its notification e-mails were sent, so that a replayed
 * stream record or a concurrent delivery sends nothing twice. Each e-mail is claimed with a
 * conditional write before it is sent and marked after.
 */
public interface NotificationStore {

    enum Mail { COORDINATOR, VISITOR }

    /**
     * Claims the right to send one e-mail of a booking: true when it was pending (or its claim
     * is older than {@code staleAfter}, a sender that died mid-way), false when it is taken or done.
     */
    boolean claim(String bookingId, Mail mail, Instant now, Duration staleAfter);

    void markSent(String bookingId, Mail mail, String messageId, Instant now);

    /** Gives the claim back so that a later attempt may send (a transient failure). */
    void release(String bookingId, Mail mail);

    void markFailed(String bookingId, Mail mail, String reason, Instant now);

    /** Sets the booking's overall notification state once every e-mail is done. */
    void markNotification(String bookingId, String state, Instant now);
}
