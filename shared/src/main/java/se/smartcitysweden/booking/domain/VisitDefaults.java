package se.smartcitysweden.booking.domain;

import java.time.LocalTime;
import java.util.Optional;

/**
 * What a node's visits usually are, set per deployment (the CoordinatorDirectory's "visits" of a node):
 * where the delegation is met, who hosts, the usual hours, and how much notice a request needs.
 * A coordinator confirming in a hurry gets these as the visit plan's starting point; empty texts
 * mean "not set" (the coordinator fills them in).
 */
public record VisitDefaults(String meetingPlace, String mapUrl, String hostName, String hostPhone, String hostEmail,
                            Optional<LocalTime> dayStart, Optional<LocalTime> dayEnd, int minimumNoticeDays) {

    public static final VisitDefaults NONE = new VisitDefaults("", "", "", "", "", Optional.empty(), Optional.empty(), 0);

    public VisitDefaults {
        meetingPlace = text(meetingPlace);
        mapUrl = text(mapUrl);
        hostName = text(hostName);
        hostPhone = text(hostPhone);
        hostEmail = text(hostEmail);
        dayStart = dayStart == null ? Optional.empty() : dayStart;
        dayEnd = dayEnd == null ? Optional.empty() : dayEnd;
        if (minimumNoticeDays < 0) throw new IllegalArgumentException("minimumNoticeDays below 0");
        if (dayStart.isPresent() && dayEnd.isPresent() && !dayEnd.get().isAfter(dayStart.get())) {
            throw new IllegalArgumentException("dayEnd must be after dayStart");
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
