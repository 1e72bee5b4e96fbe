package se.smartcitysweden.booking.submit;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.testing.ApiContract;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.CapturedOutput;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.PersonalData;
import se.smartcitysweden.booking.testing.StandardOutput;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The submit function against a real local DynamoDB (moto), through real SDK clients. */
class SubmitBookingHandlerIT {
    /** The sample events carry dates in 2028; the handler's clock is fixed so they stay valid. */
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LocalAws AWS = LocalAws.shared();
    private static final String FUNCTION = "SubmitBookingFunction";
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's client, under SubmitBookingFunction's role: what the handler writes with. */
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = AWS.clientsOf(FUNCTION).dynamoDb();
    private static final String TABLE = AWS.physicalName("BookingTable");

    private final SubmitBookingHandler handler = handlerOn(FUNCTION_DYNAMO_DB, TABLE);

    private CapturedOutput output;

    @BeforeEach
    void emptyTable() {
        AWS.reset();
        output = CapturedOutput.start();
    }

    /** Whatever a test sent, valid or hostile, stored or failed: no log line holds its personal data. */
    @AfterEach
    void noPersonalDataInTheOutput() throws java.io.IOException {
        output.stop();
        Set<String> personal = new java.util.LinkedHashSet<>(PersonalData.in(validBody()));
        try (java.util.stream.Stream<java.nio.file.Path> samples = java.nio.file.Files.list(SampleEvents.folder().resolve("apigw"))) {
            samples.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("submit-booking"))
                    .forEach(name -> personal.addAll(LogPrivacyTest.personalDataOf(SampleEvents.apiGateway(name))));
        }
        assertTrue(personal.contains("Lena Fischer"), personal.toString());
        assertEquals(List.of(), PersonalData.leaks(output.lines(), personal));
    }

    @AfterAll
    static void close() {
        DYNAMO_DB.close();
        FUNCTION_DYNAMO_DB.close();
    }

    private static SubmitBookingHandler handlerOn(DynamoDbClient dynamoDb, String table) {
        return new SubmitBookingHandler(new SubmitBookingService(new DynamoDbBookingRepository(dynamoDb, table),
                Clock.fixed(NOW, ZoneOffset.UTC), ReferenceGenerator.secure(), SubmitBookingService.randomIds()));
    }

    /** Every answer through here is checked against the API contract (api/openapi.yaml). */
    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return ApiContract.checked(event, handler.handleRequest(event, null));
    }

    private static APIGatewayV2HTTPEvent withBody(String body) {
        APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-valid.json");
        event.setBody(body);
        return event;
    }

    private static ObjectNode validBody() {
        return BookingJson.valid(LocalDate.of(2026, 11, 27));
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        return Json.parse(response.getBody());
    }

    private static List<Map<String, AttributeValue>> items(String prefix) {
        return DYNAMO_DB.scan(scan -> scan.tableName(TABLE).consistentRead(true)).items().stream()
                .filter(item -> item.get(BookingTable.PK).s().startsWith(prefix)).toList();
    }

    private static void assertNothingStored() {
        assertEquals(List.of(), DYNAMO_DB.scan(scan -> scan.tableName(TABLE)).items());
    }

    @Test
    void givenTheSampleBooking_whenPosted_thenItIsStoredWithItsReferenceAndKey() {
        APIGatewayV2HTTPResponse response = handle(SampleEvents.apiGateway("submit-booking-valid.json"));

        assertEquals(201, response.getStatusCode(), response.getBody());
        JsonNode body = json(response);
        String id = body.get("id").textValue();
        String reference = body.get("reference").textValue();
        assertEquals("submitted", body.get("status").textValue());
        assertTrue(reference.matches("UME-[2-9A-Z]{5}"), reference);
        assertEquals("/bookings/" + id, response.getHeaders().get("Location"));

        Map<String, AttributeValue> item = items("BOOKING#").get(0);
        Booking stored = DynamoDbBookingRepository.toBooking(item);
        assertEquals(id, stored.id());
        assertEquals("Câmara Municipal do Porto", stored.request().contact().organisation());
        assertEquals("Nordic Study Tours", stored.request().organiser().orElseThrow().name());
        assertEquals("pending", item.get(BookingTable.NOTIFICATION).s());
        assertEquals("due", item.get(BookingTable.DUE_BUCKET).s());
        assertEquals(id, items("REFERENCE#" + reference).get(0).get(BookingTable.BOOKING_ID).s());
        Map<String, AttributeValue> key = items("IDEMPOTENCY#").get(0);
        assertEquals(NOW.getEpochSecond() + 24 * 3600, Long.parseLong(key.get(BookingTable.EXPIRES_AT).n()));
    }

    @Test
    void givenAnInvocation_whenABookingIsPosted_thenEveryLineCarriesItsRequestTraceAndBookingIdAndTheNextInvocationNone() throws Exception {
        String requestId = InvocationLogs.requestId();
        StandardOutput.Captured<APIGatewayV2HTTPResponse> run = InvocationLogs.invoke(() ->
                handler.handleRequest(SampleEvents.apiGateway("submit-booking-valid.json"), InvocationLogs.context(requestId)));

        assertEquals(201, run.value().getStatusCode(), run.value().getBody());
        String id = json(run.value()).get("id").textValue();
        InvocationLogs.assertEveryLineCarries(run.output(), requestId);
        InvocationLogs.assertEventCarriesBooking(run.output(), "submit.accepted", id);
        assertEquals(id, run.output().metric("BookingsSubmitted").get(0).get("bookingId").asText());

        // The same warm container, the next request: refused, and about no booking of the last one.
        String next = InvocationLogs.requestId();
        StandardOutput.Captured<APIGatewayV2HTTPResponse> refused = InvocationLogs.invoke(() ->
                handler.handleRequest(withBody("{}"), InvocationLogs.context(next)));
        assertEquals(400, refused.value().getStatusCode(), refused.value().getBody());
        for (JsonNode line : InvocationLogs.assertEveryLineCarries(refused.output(), next)) {
            assertFalse(line.has("bookingId"), line.toString());
        }
        StandardOutput outside = StandardOutput.during(() -> se.smartcitysweden.booking.observability.Log.info("test.after").write());
        assertFalse(outside.json().get(0).has("requestId"), outside.lines().toString());
    }

    @Test
    void givenASwedishBooking_whenPosted_thenItIsStoredWithSwedishCharactersIntact() {
        APIGatewayV2HTTPResponse response = handle(SampleEvents.apiGateway("submit-booking-valid-sv.json"));
        assertEquals(201, response.getStatusCode(), response.getBody());
        Booking stored = DynamoDbBookingRepository.toBooking(items("BOOKING#").get(0));
        assertEquals("Åsa Öberg", stored.request().contact().name());
        assertTrue(json(response).get("reference").textValue().startsWith("MMO-"));
    }

    @Test
    void givenAPlainFormPost_whenPosted_thenItIsStoredAndTheBrowserGetsAConfirmationPage() {
        APIGatewayV2HTTPResponse response = handle(SampleEvents.apiGateway("submit-booking-form.json"));
        assertEquals(201, response.getStatusCode(), response.getBody());
        Booking stored = DynamoDbBookingRepository.toBooking(items("BOOKING#").get(0));
        assertEquals("Lena Fischer", stored.request().participants().get(0).name());
        assertEquals(4, stored.request().expectedParticipants());
        assertEquals("text/html; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertTrue(response.getBody().contains("Your reference is " + stored.reference()), response.getBody());
        assertTrue(response.getBody().contains("coordinator in Umeå"), response.getBody());
    }

    @Test
    void givenABrokenFormPost_whenPosted_thenTheBrowserGetsTheProblemsEscapedInItsLanguage() {
        APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-form.json");
        String form = "language=sv&node=umea&mainGoal=%3Cscript%3Ealert(1)%3C%2Fscript%3E&contact.email=nope";
        event.setBody(Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
        event.getHeaders().put("referer", "https://smartcitysweden.com/umea?x=\"<b>");
        APIGatewayV2HTTPResponse response = handle(event);
        assertEquals(400, response.getStatusCode());
        String page = response.getBody();
        assertTrue(page.contains("Använd webbläsarens bakåtknapp"), page);
        assertFalse(page.contains("javascript:"), "the way back works without JavaScript");
        assertFalse(page.contains("<b>"), "a hostile Referer is not linked");
        assertTrue(page.contains("<html lang=\"sv\">"), page);
        assertTrue(page.contains("<strong>Kontaktuppgifter – e-post</strong>: Ange en giltig e-postadress"), page);
        assertTrue(page.contains("<strong>Syftet med besöket</strong>: Fältet måste fyllas i."), page);
        assertFalse(page.contains("<script>"), "nothing the visitor sent is echoed unescaped");
        assertNothingStored();
    }

    @Test
    void givenTheInvalidSample_whenPosted_thenEveryProblemIsListedAndNothingStored() {
        APIGatewayV2HTTPResponse response = handle(SampleEvents.apiGateway("submit-booking-invalid.json"));
        assertEquals(400, response.getStatusCode());
        List<String> fields = new ArrayList<>();
        json(response).get("errors").forEach(e -> fields.add(e.get("field").textValue() + ":" + e.get("code").textValue()));
        assertEquals(List.of("focusAreas[1]:invalid_choice", "expectedParticipants:out_of_range", "contact:required"), fields);
        assertNothingStored();
    }

    @Test
    void givenSwedish_whenInvalid_thenTheAnswerIsInSwedish() {
        ObjectNode body = validBody().put("language", "sv");
        body.remove("purpose");
        APIGatewayV2HTTPResponse response = handle(withBody(Json.write(body)));
        assertEquals(400, response.getStatusCode());
        assertEquals("Fältet måste fyllas i.", json(response).get("errors").get(0).get("message").textValue());
    }

    @Test
    void givenABodyOver64KiB_whenPosted_thenItIs413AndNothingStored() {
        ObjectNode body = validBody().put("message", "x".repeat(66_000));
        APIGatewayV2HTTPResponse response = handle(withBody(Json.write(body)));
        assertEquals(413, response.getStatusCode());
        assertEquals("too_large", json(response).get("errors").get(0).get("code").textValue());
        assertNothingStored();
    }

    @Test
    void givenAnotherContentType_whenPosted_thenItIs415() {
        APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-valid.json");
        event.getHeaders().put("content-type", "text/plain");
        assertEquals(415, handle(event).getStatusCode());
        event.getHeaders().remove("content-type");
        assertEquals(415, handle(event).getStatusCode());
        event.getHeaders().put("content-type", "application/json; charset=iso-8859-1");
        assertEquals(415, handle(event).getStatusCode());
        assertNothingStored();
    }

    @Test
    void givenBrokenJson_whenPosted_thenItIs400() {
        for (String broken : List.of("{", "{\"node\":\"umea\"} trailing", "{\"node\":\"umea\",\"node\":\"malmo\"}", "", "null")) {
            APIGatewayV2HTTPResponse response = handle(withBody(broken));
            assertEquals(400, response.getStatusCode(), broken);
            assertFalse(json(response).get("errors").isEmpty());
        }
        assertNothingStored();
    }

    @Test
    void givenBytesThatAreNotUtf8_whenPosted_thenItIs400() {
        APIGatewayV2HTTPEvent event = withBody(Base64.getEncoder().encodeToString(new byte[] {'{', (byte) 0xC3, '}'}));
        event.setIsBase64Encoded(true);
        APIGatewayV2HTTPResponse response = handle(event);
        assertEquals(400, response.getStatusCode());
        assertEquals("invalid_encoding", json(response).get("errors").get(0).get("code").textValue());
    }

    @Test
    void givenABadIdempotencyKey_whenPosted_thenItIs400() {
        APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-valid.json");
        event.getHeaders().put("idempotency-key", "x".repeat(256));
        APIGatewayV2HTTPResponse response = handle(event);
        assertEquals(400, response.getStatusCode());
        assertEquals("Idempotency-Key", json(response).get("errors").get(0).get("field").textValue());
        assertNothingStored();
    }

    @Test
    void givenTheSameKeyAndBodyTwice_whenPosted_thenTheFirstBookingIsReturnedAndOneIsStored() {
        APIGatewayV2HTTPResponse first = handle(SampleEvents.apiGateway("submit-booking-valid.json"));
        APIGatewayV2HTTPResponse second = handle(SampleEvents.apiGateway("submit-booking-valid.json"));
        assertEquals(201, second.getStatusCode());
        assertEquals(json(first).get("id"), json(second).get("id"));
        assertEquals(json(first).get("reference"), json(second).get("reference"));
        assertEquals("true", second.getHeaders().get("Idempotent-Replayed"));
        assertEquals(1, items("BOOKING#").size());
    }

    @Test
    void givenTheSameKeyWithAnotherBody_whenPosted_thenItIs422AndNothingNewIsStored() {
        handle(SampleEvents.apiGateway("submit-booking-valid.json"));
        APIGatewayV2HTTPEvent changed = SampleEvents.apiGateway("submit-booking-valid.json");
        changed.setBody(changed.getBody().replace("\"expectedParticipants\": 12", "\"expectedParticipants\": 13"));
        APIGatewayV2HTTPResponse response = handle(changed);
        assertEquals(422, response.getStatusCode(), response.getBody());
        assertEquals("idempotency_key_reused", json(response).get("errors").get(0).get("code").textValue());
        assertEquals(1, items("BOOKING#").size());
    }

    @Test
    void givenTwoConcurrentRequestsWithOneKey_whenPosted_thenBothGetTheSameBookingAndOneIsStored() throws Exception {
        // moto_server does not serialise conditional writes across its threads as DynamoDB does, so
        // the requests meet at the store and their writes reach moto one at a time; which one wins
        // is still decided by moto's condition check, and the losers must find the winner's booking.
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(4);
        DynamoDbBookingRepository real = new DynamoDbBookingRepository(FUNCTION_DYNAMO_DB, TABLE);
        se.smartcitysweden.booking.port.BookingRepository lockstep = new se.smartcitysweden.booking.port.BookingRepository() {
            @Override
            public CreateResult create(Booking booking, java.util.Optional<se.smartcitysweden.booking.port.IdempotencyRecord> key) {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                synchronized (this) {
                    return real.create(booking, key);
                }
            }

            @Override
            public java.util.Optional<Booking> findById(String id) {
                return real.findById(id);
            }
        };
        SubmitBookingHandler racing = new SubmitBookingHandler(new SubmitBookingService(lockstep,
                Clock.fixed(NOW, ZoneOffset.UTC), ReferenceGenerator.secure(), SubmitBookingService.randomIds()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<APIGatewayV2HTTPResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) calls.add(() -> racing.handleRequest(SampleEvents.apiGateway("submit-booking-valid.json"), null));
            Set<String> ids = new HashSet<>();
            for (Future<APIGatewayV2HTTPResponse> result : pool.invokeAll(calls)) {
                assertEquals(201, result.get().getStatusCode(), result.get().getBody());
                ids.add(json(result.get()).get("id").textValue());
            }
            assertEquals(1, ids.size());
            assertEquals(1, items("BOOKING#").size());
            assertEquals(1, items("REFERENCE#").size());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void givenTheHoneypotFilled_whenPosted_thenItLooksAcceptedButNothingIsStored() {
        APIGatewayV2HTTPResponse response = handle(withBody(Json.write(validBody().put("website", "http://spam.example"))));
        assertEquals(201, response.getStatusCode());
        assertNotNull(json(response).get("reference"));
        assertNothingStored();
    }

    @Test
    void givenTheTableMissing_whenPosted_thenItIs503WithRetryAfter() {
        SubmitBookingHandler broken = handlerOn(FUNCTION_DYNAMO_DB, "no-such-table");
        APIGatewayV2HTTPResponse response = broken.handleRequest(SampleEvents.apiGateway("submit-booking-valid.json"), null);
        assertEquals(503, response.getStatusCode());
        assertEquals("5", response.getHeaders().get("Retry-After"));
        assertEquals("unavailable", json(response).get("errors").get(0).get("code").textValue());
        assertNothingStored();
    }

    @Test
    void givenDynamoDbUnreachable_whenPosted_thenItIs503() {
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + se.smartcitysweden.booking.localaws.MotoServer.freePort()))
                .region(software.amazon.awssdk.regions.Region.EU_NORTH_1)
                .credentialsProvider(AWS.credentialsOf(FUNCTION))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> config.retryStrategy(RetryMode.STANDARD))
                .build()) {
            APIGatewayV2HTTPResponse response = handlerOn(unreachable, TABLE)
                    .handleRequest(SampleEvents.apiGateway("submit-booking-valid.json"), null);
            assertEquals(503, response.getStatusCode());
            assertEquals("5", response.getHeaders().get("Retry-After"));
            // A refused connection: the write never left, so the answer may say nothing was stored.
            assertEquals("unavailable", json(response).get("errors").get(0).get("code").textValue());
        }
        assertNothingStored();
    }

    // ---- 12.3: when the outcome of the write is unknown, the answer says so ----

    /** A handler's DynamoDB client (the function's role) that gives up after {@code timeout}, talking to moto through the proxy. */
    private static DynamoDbClient clientThrough(FaultInjectingProxy proxy, Duration callTimeout, Duration attemptTimeout) {
        return DynamoDbClient.builder().endpointOverride(proxy.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_NORTH_1)
                .credentialsProvider(AWS.credentialsOf(FUNCTION))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> {
                    config.retryStrategy(RetryMode.STANDARD).apiCallTimeout(callTimeout);
                    if (attemptTimeout != null) config.apiCallAttemptTimeout(attemptTimeout);
                })
                .build();
    }

    @Test
    void givenDynamoDbWritingButAnsweringTooLate_whenPosted_thenTheAnswerSaysItMayHaveBeenReceivedAndTheSameKeyFindsIt() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(AWS.moto().endpoint());
             DynamoDbClient slow = clientThrough(proxy, Duration.ofSeconds(1), null)) {
            proxy.add(FaultInjectingProxy.Fault.lateAnswer(FaultInjectingProxy.dynamoDbTransactWrite(), Duration.ofSeconds(3), 1));
            APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-valid-sv.json");
            APIGatewayV2HTTPResponse response = handlerOn(slow, TABLE).handleRequest(event, null);

            assertEquals(503, response.getStatusCode(), response.getBody());
            assertEquals("5", response.getHeaders().get("Retry-After"));
            JsonNode error = json(response).get("errors").get(0);
            assertEquals("outcome_unknown", error.get("code").textValue());
            String message = error.get("message").textValue();
            assertTrue(message.contains("kan ha tagits emot") && message.contains("Idempotency-Key"), message);
            assertFalse(message.contains("Inget har sparats"), "it must not claim nothing was stored: " + message);
            Booking stored = DynamoDbBookingRepository.toBooking(items("BOOKING#").get(0));

            // The same request again, with the same key, tells the truth: the booking stored the first time.
            APIGatewayV2HTTPResponse again = handle(SampleEvents.apiGateway("submit-booking-valid-sv.json"));
            assertEquals(201, again.getStatusCode(), again.getBody());
            assertEquals(stored.reference(), json(again).get("reference").textValue());
            assertEquals("true", again.getHeaders().get("Idempotent-Replayed"));
            assertEquals(1, items("BOOKING#").size());
        }
    }

    @Test
    void givenAPlainFormPostWhoseWriteAnswersTooLate_whenTheBrowserSendsThePagesFormAgain_thenItGetsTheStoredBooking() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(AWS.moto().endpoint());
             DynamoDbClient slow = clientThrough(proxy, Duration.ofSeconds(1), null)) {
            proxy.add(FaultInjectingProxy.Fault.lateAnswer(FaultInjectingProxy.dynamoDbTransactWrite(), Duration.ofSeconds(3), 1));
            APIGatewayV2HTTPResponse response = handlerOn(slow, TABLE)
                    .handleRequest(SampleEvents.apiGateway("submit-booking-form.json"), null);

            assertEquals(503, response.getStatusCode(), response.getBody());
            String page = response.getBody();
            assertTrue(page.contains("may have been received"), page);
            assertFalse(page.contains("Nothing was stored"), page);
            Booking stored = DynamoDbBookingRepository.toBooking(items("BOOKING#").get(0));

            // The page's one form sends the same fields and the same key again, as a browser would.
            Matcher form = Pattern.compile("<form method=\"post\"[^>]*>(.*?)</form>", Pattern.DOTALL).matcher(page);
            assertTrue(form.find(), page);
            Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">").matcher(form.group(1));
            List<String> pairs = new ArrayList<>();
            while (hidden.find()) {
                pairs.add(URLEncoder.encode(unescape(hidden.group(1)), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(unescape(hidden.group(2)), StandardCharsets.UTF_8));
            }
            assertTrue(pairs.stream().anyMatch(p -> p.startsWith("idempotencyKey=")), pairs.toString());
            APIGatewayV2HTTPEvent resent = SampleEvents.apiGateway("submit-booking-form.json");
            resent.setBody(Base64.getEncoder().encodeToString(String.join("&", pairs).getBytes(StandardCharsets.UTF_8)));
            APIGatewayV2HTTPResponse again = handle(resent);

            assertEquals(201, again.getStatusCode(), again.getBody());
            assertTrue(again.getBody().contains("Your reference is " + stored.reference()), again.getBody());
            assertEquals(1, items("BOOKING#").size());
        }
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    @Test
    void givenTheWritesAnswerLostOnceAndTheSdkRetrying_whenPosted_thenTheBookingIsAcceptedOnce() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(AWS.moto().endpoint());
             DynamoDbClient slow = clientThrough(proxy, Duration.ofSeconds(8), Duration.ofSeconds(1))) {
            proxy.add(FaultInjectingProxy.Fault.lateAnswer(FaultInjectingProxy.dynamoDbTransactWrite(), Duration.ofSeconds(2), 1));
            APIGatewayV2HTTPEvent event = SampleEvents.apiGateway("submit-booking-valid.json");
            event.getHeaders().remove("idempotency-key");
            APIGatewayV2HTTPResponse response = handlerOn(slow, TABLE).handleRequest(event, null);

            assertEquals(201, response.getStatusCode(), response.getBody());
            Booking stored = DynamoDbBookingRepository.toBooking(items("BOOKING#").get(0));
            assertEquals(stored.reference(), json(response).get("reference").textValue());
            assertEquals(1, items("BOOKING#").size());
        }
    }

    @Test
    void givenDynamoDbFailingWithA5xx_whenPosted_thenTheAnswerDoesNotClaimNothingWasStored() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(AWS.moto().endpoint());
             DynamoDbClient client = clientThrough(proxy, Duration.ofSeconds(8), null)) {
            proxy.add(FaultInjectingProxy.Fault.of(FaultInjectingProxy.dynamoDbTransactWrite(), 500, "InternalServerError", -1));
            APIGatewayV2HTTPResponse response = handlerOn(client, TABLE)
                    .handleRequest(SampleEvents.apiGateway("submit-booking-valid.json"), null);
            assertEquals(503, response.getStatusCode());
            assertEquals("outcome_unknown", json(response).get("errors").get(0).get("code").textValue());
        }
    }

    @Test
    void givenDynamoDbThrottlingBeforeAcceptingTheWrite_whenPosted_thenTheAnswerSaysNothingWasStored() {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(AWS.moto().endpoint());
             DynamoDbClient client = clientThrough(proxy, Duration.ofSeconds(8), null)) {
            proxy.add(FaultInjectingProxy.Fault.of(FaultInjectingProxy.dynamoDbTransactWrite(), 400,
                    "ProvisionedThroughputExceededException", -1));
            APIGatewayV2HTTPResponse response = handlerOn(client, TABLE)
                    .handleRequest(SampleEvents.apiGateway("submit-booking-valid.json"), null);
            assertEquals(503, response.getStatusCode());
            JsonNode error = json(response).get("errors").get(0);
            assertEquals("unavailable", error.get("code").textValue());
            assertTrue(error.get("message").textValue().contains("Nothing was stored"), error.toString());
        }
        assertNothingStored();
    }

    @Test
    void givenSnapStartPriming_whenItRunsBeforeTheSnapshot_thenItTouchesTheTableButStoresNothing() {
        assertEquals(0, SnapStartPriming.of((event, answer) -> handler.handleRequest(event, answer, null), FUNCTION_DYNAMO_DB, TABLE).run(), "the dry run, the read and the transaction succeed");
        // Never fails the snapshot: the read and the transaction fail, are logged, and the priming goes on.
        assertEquals(2, SnapStartPriming.of(null, FUNCTION_DYNAMO_DB, "no-such-table").run());
        assertNothingStored();
    }

    @Test
    void givenSnapStartPriming_whenTheEndpointIsDown_thenItLogsAndGoesOn() throws Exception {
        var run = se.smartcitysweden.booking.testing.StandardOutput.capture(() -> SnapStartPriming.of(
                (event, answer) -> handler.handleRequest(event, answer, null), LocalAwsClients.unreachable(AWS.credentialsOf(FUNCTION)).dynamoDb(), TABLE).run());
        assertEquals(2, run.value(), "the read and the transaction fail; the dry run and the refused request do not");
        assertEquals(List.of("dynamodb-read", "dynamodb-transaction"), run.output().events("priming.step_failed").stream()
                .map(e -> e.get("step").asText()).toList());
    }

    // ---- the bookings-per-source limit (production defaults: Limits) ----

    /** The function as Lambda builds it, with the source limit of an environment that sets none (production's). */
    private static SubmitBookingHandler limitedHandler(Instant now) {
        return new SubmitBookingHandler(new SubmitBookingService(new DynamoDbBookingRepository(DYNAMO_DB, TABLE),
                Clock.fixed(now, ZoneOffset.UTC), ReferenceGenerator.secure(), SubmitBookingService.randomIds(),
                new se.smartcitysweden.booking.aws.DynamoDbLimitCounter(DYNAMO_DB, TABLE),
                se.smartcitysweden.booking.limits.Limits.bookingsPerSource(Map.of()).orElseThrow()));
    }

    /** The sample booking from {@code sourceIp}, a booking of its own (its own key and purpose). */
    private static APIGatewayV2HTTPEvent bookingFrom(String sourceIp, int n) {
        APIGatewayV2HTTPEvent event = withBody(Json.write(validBody().put("purpose", "Visit number " + n)));
        event.getHeaders().put("idempotency-key", "key-" + sourceIp + "-" + n);
        event.getRequestContext().getHttp().setSourceIp(sourceIp);
        return event;
    }

    @Test
    void givenTenBookingsFromOneSourceThisHour_whenTheEleventhComes_thenItIs429WithRetryAfterAndNothingIsStored() {
        Instant quarterPast = NOW.plus(Duration.ofMinutes(15));
        SubmitBookingHandler limited = limitedHandler(quarterPast);
        int limit = se.smartcitysweden.booking.limits.Limits.BOOKINGS_PER_SOURCE_PER_HOUR;
        for (int n = 1; n <= limit; n++) {
            assertEquals(201, limited.handleRequest(bookingFrom("198.51.100.7", n), null).getStatusCode());
        }
        assertEquals(limit, items("BOOKING#").size());

        APIGatewayV2HTTPResponse refused = limited.handleRequest(bookingFrom("198.51.100.7", limit + 1), null);

        assertEquals(429, refused.getStatusCode(), refused.getBody());
        assertEquals("2700", refused.getHeaders().get("Retry-After"), "the rest of the hour: 45 minutes");
        JsonNode error = json(refused).get("errors").get(0);
        assertEquals("too_many_bookings", error.get("code").textValue());
        assertTrue(error.get("message").textValue().contains("45 minutes"), error.toString());
        assertTrue(error.get("message").textValue().contains("Nothing was stored"), error.toString());
        assertEquals(limit, items("BOOKING#").size(), "nothing stored");
        assertEquals(limit, items("REFERENCE#").size());
        assertEquals(limit, items("IDEMPOTENCY#").size());

        // In the request's language, and as a page for a plain form post, with Retry-After alike.
        APIGatewayV2HTTPEvent swedish = withBody(Json.write(validBody().put("language", "sv").put("purpose", "Svenska")));
        swedish.getHeaders().remove("idempotency-key");
        swedish.getRequestContext().getHttp().setSourceIp("198.51.100.7");
        APIGatewayV2HTTPResponse inSwedish = limited.handleRequest(swedish, null);
        assertEquals(429, inSwedish.getStatusCode());
        assertTrue(json(inSwedish).get("errors").get(0).get("message").textValue().contains("45 minuter"), inSwedish.getBody());
        APIGatewayV2HTTPEvent form = SampleEvents.apiGateway("submit-booking-form.json");
        form.getRequestContext().getHttp().setSourceIp("198.51.100.7");
        APIGatewayV2HTTPResponse page = limited.handleRequest(form, null);
        assertEquals(429, page.getStatusCode());
        assertEquals("2700", page.getHeaders().get("Retry-After"));
        assertTrue(page.getHeaders().get("Content-Type").startsWith("text/html"), page.getHeaders().toString());
        assertTrue(page.getBody().contains("Too many booking requests"), page.getBody());
        assertEquals(limit, items("BOOKING#").size(), "still nothing stored");

        // The same request sent again (an uncertain answer's retry) still finds its booking; another source books.
        APIGatewayV2HTTPResponse replayed = limited.handleRequest(bookingFrom("198.51.100.7", 1), null);
        assertEquals(201, replayed.getStatusCode());
        assertEquals("true", replayed.getHeaders().get("Idempotent-Replayed"));
        assertEquals(201, limited.handleRequest(bookingFrom("198.51.100.8", 1), null).getStatusCode());
        assertEquals(limit + 1, items("BOOKING#").size());
        // And the next hour the first source books again.
        assertEquals(201, limitedHandler(NOW.plus(Duration.ofHours(1))).handleRequest(bookingFrom("198.51.100.7", 99), null)
                .getStatusCode());
    }

    @Test
    void givenASourceCounted_whenItsCounterIsStored_thenItHoldsNoAddressAndExpiresWithTheHour() {
        assertEquals(201, limitedHandler(NOW).handleRequest(bookingFrom("198.51.100.7", 1), null).getStatusCode());
        List<Map<String, AttributeValue>> counters = items("LIMIT#");
        assertEquals(1, counters.size());
        Map<String, AttributeValue> counter = counters.get(0);
        assertFalse(counter.toString().contains("198.51.100.7"), counter.toString());
        assertTrue(counter.get(BookingTable.PK).s().matches("LIMIT#source#[0-9a-f]{64}#\\d+"), counter.toString());
        assertEquals("1", counter.get("n").n());
        assertEquals(Long.toString(NOW.plus(Duration.ofHours(1)).getEpochSecond()), counter.get(BookingTable.EXPIRES_AT).n(),
                "the TTL attribute: gone at the end of its hour");
    }
}
