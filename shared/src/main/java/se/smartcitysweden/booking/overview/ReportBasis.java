package se.smartcitysweden.booking.overview;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which day puts a booking in a report's period: the day its visit began (a visit agreed; what "visits in 2027"
 * means) or the day its request arrived (every request, whatever became of it).
 */
public enum ReportBasis {
    VISIT("visit"), REQUEST("request");

    private final String id;

    ReportBasis(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ReportBasis> fromId(String id) {
        return Arrays.stream(values()).filter(b -> b.id.equals(id)).findFirst();
    }
}
