package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lambda's event filtering on stream records, for the subset the local runtime supports. */
class EventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The template's filter of NotifyCoordinatorFunction. */
    private static final String NEW_BOOKINGS =
            "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": {\"type\": {\"S\": [\"booking\"]}}}}";

    private static JsonNode record(String eventName, String type) throws Exception {
        return JSON.readTree("""
                {"eventID":"1","eventName":"%s","eventSource":"aws:dynamodb","awsRegion":"eu-north-1",
                 "dynamodb":{"ApproximateCreationDateTime":1795744637,"Keys":{"pk":{"S":"BOOKING#1"}},
                  "NewImage":{"pk":{"S":"BOOKING#1"},"type":{"S":"%s"},"participants":{"N":"12"},
                              "tags":{"SS":["a","b"]},"reference":{"S":"SCS-2026-0042"}},
                  "SequenceNumber":"1100000000017454423009","SizeBytes":266,"StreamViewType":"NEW_AND_OLD_IMAGES"}}
                """.formatted(eventName, type));
    }

    @Test
    void theTemplatesFilterLetsOnlyNewBookingsThrough() throws Exception {
        EventPattern pattern = EventPattern.parse(NEW_BOOKINGS);
        assertTrue(pattern.matches(record("INSERT", "booking")));
        assertFalse(pattern.matches(record("MODIFY", "booking")), "changes to a booking");
        assertFalse(pattern.matches(record("REMOVE", "booking")));
        assertFalse(pattern.matches(record("INSERT", "reference")), "other items of the table");
        JsonNode removed = JSON.readTree("{\"eventName\":\"INSERT\",\"dynamodb\":{\"Keys\":{}}}");
        assertFalse(pattern.matches(removed), "no NewImage at all");
    }

    @Test
    void exactValuesAreAnyOfTheList() throws Exception {
        EventPattern pattern = EventPattern.parse("{\"eventName\": [\"INSERT\", \"MODIFY\"]}");
        assertTrue(pattern.matches(record("INSERT", "x")));
        assertTrue(pattern.matches(record("MODIFY", "x")));
        assertFalse(pattern.matches(record("REMOVE", "x")));
        assertFalse(EventPattern.parse("{\"eventName\": [\"insert\"]}").matches(record("INSERT", "x")),
                "exact matching is case-sensitive");
    }

    @Test
    void prefixSuffixAndIgnoringCase() throws Exception {
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"BOOKING#\"}]}}}}")
                .matches(record("INSERT", "booking")));
        assertFalse(EventPattern.parse("{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"REF#\"}]}}}}")
                .matches(record("INSERT", "booking")));
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"reference\":{\"S\":[{\"suffix\":\"-0042\"}]}}}}")
                .matches(record("INSERT", "booking")));
        assertTrue(EventPattern.parse("{\"eventName\":[{\"equals-ignore-case\":\"insert\"}]}")
                .matches(record("INSERT", "booking")));
    }

    @Test
    void existsAndNotExists() throws Exception {
        JsonNode booking = record("INSERT", "booking");
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"reference\":{\"S\":[{\"exists\":true}]}}}}")
                .matches(booking));
        assertFalse(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"reference\":{\"S\":[{\"exists\":false}]}}}}")
                .matches(booking));
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"cancelledAt\":{\"S\":[{\"exists\":false}]}}}}")
                .matches(booking), "an absent attribute, also when its parent object is absent");
        assertFalse(EventPattern.parse("{\"dynamodb\":{\"OldImage\":{\"pk\":{\"S\":[{\"exists\":true}]}}}}")
                .matches(booking), "an INSERT has no OldImage");
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"OldImage\":{\"pk\":{\"S\":[{\"exists\":false}]}}}}")
                .matches(booking));
    }

    @Test
    void anythingBut() throws Exception {
        JsonNode booking = record("INSERT", "booking");
        assertTrue(EventPattern.parse("{\"eventName\":[{\"anything-but\":[\"REMOVE\",\"MODIFY\"]}]}").matches(booking));
        assertFalse(EventPattern.parse("{\"eventName\":[{\"anything-but\":[\"INSERT\"]}]}").matches(booking));
        assertFalse(EventPattern.parse("{\"eventName\":[{\"anything-but\":\"INSERT\"}]}").matches(booking));
        assertTrue(EventPattern.parse("{\"eventName\":[{\"anything-but\":{\"prefix\":\"MOD\"}}]}").matches(booking));
        assertFalse(EventPattern.parse("{\"missing\":[{\"anything-but\":[\"x\"]}]}").matches(booking),
                "anything-but needs the field to be there");
    }

    @Test
    void numbersCompareAsNumbers() throws Exception {
        JsonNode event = JSON.readTree("{\"size\": 5, \"ratio\": 2.50, \"text\": \"5\"}");
        assertTrue(EventPattern.parse("{\"size\": [5]}").matches(event));
        assertTrue(EventPattern.parse("{\"size\": [5.0]}").matches(event), "5 and 5.0 are the same number");
        assertTrue(EventPattern.parse("{\"ratio\": [2.5]}").matches(event));
        assertFalse(EventPattern.parse("{\"size\": [6]}").matches(event));
        assertFalse(EventPattern.parse("{\"size\": [\"5\"]}").matches(event), "a string is not a number");
        assertFalse(EventPattern.parse("{\"text\": [5]}").matches(event), "a number is not a string");
        assertTrue(EventPattern.parse("{\"size\": [{\"numeric\": [\"=\", 5]}]}").matches(event));
        assertTrue(EventPattern.parse("{\"size\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}").matches(event));
        assertFalse(EventPattern.parse("{\"size\": [{\"numeric\": [\">\", 5]}]}").matches(event));
        // DynamoDB numbers are strings in stream records, as in AWS: numeric conditions do not match them.
        assertFalse(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"participants\":{\"N\":[12]}}}}")
                .matches(record("INSERT", "booking")));
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"participants\":{\"N\":[\"12\"]}}}}")
                .matches(record("INSERT", "booking")));
    }

    @Test
    void arraysInTheEventMatchWhenAnElementMatches() throws Exception {
        assertTrue(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"tags\":{\"SS\":[\"b\"]}}}}")
                .matches(record("INSERT", "booking")));
        assertFalse(EventPattern.parse("{\"dynamodb\":{\"NewImage\":{\"tags\":{\"SS\":[\"c\"]}}}}")
                .matches(record("INSERT", "booking")));
    }

    @Test
    void booleansAndNull() throws Exception {
        JsonNode event = JSON.readTree("{\"on\": true, \"nothing\": null}");
        assertTrue(EventPattern.parse("{\"on\": [true]}").matches(event));
        assertFalse(EventPattern.parse("{\"on\": [false]}").matches(event));
        assertTrue(EventPattern.parse("{\"nothing\": [null]}").matches(event));
        assertFalse(EventPattern.parse("{\"absent\": [null]}").matches(event), "null matches a null, not an absence");
    }

    @Test
    void filtersAreOredAndNoFilterLetsEverythingThrough() throws Exception {
        List<EventPattern> filters = List.of(EventPattern.parse("{\"eventName\":[\"INSERT\"]}"),
                EventPattern.parse("{\"eventName\":[\"REMOVE\"]}"));
        assertTrue(EventPattern.anyMatches(filters, record("INSERT", "x")));
        assertTrue(EventPattern.anyMatches(filters, record("REMOVE", "x")));
        assertFalse(EventPattern.anyMatches(filters, record("MODIFY", "x")));
        assertTrue(EventPattern.anyMatches(List.of(), record("MODIFY", "x")));
    }

    @Test
    void patternsTheRuntimeCannotHonourAreRefusedAtOnce() {
        for (String bad : List.of("not json", "[\"INSERT\"]", "{\"eventName\": \"INSERT\"}", "{\"eventName\": []}",
                "{\"eventName\": [{\"wildcard\": \"IN*\"}]}", "{\"$or\": [{\"a\": [1]}]}", "{\"a\": {}}",
                "{\"a\": [{\"prefix\": 1}]}", "{\"a\": [{\"numeric\": [\"~\", 1]}]}", "{\"a\": [{\"exists\": \"yes\"}]}",
                "{\"a\": [{\"prefix\": \"x\", \"suffix\": \"y\"}]}")) {
            assertThrows(IllegalArgumentException.class, () -> EventPattern.parse(bad), bad);
        }
    }
}
