package se.smartcitysweden.booking.submit;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import se.smartcitysweden.booking.aws.BookingDocument;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.web.HtmlHeaders;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.CapturedOutput;
import se.smartcitysweden.booking.testing.InMemoryBookingRepository;
import se.smartcitysweden.booking.testing.PersonalData;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/**
 * Generated and mutated requests against the handler over the in-memory repository twin: bodies
 * (JSON and forms, hostile text, broken escapes, wrong types, unknown fields), headers
 * (content type, accept, language, idempotency key, the base64 flag). Whatever comes in: never a
 * 5xx, never an invalid booking stored, every HTML page escaped and with the shared headers, and
 * no personal data from the body in any log line.
 */
class SubmitBookingPropertiesTest {
    private static final LocalDate TODAY = LocalDate.ofInstant(SubmitBookingHttpTest.NOW, ZoneOffset.UTC);
    /** Every generated hostile value contains this, unescaped: it must never reach a page so. */
    private static final String MARK = "<zq";
    private static final Set<Integer> CLIENT_ANSWERS = Set.of(201, 400, 413, 415, 422);

    /** One generated request: the body's tree (before encoding) and the event made of it. */
    record Generated(JsonNode tree, APIGatewayV2HTTPEvent event) {
        @Override
        public String toString() {
            return event.getHeaders() + " base64=" + event.getIsBase64Encoded() + " " + event.getBody();
        }
    }

    @Property(tries = 300)
    void givenAnyRequest_whenHandled_thenNever5xxNoInvalidBookingStoredPagesEscapedAndLogsClean(
            @ForAll("requests") Generated request) {
        InMemoryBookingRepository repository = new InMemoryBookingRepository();
        SubmitBookingHandler handler = new SubmitBookingHandler(new SubmitBookingService(repository,
                Clock.fixed(SubmitBookingHttpTest.NOW, ZoneOffset.UTC), new ReferenceGenerator(new Random(1)),
                SubmitBookingService.randomIds()));
        CapturedOutput output = CapturedOutput.empty();

        APIGatewayV2HTTPResponse response = CapturedOutput.capture(output, () -> handler.handleRequest(request.event(), null));

        Statistics.collect(response.getStatusCode());
        assertTrue(CLIENT_ANSWERS.contains(response.getStatusCode()), response.getStatusCode() + " " + response.getBody());
        for (Booking stored : repository.bookings.values()) {
            String document = Json.write(BookingDocument.toJson(stored.request()));
            assertTrue(HttpRequest.utf8(document.getBytes(StandardCharsets.UTF_8)).isPresent()
                    && !document.contains("\\ud8") && !se.smartcitysweden.booking.validation.TextRules.hasLoneSurrogate(document),
                    "stored text is valid Unicode");
            // What is stored, with the two acceptances (required, not stored), passes validation again.
            ObjectNode again = BookingDocument.toJson(stored.request()).put("acceptsCosts", true).put("consent", true);
            assertEquals(List.of(), BookingRequestParser.parse(again, TODAY).errors(), "a stored booking is valid");
        }
        if (response.getHeaders().get("Content-Type").startsWith("text/html")) {
            assertFalse(response.getBody().contains(MARK), "unescaped: " + response.getBody());
            Map<String, String> headers = new HashMap<>(response.getHeaders());
            List.of("Location", "Retry-After", "Idempotent-Replayed").forEach(headers::remove);
            assertEquals(HtmlHeaders.page(SubmitPages.CSS), headers);
        }
        List<String> leaks = PersonalData.leaks(output.lines(), PersonalData.in(request.tree()));
        assertEquals(List.of(), leaks);
        output.lines().forEach(line -> assertTrue(line.startsWith("{") && Json.parse(line).isObject(), line));
    }

    // ---- generators ----

    @Provide
    Arbitrary<Generated> requests() {
        Arbitrary<JsonNode> bodies = Combinators.combine(mutation().list().ofMaxSize(4), Arbitraries.randoms())
                .as((mutations, random) -> {
                    ObjectNode body = BookingJson.valid(TODAY);
                    mutations.forEach(m -> m.apply(body, random));
                    return body;
                });
        return Combinators.combine(bodies, Arbitraries.of(Encoding.values()), contentTypes(), accepts(), languages(),
                        keys(), Arbitraries.randoms())
                .as((tree, encoding, contentType, accept, language, key, random) -> {
                    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
                    Map<String, String> headers = new HashMap<>();
                    String type = contentType.orElse(encoding.contentType);
                    if (type != null) headers.put("content-type", type);
                    if (accept != null) headers.put("accept", accept);
                    if (language != null) headers.put("accept-language", language);
                    if (key != null) headers.put("idempotency-key", key);
                    event.setHeaders(headers);
                    String text = encoding.encode(tree, random);
                    boolean base64 = random.nextInt(3) == 0;
                    event.setIsBase64Encoded(base64);
                    event.setBody(base64 ? (random.nextInt(10) == 0 ? text : Base64.getEncoder().encodeToString(
                            text.getBytes(StandardCharsets.UTF_8))) : text);
                    return new Generated(tree, event);
                });
    }

    /** Hostile text: any characters (lone surrogates, controls, bidi), markup, and always the marker. */
    static Arbitrary<String> hostile() {
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<String> markup = Arbitraries.strings().withChars("<>\"'&%+=;\\\ud800\udc00\u202e\n\r\t ").ofMaxLength(8);
        Arbitrary<String> word = Arbitraries.strings().alpha().ofMinLength(4).ofMaxLength(8);
        return Combinators.combine(any, markup, word).as((a, m, w) -> a + MARK + w + " x='\"&>" + m);
    }

    interface Mutation {
        void apply(ObjectNode body, Random random);
    }

    private static final List<String> TEXT_PATHS = List.of("purpose", "message", "companyTypes", "focusDescription",
            "specialRequests", "contact.name", "contact.email", "contact.phone", "contact.organisation", "contact.country",
            "participants.0.name", "participants.0.email", "participants.0.role", "node", "mainGoal", "language",
            "preferredDates.0.from", "focusAreas.0", "website");

    static Arbitrary<Mutation> mutation() {
        Arbitrary<Mutation> setText = Combinators.combine(Arbitraries.of(TEXT_PATHS), hostile())
                .as((path, value) -> (body, random) -> set(body, path, Json.MAPPER.getNodeFactory().textNode(value)));
        Arbitrary<Mutation> setOther = Combinators.combine(Arbitraries.of(TEXT_PATHS), Arbitraries.of(
                        "1", "-5", "1e309", "null", "true", "[]", "{}", "[\"energy\",\"energy\"]", "201", "\"\""))
                .as((path, json) -> (body, random) -> set(body, path, Json.parse(json)));
        Arbitrary<Mutation> remove = Arbitraries.of(TEXT_PATHS).map(path -> (body, random) -> remove(body, path));
        Arbitrary<Mutation> unknown = hostile().map(name -> (body, random) -> body.put(name, "x"));
        Arbitrary<Mutation> count = Arbitraries.integers().between(-3, 400)
                .map(n -> (body, random) -> body.put("expectedParticipants", n));
        return Arbitraries.oneOf(setText, setText, setOther, remove, unknown, count);
    }

    private static void set(ObjectNode body, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        JsonNode parent = body;
        for (int i = 0; i < parts.length - 1; i++) parent = child(parent, parts[i]);
        String last = parts[parts.length - 1];
        if (parent instanceof ObjectNode object) object.set(last, value);
        else if (parent instanceof ArrayNode array && array.size() > Integer.parseInt(last)) array.set(Integer.parseInt(last), value);
    }

    private static void remove(ObjectNode body, String path) {
        String[] parts = path.split("\\.");
        JsonNode parent = body;
        for (int i = 0; i < parts.length - 1; i++) parent = child(parent, parts[i]);
        if (parent instanceof ObjectNode object) object.remove(parts[parts.length - 1]);
    }

    private static JsonNode child(JsonNode parent, String part) {
        return part.matches("\\d+") ? parent.path(Integer.parseInt(part)) : parent.path(part);
    }

    enum Encoding {
        JSON("application/json") {
            @Override
            String encode(JsonNode tree, Random random) {
                String json = Json.write(tree);
                // Half the time write surrogates as JSON escapes ("\ud800"), as a script might.
                return random.nextBoolean() ? escapeSurrogates(json) : json;
            }
        },
        FORM("application/x-www-form-urlencoded") {
            @Override
            String encode(JsonNode tree, Random random) {
                List<String> pairs = new ArrayList<>();
                flatten("", tree, pairs);
                if (random.nextInt(4) == 0 && !pairs.isEmpty()) {
                    // A broken escape somewhere: "%zz", a trailing "%", half a UTF-8 sequence.
                    String broken = List.of("%zz", "%", "%C3", "%E2%82", "%%41").get(random.nextInt(5));
                    int at = random.nextInt(pairs.size());
                    pairs.set(at, pairs.get(at) + broken);
                }
                return String.join("&", pairs);
            }
        };

        final String contentType;

        Encoding(String contentType) {
            this.contentType = contentType;
        }

        abstract String encode(JsonNode tree, Random random);
    }

    private static String escapeSurrogates(String json) {
        StringBuilder out = new StringBuilder();
        for (char c : json.toCharArray()) {
            if (Character.isSurrogate(c)) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.toString();
    }

    /** A tree as the plain form's fields: contact.email, participants[0].name, a repeated focusAreas. */
    private static void flatten(String prefix, JsonNode node, List<String> pairs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(prefix.isEmpty() ? field.getKey()
                    : prefix + "." + field.getKey(), field.getValue(), pairs));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i).isContainerNode() ? prefix + "[" + i + "]" : prefix, node.get(i), pairs);
            }
        } else if (!node.isNull()) {
            pairs.add(encode(prefix) + "=" + encode(node.asText()));
        }
    }

    private static String encode(String text) {
        // URLEncoder turns a lone surrogate into "?": encode those by hand as broken UTF-8 would arrive.
        return se.smartcitysweden.booking.validation.TextRules.hasLoneSurrogate(text) ? "%ED%A0%80"
                : URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static Arbitrary<java.util.Optional<String>> contentTypes() {
        return Arbitraries.oneOf(Arbitraries.just(java.util.Optional.<String>empty()),
                Arbitraries.just(java.util.Optional.<String>empty()),
                Arbitraries.of("application/json", "application/x-www-form-urlencoded", "APPLICATION/JSON; charset=\"UTF-8\"",
                        "text/plain", "application/json; charset=latin1", "multipart/form-data; boundary=x", ";", "")
                        .map(java.util.Optional::of));
    }

    static Arbitrary<String> accepts() {
        return Arbitraries.of("text/html", "application/json", "*/*", "text/html,application/xhtml+xml", "application/json, text/html")
                .injectNull(0.2);
    }

    static Arbitrary<String> languages() {
        return Arbitraries.oneOf(Arbitraries.of("sv", "en", "sv-SE,sv;q=0.9", "de", ""), hostile()).injectNull(0.2);
    }

    static Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of("k-1", "7f1c2b9e-4d3a-4f5e-9a8b-1c2d3e4f5a6b", "", " ", "x".repeat(256)),
                Arbitraries.strings().ascii().ofMaxLength(20), hostile()).injectNull(0.4);
    }
}
