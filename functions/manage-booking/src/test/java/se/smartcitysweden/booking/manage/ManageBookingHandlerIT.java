package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalIam;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailSelfService;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.testing.ApiContract;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.StandardOutput;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.workflow.CaseService;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The manage function through real-shaped HTTP API events, against the local DynamoDB and SES
 * (moto) with real SDK clients: pages, actions, tokens, concurrency and the visitor's e-mails.
 */
class ManageBookingHandlerIT {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
    /** The sample booking's first preferred period is TODAY + 60 … + 62. */
    private static final LocalDate FIRST_DAY = TODAY.plusDays(60);
    private static final LocalDate LAST_DAY = TODAY.plusDays(62);
    private static final LocalAws AWS = LocalAws.shared();
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's clients, under ManageBookingFunction's role: what the handler's services use. */
    private static final LocalAwsClients FUNCTION = AWS.clientsOf("ManageBookingFunction");
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = FUNCTION.dynamoDb();
    private static final SesV2Client SES = FUNCTION.ses();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final CoordinatorDirectory DIRECTORY =
            CoordinatorDirectory.parse(AWS.template().parameter("CoordinatorDirectory"));
    private static final LinkSigner SIGNER = new LinkSigner("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));

    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    /** The administrator's view of the stored cases (fixtures and checks). */
    private final DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
    /** The handler's: the function's role. */
    private final DynamoDbBookingCaseRepository functionCases = new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE);
    private final LocalMailbox mailbox = new LocalMailbox(AWS.moto().endpoint());
    private final ReferenceGenerator references = new ReferenceGenerator(new Random());
    private TestClock clock;
    private ManageBookingHandler handler;

    /** A clock the test moves, shared by the handler and the case service. */
    static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) { this.now = now; }

        void set(Instant instant) { now = instant; }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    @BeforeEach
    void freshAws() {
        AWS.reset();
        clock = new TestClock(NOW);
        handler = handler(functionCases, clock);
    }

    @AfterAll
    static void close() {
        DYNAMO_DB.close();
        FUNCTION_DYNAMO_DB.close();
        SES.close();
    }

    private static CaseService service(DynamoDbClient dynamoDb, Clock clock) {
        return service(new DynamoDbBookingCaseRepository(dynamoDb, TABLE), clock);
    }

    private static CaseService service(BookingCaseRepository repository, Clock clock) {
        return new CaseService(repository, SIGNER, new FollowUpPlan(WorkingDays.sweden()),
                new MailVisitorNotices(mails(), new SesMailSender(SES, null)), clock);
    }

    /** The handler on a repository: the coordinator's case service and the visitor's self-service. */
    private static ManageBookingHandler handler(BookingCaseRepository repository, Clock clock) {
        CaseService cases = service(repository, clock);
        return new ManageBookingHandler(cases, new VisitorService(repository, cases, new FollowUpPlan(WorkingDays.sweden()),
                WorkingDays.sweden(), new MailSelfService(mails(), new SesMailSender(SES, null)), clock), Language.SV, clock);
    }

    private static CaseMails mails() {
        return new CaseMails(new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress")),
                DIRECTORY, new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
    }

    /** A handler whose two next requests both read the booking before either writes (see {@link RacingRepository}). */
    private ManageBookingHandler racingHandler() {
        return handler(RacingRepository.around(functionCases, 2), clock);
    }

    // ---- test data and requests ----

    private Booking store(ObjectNode body) {
        BookingRequest request = BookingRequestParser.parse(body, TODAY).request().orElseThrow();
        Booking booking = new Booking(UUID.randomUUID().toString(), references.next(request.node()),
                BookingStatus.SUBMITTED, NOW, request);
        bookings.create(booking, Optional.empty());
        return booking;
    }

    private Booking store() {
        return store(BookingJson.valid(TODAY));
    }

    private static String token(LinkSigner.Purpose purpose, String bookingId, Node node, Instant expires) {
        return SIGNER.sign(new LinkSigner.Claims(purpose, bookingId, node, expires));
    }

    private static String manageToken(Booking booking) {
        return token(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(), NOW.plus(Duration.ofDays(180)));
    }

    private static String feedbackToken(Booking booking) {
        return token(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(), NOW.plus(Duration.ofDays(180)));
    }

    /** Every answer through here is checked against the API contract (api/openapi.yaml). */
    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertNotEquals(500, response.getStatusCode());
        return ApiContract.checked(event, response);
    }

    private APIGatewayV2HTTPResponse managePage(Booking booking, String token, String preselect) {
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-page.json", booking.id(), token);
        Map<String, String> query = new HashMap<>(event.getQueryStringParameters());
        if (preselect == null) query.remove("action");
        else query.put("action", preselect);
        return handle(ApiEvents.withQuery(event, query));
    }

    private APIGatewayV2HTTPResponse postJson(Booking booking, String token, String json) {
        return postJson(booking.id(), token, json);
    }

    private APIGatewayV2HTTPResponse postJson(String bookingId, String token, String json) {
        return postJson(handler, bookingId, token, json);
    }

    private static APIGatewayV2HTTPResponse postJson(ManageBookingHandler to, String bookingId, String token, String json) {
        APIGatewayV2HTTPEvent event = ApiEvents.withBody(ApiEvents.forBooking("manage-action-json.json", bookingId, token), json, false);
        APIGatewayV2HTTPResponse response = to.handleRequest(event, null);
        assertNotEquals(500, response.getStatusCode());
        return ApiContract.checked(event, response);
    }

    private APIGatewayV2HTTPResponse postForm(Booking booking, String token, String form) {
        return handle(ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", booking.id(), token), form, true));
    }

    /** A browser after a form post: 303 See Other, then a GET of the page beside it that the Location names. */
    private APIGatewayV2HTTPResponse follow(Booking booking, APIGatewayV2HTTPResponse redirect) {
        assertEquals(303, redirect.getStatusCode(), redirect.getBody());
        return handle(get(booking, redirect.getHeaders().get("Location")));
    }

    /** A GET of {@code <page>?<query>} relative to the booking's routes, as a browser resolves a Location. */
    private static APIGatewayV2HTTPEvent get(Booking booking, String location) {
        assertTrue(location.matches("[a-z]+\\?[^/]*"), "relative to the booking's routes: " + location);
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-page.json", booking.id(), null);
        String path = "/bookings/" + booking.id() + "/" + location.substring(0, location.indexOf('?'));
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        Map<String, String> query = new HashMap<>();
        for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return ApiEvents.withQuery(event, query);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/json"), response.getHeaders().toString());
        return Json.parse(response.getBody());
    }

    private BookingCase stored(Booking booking) {
        return cases.load(booking.id()).orElseThrow();
    }

    private List<SentMail> mailTo(String address) {
        return mailbox.messages().stream().filter(m -> m.recipients().stream().anyMatch(r -> r.contains(address))).toList();
    }

    private void assertUnchanged(Booking booking) {
        BookingCase c = stored(booking);
        assertEquals(BookingStatus.SUBMITTED, c.status());
        assertEquals(1, c.version());
        assertEquals(List.of(), c.workflow().history());
        assertEquals(List.of(), mailbox.messages(), "no e-mail was sent");
    }

    private static String ics(SentMail mail) {
        assertEquals(1, mail.attachments().size(), "one attachment");
        LocalMailbox.Attachment invite = mail.attachments().get(0);
        assertTrue(invite.fileName().endsWith(".ics"), invite.fileName());
        assertTrue(invite.contentType().startsWith("text/calendar"), invite.contentType());
        return new String(invite.content(), StandardCharsets.UTF_8);
    }

    // ---- the manage page ----

    @Test
    void givenASubmittedBooking_whenTheCoordinatorOpensTheLink_thenThePageShowsTheBookingAndTheActionsAllowedInSwedish() {
        ObjectNode body = BookingJson.valid(TODAY);
        body.put("purpose", "<script>alert('x')</script> Besök på Ålidhem & Öst");
        Booking booking = store(body);
        String token = manageToken(booking);

        APIGatewayV2HTTPResponse response = managePage(booking, token, "confirm");

        assertEquals(200, response.getStatusCode());
        Map<String, String> headers = response.getHeaders();
        assertEquals("text/html; charset=utf-8", headers.get("Content-Type"));
        assertEquals("no-store", headers.get("Cache-Control"));
        assertEquals("no-referrer", headers.get("Referrer-Policy"));
        assertEquals("DENY", headers.get("X-Frame-Options"));
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        String csp = headers.get("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none';") && csp.contains("frame-ancestors 'none'")
                && csp.contains("form-action 'self'") && !csp.contains("unsafe-inline") && !csp.contains("script-src"), csp);

        String html = response.getBody();
        assertTrue(html.contains("<html lang=\"sv\">"), "Swedish page");
        assertTrue(html.contains("Bokning " + booking.reference()));
        assertTrue(html.contains("Obesvarad"), "status in words");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Besök på Ålidhem &amp; Öst"), "escaped");
        assertFalse(html.contains("<script"), "no script at all");
        assertTrue(html.contains("Energi, Stadsplanering"), "focus areas in the mail's words");
        assertTrue(html.contains("Syftet med besöket") && html.contains("Förväntat antal deltagare"), "field labels");
        assertTrue(html.contains("<td>City of Porto</td>") && html.contains("<td>Planner</td>") && html.contains("<td>Portugal</td>"),
                "participants table");
        assertTrue(html.contains("Skickade förfrågan"), "history starts with the request");
        // Forms for exactly the actions allowed now, posting to the actions route with the token.
        for (String action : List.of("acknowledge", "confirm", "decline", "cancel")) {
            assertTrue(html.contains("<input type=\"hidden\" name=\"action\" value=\"" + action + "\">"), action);
        }
        assertFalse(html.contains("value=\"complete\"") || html.contains("value=\"record-outcome\""));
        assertTrue(html.contains("<form method=\"post\" action=\"actions?token=" + token + "\">"), "posts with the token");
        // The action of the e-mail's link is preselected: its form is marked and focused, prefilled with the first period.
        assertTrue(html.contains("class=\"action selected\" id=\"action-confirm\""));
        assertTrue(html.contains("name=\"date\" value=\"" + FIRST_DAY + "\"") && html.contains("required autofocus"), html);
        assertTrue(html.contains("name=\"endDate\" value=\"" + LAST_DAY + "\""));
        assertEquals(1, count(html, "autofocus"), "one field has the focus");
        // The one inline style sheet is the one the policy allows, by its hash.
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(html);
        assertTrue(style.find());
        assertTrue(csp.contains("style-src 'sha256-" + sha256(style.group(1)) + "'"), csp);
        assertFalse(html.contains("style=\""), "no style attributes (the policy would block them)");

        assertUnchanged(booking);
    }

    @Test
    void givenALinkThatPreselectsAnActionNoLongerPossible_whenOpened_thenThePageSaysSo() {
        Booking booking = store();
        String token = manageToken(booking);
        assertEquals(200, postJson(booking, token, "{\"action\":\"acknowledge\"}").getStatusCode());

        String html = managePage(booking, token, "acknowledge").getBody();

        assertTrue(html.contains("”Bekräfta mottagandet” är inte längre möjligt: bokningen har status ”Mottagen”"), html);
        assertFalse(html.contains("value=\"acknowledge\""));
    }

    @Test
    void givenAScriptAskingForJson_whenItGetsTheManagePage_thenItGetsTheState() {
        Booking booking = store();
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-page.json", booking.id(), manageToken(booking));
        event.getHeaders().put("accept", "application/json");
        JsonNode state = json(handle(event));
        assertEquals("submitted", state.path("status").asText());
        assertEquals(booking.reference(), state.path("reference").asText());
        assertEquals(List.of("acknowledge", "confirm", "decline", "cancel", "erase"), strings(state.path("allowedActions")));
    }

    @Test
    void givenABookingWithParticipants_whenTheCoordinatorDownloadsTheList_thenItIsACsvSwedishExcelOpens() {
        ObjectNode body = BookingJson.valid(TODAY);
        body.withArray("participants").addObject().put("name", "=HYPERLINK(\"x\")").put("organisation", "Aarhus; Kommune").put("country", "DK");
        Booking booking = store(body);
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-page.json", booking.id(), manageToken(booking));
        Map<String, String> query = new HashMap<>(event.getQueryStringParameters());
        query.remove("action");
        query.put("format", "csv");
        APIGatewayV2HTTPResponse response = handle(ApiEvents.withQuery(event, query));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("text/csv"), response.getHeaders().toString());
        assertTrue(response.getHeaders().get("Content-Disposition").contains("participants-" + booking.reference() + ".csv"));
        byte[] bytes = response.getIsBase64Encoded() ? java.util.Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3), "a BOM for Excel");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertEquals("Nr;Namn;Organisation;Roll;E-post;Land\r\n"
                + "1;Ana Souza;City of Porto;Planner;ana.souza@example.org;Portugal\r\n"
                + "2;\"'=HYPERLINK(\"\"x\"\")\";\"Aarhus; Kommune\";;;Danmark\r\n", text);
    }

    @Test
    void givenMailScannersFollowingEveryLink_whenTheyGetThePages_thenNothingChanges() {
        Booking booking = store();
        String token = manageToken(booking);
        for (String action : new String[] {null, "acknowledge", "confirm", "decline", "complete"}) {
            assertEquals(200, managePage(booking, token, action).getStatusCode());
        }
        APIGatewayV2HTTPEvent getActions = ApiEvents.forBooking("manage-action-json.json", booking.id(), token);
        getActions.getRequestContext().getHttp().setMethod("GET");
        getActions.setRouteKey("$default");
        APIGatewayV2HTTPResponse refused = handle(getActions);
        assertEquals(405, refused.getStatusCode());
        assertEquals("POST", refused.getHeaders().get("Allow"));
        assertEquals(200, handle(ApiEvents.forBooking("manage-feedback-page.json", booking.id(), feedbackToken(booking)))
                .getStatusCode());
        assertUnchanged(booking);
    }

    // ---- actions ----

    @Test
    void givenAnInvocation_whenACoordinatorActsOrALinkIsRefused_thenEveryLineCarriesItsRequestTraceAndBookingId() throws Exception {
        Booking booking = store();
        String requestId = InvocationLogs.requestId();

        StandardOutput.Captured<APIGatewayV2HTTPResponse> run = InvocationLogs.invoke(() -> handler.handleRequest(ApiEvents.withBody(
                ApiEvents.forBooking("manage-action-json.json", booking.id(), manageToken(booking)), "{\"action\":\"acknowledge\"}", false),
                InvocationLogs.context(requestId)));

        assertEquals(200, run.value().getStatusCode(), run.value().getBody());
        for (JsonNode line : InvocationLogs.assertEveryLineCarries(run.output(), requestId)) {
            assertEquals(booking.id(), line.path("bookingId").asText(), line.toString());
        }
        assertEquals(1, run.output().events("manage.action").size(), run.output().lines().toString());

        // The next request, the same warm container: a refused link of another booking names that one.
        Booking other = store();
        String next = InvocationLogs.requestId();
        StandardOutput.Captured<APIGatewayV2HTTPResponse> refused = InvocationLogs.invoke(() -> handler.handleRequest(ApiEvents.withBody(
                ApiEvents.forBooking("manage-action-json.json", other.id(), "not-a-token"), "{\"action\":\"acknowledge\"}", false),
                InvocationLogs.context(next)));
        assertTrue(refused.value().getStatusCode() >= 400 && refused.value().getStatusCode() < 500, refused.value().getBody());
        for (JsonNode line : InvocationLogs.assertEveryLineCarries(refused.output(), next)) {
            assertEquals(other.id(), line.path("bookingId").asText(), line.toString());
        }
    }

    @Test
    void givenASubmittedBooking_whenAcknowledged_thenItIsAcknowledgedWithAHistoryEntryAndTheVisitorGetsNoMail() {
        Booking booking = store();

        APIGatewayV2HTTPResponse response = postJson(booking, manageToken(booking), "{\"action\":\"acknowledge\"}");

        assertEquals(200, response.getStatusCode());
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        JsonNode state = json(response);
        assertEquals(booking.id(), state.path("id").asText());
        assertEquals(booking.reference(), state.path("reference").asText());
        assertEquals("acknowledged", state.path("status").asText());
        assertEquals(List.of("confirm", "decline", "cancel", "erase"), strings(state.path("allowedActions")));
        assertEquals("coordinator:umea", state.path("history").get(0).path("actor").asText());

        BookingCase c = stored(booking);
        assertEquals(BookingStatus.ACKNOWLEDGED, c.status());
        assertEquals(2, c.version());
        assertEquals(List.of(new Workflow.HistoryEntry(NOW, "coordinator:umea", "acknowledge", "")), c.workflow().history());
        assertEquals(List.of(), mailbox.messages());
    }

    @Test
    void givenABooking_whenConfirmedWithDates_thenTheVisitorGetsAConfirmationWithACalendarInviteInTheirLanguage() {
        Booking booking = store();

        APIGatewayV2HTTPResponse response = postJson(booking, manageToken(booking),
                "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\",\"endDate\":\"" + LAST_DAY + "\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode state = json(response);
        assertEquals("confirmed", state.path("status").asText());
        assertEquals(FIRST_DAY.toString(), state.path("visit").path("date").asText());
        assertEquals(LAST_DAY.toString(), state.path("visit").path("endDate").asText());
        BookingCase c = stored(booking);
        assertEquals(BookingStatus.CONFIRMED, c.status());
        assertEquals(Optional.of(new Workflow.Visit(FIRST_DAY, LAST_DAY)), c.workflow().visit());

        List<SentMail> sent = mailTo("ana.souza@example.org");
        assertEquals(1, sent.size());
        SentMail mail = sent.get(0);
        assertTrue(mail.subject().startsWith("Your visit " + booking.reference() + " is confirmed"), mail.subject());
        assertTrue(mail.text().contains("Dear Ana Souza"), mail.text());
        assertEquals(List.of("umea@example.org"), mail.replyTo());
        String ics = ics(mail);
        assertTrue(ics.contains("DTSTART;VALUE=DATE:20270126\r\n"), ics);
        assertTrue(ics.contains("DTEND;VALUE=DATE:20270129\r\n"), "DTEND is the day after the last day: " + ics);
        assertTrue(ics.contains("METHOD:REQUEST") && ics.contains("UID:" + booking.id()), ics);
        assertTrue(c.workflow().followUpsSent().containsKey(FollowUpPlan.noticeKey(c).orElseThrow()), "the notice is recorded as sent");
    }

    @Test
    void givenAConfirmationWithAPlan_whenThePlanChanges_thenTheVisitorIsToldWhatChangedAndBothCalendarsMove() {
        Booking booking = store();
        String token = manageToken(booking);
        APIGatewayV2HTTPResponse confirmed = postJson(booking, token, "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY
                + "\",\"endDate\":\"" + LAST_DAY + "\",\"start\":\"09:30\",\"end\":\"16:00\",\"meetingPlace\":\"Väven, Storgatan 46A\","
                + "\"hostName\":\"Eva Lind\",\"hostEmail\":\"eva.lind@umea.example.org\"}");
        assertEquals(200, confirmed.getStatusCode(), confirmed.getBody());
        JsonNode plan = json(confirmed).path("visit").path("plan");
        assertEquals(3, plan.path("hours").size(), confirmed.getBody());
        assertEquals("Väven, Storgatan 46A", plan.path("meetingPlace").asText());

        // Every wrong field named, in the coordinators' language; nothing stored.
        long version = stored(booking).version();
        APIGatewayV2HTTPResponse invalid = postJson(booking, token, "{\"action\":\"update-plan\",\"hostEmail\":\"eva\","
                + "\"mapUrl\":\"javascript:alert(1)\",\"hours\":[{\"day\":\"" + FIRST_DAY + "\",\"start\":\"17:00\",\"end\":\"09:00\"}]}");
        assertEquals(400, invalid.getStatusCode(), invalid.getBody());
        assertEquals(List.of("hours[0].end", "mapUrl", "hostEmail"),
                java.util.stream.StreamSupport.stream(json(invalid).path("errors").spliterator(), false).map(e -> e.path("field").asText()).toList());
        assertEquals(version, stored(booking).version());

        APIGatewayV2HTTPResponse changed = postJson(booking, token, "{\"action\":\"update-plan\",\"hours\":[{\"day\":\"" + FIRST_DAY
                + "\",\"start\":\"10:00\",\"end\":\"16:00\"}],\"meetingPlace\":\"Umeå Energi, Storgatan 34\",\"hostName\":\"Eva Lind\","
                + "\"hostEmail\":\"eva.lind@umea.example.org\"}");
        assertEquals(200, changed.getStatusCode(), changed.getBody());
        BookingCase c = stored(booking);
        assertEquals("plan-changed", c.workflow().history().get(c.workflow().history().size() - 1).action());
        assertTrue(c.workflow().followUpsSent().containsKey(FollowUpPlan.noticeKey(c).orElseThrow()), "the notice is recorded as sent");

        SentMail told = mailTo("ana.souza@example.org").stream().filter(m -> m.subject().contains("the plan has changed")).findFirst()
                .orElseThrow(() -> new AssertionError(mailbox.messages().stream().map(SentMail::subject).toList().toString()));
        assertTrue(told.text().contains("Meeting place\r\nBefore: Väven, Storgatan 46A\r\nNow: Umeå Energi, Storgatan 34")
                || told.text().replace("\r\n", "\n").contains("Meeting place\nBefore: Väven, Storgatan 46A\nNow: Umeå Energi, Storgatan 34"), told.text());
        String ics = ics(told);
        assertTrue(ics.contains("SEQUENCE:1\r\n") && ics.contains("UID:" + booking.id() + "@"), ics);
        assertTrue(ics.contains("DTSTART;TZID=Europe/Stockholm:" + FIRST_DAY.toString().replace("-", "") + "T100000"), ics);
        assertTrue(ics.contains("ORGANIZER;CN=\"Eva Lind\":mailto:eva.lind@umea.example.org"), ics);
        assertTrue(told.raw().contains("method=REQUEST"), "the invitation is an alternative part too");

        // The node's coordinators: an invitation of their own for the confirmation and for the change.
        List<SentMail> host = mailTo("umea@example.org").stream().filter(m -> m.subject().startsWith("Kalender: besök")).toList();
        assertEquals(2, host.size(), host.stream().map(SentMail::subject).toList().toString());
        String hostIcs = ics(host.get(1));
        assertTrue(hostIcs.contains("UID:" + booking.id() + "-host@") && hostIcs.contains("SEQUENCE:1\r\n"), hostIcs);
    }

    @Test
    void givenASwedishBooking_whenConfirmedForOneDay_thenTheConfirmationIsInSwedish() {
        Booking booking = store(BookingJson.valid(TODAY).put("language", "sv").put("node", "malmo"));

        APIGatewayV2HTTPResponse response = postJson(booking, manageToken(booking),
                "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        SentMail mail = mailTo("ana.souza@example.org").get(0);
        assertTrue(mail.subject().startsWith("Ditt besök " + booking.reference() + " är bekräftat"), mail.subject());
        assertTrue(mail.text().startsWith("Hej Ana Souza,"), mail.text());
        String ics = ics(mail);
        assertTrue(ics.contains("DTSTART;VALUE=DATE:20270126\r\n") && ics.contains("DTEND;VALUE=DATE:20270127\r\n"), ics);
    }

    @Test
    void givenABooking_whenDeclinedWithAReason_thenTheVisitorGetsAPoliteDeclineWithTheReason() {
        Booking booking = store();
        String reason = "Our hosts are all at the Nordic Energy Week on those days.";

        APIGatewayV2HTTPResponse response = postJson(booking, manageToken(booking),
                "{\"action\":\"decline\",\"reason\":\"" + reason + "\"}");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("declined", json(response).path("status").asText());
        BookingCase c = stored(booking);
        assertEquals(BookingStatus.DECLINED, c.status());
        assertEquals(reason, c.workflow().reason());
        assertEquals(reason, c.workflow().history().get(0).detail());
        SentMail mail = mailTo("ana.souza@example.org").get(0);
        assertEquals("Your visit request " + booking.reference() + ": we cannot receive you this time", mail.subject());
        assertTrue(mail.text().contains("Thank you for your interest"), mail.text());
        assertTrue(mail.text().contains(reason), mail.text());
        assertTrue(mail.text().contains("We hope to welcome you on another occasion"), mail.text());
        assertTrue(mail.attachments().isEmpty());
    }

    @Test
    void givenAnActionTheStateDoesNotAllow_whenPosted_thenConflictNamingTheStatusAndNothingChanges() {
        Booking booking = store();

        APIGatewayV2HTTPResponse response = postJson(booking, manageToken(booking), "{\"action\":\"complete\",\"attended\":12}");

        assertEquals(409, response.getStatusCode());
        JsonNode body = json(response);
        assertEquals("submitted", body.path("status").asText());
        assertEquals(List.of("acknowledge", "confirm", "decline", "cancel", "erase"), strings(body.path("allowedActions")));
        assertEquals("not_allowed", body.path("errors").get(0).path("code").asText());
        assertEquals("action", body.path("errors").get(0).path("field").asText());
        assertTrue(body.path("errors").get(0).path("message").asText().contains("Obesvarad"), body.toString());
        assertUnchanged(booking);
    }

    @Test
    void givenABadBody_whenPosted_thenEachFieldIsNamedAndNothingChanges() {
        Booking booking = store();
        String token = manageToken(booking);

        JsonNode body = json(expect(400, postJson(booking, token,
                "{\"action\":\"confirm\",\"date\":\"2020-01-01\",\"endDate\":\"soon\",\"extra\":1}")));
        Map<String, String> codes = new HashMap<>();
        body.path("errors").forEach(e -> codes.put(e.path("field").asText(), e.path("code").asText()));
        assertEquals(Map.of("date", "date_in_past", "endDate", "invalid_date", "extra", "unknown_field"), codes);
        assertFalse(body.path("errors").get(0).path("message").asText().isBlank());

        assertEquals("required", json(expect(400, postJson(booking, token, "{\"action\":\"decline\"}")))
                .path("errors").get(0).path("code").asText());
        assertEquals("invalid_choice", json(expect(400, postJson(booking, token, "{\"action\":\"approve\"}")))
                .path("errors").get(0).path("code").asText());
        assertEquals("invalid_json", json(expect(400, postJson(booking, token, "{\"action\":")))
                .path("errors").get(0).path("code").asText());
        assertEquals("invalid_body", json(expect(400, postJson(booking, token, "[\"acknowledge\"]")))
                .path("errors").get(0).path("code").asText());
        assertUnchanged(booking);
    }

    @Test
    void givenABodyOfAnotherTypeOrTooLarge_whenPosted_thenRefusedAndNothingChanges() {
        Booking booking = store();
        APIGatewayV2HTTPEvent text = ApiEvents.withBody(ApiEvents.forBooking("manage-action-json.json", booking.id(),
                manageToken(booking)), "action=acknowledge", false);
        text.getHeaders().put("content-type", "text/plain");
        assertEquals("unsupported_media_type", json(expect(415, handle(text))).path("errors").get(0).path("code").asText());

        String large = "{\"action\":\"decline\",\"reason\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertEquals("too_large", json(expect(413, postJson(booking, manageToken(booking), large)))
                .path("errors").get(0).path("code").asText());
        assertUnchanged(booking);
    }

    // ---- tokens ----

    @ParameterizedTest
    @ValueSource(strings = {"tampered", "expired", "other-booking", "feedback-purpose", "missing", "garbage", "other-secret"})
    void givenABadToken_whenTheLinkIsUsed_thenForbiddenAndNothingChanges(String kind) {
        Booking booking = store();
        Booking other = store(BookingJson.valid(TODAY).put("node", "goteborg"));
        String good = manageToken(booking);
        String token = switch (kind) {
            case "tampered" -> {
                // The payload says another booking; the signature is the old one.
                String payload = new String(Base64.getUrlDecoder().decode(good.substring(0, good.indexOf('.'))), StandardCharsets.UTF_8);
                String forged = payload.replace(booking.id(), other.id());
                yield Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                        + good.substring(good.indexOf('.'));
            }
            case "expired" -> token(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(), NOW.minusSeconds(1));
            case "other-booking" -> manageToken(other);
            case "feedback-purpose" -> feedbackToken(booking);
            case "missing" -> null;
            case "garbage" -> "<script>";
            case "other-secret" -> new LinkSigner("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                    .sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(), NOW.plusSeconds(3600)));
            default -> throw new IllegalArgumentException(kind);
        };
        if (kind.equals("tampered")) {
            // The forged token is for the other booking: still refused there.
            assertEquals(403, postJson(other, token, "{\"action\":\"acknowledge\"}").getStatusCode());
        }

        APIGatewayV2HTTPResponse page = managePage(booking, token, "acknowledge");
        assertEquals(403, page.getStatusCode());
        assertTrue(page.getBody().contains("Länken gäller inte"), page.getBody());
        assertFalse(page.getBody().contains(booking.reference()), "nothing of the booking is shown");
        assertEquals("no-store", page.getHeaders().get("Cache-Control"));

        APIGatewayV2HTTPResponse action = postJson(booking, token, "{\"action\":\"acknowledge\"}");
        assertEquals(403, action.getStatusCode());
        assertEquals("forbidden", json(action).path("errors").get(0).path("code").asText());
        // A bad token is refused before the body is even read.
        assertEquals(403, postJson(booking, token, "{not json").getStatusCode());

        assertUnchanged(booking);
        assertEquals(1, stored(other).version());
    }

    @Test
    void givenAValidTokenForABookingThatDoesNotExist_whenUsed_thenNotFound() {
        String id = UUID.randomUUID().toString();
        String token = token(LinkSigner.Purpose.MANAGE, id, Node.UMEA, NOW.plusSeconds(3600));
        assertEquals(404, postJson(id, token, "{\"action\":\"acknowledge\"}").getStatusCode());
        APIGatewayV2HTTPEvent page = ApiEvents.forBooking("manage-page.json", id, token);
        assertEquals(404, handle(page).getStatusCode());
        assertTrue(mailbox.messages().isEmpty());
    }

    // ---- two coordinators at once ----

    @Test
    void givenTwoCoordinatorsAcknowledgingAtOnce_whenBothPost_thenBothSeeItAcknowledgedAndTheVersionMovesOnce()
            throws Exception {
        for (int round = 0; round < 5; round++) {
            Booking booking = store();
            String token = manageToken(booking);
            ManageBookingHandler racing = racingHandler();
            List<Integer> statuses = race(() -> postJson(racing, booking.id(), token, "{\"action\":\"acknowledge\"}").getStatusCode(),
                    () -> postJson(racing, booking.id(), token, "{\"action\":\"acknowledge\"}").getStatusCode());
            // The second finds it acknowledged already: the same action again changes nothing and is no conflict.
            assertEquals(List.of(200, 200), statuses, "round " + round);
            BookingCase c = stored(booking);
            assertEquals(2, c.version(), "one write");
            assertEquals(1, c.workflow().history().size());
        }
    }

    @Test
    void givenOneCoordinatorConfirmingWhileAnotherDeclines_whenBothPost_thenExactlyOneWinsAndTheVisitorGetsOneMail()
            throws Exception {
        for (int round = 0; round < 5; round++) {
            AWS.reset();
            Booking booking = store();
            String token = manageToken(booking);
            ManageBookingHandler racing = racingHandler();
            List<Integer> statuses = race(
                    () -> postJson(racing, booking.id(), token, "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\"}")
                            .getStatusCode(),
                    () -> postJson(racing, booking.id(), token, "{\"action\":\"decline\",\"reason\":\"Fully booked.\"}")
                            .getStatusCode());
            assertEquals(List.of(200, 409), statuses.stream().sorted().toList(), "round " + round);
            BookingCase c = stored(booking);
            assertEquals(1, c.workflow().history().size());
            String winner = c.workflow().history().get(0).action();
            assertEquals(winner.equals("confirm") ? BookingStatus.CONFIRMED : BookingStatus.DECLINED, c.status());
            assertEquals(statuses.get(0) == 200 ? "confirm" : "decline", winner);
            assertEquals(3, c.version(), "the transition, then the record that the visitor's notice went out");
            assertEquals(1, mailTo("ana.souza@example.org").size());
        }
    }

    @Test
    void givenThreeCoordinatorsConfirmingTheSameDateAtOnce_whenAllPost_thenAllSeeItConfirmedWithOneEntryAndOneMail()
            throws Exception {
        Booking booking = store();
        String token = manageToken(booking);
        ManageBookingHandler racing = handler(RacingRepository.around(functionCases, 3), clock);
        String confirm = "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\"}";
        List<Integer> statuses = race(() -> postJson(racing, booking.id(), token, confirm).getStatusCode(),
                () -> postJson(racing, booking.id(), token, confirm).getStatusCode(),
                () -> postJson(racing, booking.id(), token, confirm).getStatusCode());
        assertEquals(List.of(200, 200, 200), statuses, "a repeated identical action is answered as done");
        BookingCase c = stored(booking);
        assertEquals(BookingStatus.CONFIRMED, c.status());
        assertEquals(List.of("confirm"), c.workflow().history().stream().map(Workflow.HistoryEntry::action).toList());
        assertEquals(3, c.version(), "the transition, then the record that the visitor's notice went out");
        assertEquals(1, mailTo("ana.souza@example.org").size());

        // Later, the same click again (a double submit, a reload): still nothing new.
        assertEquals(200, postJson(booking, token, confirm).getStatusCode());
        assertEquals(3, stored(booking).version());
        assertEquals(1, mailTo("ana.souza@example.org").size());
    }

    @SafeVarargs
    private static List<Integer> race(Callable<Integer>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CyclicBarrier start = new CyclicBarrier(calls.length);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) results.add(future.get());
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- plain forms (no JavaScript) ----

    @Test
    void givenAPlainFormPost_whenTheActionSucceeds_thenAnHtmlPageShowsTheNewState() {
        Booking booking = store();
        String token = manageToken(booking);

        APIGatewayV2HTTPResponse response = follow(booking, postForm(booking, token, "action=acknowledge"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/html; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("no-referrer", response.getHeaders().get("Referrer-Policy"));
        String html = response.getBody();
        assertTrue(html.contains("Mottagandet är bekräftat."), html);
        assertTrue(html.contains("status-acknowledged\">Mottagen<"), "the new status");
        assertTrue(html.contains("Bekräftade mottagandet") && html.contains("En koordinator i Umeå"), "the history entry");
        assertFalse(html.contains("value=\"acknowledge\""), "no longer offered");
        assertTrue(html.contains("action=\"actions?token=" + token + "\""), "the next forms keep the token");
        assertEquals(BookingStatus.ACKNOWLEDGED, stored(booking).status());
    }

    @Test
    void givenAConfirmFormPosted_whenTheBrowserReloadsTheResult_thenItIsAGetThatRepeatsNothing() {
        Booking booking = store();
        String token = manageToken(booking);

        APIGatewayV2HTTPResponse posted = postForm(booking, token, "action=confirm&date=" + FIRST_DAY + "&endDate=" + LAST_DAY);

        assertEquals(303, posted.getStatusCode(), "post/redirect/get");
        assertEquals("manage?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&done=confirm",
                posted.getHeaders().get("Location"));
        for (int reload = 0; reload < 3; reload++) {
            String html = follow(booking, posted).getBody();
            assertTrue(html.contains("Besöket är bekräftat."), html);
        }
        assertEquals(1, stored(booking).workflow().history().size(), "one history line");
        assertEquals(1, mailTo("ana.souza@example.org").size(), "one confirmation");
    }

    @Test
    void givenAPlainFormWithMistakes_whenPosted_thenThePageShowsTheErrorsAtTheFormAndKeepsWhatWasTyped() {
        Booking booking = store();

        APIGatewayV2HTTPResponse response = postForm(booking, manageToken(booking),
                "action=confirm&date=2020-01-01&endDate=");

        assertEquals(400, response.getStatusCode());
        String html = response.getBody();
        assertTrue(html.contains("role=\"alert\""));
        assertTrue(html.contains("<strong>Första dagen</strong>: Datumet får inte ha passerat."), html);
        assertTrue(html.contains("name=\"date\" value=\"2020-01-01\""), "what was typed");
        assertTrue(html.contains("class=\"action selected\" id=\"action-confirm\""));
        assertUnchanged(booking);
    }

    @Test
    void givenAPlainFormForADecline_whenPosted_thenTheReasonReachesTheVisitor() {
        Booking booking = store();
        APIGatewayV2HTTPResponse response = follow(booking, postForm(booking, manageToken(booking),
                "action=decline&reason=Vi+har+inga+v%C3%A4rdar+den+veckan+%26+ber+om+urs%C3%A4kt."));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains("Förfrågan är avböjd."));
        assertTrue(mailTo("ana.souza@example.org").get(0).text().contains("Vi har inga värdar den veckan & ber om ursäkt."));
    }

    @Test
    void givenAFormPostTheStateNoLongerAllows_whenPosted_thenThePageExplainsWithAConflict() {
        Booking booking = store();
        String token = manageToken(booking);
        // (The same action again is no conflict: a repeated identical action is answered as done.)
        postForm(booking, token, "action=decline&reason=Fullbokat.");
        long version = stored(booking).version();
        APIGatewayV2HTTPResponse response = postForm(booking, token, "action=acknowledge");
        assertEquals(409, response.getStatusCode());
        assertTrue(response.getBody().contains("”Bekräfta mottagandet” går inte nu: bokningen har status ”Avböjd”."),
                response.getBody());
        assertEquals(version, stored(booking).version());
    }

    // ---- the visitor's feedback ----

    @Test
    void givenAVisitor_whenTheyOpenTheFeedbackLinkAndSendTheForm_thenTheRatingAndCommentAreStored() {
        Booking booking = store();
        String token = feedbackToken(booking);

        APIGatewayV2HTTPResponse page = handle(ApiEvents.forBooking("manage-feedback-page.json", booking.id(), token));
        assertEquals(200, page.getStatusCode());
        String html = page.getBody();
        assertTrue(html.contains("<html lang=\"en\">"), "the booking's language");
        assertTrue(html.contains("How was your visit?"));
        assertTrue(html.contains("<fieldset class=\"field rating\">\n<legend>How satisfied are you with the visit as a whole?</legend>"),
                html);
        assertEquals(5, count(html, "type=\"radio\" name=\"rating\""));
        assertTrue(html.contains("action=\"feedback?token=" + token + "\""));
        assertEquals("no-referrer", page.getHeaders().get("Referrer-Policy"));

        APIGatewayV2HTTPResponse sent = follow(booking, handle(ApiEvents.forBooking("manage-feedback-form.json", booking.id(), token)));
        assertEquals(200, sent.getStatusCode(), sent.getBody());
        assertTrue(sent.getBody().contains("Thank you for your feedback!"));
        Workflow.Feedback feedback = stored(booking).workflow().feedback().orElseThrow();
        assertEquals(5, feedback.rating());
        assertEquals("Very well organised, thank you!", feedback.comment());
        assertEquals(NOW, feedback.givenAt());

        // Sent again as JSON: replaces the first.
        APIGatewayV2HTTPEvent again = ApiEvents.withBody(ApiEvents.forBooking("manage-feedback-form.json", booking.id(), token),
                "{\"rating\":4,\"comment\":\"On reflection: lunch was late.\"}", false);
        again.getHeaders().put("content-type", "application/json");
        again.getHeaders().put("accept", "application/json");
        JsonNode json = json(handle(again));
        assertEquals(4, json.path("rating").asInt());
        assertEquals("On reflection: lunch was late.", json.path("comment").asText());
        assertFalse(json.has("history"), "the visitor sees only their feedback");
        assertEquals(4, stored(booking).workflow().feedback().orElseThrow().rating());
        assertTrue(handle(ApiEvents.forBooking("manage-feedback-page.json", booking.id(), token)).getBody()
                .contains("You gave your feedback on"), "the page says feedback was given");
    }

    @Test
    void givenAFeedbackOutOfRangeOrABadToken_whenSent_thenRefusedAndNothingIsStored() {
        Booking booking = store(BookingJson.valid(TODAY).put("language", "sv"));
        APIGatewayV2HTTPResponse invalid = handle(ApiEvents.withBody(
                ApiEvents.forBooking("manage-feedback-form.json", booking.id(), feedbackToken(booking)), "rating=7&comment=", true));
        assertEquals(400, invalid.getStatusCode());
        assertTrue(invalid.getBody().contains("<html lang=\"sv\">") && invalid.getBody().contains("Ange ett tal från 1 till 5."),
                invalid.getBody());

        APIGatewayV2HTTPResponse manageToken = handle(ApiEvents.forBooking("manage-feedback-form.json", booking.id(),
                manageToken(booking)));
        assertEquals(403, manageToken.getStatusCode());
        assertTrue(manageToken.getBody().contains("<html lang=\"en\">"), "the browser's language when the booking is unknown");
        assertEquals(403, handle(ApiEvents.forBooking("manage-feedback-page.json", booking.id(), manageToken(booking)))
                .getStatusCode());
        assertTrue(stored(booking).workflow().feedback().isEmpty());
        assertEquals(1, stored(booking).version());
    }

    // ---- the whole life ----

    @Test
    void givenANewBooking_whenTheCoordinatorTakesItThroughItsLife_thenItEndsFollowedUpWithItsWholeHistory() {
        Booking booking = store(BookingJson.valid(TODAY).put("node", "umea"));
        String token = manageToken(booking);
        Instant acknowledged = NOW.plus(Duration.ofHours(2));
        Instant confirmed = NOW.plus(Duration.ofDays(1));
        Instant completed = LAST_DAY.plusDays(1).atTime(10, 0).atZone(FollowUpPlan.SWEDEN).toInstant();
        Instant recorded = completed.plus(Duration.ofDays(2));

        clock.set(acknowledged);
        assertEquals(303, postForm(booking, token, "action=acknowledge").getStatusCode());
        clock.set(confirmed);
        assertEquals("confirmed", json(expect(200, postJson(booking, token,
                "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\",\"endDate\":\"" + LAST_DAY + "\"}")))
                .path("status").asText());
        assertEquals(1, mailTo("ana.souza@example.org").size(), "the confirmation");
        String page = managePage(booking, token, null).getBody();
        assertTrue(page.contains("value=\"cancel\"") && !page.contains("value=\"complete\""), "cancel offered, done not yet");
        clock.set(completed);
        assertTrue(managePage(booking, token, null).getBody().contains("value=\"complete\""), "done offered after the visit");
        assertEquals("completed", json(expect(200, postJson(booking, token, "{\"action\":\"complete\",\"attended\":12}"))).path("status").asText());
        clock.set(recorded);
        // The sample form: outcome, companies one per line, business interest yes.
        APIGatewayV2HTTPResponse outcome = follow(booking, handle(ApiEvents.forBooking("manage-action-form.json", booking.id(), token)));
        assertEquals(200, outcome.getStatusCode(), outcome.getBody());
        assertTrue(outcome.getBody().contains("Resultatet är registrerat."));
        assertTrue(outcome.getBody().contains("status-followed-up\">Uppföljd<"));
        assertTrue(outcome.getBody().contains("value=\"correct-outcome\"") && outcome.getBody().contains("value=\"reopen\""),
                "within 30 days the outcome can be corrected or reopened");
        assertFalse(outcome.getBody().contains("value=\"record-outcome\""), "and it is recorded only once");

        BookingCase c = stored(booking);
        assertEquals(BookingStatus.FOLLOWED_UP, c.status());
        assertEquals(List.of("acknowledge", "confirm", "complete", "record-outcome"),
                c.workflow().history().stream().map(Workflow.HistoryEntry::action).toList());
        assertEquals(List.of(acknowledged, confirmed, completed, recorded),
                c.workflow().history().stream().map(Workflow.HistoryEntry::at).toList());
        assertTrue(c.workflow().history().stream().allMatch(e -> e.actor().equals("coordinator:umea")));
        Workflow.Outcome recordedOutcome = c.workflow().outcome().orElseThrow();
        assertEquals("Good visit; they want a second trip.", recordedOutcome.text());
        assertEquals(List.of("Umeå Energi", "North Sweden Cleantech"), recordedOutcome.companiesMet());
        assertTrue(recordedOutcome.businessInterest());
        assertEquals(6, c.version(), "four transitions and the record of the confirmation mail");

        String last = managePage(booking, token, "record-outcome").getBody();
        assertTrue(last.contains("Umeå Energi") && last.contains("Resultat av besöket"), last);
        assertTrue(last.contains("Registrerade resultatet"));
        assertEquals(409, postJson(booking, token, "{\"action\":\"cancel\"}").getStatusCode(), "closed");
    }

    // ---- issue 9: mark as done only from the visit's first day; corrections; erasure ----

    @Test
    void givenAVisitMonthsAhead_whenMarkedDoneThenDeclinedReopenedAndErased_thenEachIsAnsweredAsTheWorkflowAllows() {
        Booking booking = store(BookingJson.valid(TODAY).put("node", "umea"));
        String token = manageToken(booking);
        expect(200, postJson(booking, token, "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\"}"));
        assertEquals(409, postJson(booking, token, "{\"action\":\"complete\",\"attended\":12}").getStatusCode(), "not before the visit");
        expect(200, postJson(booking, token, "{\"action\":\"cancel\",\"reason\":\"Strike.\"}"));
        assertEquals(409, postJson(booking, token, "{\"action\":\"reopen\"}").getStatusCode(), "only a decline or an outcome");

        Booking declined = store(BookingJson.valid(TODAY).put("node", "umea"));
        String declinedToken = manageToken(declined);
        expect(200, postJson(declined, declinedToken, "{\"action\":\"decline\",\"reason\":\"Fully booked.\"}"));
        assertEquals("acknowledged", json(expect(200, postJson(declined, declinedToken, "{\"action\":\"reopen\"}")))
                .path("status").asText());
        assertEquals(List.of("decline", "reopen"), stored(declined).workflow().history().stream()
                .map(Workflow.HistoryEntry::action).toList());

        expect(200, postJson(declined, declinedToken, "{\"action\":\"erase\"}"));
        expect(200, postJson(declined, declinedToken, "{\"action\":\"erase\"}")); // a repeat is a no-op
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = DYNAMO_DB.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BOOKING#" + declined.id())))).item();
        String all = item.toString();
        for (String personal : List.of("Ana Souza", "ana.souza@example.org", "+351", "City of Porto", "district heating",
                "Fully booked")) {
            assertFalse(all.contains(personal), personal + " remains: " + all);
        }
        assertFalse(item.containsKey("expiresAt"), "kept as a statistical record");
        assertEquals("cancelled", item.get("status").s(), "an open booking erased has nobody left to answer");
        assertEquals(List.of("decline", "reopen", "erase"), stored(declined).workflow().history().stream()
                .map(Workflow.HistoryEntry::action).toList());
    }

    @Test
    void givenPlainFormsThatReopenAndErase_whenTheBrowserFollowsTheResult_thenThePageSaysWhatWasDoneNotATemporaryError() {
        Booking booking = store(BookingJson.valid(TODAY).put("node", "umea"));
        String token = manageToken(booking);
        expect(200, postJson(booking, token, "{\"action\":\"decline\",\"reason\":\"Fully booked.\"}"));

        APIGatewayV2HTTPResponse reopened = follow(booking, postForm(booking, token, "action=reopen"));
        assertEquals(200, reopened.getStatusCode(), reopened.getBody());
        assertTrue(reopened.getBody().contains("Bokningen är öppnad igen."), reopened.getBody());
        assertEquals(BookingStatus.ACKNOWLEDGED, stored(booking).status());

        APIGatewayV2HTTPResponse erased = follow(booking, postForm(booking, token, "action=erase"));
        assertEquals(200, erased.getStatusCode(), erased.getBody());
        assertTrue(erased.getBody().contains("Besökarens personuppgifter är raderade."), erased.getBody());
        assertFalse(erased.getBody().contains("Inget har ändrats"), erased.getBody());

        // Every action's result page (as its redirect names it) has its own words: none is a 503.
        for (String action : se.smartcitysweden.booking.workflow.ActionParser.ACTIONS) {
            APIGatewayV2HTTPResponse page = handle(get(booking, "manage?token="
                    + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&done=" + action));
            assertEquals(200, page.getStatusCode(), action + ": " + page.getBody());
            assertFalse(page.getBody().contains("Inget har ändrats"), action);
        }
    }

    @Test
    void givenADeclineTheVisitorWasTold_whenReopened_thenTheyAreToldOnceInTheirLanguageWithTheirPageLink() {
        Map<String, String> subjects = Map.of("en", "Your visit request %s is open again", "sv", "Din besöksförfrågan %s är öppen igen");
        for (Map.Entry<String, String> language : subjects.entrySet()) {
            AWS.reset();
            Booking booking = store(BookingJson.valid(TODAY).put("node", "umea").put("language", language.getKey()));
            String token = manageToken(booking);
            expect(200, postJson(booking, token, "{\"action\":\"decline\",\"reason\":\"Fully booked.\"}"));
            assertEquals(1, mailTo("ana.souza@example.org").size(), "the decline");
            for (int i = 0; i < 3; i++) {
                assertEquals("acknowledged", json(expect(200, postJson(booking, token, "{\"action\":\"reopen\"}")))
                        .path("status").asText(), "a repeated reopen is the same answer");
            }
            List<SentMail> visitor = mailTo("ana.souza@example.org");
            assertEquals(2, visitor.size(), "the decline, then one mail that the request is open again");
            SentMail reopened = visitor.get(1);
            assertEquals(String.format(language.getValue(), booking.reference()), reopened.subject());
            for (String part : List.of(reopened.text(), reopened.html())) {
                assertTrue(part.contains("/bookings/" + booking.id() + "/visit?token"), "their own page: " + part);
            }
            assertEquals(List.of("umea@example.org"), reopened.replyTo(), "replies reach the coordinator");
            // Recorded as the notice of the reopen (history line 1): the follow-up's safety net does not send it again.
            BookingCase c = stored(booking);
            assertEquals(List.of("decline", "reopen"), c.workflow().history().stream().map(Workflow.HistoryEntry::action).toList());
            assertTrue(c.workflow().followUpsSent().containsKey("notice-1"), c.workflow().followUpsSent().toString());
            assertEquals(java.util.Optional.of("notice-1"), FollowUpPlan.noticeKey(c));
            // Their own page, from the mail's link, says so too.
            java.util.regex.Matcher visit = java.util.regex.Pattern.compile("/visit\\?token=([A-Za-z0-9_.-]+)").matcher(reopened.text());
            assertTrue(visit.find(), reopened.text());
            String page = handle(get(booking, "visit?token=" + visit.group(1))).getBody();
            assertTrue(page.contains(language.getKey().equals("sv") ? "Öppnade förfrågan igen" : "Opened the request again"), page);
        }
    }

    @Test
    void givenAVisitMonthsAhead_whenThePageIsShown_thenItOffersMarkAsDoneOnlyFromTheFirstDayAndTheCorrectionsInTheirWindow() {
        Booking booking = store(BookingJson.valid(TODAY).put("node", "umea"));
        String token = manageToken(booking);
        expect(200, postJson(booking, token, "{\"action\":\"confirm\",\"date\":\"" + FIRST_DAY + "\"}"));
        String before = managePage(booking, token, null).getBody();
        assertFalse(before.contains("value=\"complete\""), "no 'mark as done' months before the visit");
        assertTrue(before.contains("value=\"erase\""), "erasure at the visitor's request is always offered");

        clock.set(FIRST_DAY.atTime(9, 0).atZone(ZoneId.of("Europe/Stockholm")).toInstant());
        assertTrue(managePage(booking, token, null).getBody().contains("value=\"complete\""), "from the visit's first day");

        Booking declined = store(BookingJson.valid(TODAY).put("node", "umea"));
        String declinedToken = manageToken(declined);
        expect(200, postJson(declined, declinedToken, "{\"action\":\"decline\",\"reason\":\"Fully booked.\"}"));
        assertTrue(managePage(declined, declinedToken, null).getBody().contains("value=\"reopen\""), "a decline can be undone");
        clock.set(clock.instant().plus(java.time.Duration.ofDays(31)));
        assertFalse(managePage(declined, declinedToken, null).getBody().contains("value=\"reopen\""), "but not after 30 days");
    }

    // ---- built from the environment, as Lambda and the local runtime build it ----

    @Test
    void givenTheTemplatesEnvironment_whenTheHandlerIsBuiltFromIt_thenItReadsTheSecretAndWorksOnTheTableAndSes() {
        // The SDK takes the emulator's endpoint from aws.endpointUrl as from AWS_ENDPOINT_URL.
        System.setProperty("aws.endpointUrl", AWS.moto().endpoint().toString());
        try {
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "TABLE_NAME", TABLE,
                    "LINK_SECRET_ID", AWS.physicalName("LinkSigningSecret"),
                    "SENDER_ADDRESS", AWS.template().parameter("SenderAddress"),
                    "COORDINATOR_DIRECTORY", AWS.template().parameter("CoordinatorDirectory"),
                    "COORDINATOR_LANGUAGE", "en",
                    "PUBLIC_BASE_URL", ""));
            // The key variables Lambda sets for the function: its role's session, as the local runtime gives them.
            env.putAll(LocalIam.keyVariables(AWS.moto().endpoint(), "ManageBookingFunction"));
            ManageBookingHandler fromEnvironment = new ManageBookingHandler(env);
            LinkSigner deployed = new LinkSigner(AWS.clients().secretsManager().getSecretValue(r -> r.secretId(
                    AWS.physicalName("LinkSigningSecret"))).secretString().getBytes(StandardCharsets.UTF_8));
            LocalDate today = LocalDate.now(FollowUpPlan.SWEDEN);
            Booking booking = store(BookingJson.valid(today));
            String token = deployed.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                    Instant.now().plus(Duration.ofDays(1))));

            APIGatewayV2HTTPResponse page = fromEnvironment.handleRequest(
                    ApiEvents.forBooking("manage-page.json", booking.id(), token), null);
            assertEquals(200, page.getStatusCode(), page.getBody());
            assertTrue(page.getBody().contains("<html lang=\"en\">") && page.getBody().contains("Acknowledge receipt"));

            APIGatewayV2HTTPResponse confirmed = fromEnvironment.handleRequest(ApiEvents.withBody(ApiEvents.forBooking(
                    "manage-action-json.json", booking.id(), token),
                    "{\"action\":\"confirm\",\"date\":\"" + today.plusDays(60) + "\"}", false), null);
            assertEquals(200, confirmed.getStatusCode(), confirmed.getBody());
            assertEquals(1, mailTo("ana.souza@example.org").size(), "sent through SES");
            assertEquals(403, fromEnvironment.handleRequest(ApiEvents.forBooking("manage-page.json", booking.id(),
                    manageToken(booking)), null).getStatusCode(), "a token of another key is refused");
        } finally {
            System.clearProperty("aws.endpointUrl");
        }
    }

    // ---- failures ----

    @Test
    void givenTheStoreUnreachable_whenAnActionIsPosted_thenServiceUnavailableWithRetryAfterNeverA500() {
        Booking booking = store();
        DynamoDbClient dead = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(Region.EU_NORTH_1).credentialsProvider(FUNCTION.credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(3)).build()).build();
        ManageBookingHandler unlucky = handler(new DynamoDbBookingCaseRepository(dead, TABLE), clock);

        APIGatewayV2HTTPResponse json = unlucky.handleRequest(ApiEvents.withBody(
                ApiEvents.forBooking("manage-action-json.json", booking.id(), manageToken(booking)), "{\"action\":\"acknowledge\"}", false), null);
        assertEquals(503, json.getStatusCode());
        assertEquals("5", json.getHeaders().get("Retry-After"));
        assertEquals("unavailable", json(json).path("errors").get(0).path("code").asText());

        APIGatewayV2HTTPResponse page = unlucky.handleRequest(ApiEvents.forBooking("manage-page.json", booking.id(), manageToken(booking)), null);
        assertEquals(503, page.getStatusCode());
        assertTrue(page.getBody().contains("Tillfälligt fel"));
        assertUnchanged(booking);
    }

    @Test
    void givenEveryKindOfHtmlAnswer_whenAnswered_thenEachCarriesTheSharedSecurityHeaders() {
        Booking booking = store();
        String token = manageToken(booking);
        APIGatewayV2HTTPEvent unsupported = ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", booking.id(), token),
                "action=acknowledge", true);
        unsupported.getHeaders().put("content-type", "text/plain");
        APIGatewayV2HTTPEvent notBase64 = ApiEvents.forBooking("manage-action-form.json", booking.id(), token);
        notBase64.setBody("{not base64!}");
        notBase64.setIsBase64Encoded(true);
        APIGatewayV2HTTPEvent wrongMethod = ApiEvents.forBooking("manage-page.json", booking.id(), token);
        wrongMethod.getRequestContext().getHttp().setMethod("DELETE");
        APIGatewayV2HTTPEvent noRoute = ApiEvents.forBooking("manage-page.json", booking.id(), token);
        noRoute.setRawPath("/elsewhere");
        List<APIGatewayV2HTTPResponse> answers = List.of(
                managePage(booking, token, null),
                managePage(booking, "forged", null),
                handle(noRoute),
                handle(wrongMethod),
                handle(unsupported),
                handle(notBase64),
                postForm(booking, token, "action=confirm&date=not-a-date"),
                postForm(booking, token, "action=decline&reason=Fullbokat."),
                // a repeated identical action is a no-op (200); another action on a closed booking is a conflict
                postForm(booking, token, "action=acknowledge"),
                handle(ApiEvents.forBooking("manage-feedback-page.json", booking.id(), feedbackToken(booking))),
                handle(ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", booking.id(), token), "x".repeat(70_000), true)));
        assertEquals(List.of(200, 403, 404, 405, 415, 400, 400, 303, 409, 200, 413),
                answers.stream().map(APIGatewayV2HTTPResponse::getStatusCode).toList());
        for (APIGatewayV2HTTPResponse answer : answers) {
            Map<String, String> headers = new HashMap<>(answer.getHeaders());
            headers.remove("Allow");
            headers.remove("Location");
            assertEquals(se.smartcitysweden.booking.web.HtmlHeaders.page(PageTemplates.CSS), headers,
                    answer.getStatusCode() + " " + answer.getBody());
        }
    }

    @Test
    void givenAPathThatIsNoBookingRoute_whenRequested_thenNotFound() {
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-page.json", "not a valid id!", "x");
        assertEquals(404, handle(event).getStatusCode());
        event.setRawPath("/bookings");
        event.setPathParameters(null);
        assertEquals(404, handle(event).getStatusCode());
    }

    // ---- helpers ----

    private static APIGatewayV2HTTPResponse expect(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
        return response;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(item -> list.add(item.asText()));
        return list;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) count++;
        return count;
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
