package se.smartcitysweden.booking.followup;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** The schedule's input, checked: exactly {@code {"scheduledTime": "<ISO-8601 with offset>"}}. */
final class ScheduleInput {
    private ScheduleInput() { }

    record Parsed(Instant scheduledTime, String error) { }

    static Parsed parse(Map<String, Object> input) {
        if (input == null) return new Parsed(null, "the event is empty");
        for (String key : input.keySet()) {
            if (!key.equals("scheduledTime")) return new Parsed(null, "unknown field " + key.replaceAll("[^A-Za-z0-9_-]", "?"));
        }
        Object value = input.get("scheduledTime");
        if (!(value instanceof String text)) return new Parsed(null, "scheduledTime is required, as ISO-8601 text");
        if (text.equals("<aws.scheduler.scheduled-time>")) {
            return new Parsed(null, "scheduledTime was not filled in: the schedule's Input must be a template");
        }
        try {
            return new Parsed(OffsetDateTime.parse(text).toInstant(), null);
        } catch (DateTimeParseException e) {
            return new Parsed(null, "scheduledTime is not ISO-8601 with an offset, such as 2027-03-01T07:00:00+01:00");
        }
    }
}
