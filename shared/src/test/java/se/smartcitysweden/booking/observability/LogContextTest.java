package se.smartcitysweden.booking.observability;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.json.Json;

class LogContextTest {
    static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    static final String TRACE = "1-5759e988-bd862e3fe1be46a994272793";

    @Test
    void givenAnInvocation_whenLogging_thenEveryLineCarriesItsIdsAndNoneAfterIt() {
        JsonNode during;
        JsonNode metric;
        try (LogContext.Scope invocation = LogContext.begin("req-1", HEADER)) {
            during = Json.parse(Log.info("case.opened").field("node", "umea").toJson());
            metric = Json.parse(Metrics.emf(Metrics.Name.MailSent, 1, Map.of(), Map.of("kind", "notify")));
        }
        JsonNode after = Json.parse(Log.info("case.opened").toJson());
        JsonNode metricAfter = Json.parse(Metrics.emf(Metrics.Name.MailSent, 1, Map.of(), Map.of()));

        assertEquals("req-1", during.get("requestId").asText());
        assertEquals(TRACE, during.get("traceId").asText());
        assertFalse(during.has("bookingId"), "no booking yet");
        assertEquals("umea", during.get("node").asText());
        assertEquals("req-1", metric.get("requestId").asText());
        assertEquals(TRACE, metric.get("traceId").asText());
        assertEquals("[[]]", metric.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString(), "ids are no dimensions");
        for (JsonNode line : new JsonNode[] {after, metricAfter}) {
            assertFalse(line.has("requestId") || line.has("traceId") || line.has("bookingId"), line.toString());
        }
    }

    @Test
    void givenABookingOfTheInvocation_whenLogging_thenLinesCarryItUntilTheInvocationEnds() {
        try (LogContext.Scope invocation = LogContext.begin("req-2", null)) {
            LogContext.bookingId("b-1");
            JsonNode line = Json.parse(Log.warn("mail.delayed").toJson());
            assertEquals("b-1", line.get("bookingId").asText());
            assertEquals("req-2", line.get("requestId").asText());
            assertFalse(line.has("traceId"), "no trace header, no trace id");
            assertEquals("b-1", Json.parse(Metrics.emf(Metrics.Name.MailDelayed, 1, Map.of(), Map.of())).get("bookingId").asText());
        }
        assertFalse(Json.parse(Log.info("next").toJson()).has("bookingId"));
        LogContext.bookingId("b-2"); // outside an invocation: nothing would end it, so it is not kept
        assertFalse(Json.parse(Log.info("next").toJson()).has("bookingId"));
    }

    @Test
    void givenABatch_whenEachRecordHasItsBooking_thenTheRecordsLinesCarryItAndTheBatchLineDoesNot() {
        try (LogContext.Scope invocation = LogContext.begin("req-3", HEADER)) {
            for (String id : new String[] {"b-1", "b-2"}) {
                try (LogContext.Scope record = LogContext.forBooking(id)) {
                    JsonNode line = Json.parse(Log.info("notification.sent").toJson());
                    assertEquals(id, line.get("bookingId").asText());
                    assertEquals("req-3", line.get("requestId").asText());
                }
            }
            JsonNode batch = Json.parse(Log.info("overview.batch").toJson());
            assertFalse(batch.has("bookingId"), batch.toString());
            assertEquals("req-3", batch.get("requestId").asText());
        }
    }

    @Test
    void givenALineThatNamesItsOwnBooking_whenLogging_thenTheFieldIsWrittenOnce() {
        try (LogContext.Scope invocation = LogContext.begin("req-4", HEADER); LogContext.Scope b = LogContext.forBooking("b-1")) {
            String line = Log.info("follow-up.anonymised").field("bookingId", "b-9").toJson();
            assertEquals(1, line.split("\"bookingId\"", -1).length - 1, line);
            assertEquals("b-9", Json.parse(line).get("bookingId").asText());
            String metric = Metrics.emf(Metrics.Name.Redrives, 1, Map.of(), Map.of("bookingId", "b-9"));
            assertEquals(1, metric.split("\"bookingId\"", -1).length - 1, metric);
        }
    }

    @Test
    void givenAnAddressInPlaceOfAnId_whenLogging_thenItIsRedacted() {
        try (LogContext.Scope invocation = LogContext.begin("eve@example.org", "Root=eve@example.org")) {
            LogContext.bookingId("eve@example.org");
            String line = Log.info("x").toJson();
            assertFalse(line.contains("eve@"), line);
            assertEquals("[redacted]", Json.parse(line).get("requestId").asText());
        }
    }

    @Test
    void aTraceHeadersIdIsItsRoot() {
        assertEquals(TRACE, LogContext.traceId(HEADER));
        assertEquals(TRACE, LogContext.traceId("Parent=53995c3f42cd8ad8; Root=" + TRACE + ";Sampled=0"));
        assertEquals(TRACE, LogContext.traceId("Root=" + TRACE));
        assertNull(LogContext.traceId("Parent=53995c3f42cd8ad8;Sampled=1"));
        assertNull(LogContext.traceId(""));
        assertNull(LogContext.traceId(null));
    }

    @Test
    void theTraceHeaderIsReadFromTheRuntimesSystemProperty() {
        String before = System.getProperty(LogContext.TRACE_HEADER_PROPERTY);
        System.setProperty(LogContext.TRACE_HEADER_PROPERTY, HEADER);
        try {
            assertEquals(HEADER, LogContext.traceHeader());
        } finally {
            if (before == null) System.clearProperty(LogContext.TRACE_HEADER_PROPERTY);
            else System.setProperty(LogContext.TRACE_HEADER_PROPERTY, before);
        }
    }

    @Test
    void aNestedInvocationGivesBackTheOuterOne() {
        try (LogContext.Scope outer = LogContext.begin("req-outer", HEADER)) {
            try (LogContext.Scope inner = LogContext.begin("req-inner", HEADER)) {
                assertEquals("req-inner", Json.parse(Log.info("x").toJson()).get("requestId").asText());
            }
            assertEquals("req-outer", Json.parse(Log.info("x").toJson()).get("requestId").asText());
        }
        assertNull(LogContext.current());
    }
}
