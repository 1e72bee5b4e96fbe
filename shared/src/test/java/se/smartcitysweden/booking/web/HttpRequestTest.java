package se.smartcitysweden.booking.web;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Language;

class HttpRequestTest {
    private static HttpRequest request(String method, Map<String, String> headers, String body, boolean base64) {
        return new HttpRequest(method, "/bookings/b-1/visit", headers, Map.of("token", "t"), List.of("a=1; b=2", "a=3"),
                "api.example.org", "203.0.113.7", body, base64);
    }

    @Test
    void givenAnEvent_whenRead_thenHeadersAreLowerCasedAndCookiesAndQueryAreThere() {
        HttpRequest request = request("post", Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept-Language", "sv-SE"),
                "", false);
        assertEquals("POST", request.method());
        assertEquals("application/x-www-form-urlencoded", request.header("content-type"));
        assertEquals(HttpRequest.MediaType.FORM, request.mediaType());
        assertEquals("1", request.cookie("a"), "the first cookie of a name counts");
        assertEquals("2", request.cookie("b"));
        assertEquals("t", request.query("token"));
        assertEquals(Language.SV, request.language());
        assertEquals(Optional.of("203.0.113.7"), request.sourceIp());
        assertEquals("https://api.example.org", request.siteUrl(""));
        assertEquals("https://booking.example.org", request.siteUrl(" https://booking.example.org "));
    }

    @Test
    void givenAcceptHeaders_whenAsked_thenAGetIsAPageUnlessJsonIsAskedForAndAPostJsonUnlessHtmlIs() {
        assertTrue(request("GET", Map.of(), null, false).wantsHtml());
        assertFalse(request("GET", Map.of("accept", "application/json"), null, false).wantsHtml());
        assertTrue(request("GET", Map.of("accept", "text/html,application/json"), null, false).wantsHtml());
        assertFalse(request("POST", Map.of(), null, false).wantsHtml());
        assertTrue(request("POST", Map.of("accept", "text/html"), null, false).wantsHtml());
        assertFalse(request("POST", Map.of("accept", "application/json, text/html"), null, false).wantsHtml());
    }

    @Test
    void givenBodies_whenChecked_thenTheTypeTheSizeAndTheEncodingAreRefusedInThatOrder() {
        Map<String, String> json = Map.of("content-type", "application/json; charset=UTF-8");
        assertEquals(Optional.of(HttpRequest.BodyProblem.UNSUPPORTED_MEDIA_TYPE),
                request("POST", Map.of("content-type", "text/plain"), "x".repeat(100), false).bodyProblem(10));
        assertEquals(Optional.of(HttpRequest.BodyProblem.UNSUPPORTED_MEDIA_TYPE),
                request("POST", Map.of("content-type", "application/json; charset=latin1"), "{}", false).bodyProblem(10));
        assertEquals(Optional.of(HttpRequest.BodyProblem.TOO_LARGE), request("POST", json, "x".repeat(11), false).bodyProblem(10));
        assertEquals(Optional.of(HttpRequest.BodyProblem.INVALID_ENCODING), request("POST", json, "{not base64!}", true).bodyProblem(10));
        assertEquals(Optional.of(HttpRequest.BodyProblem.INVALID_ENCODING), request("POST", json, "\ud800", false).bodyProblem(10));
        String latin1 = Base64.getEncoder().encodeToString("\"é\"".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(Optional.of(HttpRequest.BodyProblem.INVALID_ENCODING), request("POST", json, latin1, true).bodyProblem(10));
        assertEquals(Optional.empty(), request("POST", json, "{\"a\":1}", false).bodyProblem(10));
    }

    @Test
    void givenAFormOrJson_whenRead_thenTheFormIsDecodedOnceAndBothGiveTheApisTree() {
        String form = Base64.getEncoder().encodeToString("action=cancel&reason=Our+trip+is+off".getBytes(StandardCharsets.UTF_8));
        HttpRequest posted = request("POST", Map.of("content-type", "application/x-www-form-urlencoded"), form, true);
        assertSame(posted.form(), posted.form(), "decoded once");
        assertEquals("{\"action\":\"cancel\",\"reason\":\"Our trip is off\"}", posted.tree().orElseThrow().toString());
        assertEquals(Map.of("action", "cancel", "reason", "Our trip is off"), posted.typed());
        HttpRequest json = request("POST", Map.of("content-type", "application/json"), "{\"action\":\"cancel\"}", false);
        assertEquals("cancel", json.tree().orElseThrow().path("action").asText());
        assertEquals(Map.of(), json.typed(), "nothing typed into a form");
        assertEquals(Optional.empty(), request("POST", Map.of("content-type", "application/json"), "{\"a\":", false).tree());
    }
}
