package se.smartcitysweden.booking.console.web;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** Test data and a small browser for the console: it keeps cookies as a browser does and posts forms. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2027-03-10T09:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2027-03-10");
    static final byte[] SECRET = "console-test-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8);
    static final Mailbox SENDER = Mailbox.sender("bookings@example.org");
    static final CoordinatorDirectory DIRECTORY = CoordinatorDirectory.parse("""
            {"nodes": {"stockholm": ["sthlm@example.org"], "goteborg": ["gbg@example.org"], "malmo": ["malmo@example.org"],
             "borlange": ["borlange@example.org"], "linkoping": ["lkp@example.org"], "umea": ["Umea.Coordinator@example.org"]},
             "nationalOffice": ["national@example.org"], "copyNationalOffice": "all"}""");
    static final String BASE = "https://visits.example.org";

    private Fixtures() { }

    /** A booking of the node, arrived {@code daysAgo} days before NOW, from an organisation and country. */
    static BookingCase booking(String id, String reference, Node node, BookingStatus status, int daysAgo, String organisation,
                               String country) {
        ObjectNode body = BookingJson.valid(TODAY);
        body.put("node", node.id());
        ((ObjectNode) body.path("contact")).put("organisation", organisation).put("country", country);
        Booking booking = new Booking(id, reference, status, NOW.minusSeconds(86_400L * daysAgo),
                BookingRequestParser.parse(body, TODAY).request().orElseThrow());
        Workflow workflow = status == BookingStatus.CONFIRMED
                ? Workflow.empty().withVisit(new Workflow.Visit(TODAY.plusDays(20), TODAY.plusDays(21))) : Workflow.empty();
        return new BookingCase(booking, 1, workflow, "sent");
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = NOW;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    /** Every message "sent", kept. */
    static final class Outbox implements MailSender {
        final List<EmailMessage> sent = new ArrayList<>();

        @Override
        public String send(EmailMessage message) {
            sent.add(message);
            return "m-" + sent.size();
        }

        /** The sign-in link's token in the latest mail to the address. */
        String lastToken(String address) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                EmailMessage m = sent.get(i);
                if (m.to().get(0).address().equals(address)) {
                    Matcher link = Pattern.compile(Pattern.quote(BASE) + "/console/sign-in/([A-Za-z0-9_-]+)").matcher(m.text());
                    if (link.find()) return link.group(1);
                }
            }
            throw new AssertionError("no sign-in mail to " + address);
        }
    }

    /** A browser: sends requests as API Gateway's payload 2.0 events, keeps the cookies the answers set. */
    static final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        private final ConsoleHandler handler;
        APIGatewayV2HTTPResponse last;
        /** The Lambda context the requests are sent with (none unless a test gives one). */
        com.amazonaws.services.lambda.runtime.Context context;
        private boolean checked;

        Browser(ConsoleHandler handler) {
            this.handler = handler;
        }

        /** Checks every answer from now on against the API contract (api/openapi.yaml). */
        Browser checkedAgainstContract() {
            checked = true;
            return this;
        }

        APIGatewayV2HTTPResponse get(String pathAndQuery) {
            return send("GET", pathAndQuery, null);
        }

        /** Posts the fields as a url-encoded form (null values are left out). */
        APIGatewayV2HTTPResponse post(String path, Map<String, String> fields) {
            String body = fields.entrySet().stream().filter(e -> e.getValue() != null)
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send("POST", path, body);
        }

        /** The anti-forgery token of the last page's forms. */
        String csrf() {
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"").matcher(last.getBody());
            if (!m.find()) throw new AssertionError("no form on the page: " + last.getBody());
            return m.group(1);
        }

        APIGatewayV2HTTPResponse send(String method, String pathAndQuery, String body) {
            APIGatewayV2HTTPEvent event = event(method, pathAndQuery, body,
                    cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            last = handler.handleRequest(event, context);
            if (checked) se.smartcitysweden.booking.testing.ApiContract.checked(event, last);
            if (last.getCookies() != null) {
                for (String set : last.getCookies()) {
                    String pair = set.split(";", 2)[0];
                    String name = pair.substring(0, pair.indexOf('='));
                    String value = pair.substring(pair.indexOf('=') + 1);
                    if (set.contains("Max-Age=0")) cookies.remove(name);
                    else cookies.put(name, value);
                }
            }
            return last;
        }

        /** Signs the address in from its mailed link; the session cookie is kept. */
        void signIn(Outbox outbox, String address) {
            get("/console/sign-in");
            post("/console/sign-in", Map.of("csrf", csrf(), "email", address));
            String token = outbox.lastToken(address.toLowerCase());
            get("/console/sign-in/" + token);
            post("/console/sign-in/" + token, Map.of("csrf", csrf()));
            if (last.getStatusCode() != 303) throw new AssertionError("not signed in: " + last.getBody());
        }
    }

    static APIGatewayV2HTTPEvent event(String method, String pathAndQuery, String body, List<String> cookies) {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        String query = pathAndQuery.contains("?") ? pathAndQuery.substring(pathAndQuery.indexOf('?') + 1) : "";
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            String[] kv = pair.split("=", 2);
            parameters.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("accept", "text/html");
        headers.put("host", "abc123.execute-api.eu-north-1.amazonaws.com");
        if (body != null) headers.put("content-type", "application/x-www-form-urlencoded");
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setDomainName("abc123.execute-api.eu-north-1.amazonaws.com");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath(path);
        event.setRawQueryString(query);
        event.setQueryStringParameters(parameters.isEmpty() ? null : parameters);
        event.setHeaders(headers);
        event.setCookies(cookies.isEmpty() ? null : cookies);
        event.setRequestContext(context);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    static Optional<String> header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst();
    }
}
