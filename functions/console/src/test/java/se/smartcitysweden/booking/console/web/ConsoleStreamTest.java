package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.smartcitysweden.booking.console.web.Fixtures.*;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;

/**
 * The console as Lambda's runtime calls it, a stream handler: a whole sign-in played through the
 * stream entry, each answer read back with Lambda's serializer, keeps its session cookie (that the
 * samples read as Lambda reads them: {@code HttpApiStreamsTest} in shared).
 */
class ConsoleStreamTest {
    private final InMemoryConsoleStore store = new InMemoryConsoleStore();
    private final Outbox outbox = new Outbox();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final ConsoleHandler handler = new ConsoleHandler(store, SECRET, DIRECTORY, outbox, SENDER, Language.EN, BASE,
            new MovingClock(), Duration.ZERO);

    @Test
    void theHandler_isAStreamHandler_soLambdasRuntimeSetsUpNoSerializer() {
        assertTrue(RequestStreamHandler.class.isAssignableFrom(ConsoleHandler.class));
    }

    @Test
    void givenACoordinator_whenSignedInThroughTheStreamEntry_thenTheCookieHoldsAndTheNodesBookingsAreListed() throws IOException {
        store.put(booking("b-ume-1", "UME-AAAAA", Node.UMEA, BookingStatus.SUBMITTED, 3, "City of Porto", "PT"));
        String csrf = csrf(call("GET", "/console/sign-in", null));
        call("POST", "/console/sign-in", "csrf=" + csrf + "&email=" + URLEncoder.encode("Umea.Coordinator@example.org",
                StandardCharsets.UTF_8));
        String token = outbox.lastToken("umea.coordinator@example.org");
        APIGatewayV2HTTPResponse signedIn = call("POST", "/console/sign-in/" + token,
                "csrf=" + csrf(call("GET", "/console/sign-in/" + token, null)));

        assertEquals(303, signedIn.getStatusCode(), signedIn.getBody());
        assertTrue(signedIn.getCookies().stream().anyMatch(c -> c.startsWith("scs_console=")), "the session cookie is set");
        APIGatewayV2HTTPResponse list = call("GET", "/console", null);
        assertEquals(200, list.getStatusCode(), list.getBody());
        assertTrue(list.getBody().contains("UME-AAAAA"), list.getBody());
    }

    /**
     * One request through the stream entry: the event as Lambda's serializer writes it, with the cookies
     * the answers before set; the answer read back with Lambda's serializer.
     */
    private APIGatewayV2HTTPResponse call(String method, String path, String body) throws IOException {
        APIGatewayV2HTTPEvent event = event(method, path, body,
                cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader()).toJson(event, raw);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(raw.toByteArray()), answer, null);
        APIGatewayV2HTTPResponse response = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class,
                getClass().getClassLoader()).fromJson(new ByteArrayInputStream(answer.toByteArray()));
        if (response.getCookies() != null) {
            for (String set : response.getCookies()) {
                String pair = set.split(";", 2)[0];
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return response;
    }

    private static String csrf(APIGatewayV2HTTPResponse page) {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(page.getBody());
        if (!m.find()) throw new AssertionError("no form on the page: " + page.getBody());
        return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    }
}
