package se.smartcitysweden.booking.observability;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import se.smartcitysweden.booking.json.Json;

/**
 * Counts in CloudWatch Embedded Metric Format: one JSON line on standard output that CloudWatch
 * Logs turns into metrics, with no client, no call and no cold-start cost. Every metric is
 * published without dimensions (what the alarms in template.yaml watch) and, when a dimension
 * is given, also per that dimension (e.g. bookings per node).
 */
public final class Metrics {
    public static final String NAMESPACE = "SmartCitySweden/Booking";

    /** The metric names, one place: template.yaml's alarms and dashboard use the same. */
    public enum Name {
        BookingsSubmitted, ValidationFailures, StorageFailures,
        MailSent, MailRejected, MailDelayed, SesSendingPaused, MailUnreachable,
        RemindersSent, Redrives, FollowUpTasksFailed, UnreadableRecords, OverviewRowTooLarge, AcknowledgementsLimited
    }

    private Metrics() { }

    public static void count(Name metric) {
        count(metric, 1, Map.of());
    }

    /**
     * @param dimensions at most one name/value pair that the metric is also published by
     *                   (more would multiply CloudWatch's custom metrics); other context goes in
     *                   {@code properties}, which are searchable in Logs Insights but not metrics
     */
    public static void count(Name metric, long value, Map<String, String> dimensions, Map<String, String> properties) {
        if (dimensions.size() > 1) throw new IllegalArgumentException("one dimension at most");
        String line = emf(metric, value, dimensions, properties);
        if (!Rehearsal.active()) System.out.println(line);
    }

    public static void count(Name metric, long value, Map<String, String> properties) {
        count(metric, value, Map.of(), properties);
    }

    static String emf(Name metric, long value, Map<String, String> dimensions, Map<String, String> properties) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", System.currentTimeMillis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", NAMESPACE);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            json.writeEndArray();
            if (!dimensions.isEmpty()) {
                json.writeStartArray();
                json.writeString(dimensions.keySet().iterator().next());
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            json.writeStartObject();
            json.writeStringField("Name", metric.name());
            json.writeStringField("Unit", "Count");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            Map<String, String> fields = new LinkedHashMap<>(properties);
            fields.putAll(dimensions);
            for (Map.Entry<String, String> field : fields.entrySet()) json.writeStringField(field.getKey(), field.getValue());
            LogContext context = LogContext.current();
            if (context != null) {
                // Searchable properties like the log lines' ids, never dimensions.
                if (context.requestId != null && !fields.containsKey("requestId")) json.writeStringField("requestId", context.requestId);
                if (context.traceId != null && !fields.containsKey("traceId")) json.writeStringField("traceId", context.traceId);
                if (context.bookingId != null && !fields.containsKey("bookingId")) json.writeStringField("bookingId", context.bookingId);
            }
            json.writeNumberField(metric.name(), value);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
