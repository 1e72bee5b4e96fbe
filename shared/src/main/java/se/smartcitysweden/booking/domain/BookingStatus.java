package se.smartcitysweden.booking.domain;

import java.util.Optional;

/** Where a booking is in its life, from request to follow-up. */
public enum BookingStatus {
    SUBMITTED("submitted"), ACKNOWLEDGED("acknowledged"), CONFIRMED("confirmed"),
    COMPLETED("completed"), FOLLOWED_UP("followed-up"), DECLINED("declined"), CANCELLED("cancelled");

    private final String id;

    BookingStatus(String id) { this.id = id; }

    public String id() { return id; }

    public static Optional<BookingStatus> fromId(String id) {
        for (BookingStatus status : values()) {
            if (status.id.equals(id)) return Optional.of(status);
        }
        return Optional.empty();
    }
}
