package se.smartcitysweden.booking.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.testing.InMemoryBookingRepository;

/**
 * The submit function as Lambda's runtime calls it, a stream handler: the answer written as JSON is
 * the typed answer, as API Gateway reads it (that the samples read as Lambda reads them:
 * {@code HttpApiStreamsTest} in shared).
 */
class SubmitBookingStreamTest {
    private static final List<String> SAMPLES = List.of("submit-booking-valid.json", "submit-booking-valid-sv.json",
            "submit-booking-form.json", "submit-booking-invalid.json");

    @Test
    void theHandler_isAStreamHandler_soLambdasRuntimeSetsUpNoSerializer() {
        assertTrue(RequestStreamHandler.class.isAssignableFrom(SubmitBookingHandler.class));
    }

    @Test
    void givenEverySubmitSample_whenHandledAsBytes_thenTheJsonAnswerIsTheTypedAnswer() throws IOException {
        for (String name : SAMPLES) {
            byte[] raw = Files.readAllBytes(SampleEvents.folder().resolve("apigw").resolve(name));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler().handleRequest(new ByteArrayInputStream(raw), out, null);
            APIGatewayV2HTTPResponse typed = handler().handleRequest(SampleEvents.apiGateway(name), null);

            JsonNode answer = Json.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(typed.getStatusCode(), answer.path("statusCode").asInt(), name);
            assertEquals(typed.getBody(), answer.path("body").asText(), name);
            assertEquals(Json.MAPPER.valueToTree(typed.getHeaders()), answer.path("headers"), name);
            assertFalse(answer.path("isBase64Encoded").asBoolean(), name);
            answer.fields().forEachRemaining(field -> assertFalse(field.getValue().isNull(), name + ": " + field.getKey()));
        }
    }

    /** A fresh function over the in-memory twin whose ids and references repeat from one instance to the next. */
    private static SubmitBookingHandler handler() {
        AtomicInteger ids = new AtomicInteger();
        return new SubmitBookingHandler(new SubmitBookingService(new InMemoryBookingRepository(),
                Clock.fixed(SubmitBookingHttpTest.NOW, ZoneOffset.UTC), new ReferenceGenerator(new Random(1)),
                () -> "00000000-0000-4000-8000-00000000000" + ids.incrementAndGet()));
    }
}
