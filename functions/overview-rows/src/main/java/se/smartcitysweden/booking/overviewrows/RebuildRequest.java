package se.smartcitysweden.booking.overviewrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A direct invocation {@code {"rebuild":{"from":"YYYY-MM-DD","to":"YYYY-MM-DD"}}}: record the rows
 * of the bookings submitted on those Swedish days. Valid once made: {@link #parse} refuses
 * anything else with a sentence for the caller.
 */
record RebuildRequest(LocalDate from, LocalDate to) {
    /** At most this many days at once, so a rebuild ends well within the function's timeout. */
    static final int MAX_DAYS = 400;

    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    static RebuildRequest parse(JsonNode rebuild) throws Invalid {
        if (!rebuild.isObject()) throw new Invalid("rebuild needs {\"from\":\"YYYY-MM-DD\",\"to\":\"YYYY-MM-DD\"}");
        LocalDate from = day(rebuild, "from");
        LocalDate to = day(rebuild, "to");
        if (to.isBefore(from)) throw new Invalid("rebuild.to is before rebuild.from");
        if (from.plusDays(MAX_DAYS).isBefore(to)) throw new Invalid("rebuild at most " + MAX_DAYS + " days at once");
        return new RebuildRequest(from, to);
    }

    private static LocalDate day(JsonNode rebuild, String field) throws Invalid {
        JsonNode value = rebuild.get(field);
        if (value == null || !value.isTextual()) throw new Invalid("rebuild." + field + " must be a date YYYY-MM-DD");
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new Invalid("rebuild." + field + " must be a date YYYY-MM-DD");
        }
    }
}
