package se.smartcitysweden.booking.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A stored booking: the visitor's request and where it stands. */
public record Booking(
        String id,
        String reference,
        BookingStatus status,
        Instant createdAt,
        BookingRequest request) {

    /** Sweden's time: dates of visits, working days and "today" are all reckoned in it. */
    public static final ZoneId SWEDISH_TIME = ZoneId.of("Europe/Stockholm");

    /**
     * How long a new booking's first e-mails may stay unsent before the follow-up sends them
     * (the stream normally sends them within seconds).
     */
    public static final Duration FIRST_MAILS_GRACE = Duration.ofMinutes(10);

    public Node node() { return request.node(); }

    public Language language() { return request.language(); }
}
