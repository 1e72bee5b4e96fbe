package se.smartcitysweden.booking.port;

import java.time.Instant;

/** Remembers which booking a client's Idempotency-Key made, and from which body. */
public record IdempotencyRecord(String key, String bodyHash, String bookingId, String reference, Instant expiresAt) {

    public boolean isLiveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
