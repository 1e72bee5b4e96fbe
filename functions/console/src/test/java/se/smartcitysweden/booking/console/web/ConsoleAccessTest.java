package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.smartcitysweden.booking.console.web.Fixtures.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import se.smartcitysweden.booking.web.HtmlHeaders;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.testing.CapturedOutput;

/**
 * Who gets into the console, and what they may do there: each test fails if its check is taken
 * away (the address check, the single use and the expiry of links, the cookie's signature and
 * expiry, the node of a booking, the anti-forgery token of every form).
 */
class ConsoleAccessTest {
    private static final String UMEA = "umea.coordinator@example.org";
    private final InMemoryConsoleStore store = new InMemoryConsoleStore();
    private final Outbox outbox = new Outbox();
    private final MovingClock clock = new MovingClock();
    private final ConsoleHandler handler = new ConsoleHandler(store, SECRET, DIRECTORY, outbox, SENDER, Language.EN, BASE, clock, Duration.ZERO);
    private final Browser browser = new Browser(handler);
    private CapturedOutput output;

    @BeforeEach
    void bookings() {
        store.put(booking("b-ume-1", "UME-AAAAA", Node.UMEA, BookingStatus.SUBMITTED, 3, "City of Porto", "PT"));
        store.put(booking("b-ume-2", "UME-BBBBB", Node.UMEA, BookingStatus.CONFIRMED, 30, "Oslo Kommune", "NO"));
        store.put(booking("b-sto-1", "STO-CCCCC", Node.STOCKHOLM, BookingStatus.SUBMITTED, 2, "Ville de Lyon", "FR"));
        output = CapturedOutput.start();
    }

    @AfterEach
    void noAddressInTheLogsOrTheAuditTrail() {
        output.stop();
        for (String line : output.lines()) {
            assertFalse(line.contains("@"), "an address in the log: " + line);
        }
        store.audit.forEach(entry -> assertFalse(entry.toString().contains("@"), entry.toString()));
    }

    @Test
    void givenACoordinatorsAddress_whenTheMailedLinkIsUsed_thenTheSessionCookieIsStrictAndTheNodesBookingsAreListed() {
        browser.signIn(outbox, "Umea.Coordinator@example.org");
        assertEquals("/console", header(browser.last, "Location").orElseThrow());
        String cookie = browser.last.getCookies().stream().filter(c -> c.startsWith("scs_console=")).findFirst().orElseThrow();
        for (String rule : List.of("HttpOnly", "Secure", "SameSite=Strict", "Path=/console", "Max-Age=28800")) {
            assertTrue(cookie.contains("; " + rule), cookie);
        }
        APIGatewayV2HTTPResponse list = browser.get("/console");
        assertEquals(200, list.getStatusCode());
        assertTrue(list.getBody().contains("UME-AAAAA") && list.getBody().contains("UME-BBBBB"), list.getBody());
        assertFalse(list.getBody().contains("STO-CCCCC"), "another node's booking listed");
        assertEquals(List.of(Node.UMEA), store.queried, "one index query, for the coordinator's node");
        assertEquals(List.of("signin.requested", "signin", "list"), store.actions());
    }

    @Test
    void givenAnAddressNotInTheDirectory_whenALinkIsAskedFor_thenNoMailGoesAndTheAnswerIsTheSame() {
        browser.get("/console/sign-in");
        String csrf = browser.csrf();
        APIGatewayV2HTTPResponse known = browser.post("/console/sign-in", Map.of("csrf", csrf, "email", UMEA));
        APIGatewayV2HTTPResponse unknown = browser.post("/console/sign-in", Map.of("csrf", csrf, "email", "someone@example.org"));
        assertEquals(1, outbox.sent.size(), "only the coordinator gets a link");
        assertEquals(known.getStatusCode(), unknown.getStatusCode());
        assertEquals(known.getHeaders(), unknown.getHeaders());
        assertEquals(known.getBody(), unknown.getBody());
        assertEquals(known.getCookies(), unknown.getCookies());
        assertEquals(List.of("signin.requested", "signin.unknown"), store.actions());
    }

    @Test
    void givenThreeLinksAskedForInTenMinutes_whenAFourthIsAsked_thenNoneIsSentAndTheAnswerIsTheSame_untilTheNextWindow() {
        clock.now = java.time.Instant.parse("2027-03-10T09:00:00Z");
        browser.get("/console/sign-in");
        String csrf = browser.csrf();
        APIGatewayV2HTTPResponse first = browser.post("/console/sign-in", Map.of("csrf", csrf, "email", UMEA));
        for (int i = 0; i < 3; i++) {
            APIGatewayV2HTTPResponse next = browser.post("/console/sign-in", Map.of("csrf", csrf, "email", UMEA));
            assertEquals(first.getStatusCode(), next.getStatusCode());
            assertEquals(first.getBody(), next.getBody());
        }
        assertEquals(3, outbox.sent.size(), "three links, no more");
        assertTrue(store.actions().contains("signin.throttled"));
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        browser.post("/console/sign-in", Map.of("csrf", csrf, "email", UMEA));
        assertEquals(4, outbox.sent.size(), "the next window sends again");
    }

    @Test
    void givenALinkUsedOnce_whenItIsUsedAgain_thenItIsRefused() {
        browser.signIn(outbox, UMEA);
        String token = outbox.lastToken(UMEA);
        Browser other = new Browser(handler);
        other.get("/console/sign-in/" + token);
        APIGatewayV2HTTPResponse again = other.post("/console/sign-in/" + token, Map.of("csrf", other.csrf()));
        assertEquals(403, again.getStatusCode());
        assertFalse(other.cookies.containsKey(ConsoleHttp.SESSION_COOKIE));
        assertEquals(303, other.get("/console").getStatusCode(), "no session: sent to the sign-in page");
    }

    @Test
    void givenALinkOlderThanFifteenMinutes_whenItIsUsed_thenItIsRefused() {
        browser.get("/console/sign-in");
        browser.post("/console/sign-in", Map.of("csrf", browser.csrf(), "email", UMEA));
        String token = outbox.lastToken(UMEA);
        browser.get("/console/sign-in/" + token);
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        APIGatewayV2HTTPResponse late = browser.post("/console/sign-in/" + token, Map.of("csrf", browser.csrf()));
        assertEquals(403, late.getStatusCode());
        assertFalse(browser.cookies.containsKey(ConsoleHttp.SESSION_COOKIE));
        assertTrue(store.actions().contains("signin.refused"));
    }

    @Test
    void givenAForgedTamperedOrExpiredCookie_whenTheListIsAsked_thenItGoesToTheSignInPage() {
        browser.signIn(outbox, UMEA);
        String genuine = browser.cookies.get(ConsoleHttp.SESSION_COOKIE);
        assertEquals(200, browser.get("/console").getStatusCode());

        // Tampered: the payload made national, the signature kept.
        String payload = new String(Base64.getUrlDecoder().decode(genuine.substring(0, genuine.indexOf('.'))), StandardCharsets.UTF_8);
        String widened = payload.replace("|umea|0|", "|borlange,goteborg,linkoping,malmo,stockholm,umea|1|");
        assertTrue(!widened.equals(payload), payload);
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(widened.getBytes(StandardCharsets.UTF_8))
                + genuine.substring(genuine.indexOf('.'));
        // Forged: a well-made cookie signed with another key.
        String forged = new ConsoleSessions("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                .cookieValue(new ConsoleSessions.Session("s", new Principal("x", EnumSet.allOf(Node.class), true),
                        NOW.plus(Duration.ofHours(1))));
        for (String bad : List.of(tampered, forged, "garbage", genuine + "x")) {
            browser.cookies.put(ConsoleHttp.SESSION_COOKIE, bad);
            APIGatewayV2HTTPResponse answer = browser.get("/console");
            assertEquals(303, answer.getStatusCode(), bad);
            assertEquals("/console/sign-in", header(answer, "Location").orElseThrow());
            assertEquals(303, browser.get("/console/bookings/b-sto-1").getStatusCode(), "no session opens no booking");
        }
        // Expired: the genuine cookie eight hours on.
        browser.cookies.put(ConsoleHttp.SESSION_COOKIE, genuine);
        clock.now = clock.now.plus(Duration.ofHours(8));
        assertEquals(303, browser.get("/console").getStatusCode());
    }

    @Test
    void givenACoordinatorOfUmea_whenABookingIsOpenedById_thenOnlyUmeasOpenAndTheOthersAreNotFound() {
        browser.signIn(outbox, UMEA);
        APIGatewayV2HTTPResponse own = browser.get("/console/bookings/b-ume-1");
        assertEquals(303, own.getStatusCode());
        String location = header(own, "Location").orElseThrow();
        assertTrue(location.startsWith(BASE + "/bookings/b-ume-1/manage?token="), location);
        String token = location.substring(location.indexOf("token=") + 6);
        assertTrue(new LinkSigner(SECRET).verify(token, LinkSigner.Purpose.MANAGE, "b-ume-1", NOW).isPresent());

        APIGatewayV2HTTPResponse other = browser.get("/console/bookings/b-sto-1");
        assertEquals(404, other.getStatusCode());
        assertNull(header(other, "Location").orElse(null));
        assertEquals(404, browser.get("/console/bookings/no-such-booking").getStatusCode());
        assertEquals(List.of("open", "open.refused", "open.refused"), store.actions().subList(2, 5));
    }

    @Test
    void givenTheNationalOffice_whenSignedIn_thenAllSixNodesAreReadOneQueryEachAndEveryBookingOpens() {
        browser.signIn(outbox, "national@example.org");
        APIGatewayV2HTTPResponse list = browser.get("/console?status=all");
        assertTrue(list.getBody().contains("STO-CCCCC") && list.getBody().contains("UME-AAAAA"));
        assertEquals(EnumSet.allOf(Node.class), EnumSet.copyOf(store.queried));
        assertEquals(6, store.queried.size());
        assertEquals(303, browser.get("/console/bookings/b-sto-1").getStatusCode());
        assertEquals(303, browser.get("/console/bookings/b-ume-1").getStatusCode());
        store.queried.clear();
        APIGatewayV2HTTPResponse stockholm = browser.get("/console?status=all&node=stockholm");
        assertEquals(List.of(Node.STOCKHOLM), store.queried);
        assertTrue(stockholm.getBody().contains("STO-CCCCC") && !stockholm.getBody().contains("UME-AAAAA"));
    }

    @Test
    void givenTheNationalOffice_whenTheOverviewIsAsked_thenChartsOfEveryNodeAndDownloadsThatOpen() {
        assertEquals(303, browser.get("/console/overview").getStatusCode(), "signed in only");
        browser.signIn(outbox, "national@example.org");
        APIGatewayV2HTTPResponse page = browser.get("/console/overview?basis=request");
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertEquals(HtmlHeaders.page(ConsoleOverviewPage.CSS), page.getHeaders(), "the CSP covers the charts' styles");
        assertTrue(page.getBody().contains("<svg") && page.getBody().contains("<table"), "charts with their tables");
        assertEquals(List.of(), store.queried, "the page reads no booking: it counts the overview rows");
        assertEquals(EnumSet.allOf(Node.class), EnumSet.copyOf(store.rows.read), "every node's rows");
        assertTrue(page.getBody().contains("3 bookings in the period"), "the three bookings of the year, counted from their rows");

        store.rows.read.clear();
        APIGatewayV2HTTPResponse csv = browser.get("/console/overview?format=csv&basis=request");
        assertEquals(List.of(), store.queried, "the export reads no booking either: the rows");
        assertEquals(EnumSet.allOf(Node.class), EnumSet.copyOf(store.rows.read), "every node's rows");
        assertTrue(csv.getIsBase64Encoded());
        String text = new String(java.util.Base64.getDecoder().decode(csv.getBody()), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("\uFEFF"), "a BOM, so Swedish Excel reads UTF-8");
        assertTrue(text.contains("STO-CCCCC") && text.contains("UME-AAAAA") && text.contains(";"), text);
        assertTrue(header(csv, "Content-Disposition").orElseThrow().contains(".csv"));

        byte[] xlsx = java.util.Base64.getDecoder().decode(browser.get("/console/overview?format=xlsx&basis=request").getBody());
        assertEquals('P', xlsx[0]);
        assertEquals('K', xlsx[1], "a zip: the workbook");
    }

    @Test
    void givenAVisitAgreedForNextMonth_whenTheYearIsAskedByVisitDate_thenItIsTheYearsOneVisit_andByRequestDateTheThree() {
        browser.signIn(outbox, "national@example.org");
        // UME-BBBBB arrived 30 days ago; its visit is in 20 days (2027-03-30): a visit of 2027, requested in 2027.
        String byVisit = browser.get("/console/overview?year=2027").getBody();
        assertTrue(byVisit.contains("Visits 2027, by visit date"), byVisit);
        assertTrue(byVisit.contains("1 booking in the period: no visits held"), byVisit);
        assertTrue(byVisit.contains("<option value=\"visit\" selected>"), "the visit date is the default");
        String byRequest = browser.get("/console/overview?year=2027&basis=request").getBody();
        assertTrue(byRequest.contains("3 bookings in the period"), byRequest);
        String csv = new String(java.util.Base64.getDecoder().decode(browser.get("/console/overview?year=2027&format=csv").getBody()),
                StandardCharsets.UTF_8);
        assertEquals(2, csv.split("\r\n").length, "the head and the one visit: " + csv);
        assertTrue(csv.contains("UME-BBBBB;Umeå;2027-02-08;Confirmed;Norway;") && csv.contains(";2027-03-30;2027-03-31;"), csv);
        assertTrue(header(browser.get("/console/overview?year=2027&format=xlsx"), "Content-Disposition").orElseThrow()
                .contains("smart-city-sweden-visits-2027-01-01-2027-12-31.xlsx"));
    }

    @Test
    void givenACoordinatorOfUmea_whenTheOverviewIsAsked_thenOnlyUmeaIsReadAndCounted() {
        browser.signIn(outbox, UMEA);
        APIGatewayV2HTTPResponse other = browser.get("/console/overview?node=stockholm");
        assertEquals(400, other.getStatusCode(), "another node is refused, not quietly replaced");
        assertEquals(List.of(), store.rows.read, "nothing read for a refused filter");
        String page = browser.get("/console/overview?basis=request").getBody();
        assertEquals(List.of(Node.UMEA), store.rows.read, "Umeå's rows only");
        assertTrue(page.contains("2 bookings in the period"), "Umeå's two bookings of the year");
        store.queried.clear();
        String text = new String(java.util.Base64.getDecoder().decode(
                browser.get("/console/overview?format=csv&basis=request").getBody()), StandardCharsets.UTF_8);
        assertEquals(400, browser.get("/console/overview?format=csv&node=stockholm").getStatusCode());
        assertFalse(text.contains("STO-CCCCC"), "another node's booking exported");
        assertTrue(text.contains("UME-AAAAA"));
    }

    @Test
    void givenACoordinatorOfUmea_whenAnotherNodeIsAskedFor_thenItIsRefusedAndNothingIsRead() {
        browser.signIn(outbox, UMEA);
        APIGatewayV2HTTPResponse list = browser.get("/console?status=all&node=stockholm&q=lyon");
        assertEquals(400, list.getStatusCode());
        assertEquals(List.of(), store.queried);
        assertFalse(list.getBody().contains("STO-CCCCC"));
        assertTrue(list.getBody().contains("Choose one of the nodes in the list."), list.getBody());
    }

    @Test
    void givenAPostWithoutOrWithAWrongAntiForgeryToken_whenSent_thenItIsRefusedAndChangesNothing() {
        browser.signIn(outbox, UMEA);
        String session = browser.cookies.get(ConsoleHttp.SESSION_COOKIE);
        // Sign-out without a token, with another browser's, with a made-up one.
        Browser stranger = new Browser(handler);
        stranger.get("/console/sign-in");
        String strangersToken = stranger.csrf();
        for (String csrf : new String[] {null, strangersToken, "AAAA"}) {
            java.util.Map<String, String> fields = new java.util.HashMap<>();
            fields.put("csrf", csrf);
            APIGatewayV2HTTPResponse refused = browser.post("/console/sign-out", fields);
            assertEquals(403, refused.getStatusCode(), String.valueOf(csrf));
            assertEquals(session, browser.cookies.get(ConsoleHttp.SESSION_COOKIE), "the session survives");
        }
        // Asking for a link without the page's token sends nothing.
        int mails = outbox.sent.size();
        Browser fresh = new Browser(handler);
        assertEquals(403, fresh.post("/console/sign-in", Map.of("email", UMEA)).getStatusCode());
        assertEquals(403, fresh.post("/console/sign-in", Map.of("email", UMEA, "csrf", strangersToken)).getStatusCode());
        assertEquals(mails, outbox.sent.size());
        // With the page's own token: signed out, the cookie cleared.
        browser.get("/console");
        APIGatewayV2HTTPResponse out = browser.post("/console/sign-out", Map.of("csrf", browser.csrf()));
        assertEquals(303, out.getStatusCode());
        assertTrue(out.getCookies().stream().anyMatch(c -> c.startsWith("scs_console=;") && c.contains("Max-Age=0")));
        assertTrue(store.actions().contains("signout"));
    }

    @Test
    void givenACookieCopiedBeforeSignOut_whenUsedAfterIt_thenItGoesToTheSignInPage() {
        browser.signIn(outbox, UMEA);
        Browser copy = new Browser(handler);
        copy.cookies.put(ConsoleHttp.SESSION_COOKIE, browser.cookies.get(ConsoleHttp.SESSION_COOKIE));
        assertEquals(200, copy.get("/console").getStatusCode());
        browser.get("/console");
        assertEquals(303, browser.post("/console/sign-out", Map.of("csrf", browser.csrf())).getStatusCode());
        APIGatewayV2HTTPResponse after = copy.get("/console");
        assertEquals(303, after.getStatusCode(), "the signature is still good, but the session is over");
        assertEquals("/console/sign-in", header(after, "Location").orElseThrow());
    }

    @Test
    void everyAnswer_carriesTheSharedHeaders() {
        List<APIGatewayV2HTTPResponse> answers = new java.util.ArrayList<>();
        answers.add(browser.get("/console"));
        answers.add(browser.get("/console/sign-in"));
        answers.add(browser.post("/console/sign-in", Map.of("email", UMEA)));
        answers.add(browser.get("/console/nothing-here"));
        answers.add(browser.send("DELETE", "/console", null));
        for (APIGatewayV2HTTPResponse answer : answers) {
            assertEquals("no-store", header(answer, "Cache-Control").orElse(""), answer.getBody());
            assertTrue(header(answer, "Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
            assertEquals("nosniff", header(answer, "X-Content-Type-Options").orElse(""));
            assertEquals("no-referrer", header(answer, "Referrer-Policy").orElse(""));
        }
    }
}
