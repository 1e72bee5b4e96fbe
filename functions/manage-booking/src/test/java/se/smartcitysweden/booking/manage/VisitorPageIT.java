package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.web.HtmlHeaders;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailSelfService;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.testing.ApiContract;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.workflow.CaseService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The visitor's own page through real-shaped HTTP API events against moto: opened from the link in
 * the visitor's e-mail, changes by plain forms (post/redirect/get), the calendar file, and the
 * coordinators' mails about the visitor's changes and feedback.
 */
class VisitorPageIT {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);
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
    private static final Mailbox SENDER = new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress"));
    private static final BookingLinks LINKS = new BookingLinks("http://localhost:3000", SIGNER);
    private static final Pattern VISIT_LINK = Pattern.compile("http://localhost:3000/bookings/([^/]+)/visit\\?token=([A-Za-z0-9_.%-]+)");

    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    /** The administrator's view of the stored cases (fixtures and checks). */
    private final DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
    /** The handler's: the function's role. */
    private final DynamoDbBookingCaseRepository functionCases = new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE);
    private final LocalMailbox mailbox = new LocalMailbox(AWS.moto().endpoint());
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private ManageBookingHandler handler;

    @BeforeEach
    void freshAws() {
        AWS.reset();
        CaseMails mails = new CaseMails(SENDER, DIRECTORY, LINKS, Language.SV);
        SesMailSender sender = new SesMailSender(SES, null);
        FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden());
        CaseService service = new CaseService(functionCases, SIGNER, plan, new MailVisitorNotices(mails, sender), clock);
        handler = new ManageBookingHandler(service, new VisitorService(functionCases, service, plan, WorkingDays.sweden(),
                new MailSelfService(mails, sender), clock), Language.SV, clock);
    }

    @AfterAll
    static void close() {
        DYNAMO_DB.close();
        FUNCTION_DYNAMO_DB.close();
        SES.close();
    }

    // ---- test data and requests ----

    private Booking store(ObjectNode body) {
        BookingRequest request = BookingRequestParser.parse(body, TODAY).request().orElseThrow();
        Booking booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new Random()).next(request.node()),
                BookingStatus.SUBMITTED, NOW, request);
        bookings.create(booking, Optional.empty());
        return booking;
    }

    /** The visitor's token, as the link in their acknowledgement carries it. */
    private static String visitorToken(Booking booking) {
        String text = new BookingMails(SENDER, DIRECTORY, LINKS, Language.SV).toVisitor(booking).text();
        Matcher link = VISIT_LINK.matcher(text);
        assertTrue(link.find(), "the acknowledgement links the visitor's page:\n" + text);
        assertEquals(booking.id(), link.group(1));
        return URLDecoder.decode(link.group(2), StandardCharsets.UTF_8);
    }

    /** Every answer through here is checked against the API contract (api/openapi.yaml). */
    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertNotEquals(500, response.getStatusCode());
        return ApiContract.checked(event, response);
    }

    private static APIGatewayV2HTTPEvent at(Booking booking, String method, String page, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking(method.equals("GET") ? "manage-page.json" : "manage-action-form.json",
                booking.id(), null);
        String path = "/bookings/" + booking.id() + "/" + page;
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        return ApiEvents.withQuery(event, query);
    }

    private APIGatewayV2HTTPResponse page(Booking booking, String token) {
        return handle(at(booking, "GET", "visit", Map.of("token", token)));
    }

    private APIGatewayV2HTTPResponse postForm(Booking booking, String token, String form) {
        return handle(ApiEvents.withBody(at(booking, "POST", "visit", Map.of("token", token)), form, true));
    }

    /** A browser after a form post: 303 See Other, then a GET of the Location (relative to the booking's routes). */
    private APIGatewayV2HTTPResponse follow(Booking booking, APIGatewayV2HTTPResponse redirect) {
        assertEquals(303, redirect.getStatusCode(), redirect.getBody());
        String location = redirect.getHeaders().get("Location");
        assertTrue(location.matches("[a-z]+\\?[^/]*"), location);
        Map<String, String> query = new HashMap<>();
        for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return handle(at(booking, "GET", location.substring(0, location.indexOf('?')), query));
    }

    private void confirm(Booking booking, LocalDate from, LocalDate to) {
        String manage = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                NOW.plus(Duration.ofDays(200))));
        APIGatewayV2HTTPResponse confirmed = handle(ApiEvents.withBody(ApiEvents.forBooking("manage-action-json.json", booking.id(),
                manage), "{\"action\":\"confirm\",\"date\":\"" + from + "\",\"endDate\":\"" + to + "\"}", false));
        assertEquals(200, confirmed.getStatusCode(), confirmed.getBody());
    }

    private BookingCase stored(Booking booking) {
        return cases.load(booking.id()).orElseThrow();
    }

    private List<SentMail> mailTo(String address) {
        return mailbox.messages().stream().filter(m -> m.recipients().stream().anyMatch(r -> r.contains(address))).toList();
    }

    /** What the coordinators are told (not the visit's invitations to their calendar, which have a .ics of their own). */
    private List<SentMail> coordinatorMails() {
        return mailTo(DIRECTORY.coordinators(se.smartcitysweden.booking.domain.Node.UMEA).get(0).address()).stream()
                .filter(mail -> mail.attachments().stream().noneMatch(a -> a.fileName().endsWith(".ics"))).toList();
    }

    // ---- the page ----

    @Test
    void givenTheLinkInTheVisitorsMail_whenOpened_thenThePageShowsStatusHistoryAndChangesInTheBookingsLanguage() {
        Booking english = store(BookingJson.valid(TODAY));
        APIGatewayV2HTTPResponse response = page(english, visitorToken(english));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(HtmlHeaders.page(PageTemplates.CSS), response.getHeaders(), "the shared header set");
        String html = response.getBody();
        assertTrue(html.contains("<html lang=\"en\">"));
        assertTrue(html.contains("Your visit request " + english.reference()));
        assertTrue(html.contains("status-submitted\">Sent, waiting for an answer<"), html);
        assertTrue(html.contains("Sent the request"), "the history");
        assertTrue(html.contains("value=\"participants\"") && html.contains("value=\"other-dates\"") && html.contains("value=\"cancel\""));
        assertTrue(html.contains("name=\"participants[0].name\" value=\"Ana Souza\""), "the list as it stands");
        assertTrue(html.contains("name=\"participants[3].name\" value=\"\""), "and empty rows to add people without JavaScript");
        assertFalse(html.contains("calendar?token="), "no calendar before a confirmation");

        Booking swedish = store(BookingJson.valid(TODAY).put("language", "sv"));
        String sv = page(swedish, visitorToken(swedish)).getBody();
        assertTrue(sv.contains("<html lang=\"sv\">") && sv.contains("Din besöksförfrågan " + swedish.reference()), sv);
    }

    @Test
    void givenAnotherPurposesToken_whenUsedOnTheVisitorsPage_thenForbidden() {
        Booking booking = store(BookingJson.valid(TODAY));
        String feedback = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(),
                NOW.plusSeconds(3600)));
        assertEquals(403, page(booking, feedback).getStatusCode());
        assertEquals(403, postForm(booking, feedback, "action=cancel&reason=x").getStatusCode());
        assertEquals(403, handle(at(booking, "GET", "calendar", Map.of("token", feedback))).getStatusCode());
        assertEquals(BookingStatus.SUBMITTED, stored(booking).status());
    }

    @Test
    void givenAScript_whenItAsksForJson_thenThePageAndAChangeAnswerTheVisitorsStateAsTheContractDescribesIt() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        confirm(booking, TODAY.plusDays(60), TODAY.plusDays(61));

        APIGatewayV2HTTPEvent get = at(booking, "GET", "visit", Map.of("token", token));
        get.getHeaders().put("accept", "application/json");
        APIGatewayV2HTTPResponse page = handle(get);
        assertEquals(200, page.getStatusCode(), page.getBody());
        JsonNode state = Json.parse(page.getBody());
        assertEquals("confirmed", state.path("status").asText());
        assertEquals(TODAY.plusDays(60).toString(), state.path("visit").path("date").asText());
        assertTrue(state.path("participantsChangeableUntil").isTextual(), page.getBody());

        APIGatewayV2HTTPEvent post = ApiEvents.withBody(at(booking, "POST", "visit", Map.of("token", token)),
                "{\"action\":\"cancel\",\"reason\":\"Our trip is off.\"}", false);
        post.getHeaders().put("content-type", "application/json");
        post.getHeaders().put("accept", "application/json");
        APIGatewayV2HTTPResponse cancelled = handle(post);
        assertEquals(200, cancelled.getStatusCode(), cancelled.getBody());
        JsonNode after = Json.parse(cancelled.getBody());
        assertEquals("cancelled", after.path("status").asText());
        assertEquals(0, after.path("allowedActions").size(), "nothing more to change");
    }

    // ---- changes ----

    @Test
    void givenAConfirmedVisit_whenTheVisitorChangesTheParticipantsByForm_thenSeeOtherAndTheCoordinatorIsToldAndAReloadRepeatsNothing() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        confirm(booking, TODAY.plusDays(60), TODAY.plusDays(61));
        long version = stored(booking).version();

        APIGatewayV2HTTPResponse posted = postForm(booking, token, "action=participants&expectedParticipants=14"
                + "&participants%5B0%5D.name=Ana+Souza&participants%5B0%5D.country=pt"
                + "&participants%5B1%5D.name=Rui+Costa&participants%5B1%5D.email=rui%40example.org&participants%5B2%5D.name=");
        assertEquals(303, posted.getStatusCode(), posted.getBody());
        assertEquals("", posted.getBody());
        Map<String, String> headers = new HashMap<>(posted.getHeaders());
        assertTrue(headers.remove("Location").startsWith("visit?token="));
        assertEquals(HtmlHeaders.page(PageTemplates.CSS), headers);

        String result = follow(booking, posted).getBody();
        assertTrue(result.contains("The participants are saved. When you have made all your changes, the coordinator gets one e-mail"), result);
        assertTrue(result.contains("Changed the participants") && result.contains("Expected 12 → 14; named 1 → 2"), "history");
        assertTrue(result.contains("<li><strong>Rui Costa</strong><br><span class=\"muted\">rui@example.org</span></li>"),
                "no stray commas for parts left empty: " + result);
        // Reloading the result page is a GET: nothing happens again.
        follow(booking, posted);
        BookingCase after = stored(booking);
        assertEquals(version + 1, after.version(), "one conditional write");
        assertEquals(14, after.booking().request().expectedParticipants());
        assertEquals(List.of("Ana Souza", "Rui Costa"), after.booking().request().participants().stream()
                .map(BookingRequest.Participant::name).toList());
        Workflow.HistoryEntry entry = after.workflow().history().get(after.workflow().history().size() - 1);
        assertEquals(List.of("visitor", "visitor-participants"), List.of(entry.actor(), entry.action()));

        // No mail per save: the follow-up sends the session's one mail after a quiet spell (FollowUpHandlerIT).
        assertEquals(List.of(), coordinatorMails(), "nobody is mailed at the save");
        assertTrue(se.smartcitysweden.booking.domain.FollowUpPlan.participantsSessionStart(after.workflow()).isPresent(),
                "the session waits for the follow-up");
    }

    @Test
    void givenFortyFiveParticipantsPastedFromASpreadsheet_whenReadThenSaved_thenThePreviewSavesNothingAndTheSaveKeepsThemAll() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        long version = stored(booking).version();
        StringBuilder sheet = new StringBuilder("Name\tOrganisation\tRole\tE-mail\tCountry\n");
        for (int i = 1; i <= 45; i++) {
            sheet.append("Person ").append(i).append("\tCity of Porto\tPlanner\tp").append(i).append("@example.org\t")
                    .append(i == 7 ? "Atlantis" : i % 2 == 0 ? "Portugal" : "Sverige").append('\n');
        }
        String pasted = java.net.URLEncoder.encode(sheet.toString(), StandardCharsets.UTF_8);
        // Read the list: the rows come back in the form (the 45 after the one named), with the bad row named; nothing saved.
        APIGatewayV2HTTPResponse preview = postForm(booking, token, "action=participants&expectedParticipants=12"
                + "&participants%5B0%5D.name=Ana+Souza&step=preview&pasted=" + pasted);
        assertEquals(200, preview.getStatusCode(), preview.getBody());
        String page = preview.getBody();
        assertTrue(page.contains("We read 45 people from your list and added them below."), page);
        assertTrue(page.contains("The expected number is raised"), "46 named, 12 expected");
        assertTrue(page.contains("value=\"Person 45\""), "the last pasted row is in the form");
        assertTrue(page.contains("value=\"PT\"") && page.contains("value=\"SE\""), "countries by name became codes");
        assertTrue(page.contains("Participant 8") || page.contains("participants[7]") || page.contains("#8"), "the bad row is named: " + page);
        assertEquals(version, stored(booking).version(), "a preview saves nothing");
        // Saved with the bad row mended: one write, all 46, and no coordinator mail yet (the session's one mail comes later).
        APIGatewayV2HTTPResponse saved = postForm(booking, token, "action=participants&expectedParticipants=46"
                + "&participants%5B0%5D.name=Ana+Souza&pasted=" + pasted.replace("Atlantis", "Norge"));
        assertEquals(303, saved.getStatusCode(), saved.getBody());
        BookingCase after = stored(booking);
        assertEquals(version + 1, after.version());
        assertEquals(46, after.booking().request().participants().size());
        assertEquals("NO", after.booking().request().participants().get(7).country());
        assertEquals(List.of(), coordinatorMails());
    }

    @Test
    void givenAFormWithMistakes_whenPosted_thenThePageShowsTheErrorsAndKeepsEverythingTyped() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);

        APIGatewayV2HTTPResponse response = postForm(booking, token, "action=participants&expectedParticipants=1"
                + "&participants%5B0%5D.name=Ana+Souza&participants%5B1%5D.name=Rui+Costa&participants%5B1%5D.email=not-an-address");

        assertEquals(400, response.getStatusCode());
        String html = response.getBody();
        assertTrue(html.contains("<strong>Participant 2: e-mail</strong>"), html);
        assertTrue(html.contains("name=\"participants[1].email\" value=\"not-an-address\""), "what was typed");
        assertTrue(html.contains("name=\"expectedParticipants\" value=\"1\""));
        assertTrue(html.contains("class=\"action wide selected\" id=\"action-participants\" open"));
        assertEquals(1, stored(booking).version());
        assertEquals(List.of(), coordinatorMails());
    }

    @Test
    void givenOtherDates_whenAsked_thenTheyReplaceThePreferredDatesAndTheCoordinatorGetsOldNewAndTheMessage() {
        Booking booking = store(BookingJson.valid(TODAY));
        LocalDate from = TODAY.plusDays(90);
        follow(booking, postForm(booking, visitorToken(booking), "action=other-dates&preferredDates%5B0%5D.from=" + from
                + "&preferredDates%5B0%5D.to=" + from.plusDays(1) + "&message=Any+week+in+March+works."));

        assertEquals(List.of(new BookingRequest.DateRange(from, from.plusDays(1))), stored(booking).booking().request().preferredDates());
        SentMail told = coordinatorMails().get(0);
        assertTrue(told.subject().contains("önskar andra datum"), told.subject());
        assertTrue(told.text().contains("Önskade datum nu:") && told.text().contains("Önskade datum tidigare:")
                && told.text().contains("Any week in March works."), told.text());
    }

    @Test
    void givenAConfirmedVisit_whenTheVisitorCancelsWithAReason_thenItIsCancelledBothSidesAreToldAndNothingMoreIsOffered() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        confirm(booking, TODAY.plusDays(60), TODAY.plusDays(61));

        String result = follow(booking, postForm(booking, token, "action=cancel&reason=Our+minister+cannot+travel.")).getBody();

        assertTrue(result.contains("status-cancelled\">Cancelled<") && result.contains("The visit is cancelled."), result);
        assertFalse(result.contains("value=\"cancel\""), "nothing more to do");
        BookingCase after = stored(booking);
        assertEquals(BookingStatus.CANCELLED, after.status());
        assertEquals("Our minister cannot travel.", after.workflow().reason());
        assertTrue(coordinatorMails().stream().anyMatch(m -> m.subject().contains("avbokat av besökaren")
                && m.text().contains("Our minister cannot travel.")));
        List<SentMail> visitor = mailTo("ana.souza@example.org");
        assertEquals(2, visitor.size(), "the confirmation, then the cancellation");
        assertTrue(visitor.get(1).subject().contains("cancelled"), visitor.get(1).subject());
        assertTrue(visitor.get(1).text().contains("/visit?token="), "every visitor mail links their page");
        assertEquals(409, postForm(booking, token, "action=other-dates&preferredDates%5B0%5D.from=" + TODAY.plusDays(90)
                + "&preferredDates%5B0%5D.to=" + TODAY.plusDays(90)).getStatusCode());
    }

    @Test
    void givenTheVisitorsRequest_whenTheyEraseTheirPersonalData_thenItIsGoneAtOnceAndRecordedAndThePageSaysSo() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        assertTrue(page(booking, token).getBody().contains("value=\"erase\""), "offered on the visitor's page");

        APIGatewayV2HTTPResponse redirect = postForm(booking, token, "action=erase");
        assertEquals(303, redirect.getStatusCode(), redirect.getBody());
        String after = follow(booking, redirect).getBody();
        assertTrue(after.contains("Your personal data is erased"), after);
        assertFalse(after.contains("value=\"erase\""), "nothing left to erase");

        String item = DYNAMO_DB.getItem(r -> r.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("BOOKING#" + booking.id()))))
                .item().toString();
        for (String personal : List.of("Ana Souza", "ana.souza@example.org", "+351", "district heating")) {
            assertFalse(item.contains(personal), personal + " remains");
        }
        assertEquals("visitor", stored(booking).workflow().history().stream()
                .filter(h -> h.action().equals("erase")).findFirst().orElseThrow().actor());
        assertEquals(303, postForm(booking, token, "action=erase").getStatusCode(), "a repeat is answered, and changes nothing");
    }

    @Test
    void givenAConfirmedVisit_whenTheVisitorDownloadsTheCalendarFile_thenItIsTheVisitWithTheSharedHeaders() {
        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        assertEquals(404, handle(at(booking, "GET", "calendar", Map.of("token", token))).getStatusCode(), "nothing confirmed yet");
        confirm(booking, TODAY.plusDays(60), TODAY.plusDays(61));

        assertTrue(page(booking, token).getBody().contains("href=\"calendar?token="), "the page offers it");
        APIGatewayV2HTTPResponse ics = handle(at(booking, "GET", "calendar", Map.of("token", token)));

        assertEquals(200, ics.getStatusCode(), ics.getBody());
        assertTrue(ics.getBody().startsWith("BEGIN:VCALENDAR"));
        assertTrue(ics.getBody().contains("DTSTART;VALUE=DATE:" + TODAY.plusDays(60).toString().replace("-", "")));
        Map<String, String> headers = new HashMap<>(ics.getHeaders());
        assertEquals("attachment; filename=\"visit-" + booking.reference() + ".ics\"", headers.remove("Content-Disposition"));
        assertEquals(HtmlHeaders.file("text/calendar; charset=utf-8"), headers);
    }

    @Test
    void givenACancelledVisit_whenTheVisitorOpensTheCalendarLink_thenItSaysCancelledAndGivesTheCancellationFile() {
        Booking unconfirmed = store(BookingJson.valid(TODAY));
        String first = visitorToken(unconfirmed);
        assertEquals(303, postForm(unconfirmed, first, "action=cancel&reason=Plans+changed.").getStatusCode());
        APIGatewayV2HTTPResponse none = handle(at(unconfirmed, "GET", "calendar", Map.of("token", first)));
        assertEquals(404, none.getStatusCode());
        assertTrue(none.getBody().contains("The visit is cancelled"), none.getBody());
        assertFalse(none.getBody().contains("No calendar entry yet"), none.getBody());

        Booking booking = store(BookingJson.valid(TODAY));
        String token = visitorToken(booking);
        confirm(booking, TODAY.plusDays(60), TODAY.plusDays(61));
        assertEquals(303, postForm(booking, token, "action=cancel&reason=Plans+changed.").getStatusCode());
        String html = page(booking, token).getBody();
        assertTrue(html.contains("is cancelled.") && html.contains("Remove it from my calendar"), html);
        APIGatewayV2HTTPResponse ics = handle(at(booking, "GET", "calendar", Map.of("token", token)));
        assertEquals(200, ics.getStatusCode(), ics.getBody());
        assertTrue(ics.getBody().contains("METHOD:CANCEL"), ics.getBody());
    }

    @Test
    void givenFeedbackFromTheVisitor_whenSent_thenTheCoordinatorsGetAMailWithTheRating() {
        Booking booking = store(BookingJson.valid(TODAY));
        String feedback = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(),
                NOW.plusSeconds(3600)));
        APIGatewayV2HTTPResponse sent = handle(ApiEvents.forBooking("manage-feedback-form.json", booking.id(), feedback));
        assertEquals("Thank you for your feedback!", follow(booking, sent).getBody()
                .replaceAll("(?s).*<h1>(.*?)</h1>.*", "$1"));

        List<SentMail> told = coordinatorMails();
        assertEquals(1, told.size());
        assertTrue(told.get(0).subject().contains(booking.reference()) && told.get(0).subject().contains("5 av 5"), told.get(0).subject());
        assertTrue(told.get(0).text().contains("Very well organised, thank you!"));
    }

    @Test
    void givenTheCoordinatorsPage_whenRendered_thenReplyToTheVisitorCarriesTheReferenceInItsSubject() {
        Booking booking = store(BookingJson.valid(TODAY));
        String manage = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                NOW.plusSeconds(3600)));
        String html = handle(at(booking, "GET", "manage", Map.of("token", manage))).getBody();
        assertTrue(html.contains("href=\"mailto:ana.souza@example.org?subject=Your%20visit%20request%20" + booking.reference()
                + "%20%E2%80%93%20Smart%20City%20Sweden\""), html);
    }
}
