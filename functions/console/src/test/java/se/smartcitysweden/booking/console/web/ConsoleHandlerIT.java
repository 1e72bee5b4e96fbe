package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.smartcitysweden.booking.console.web.Fixtures.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbConsoleStore;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.testing.InvocationLogs;
import se.smartcitysweden.booking.testing.StandardOutput;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The console against the local DynamoDB and SES: the link comes by e-mail, its single use and
 * expiry are the table's conditional write, the list reads the node index only, and the audit
 * trail holds no address.
 */
class ConsoleHandlerIT {
    private static final LocalAws AWS = LocalAws.shared();
    private static final String TABLE = AWS.physicalName("BookingTable");
    private static final String OVERVIEW = AWS.physicalName("OverviewTable");
    /** The administrator's client: fixtures and checks. */
    private static final DynamoDbClient DYNAMO_DB = AWS.clients().dynamoDb();
    /** The function's clients, under ConsoleFunction's role: what the handler's store and mail sender use. */
    private static final LocalAwsClients FUNCTION = AWS.clientsOf("ConsoleFunction");
    private static final DynamoDbClient FUNCTION_DYNAMO_DB = FUNCTION.dynamoDb();
    private static final SesV2Client SES = FUNCTION.ses();
    private static final String UMEA = "umea@example.org";

    private final MovingClock clock = new MovingClock();
    private final DynamoDbConsoleStore store = new DynamoDbConsoleStore(FUNCTION_DYNAMO_DB, TABLE, OVERVIEW);
    private final ConsoleHandler handler = new ConsoleHandler(store,
            new se.smartcitysweden.booking.aws.DynamoDbCalendarFeeds(FUNCTION_DYNAMO_DB, TABLE), SECRET, DIRECTORY_OF_THE_TEMPLATE(),
            new SesMailSender(SES, null), SENDER, Language.SV, BASE, clock, ConsoleHttp.SIGN_IN_FLOOR);

    @BeforeEach
    void reset() {
        AWS.reset();
        DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
        for (BookingCase c : List.of(
                booking("b-ume-1", "UME-AAAAA", Node.UMEA, BookingStatus.SUBMITTED, 3, "City of Porto", "PT"),
                booking("b-ume-2", "UME-BBBBB", Node.UMEA, BookingStatus.SUBMITTED, 400, "Old Request AB", "DE"),
                booking("b-sto-1", "STO-CCCCC", Node.STOCKHOLM, BookingStatus.SUBMITTED, 2, "Ville de Lyon", "FR"))) {
            DYNAMO_DB.putItem(r -> r.tableName(TABLE).item(DynamoDbBookingRepository.bookingItem(c.booking())));
        }
        assertTrue(bookings.findById("b-ume-1").isPresent());
    }

    @AfterAll
    static void close() {
        DYNAMO_DB.close();
        FUNCTION_DYNAMO_DB.close();
        SES.close();
    }

    /** The template's default directory: umea@example.org coordinates Umeå. */
    private static se.smartcitysweden.booking.notification.CoordinatorDirectory DIRECTORY_OF_THE_TEMPLATE() {
        return se.smartcitysweden.booking.notification.CoordinatorDirectory.parse(AWS.template().root()
                .path("Parameters").path("CoordinatorDirectory").path("Default").asText());
    }

    private String mailedToken() {
        Pattern link = Pattern.compile(Pattern.quote(BASE) + "/console/sign-in/([A-Za-z0-9_-]{43})");
        List<LocalMailbox.SentMail> mails = new LocalMailbox(AWS.moto().endpoint()).messages().stream()
                .filter(m -> m.to().stream().anyMatch(to -> to.contains(UMEA))).toList();
        assertEquals(1, mails.size(), "one sign-in mail");
        assertTrue(mails.get(0).subject().contains("inloggningslänk"), mails.get(0).subject());
        Matcher m = link.matcher(mails.get(0).text());
        assertTrue(m.find(), mails.get(0).text());
        assertTrue(mails.get(0).html().contains(BASE + "/console/sign-in/" + m.group(1)));
        return m.group(1);
    }

    /** Asks for a sign-in link for Umeå's coordinator and opens it (its confirmation page); the link's token. */
    private String openMailedLink(Browser browser) {
        browser.get("/console/sign-in");
        browser.post("/console/sign-in", Map.of("csrf", browser.csrf(), "email", UMEA));
        String token = mailedToken();
        browser.get("/console/sign-in/" + token);
        return token;
    }

    /** Signs in as Umeå's coordinator through the mailed link; the link's token. */
    private String signIn(Browser browser) {
        String token = openMailedLink(browser);
        assertEquals(303, browser.post("/console/sign-in/" + token, Map.of("csrf", browser.csrf())).getStatusCode());
        return token;
    }

    @Test
    void givenTheBookingsRows_whenTheOverviewIsAsked_thenThePageAndTheCsvCountTheRowsAndReadNoBooking() {
        // What OverviewRowsFunction records from the table's stream (a rebuild's reads and writes, under its role).
        DynamoDbClient overviewRowsFunction = AWS.clientsOf("OverviewRowsFunction").dynamoDb();
        se.smartcitysweden.booking.aws.DynamoDbOverviewRows rows = new se.smartcitysweden.booking.aws.DynamoDbOverviewRows(overviewRowsFunction, OVERVIEW);
        new se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository(overviewRowsFunction, TABLE)
                .submittedSince(Node.UMEA, java.time.Instant.EPOCH)
                .forEach(c -> rows.record(se.smartcitysweden.booking.domain.OverviewRow.of(c)));
        Browser browser = new Browser(handler).checkedAgainstContract();
        signIn(browser);

        APIGatewayV2HTTPResponse page = browser.get("/console/overview?basis=request");
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertTrue(page.getBody().contains("1 bokning under perioden"), "Umeå's booking of the year, not the one of 400 days ago");
        assertEquals(0, store.itemsRead(), "the page reads no booking");
        assertTrue(browser.get("/console/overview?from=2020-01-01&basis=request").getBody().contains("2 bokningar under perioden"));

        String csv = new String(java.util.Base64.getDecoder().decode(browser.get("/console/overview?format=csv&basis=request").getBody()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(csv.contains("UME-AAAAA") && !csv.contains("UME-BBBBB") && !csv.contains("STO-CCCCC"), csv);
        assertEquals(0, store.itemsRead(), "the export reads the rows, not the bookings");
        assertEquals(400, browser.get("/console/overview?from=0001-01-01&to=9999-12-31").getStatusCode(), "a period beyond what is useful");
    }

    @Test
    void givenAnInvocation_whenASignInLinkIsMailed_thenEveryLineCarriesItsRequestAndTraceIdAndNoAddress() throws Exception {
        Browser browser = new Browser(handler).checkedAgainstContract();
        browser.get("/console/sign-in");
        String csrf = browser.csrf();
        String requestId = InvocationLogs.requestId();
        browser.context = InvocationLogs.context(requestId);

        StandardOutput.Captured<APIGatewayV2HTTPResponse> run = InvocationLogs.invoke(
                () -> browser.post("/console/sign-in", Map.of("csrf", csrf, "email", UMEA)));

        assertTrue(run.value().getStatusCode() < 400, run.value().getBody());
        InvocationLogs.assertEveryLineCarries(run.output(), requestId);
        assertEquals(1, run.output().events("console.signin.mailed").size(), run.output().lines().toString());
        assertFalse(String.join("\n", run.output().lines()).contains(UMEA), "no address in the output");

        String next = InvocationLogs.requestId();
        browser.context = InvocationLogs.context(next);
        StandardOutput.Captured<APIGatewayV2HTTPResponse> forged = InvocationLogs.invoke(
                () -> browser.post("/console/sign-in", Map.of("csrf", "forged", "email", UMEA)));
        assertEquals(403, forged.value().getStatusCode());
        InvocationLogs.assertEveryLineCarries(forged.output(), next);
    }

    @Test
    void givenTheMailedLink_whenUsedOnce_thenTheNodesBookingsOfTheYearAreListedFromTheIndex_andASecondUseIsRefused() {
        Browser browser = new Browser(handler).checkedAgainstContract();
        String token = signIn(browser);

        APIGatewayV2HTTPResponse list = browser.get("/console?status=all");
        assertEquals(200, list.getStatusCode());
        assertTrue(list.getBody().contains("UME-AAAAA"));
        assertFalse(list.getBody().contains("UME-BBBBB"), "arrived 400 days ago: outside the default year");
        assertFalse(list.getBody().contains("STO-CCCCC"));
        assertEquals(1, store.itemsRead(), "read from the node index: Umeå's booking of the year, nothing else");
        assertTrue(browser.get("/console?status=all&from=2025-01-01").getBody().contains("UME-BBBBB"));

        Browser again = new Browser(handler).checkedAgainstContract();
        again.get("/console/sign-in/" + token);
        assertEquals(403, again.post("/console/sign-in/" + token, Map.of("csrf", again.csrf())).getStatusCode());

        List<Map<String, AttributeValue>> audit = DYNAMO_DB.scan(r -> r.tableName(TABLE)).items().stream()
                .filter(item -> item.get("pk").s().startsWith("AUDIT#")).toList();
        assertEquals(List.of("list", "list", "signin", "signin.refused", "signin.requested"),
                audit.stream().map(item -> item.get("action").s()).sorted().toList());
        audit.forEach(item -> assertFalse(item.toString().contains("@"), item.toString()));
        assertTrue(audit.stream().allMatch(item -> item.containsKey("expiresAt") && !item.containsKey("node")));
    }

    @Test
    void givenAConfirmedVisit_whenTheNodesFeedIsMadeRenewedAndRevoked_thenItListsExactlyTheNodesVisitsUntilItsUrlStops() {
        // b-ume-1 confirmed with a plan, under the function's role as the manage function would store it.
        se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository cases =
                new se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
        BookingCase stored = cases.load("b-ume-1").orElseThrow();
        java.time.LocalDate day = java.time.LocalDate.ofInstant(NOW, se.smartcitysweden.booking.domain.Booking.SWEDISH_TIME).plusDays(30);
        se.smartcitysweden.booking.domain.VisitPlan plan = new se.smartcitysweden.booking.domain.VisitPlan(
                se.smartcitysweden.booking.domain.VisitPlan.everyDay(day, day, java.time.LocalTime.of(9, 30), java.time.LocalTime.of(15, 0)),
                "Väven, Storgatan 46A", "", "Anna Lindqvist", "", "umea@example.org", "", "");
        se.smartcitysweden.booking.domain.Workflow w = stored.workflow().withVisit(new se.smartcitysweden.booking.domain.Workflow.Visit(day, day, plan))
                .with(new se.smartcitysweden.booking.domain.Workflow.HistoryEntry(NOW, se.smartcitysweden.booking.domain.Actor.coordinator(Node.UMEA),
                        new se.smartcitysweden.booking.domain.HistoryEvent.Confirmed(day, day)));
        assertTrue(cases.save(new BookingCase(new se.smartcitysweden.booking.domain.Booking("b-ume-1", stored.booking().reference(),
                BookingStatus.CONFIRMED, stored.booking().createdAt(), stored.booking().request()), stored.version(), w,
                stored.notification()), java.util.Optional.empty(), NOW));

        Browser browser = new Browser(handler).checkedAgainstContract();
        signIn(browser);
        APIGatewayV2HTTPResponse page = browser.get("/console/calendar");
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertTrue(page.getBody().contains("Inget flöde."), page.getBody());
        assertFalse(page.getBody().contains(">Stockholm<"), "only the nodes the coordinator sees");
        assertEquals(400, browser.post("/console/calendar", Map.of("csrf", browser.csrf(), "node", "stockholm", "op", "renew"))
                .getStatusCode(), "another node's feed");

        APIGatewayV2HTTPResponse made = browser.post("/console/calendar", Map.of("csrf", browser.csrf(), "node", "umea", "op", "renew"));
        assertEquals(200, made.getStatusCode(), made.getBody());
        Matcher url = Pattern.compile(Pattern.quote(BASE) + "(/console/calendar/umea/[A-Za-z0-9_-]{43}\\.ics)").matcher(made.getBody());
        assertTrue(url.find(), made.getBody());
        String feedPath = url.group(1);
        Map<String, AttributeValue> item = DYNAMO_DB.getItem(r -> r.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS("FEED#umea")))).item();
        assertFalse(item.toString().contains(feedPath.substring(25, 68)), "the table holds the token's hash, not the token");

        // The feed, as a calendar program asks for it: no cookie.
        APIGatewayV2HTTPResponse feed = new Browser(handler).checkedAgainstContract().get(feedPath);
        assertEquals(200, feed.getStatusCode(), feed.getBody());
        String ics = feed.getIsBase64Encoded() ? new String(java.util.Base64.getDecoder().decode(feed.getBody()),
                java.nio.charset.StandardCharsets.UTF_8) : feed.getBody();
        assertTrue(ics.contains("METHOD:PUBLISH") && ics.contains("BEGIN:VTIMEZONE"), ics);
        assertEquals(1, ics.split("BEGIN:VEVENT").length - 1, "exactly the node's confirmed visit: " + ics);
        assertTrue(ics.contains("UID:b-ume-1-host@visits.smartcitysweden"), ics);
        assertTrue(ics.contains("DTSTART;TZID=Europe/Stockholm:" + day.toString().replace("-", "") + "T093000"), ics);

        // Renewed: the old URL stops; revoked: the new one stops too. Each refusal is the same 404.
        APIGatewayV2HTTPResponse renewed = browser.post("/console/calendar", Map.of("csrf", browser.csrf(), "node", "umea", "op", "renew"));
        Matcher second = Pattern.compile("(/console/calendar/umea/[A-Za-z0-9_-]{43}\\.ics)").matcher(renewed.getBody());
        assertTrue(second.find());
        assertEquals(404, new Browser(handler).get(feedPath).getStatusCode(), "the old URL after renewal");
        assertEquals(200, new Browser(handler).get(second.group(1)).getStatusCode());
        assertEquals(303, browser.post("/console/calendar", Map.of("csrf", browser.csrf(), "node", "umea", "op", "revoke")).getStatusCode());
        assertEquals(404, new Browser(handler).checkedAgainstContract().get(second.group(1)).getStatusCode(), "revoked");
        assertEquals(404, new Browser(handler).get("/console/calendar/nowhere/" + "a".repeat(43) + ".ics").getStatusCode());
    }

    @Test
    void givenALinkFifteenMinutesOld_whenUsed_thenTheTableRefusesIt() {
        Browser browser = new Browser(handler).checkedAgainstContract();
        String token = openMailedLink(browser);
        String csrf = browser.csrf();
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertEquals(403, browser.post("/console/sign-in/" + token, Map.of("csrf", csrf)).getStatusCode());
        clock.now = clock.now.minus(Duration.ofMinutes(1));
        assertEquals(303, browser.post("/console/sign-in/" + token, Map.of("csrf", csrf)).getStatusCode(),
                "a minute earlier it works: the refusal was the expiry");
        Map<String, AttributeValue> signIn = DYNAMO_DB.scan(r -> r.tableName(TABLE)).items().stream()
                .filter(item -> item.get("pk").s().startsWith("SIGNIN#")).findFirst().orElseThrow();
        assertFalse(signIn.get("pk").s().contains(token), "the table holds the token's hash, not the token");
        assertEquals(Long.toString(NOW.plus(Duration.ofMinutes(15)).getEpochSecond()), signIn.get("expiresAt").n());
    }
    @Test
    void givenACookieCopiedBeforeSignOut_whenUsedAfterIt_thenTheTableNoLongerKnowsTheSession() {
        Browser browser = new Browser(handler).checkedAgainstContract();
        signIn(browser);
        Map<String, AttributeValue> session = DYNAMO_DB.scan(r -> r.tableName(TABLE)).items().stream()
                .filter(item -> item.get("pk").s().startsWith("SESSION#")).findFirst().orElseThrow();
        assertEquals(Long.toString(NOW.plus(Duration.ofHours(8)).getEpochSecond()), session.get("expiresAt").n(), "TTL: the expiry");
        for (String indexKey : List.of("node", "createdAt", "dueBucket", "dueAt")) assertFalse(session.containsKey(indexKey), indexKey);
        String cookie = browser.cookies.get(ConsoleHttp.SESSION_COOKIE);
        assertFalse(session.get("pk").s().contains(cookie.substring(0, 20)), "the table holds the id's hash");

        Browser copy = new Browser(handler).checkedAgainstContract();
        copy.cookies.put(ConsoleHttp.SESSION_COOKIE, cookie);
        assertEquals(200, copy.get("/console").getStatusCode(), "the copy works while the session does");
        browser.get("/console");
        assertEquals(303, browser.post("/console/sign-out", Map.of("csrf", browser.csrf())).getStatusCode());

        APIGatewayV2HTTPResponse refused = copy.get("/console");
        assertEquals(303, refused.getStatusCode(), "signed out: the copied cookie opens nothing");
        assertEquals("/console/sign-in", refused.getHeaders().get("Location"));
        assertEquals(303, copy.get("/console/bookings/b-ume-1").getStatusCode());
        assertTrue(DYNAMO_DB.scan(r -> r.tableName(TABLE)).items().stream().noneMatch(item -> item.get("pk").s().startsWith("SESSION#")),
                "the session's item is deleted");
    }
    @Test
    void givenAKnownAndAnUnknownAddress_whenALinkIsAsked_thenNeitherAnswerComesBeforeTheFloor() {
        Duration floor = ConsoleHttp.SIGN_IN_FLOOR;
        for (String address : List.of(UMEA, "nobody@example.org", UMEA, "someone.else@example.org")) {
            Browser browser = new Browser(handler).checkedAgainstContract();
            browser.get("/console/sign-in");
            String csrf = browser.csrf();
            long began = System.nanoTime();
            APIGatewayV2HTTPResponse answer = browser.post("/console/sign-in", Map.of("csrf", csrf, "email", address));
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            assertEquals(303, answer.getStatusCode());
            assertEquals("/console/sign-in?sent=1", answer.getHeaders().get("Location"), "the same answer for any address");
            // Only a lower bound: the known address's DynamoDB write and SES send fit under the floor.
            assertTrue(took.compareTo(floor) >= 0, address.startsWith("umea") + ": answered after " + took.toMillis() + " ms");
        }
        assertEquals(2, new LocalMailbox(AWS.moto().endpoint()).messages().size(), "the known address got its links");
    }
}
