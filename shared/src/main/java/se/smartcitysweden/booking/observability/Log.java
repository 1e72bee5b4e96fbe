package se.smartcitysweden.booking.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import se.smartcitysweden.booking.json.Json;

/**
 * One structured log line per event, as JSON on standard output (Lambda's JSON log format keeps
 * it as the message's fields). Only identifiers and codes go in: booking id, reference, node,
 * event, error code, and the invocation's request, trace and booking ids ({@link LogContext}).
 * Never names, addresses, phone numbers or free text: callers pass no such values, and
 * {@link #field} refuses values that look like an e-mail address.
 */
public final class Log {
    public enum Level { INFO, WARN, ERROR }

    private final Level level;
    private final String event;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Log(Level level, String event) {
        this.level = level;
        this.event = event;
    }

    public static Log info(String event) {
        return new Log(Level.INFO, event);
    }

    public static Log warn(String event) {
        return new Log(Level.WARN, event);
    }

    public static Log error(String event) {
        return new Log(Level.ERROR, event);
    }

    /** Adds a field; a string that contains '@' is replaced (an address must never reach a log). */
    public Log field(String name, Object value) {
        if (value instanceof CharSequence text && text.toString().indexOf('@') >= 0) value = "[redacted]";
        fields.put(name, value);
        return this;
    }

    /** The class of a failure, never its message (SDK and parser messages can quote input). */
    public Log error(Throwable failure) {
        return field("exception", failure.getClass().getSimpleName());
    }

    public void write() {
        write(System.out);
    }

    void write(PrintStream out) {
        String line = toJson();
        if (!Rehearsal.active()) out.println(line);
    }

    String toJson() {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("level", level.name());
            json.writeStringField("event", event);
            LogContext context = LogContext.current();
            if (context != null) {
                id(json, "requestId", context.requestId);
                id(json, "traceId", context.traceId);
                id(json, "bookingId", context.bookingId);
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                json.writeFieldName(field.getKey());
                Object value = field.getValue();
                if (value instanceof Number number) json.writeNumber(number.toString());
                else if (value instanceof Boolean bool) json.writeBoolean(bool);
                else json.writeString(String.valueOf(value));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** An id of the invocation's {@link LogContext}, unless the line gives that field itself. */
    private void id(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !fields.containsKey(name)) json.writeStringField(name, value);
    }
}
