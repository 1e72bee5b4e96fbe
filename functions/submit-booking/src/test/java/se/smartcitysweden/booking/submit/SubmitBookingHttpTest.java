package se.smartcitysweden.booking.submit;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.web.HtmlHeaders;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.CapturedOutput;
import se.smartcitysweden.booking.testing.InMemoryBookingRepository;

/** The submit function's HTTP layer over the in-memory repository twin: answers, headers, log lines, metrics. */
class SubmitBookingHttpTest {
    static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private final InMemoryBookingRepository repository = new InMemoryBookingRepository();
    private final SubmitBookingHandler handler = new SubmitBookingHandler(new SubmitBookingService(repository,
            Clock.fixed(NOW, ZoneOffset.UTC), new ReferenceGenerator(new Random(1)), SubmitBookingService.randomIds()));
    private final CapturedOutput output = CapturedOutput.empty();

    static ObjectNode validBody() {
        return BookingJson.valid(LocalDate.ofInstant(NOW, ZoneOffset.UTC));
    }

    static APIGatewayV2HTTPEvent json(String body) {
        APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-valid.json");
        event.setBody(body);
        return event;
    }

    static APIGatewayV2HTTPEvent form(String body) {
        APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-form.json");
        event.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        return event;
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return CapturedOutput.capture(output, () -> handler.handleRequest(event, null));
    }

    private static JsonNode errors(APIGatewayV2HTTPResponse response) {
        return Json.parse(response.getBody()).get("errors");
    }

    private static String validForm() {
        return "node=umea&language=en&mainGoal=learning&purpose=Study+visit&focusAreas=energy"
                + "&preferredDates%5B0%5D.from=2027-02-01&preferredDates%5B0%5D.to=2027-02-02&expectedParticipants=3"
                + "&contact.name=Ana+Souza&contact.email=ana%40example.org&acceptsCosts=true&consent=on";
    }

    // ---- 12.4: what the client sent is never a 5xx ----

    @Test
    void givenALoneSurrogateInANameOrThePurpose_whenPosted_thenItIs400NamingTheFieldInTheRequestsLanguage() {
        for (String field : List.of("purpose", "contact.name", "participants[0].name")) {
            ObjectNode body = validBody().put("language", "sv");
            String json = Json.write(body).replace("\"Study visit on", "\"\\ud800Study visit on")
                    .replace("\"name\":\"Ana Souza\",\"email\":\"ana.souza@example.org\",\"phone\"",
                            "\"name\":\"Ana \\udc00Souza\",\"email\":\"ana.souza@example.org\",\"phone\"")
                    .replace("{\"name\":\"Ana Souza\",\"organisation\"", "{\"name\":\"\\ud83dAna\",\"organisation\"");
            APIGatewayV2HTTPResponse response = handle(json(json));
            assertEquals(400, response.getStatusCode(), response.getBody());
            assertTrue(errors(response).toString().contains("\"field\":\"" + field + "\""), field + ": " + response.getBody());
            assertTrue(errors(response).findValuesAsText("message").stream().anyMatch(m -> m.contains("trasiga tecknen")),
                    "Swedish: " + response.getBody());
        }
        assertTrue(repository.bookings.isEmpty());
    }

    @Test
    void givenBrokenPercentEncodingInAFormPost_whenPosted_thenItIs400NamingTheField() {
        for (String broken : List.of("purpose=%zz", "purpose=Study%", "purpose=%C3", "purpose=%E2%82")) {
            String body = validForm().replace("purpose=Study+visit", broken) + "&language=sv";
            APIGatewayV2HTTPResponse response = handle(form(body.replace("language=en&", "")));
            assertEquals(400, response.getStatusCode(), broken + ": " + response.getBody());
            assertTrue(response.getBody().contains("Syftet med besöket"), broken + ": " + response.getBody());
        }
        APIGatewayV2HTTPEvent scripted = form(validForm().replace("purpose=Study+visit", "purpose=%zz"));
        scripted.getHeaders().put("accept", "application/json");
        APIGatewayV2HTTPResponse response = handle(scripted);
        assertEquals(400, response.getStatusCode());
        assertEquals("purpose", errors(response).get(0).get("field").asText());
        assertEquals("invalid_percent_encoding", errors(response).get(0).get("code").asText());
        assertTrue(repository.bookings.isEmpty());
    }

    @Test
    void givenABlankParticipantRowBeforeAWrongOne_whenPostedWithoutJavaScript_thenThePageNamesTheRowAsTheVisitorNumberedIt() {
        // Row #1 left blank (dropped), row #2 with a wrong address: the page must say #2, not #1.
        String body = validForm() + "&participants%5B0%5D.name=&participants%5B1%5D.name=Bo&participants%5B1%5D.email=not-an-address";
        APIGatewayV2HTTPResponse response = handle(form(body));
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("Participant #2"), response.getBody());
        assertFalse(response.getBody().contains("Participant #1"), response.getBody());
    }

    @Test
    void givenABodyFlaggedBase64ThatIsNot_whenPosted_thenItIs400() {
        APIGatewayV2HTTPEvent event = json("{not base64!}");
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = handle(event);
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("invalid_encoding", errors(response).get(0).get("code").asText());
    }

    // ---- 12.6: every HTML answer carries the shared security headers ----

    @Test
    void givenEveryKindOfHtmlAnswer_whenAnswered_thenEachCarriesTheSharedSecurityHeaders() {
        repository.failing = false;
        for (APIGatewayV2HTTPResponse response : everyHtmlAnswer()) {
            Map<String, String> headers = response.getHeaders();
            assertEquals("nosniff", headers.get("X-Content-Type-Options"), response.getStatusCode() + " " + headers);
            assertEquals(HtmlHeaders.page(SubmitPages.CSS), headersWithout(headers, "Retry-After", "Location",
                    "Idempotent-Replayed"), response.getStatusCode() + " " + headers);
        }
    }

    private static Map<String, String> headersWithout(Map<String, String> headers, String... names) {
        Map<String, String> copy = new java.util.HashMap<>(headers);
        for (String name : names) copy.remove(name);
        return copy;
    }

    /** One of each HTML answer the submit function gives: 201, 400 (three kinds), 413, 415, 422, 503. */
    private List<APIGatewayV2HTTPResponse> everyHtmlAnswer() {
        APIGatewayV2HTTPEvent unsupported = form(validForm());
        unsupported.getHeaders().put("content-type", "text/plain");
        APIGatewayV2HTTPEvent keyed = form(validForm());
        keyed.getHeaders().put("idempotency-key", "k-1");
        APIGatewayV2HTTPEvent keyedOther = form(validForm().replace("Study+visit", "Other+visit"));
        keyedOther.getHeaders().put("idempotency-key", "k-1");
        List<Supplier<APIGatewayV2HTTPResponse>> requests = List.of(
                () -> handle(form(validForm())),
                () -> handle(form("node=umea")),
                () -> handle(form("purpose=%zz")),
                () -> handle(form("x".repeat(70_000))),
                () -> handle(unsupported),
                () -> handle(keyed),
                () -> handle(keyedOther),
                () -> {
                    repository.failing = true;
                    try {
                        return handle(form(validForm().replace("Study", "Third")));
                    } finally {
                        repository.failing = false;
                    }
                });
        List<APIGatewayV2HTTPResponse> answers = requests.stream().map(Supplier::get).toList();
        assertEquals(List.of(201, 400, 400, 413, 415, 201, 422, 503),
                answers.stream().map(APIGatewayV2HTTPResponse::getStatusCode).toList());
        answers.forEach(a -> assertTrue(a.getHeaders().get("Content-Type").startsWith("text/html"), a.getBody()));
        return answers;
    }

    // ---- 12.9: every refusal and failure is one structured log line with its code; metrics ----

    @Test
    void givenEachRefusalAndFailure_whenAnswered_thenOneLogLineWithItsCodeAndTheMetric() {
        APIGatewayV2HTTPEvent unsupported = json("{}");
        unsupported.getHeaders().put("content-type", "text/plain");
        APIGatewayV2HTTPEvent badKey = json(Json.write(validBody()));
        badKey.getHeaders().put("idempotency-key", " ");
        Map<String, APIGatewayV2HTTPEvent> cases = new java.util.LinkedHashMap<>();
        cases.put("unsupported_media_type", unsupported);
        cases.put("too_large", json("x".repeat(70_000)));
        cases.put("invalid_json", json("{"));
        cases.put("invalid_percent_encoding", form("purpose=%zz"));
        cases.put("invalid_idempotency_key", badKey);
        cases.put("required", json("{}"));
        for (Map.Entry<String, APIGatewayV2HTTPEvent> each : cases.entrySet()) {
            output.clear();
            APIGatewayV2HTTPResponse response = handle(each.getValue());
            List<JsonNode> logs = logLines();
            assertEquals(1, logs.size(), each.getKey() + ": " + output.text());
            JsonNode line = logs.get(0);
            assertEquals("submit.refused", line.get("event").asText(), line.toString());
            assertEquals(response.getStatusCode(), line.get("status").asInt(), line.toString());
            assertTrue(line.get("code").asText().contains(each.getKey()), line.toString());
            assertEquals(List.of("ValidationFailures"), metricNames(), output.text());
        }

        output.clear();
        repository.failing = true;
        assertEquals(503, handle(json(Json.write(validBody()))).getStatusCode());
        JsonNode failure = logLines().get(0);
        assertEquals(1, logLines().size(), output.text());
        assertEquals("submit.failed", failure.get("event").asText());
        assertEquals("ERROR", failure.get("level").asText());
        assertEquals("unavailable", failure.get("code").asText());
        assertEquals("StorageUnavailableException", failure.get("exception").asText());
        assertEquals(List.of("StorageFailures"), metricNames());
        assertFalse(output.text().contains("\tat "), "no stack trace: " + output.text());

        output.clear();
        repository.failing = false;
        APIGatewayV2HTTPResponse accepted = handle(json(Json.write(validBody())));
        assertEquals(201, accepted.getStatusCode());
        JsonNode stored = logLines().get(0);
        assertEquals("submit.accepted", stored.get("event").asText());
        assertEquals(Json.parse(accepted.getBody()).get("reference").asText(), stored.get("reference").asText());
        assertEquals(List.of("BookingsSubmitted"), metricNames());
        JsonNode metric = metricLines().get(0);
        assertEquals("umea", metric.get("Node").asText());
        assertEquals("[[],[\"Node\"]]", metric.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString());
    }

    @Test
    void givenTheHoneypotFilled_whenPosted_thenNoBookingIsCounted() {
        assertEquals(201, handle(json(Json.write(validBody().put("website", "x")))).getStatusCode());
        assertEquals(List.of(), metricNames());
        assertEquals("submit.honeypot", logLines().get(0).get("event").asText());
    }

    @Test
    void givenAFailureWhoseOutcomeIsUnknown_whenAnswered_thenItSaysTheBookingMayHaveBeenReceived() {
        repository.answerLost = true;
        APIGatewayV2HTTPEvent event = json(Json.write(validBody().put("language", "sv")));
        APIGatewayV2HTTPResponse response = handle(event);
        assertEquals(503, response.getStatusCode());
        JsonNode error = errors(response).get(0);
        assertEquals("outcome_unknown", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("Idempotency-Key"), error.toString());
        assertFalse(error.get("message").asText().contains("Inget har sparats"), error.toString());
        assertEquals("outcome_unknown", logLines().get(0).get("code").asText());
        assertEquals(1, repository.bookings.size(), "the write did happen");
    }

    List<JsonNode> logLines() {
        return output.lines().stream().map(Json::parse).filter(line -> line.has("event")).toList();
    }

    List<JsonNode> metricLines() {
        return output.lines().stream().map(Json::parse).filter(line -> line.has("_aws")).toList();
    }

    List<String> metricNames() {
        return metricLines().stream()
                .map(line -> line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Name").asText())
                .toList();
    }

    @Test
    void givenADirectoryWithANodesMinimumNotice_whenADateIsSooner_thenItIs400NamingThePlaceAndTheEarliestDay() {
        String directory = "{\"nodes\": {\"borlange\": {\"coordinators\": [\"b@example.org\"], \"visits\": {\"minimumNoticeDays\": 10}},"
                + " \"umea\": [\"u@example.org\"], \"stockholm\": [\"s@example.org\"], \"goteborg\": [\"g@example.org\"],"
                + " \"malmo\": [\"m@example.org\"], \"linkoping\": [\"l@example.org\"]}}";
        SubmitBookingHandler withNotice = new SubmitBookingHandler(new SubmitBookingService(repository, Clock.fixed(NOW, ZoneOffset.UTC),
                new ReferenceGenerator(new Random(1)), SubmitBookingService.randomIds())
                .withMinimumNotice(SubmitBookingHandler.minimumNotice(Map.of("COORDINATOR_DIRECTORY", directory))));
        ObjectNode body = validBody().put("node", "borlange");
        body.putArray("preferredDates").addObject().put("from", "2026-12-01").put("to", "2026-12-02");
        APIGatewayV2HTTPResponse response = CapturedOutput.capture(output, () -> withNotice.handleRequest(json(Json.write(body)), null));
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertEquals("too_soon", errors(response).get(0).path("code").asText());
        assertEquals("preferredDates[0].from", errors(response).get(0).path("field").asText());
        assertEquals("Borlänge needs at least 10 days' notice: the earliest date you can ask for is 7 December 2026.",
                errors(response).get(0).path("message").asText());
        assertTrue(repository.bookings.isEmpty());
        body.put("node", "umea");
        assertEquals(201, CapturedOutput.capture(output, () -> withNotice.handleRequest(json(Json.write(body)), null)).getStatusCode(),
                "a node without notice takes the same days");
    }
}
