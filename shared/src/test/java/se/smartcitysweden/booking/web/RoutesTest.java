package se.smartcitysweden.booking.web;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.testing.CapturedOutput;

class RoutesTest {
    private final Routes routes = new Routes("test", (request, refusal) -> HttpAnswer.json(refusal.status,
            Json.object().put("code", refusal.code)))
            .get("/bookings/{id}/visit", request -> HttpAnswer.json(200, Json.object().put("id", request.pathParameter("id"))))
            .post("/bookings/{id}/visit", request -> HttpAnswer.json(200, Json.object().put("posted", true)))
            .get("/bookings/{id}/fails", request -> {
                throw new IllegalStateException("the store is down");
            });

    private static HttpRequest request(String method, String path) {
        return new HttpRequest(method, path, Map.of(), Map.of(), List.of(), "", "", null, false);
    }

    @Test
    void givenARoutesPath_whenRequested_thenItsPageAnswersWithTheNamedParts_alsoUnderABasePath() {
        assertEquals("{\"id\":\"b-1\"}", routes.answer(request("GET", "/bookings/b-1/visit")).body());
        assertEquals("{\"id\":\"b-1\"}", routes.answer(request("GET", "/prod/bookings/b-1/visit/")).body());
        assertEquals("{\"posted\":true}", routes.answer(request("POST", "/bookings/b-1/visit")).body());
    }

    @Test
    void givenNoRoute_whenRequested_thenNotFound_andAnotherMethodIsNotAllowedNamingTheOnesAllowed() {
        assertEquals(404, routes.answer(request("GET", "/bookings/not a valid id!/visit")).status());
        assertEquals(404, routes.answer(request("GET", "/elsewhere")).status());
        HttpAnswer delete = routes.answer(request("DELETE", "/bookings/b-1/visit"));
        assertEquals(405, delete.status());
        assertEquals("GET, POST", delete.headers().get("Allow"));
        assertEquals("no-store", delete.headers().get("Cache-Control"), "the shared headers");
    }

    @Test
    void givenAPageThatFails_whenRequested_thenServiceUnavailableWithRetryAfterAndOneLogLineWithTheCause() {
        CapturedOutput output = CapturedOutput.empty();
        HttpAnswer answer = CapturedOutput.capture(output, () -> routes.answer(request("GET", "/bookings/b-1/fails")));
        assertEquals(503, answer.status());
        assertEquals("5", answer.headers().get("Retry-After"));
        assertEquals(1, output.lines().size(), output.text());
        var line = Json.parse(output.lines().get(0));
        assertEquals("test.failed", line.path("event").asText());
        assertEquals("IllegalStateException", line.path("exception").asText());
        assertFalse(output.text().contains("the store is down"), "the cause's class, not its message");
    }
}
