package se.smartcitysweden.booking.observability;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.json.Json;

class ObservabilityTest {

    @Test
    void aLogLineIsOneJsonObjectWithItsFieldsAndNoAddress() {
        String line = Log.warn("mail.rejected").field("bookingId", "b-1").field("attempt", 2)
                .field("to", "eve@example.org").error(new IllegalStateException("eve@example.org")).toJson();
        JsonNode json = Json.parse(line);
        assertEquals("WARN", json.get("level").asText());
        assertEquals("mail.rejected", json.get("event").asText());
        assertEquals(2, json.get("attempt").asInt());
        assertEquals("[redacted]", json.get("to").asText());
        assertEquals("IllegalStateException", json.get("exception").asText());
        assertFalse(line.contains("eve@"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void aMetricLineIsEmbeddedMetricFormatWithAndWithoutItsDimension() {
        JsonNode json = Json.parse(Metrics.emf(Metrics.Name.BookingsSubmitted, 1, Map.of("Node", "umea"),
                Map.of("bookingId", "b-1")));
        JsonNode directive = json.get("_aws").get("CloudWatchMetrics").get(0);
        assertEquals(Metrics.NAMESPACE, directive.get("Namespace").asText());
        assertEquals("[[],[\"Node\"]]", directive.get("Dimensions").toString());
        assertEquals("BookingsSubmitted", directive.get("Metrics").get(0).get("Name").asText());
        assertEquals(1, json.get("BookingsSubmitted").asInt());
        assertEquals("umea", json.get("Node").asText());
        assertEquals("b-1", json.get("bookingId").asText());
        assertTrue(json.get("_aws").get("Timestamp").asLong() > 0);
    }

    @Test
    void moreThanOneDimensionIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.count(Metrics.Name.MailSent, 1, Map.of("a", "1", "b", "2"), Map.of()));
    }
}
