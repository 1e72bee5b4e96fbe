package se.smartcitysweden.booking.domain;

import java.time.Instant;

/** A stored booking: the visitor's request and where it stands. */
public record Booking(
        String id,
        String reference,
        BookingStatus status,
        Instant createdAt,
        BookingRequest request) {

    public Node node() { return request.node(); }

    public Language language() { return request.language(); }
}
