package se.smartcitysweden.booking.submit;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.web.Form;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.testing.CapturedOutput;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.InMemoryBookingRepository;
import se.smartcitysweden.booking.testing.PersonalData;

/**
 * Everything the submit function writes (log lines, metrics, anything else on standard output or
 * error) during many valid and hostile submissions, every sample event, stored, refused, failed
 * with nothing stored and failed with the outcome unknown: no line holds a name, an e-mail address,
 * a phone number or free text from the bodies, and every line carries its invocation's request id.
 */
class LogPrivacyTest {

    @Test
    void givenManyValidAndHostileSubmissions_whenHandled_thenNoOutputLineHoldsPersonalDataFromTheBodies() throws IOException {
        InMemoryBookingRepository repository = new InMemoryBookingRepository();
        SubmitBookingHandler handler = new SubmitBookingHandler(new SubmitBookingService(repository,
                Clock.fixed(SubmitBookingHttpTest.NOW, ZoneOffset.UTC), new ReferenceGenerator(new Random(3)),
                SubmitBookingService.randomIds()));
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>();
        try (Stream<Path> samples = Files.list(SampleEvents.folder().resolve("apigw"))) {
            samples.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("submit-booking")).sorted()
                    .forEach(name -> events.add(SampleEvents.apiGateway(name)));
        }
        ObjectNode valid = SubmitBookingHttpTest.validBody();
        events.add(SubmitBookingHttpTest.json(Json.write(valid)));
        events.add(SubmitBookingHttpTest.json(Json.write(valid.deepCopy().put("website", "Spammy Spammer spam@example.org"))));
        events.add(SubmitBookingHttpTest.json(Json.write(valid.deepCopy().put("purpose", "Ana's \ud800 secret plan"))));
        events.add(SubmitBookingHttpTest.json(Json.write(valid.deepCopy().put("Karin Larsson", "karin@example.se"))));
        events.add(SubmitBookingHttpTest.json(Json.write(valid.deepCopy().put("expectedParticipants", 0)
                .put("message", "Call Sven on +46 70 123 45 67"))));
        events.add(SubmitBookingHttpTest.json("{\"contact\":{\"name\":\"Broken Json Person\", \"email\": \"bjp@example.org\""));
        events.add(SubmitBookingHttpTest.form("contact.name=Form+Person&contact.email=form.person%40example.org&purpose=%zz"));
        events.add(SubmitBookingHttpTest.form("contact.name=Trailing+Percent&message=100%"));
        events.add(SubmitBookingHttpTest.json(Json.write(valid.deepCopy().put("message", "Very long text ".repeat(5000)))));
        // Generated hostile bodies and headers, as the properties make them.
        Arbitrary<SubmitBookingPropertiesTest.Generated> generated = new SubmitBookingPropertiesTest().requests();
        generated.sampleStream().limit(300).forEach(g -> events.add(g.event()));

        Set<String> personal = new LinkedHashSet<>();
        Set<String> requestIds = new LinkedHashSet<>();
        CapturedOutput output = CapturedOutput.empty();
        int answered = 0;
        for (APIGatewayV2HTTPEvent event : events) {
            personal.addAll(personalDataOf(event));
            for (boolean lost : List.of(false, true)) {
                // Each body also once with the store failing after the write (outcome unknown) and once refusing it.
                repository.answerLost = lost;
                repository.failing = !lost && answered % 7 == 3;
                String requestId = InvocationLogs.requestId();
                requestIds.add(requestId);
                CapturedOutput.capture(output, () -> handler.handleRequest(event, InvocationLogs.context(requestId)));
                answered++;
            }
        }

        assertTrue(personal.contains("ana.souza@example.org") && personal.contains("Form Person"), personal.toString());
        assertTrue(output.lines().size() >= events.size(), "every answer is logged");
        assertEquals(List.of(), PersonalData.leaks(output.lines(), personal));
        // Every line is one of the invocations' JSON lines and says which: ids, no personal data.
        for (String line : output.lines()) {
            assertTrue(requestIds.contains(Json.parse(line).path("requestId").asText()), line);
        }
    }

    /** The body's personal data and free text, read as the function reads it (JSON or form, base64 or not). */
    static Set<String> personalDataOf(APIGatewayV2HTTPEvent event) {
        String text;
        try {
            byte[] raw = event.getIsBase64Encoded() ? Base64.getMimeDecoder().decode(event.getBody())
                    : event.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            text = HttpRequest.utf8(raw).orElse("");
        } catch (IllegalArgumentException e) {
            text = event.getBody();
        }
        Set<String> found = new LinkedHashSet<>();
        try {
            JsonNode json = Json.parse(text);
            found.addAll(PersonalData.in(json));
            json.fieldNames().forEachRemaining(name -> { if (name.length() >= 8) found.add(name); });
        } catch (RuntimeException notJson) {
            found.addAll(PersonalData.in(Form.parse(text).tree()));
        }
        return found;
    }
}
