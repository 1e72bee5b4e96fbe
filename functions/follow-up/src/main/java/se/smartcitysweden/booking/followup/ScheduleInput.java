package se.smartcitysweden.booking.followup;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import se.smartcitysweden.booking.schedule.FollowUpService;

/**
 * The schedule's input, checked: {@code {"scheduledTime": "<ISO-8601 with offset>"}}, and
 * optionally {@code "scope": "urgent"} for the frequent notification safety-net run.
 */
final class ScheduleInput {
    private ScheduleInput() { }

    record Parsed(Instant scheduledTime, FollowUpService.Scope scope, String error) { }

    static Parsed parse(Map<String, Object> input) {
        if (input == null) return error("the event is empty");
        for (String key : input.keySet()) {
            if (!key.equals("scheduledTime") && !key.equals("scope")) {
                return error("unknown field " + key.replaceAll("[^A-Za-z0-9_-]", "?"));
            }
        }
        Object scope = input.getOrDefault("scope", "all");
        if (!"all".equals(scope) && !"urgent".equals(scope)) return error("scope must be all or urgent");
        Object value = input.get("scheduledTime");
        if (!(value instanceof String text)) return error("scheduledTime is required, as ISO-8601 text");
        if (text.equals("<aws.scheduler.scheduled-time>")) {
            return error("scheduledTime was not filled in: the schedule's Input must be a template");
        }
        try {
            return new Parsed(OffsetDateTime.parse(text).toInstant(),
                    "urgent".equals(scope) ? FollowUpService.Scope.URGENT : FollowUpService.Scope.ALL, null);
        } catch (DateTimeParseException e) {
            return error("scheduledTime is not ISO-8601 with an offset, such as 2027-03-01T07:00:00+01:00");
        }
    }

    private static Parsed error(String message) {
        return new Parsed(null, null, message);
    }
}
