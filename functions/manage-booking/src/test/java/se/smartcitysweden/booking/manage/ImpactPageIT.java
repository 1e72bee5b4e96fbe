package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.web.HtmlHeaders;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
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
 * The impact survey page (GET|POST /bookings/{id}/impact) through real-shaped HTTP API events
 * against moto: the link of the survey mail, its token checks, the answer stored once, post/redirect/get.
 */
class ImpactPageIT {
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
    private static final Pattern IMPACT_LINK = Pattern.compile("http://localhost:3000/bookings/([^/]+)/impact\\?token=([A-Za-z0-9_.%-]+)");
    private static final String ANSWER = "contacts=yes&deals=no&collaborations=yes&policy=no&note=Two+pilots+with+the+city";

    private final DynamoDbBookingRepository bookings = new DynamoDbBookingRepository(DYNAMO_DB, TABLE);
    /** The administrator's view of the stored cases (fixtures and checks). */
    private final DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(DYNAMO_DB, TABLE);
    /** The handler's: the function's role. */
    private final DynamoDbBookingCaseRepository functionCases = new DynamoDbBookingCaseRepository(FUNCTION_DYNAMO_DB, TABLE);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CaseMails mails = new CaseMails(SENDER, DIRECTORY, LINKS, Language.SV);
    private ManageBookingHandler handler;

    @BeforeEach
    void freshAws() {
        AWS.reset();
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

    /** A visit done in May 2026 whose 6-month survey went out ({@code surveySent}) or not yet. */
    private BookingCase visited(boolean surveySent) {
        BookingRequest request = BookingRequestParser.parse(BookingJson.valid(TODAY.minusMonths(8)), TODAY.minusMonths(8))
                .request().orElseThrow();
        Booking booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new Random()).next(request.node()),
                BookingStatus.SUBMITTED, NOW.minus(Duration.ofDays(240)), request);
        bookings.create(booking, Optional.empty());
        BookingCase stored = cases.load(booking.id()).orElseThrow();
        Workflow w = stored.workflow().withVisit(new Workflow.Visit(LocalDate.parse("2026-05-20"), LocalDate.parse("2026-05-21")));
        if (surveySent) w = w.withFollowUpSent(FollowUpPlan.impactKey(6), NOW.minus(Duration.ofDays(7)));
        BookingCase done = new BookingCase(new Booking(booking.id(), booking.reference(), BookingStatus.COMPLETED,
                booking.createdAt(), booking.request()), stored.version(), w, stored.notification());
        assertTrue(cases.save(done, Optional.empty(), NOW));
        return cases.load(booking.id()).orElseThrow();
    }

    /** The token of the survey mail's link. */
    private String surveyToken(BookingCase c) {
        String text = mails.impactSurvey(c, 6, false, NOW).text();
        Matcher link = IMPACT_LINK.matcher(text);
        assertTrue(link.find(), "the survey mail links the survey:\n" + text);
        assertEquals(c.id(), link.group(1));
        return URLDecoder.decode(link.group(2), StandardCharsets.UTF_8);
    }

    /** Every answer through here is checked against the API contract (api/openapi.yaml). */
    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertNotEquals(500, response.getStatusCode());
        return ApiContract.checked(event, response);
    }

    private static APIGatewayV2HTTPEvent at(String id, String method, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking(method.equals("GET") ? "manage-page.json" : "manage-action-form.json",
                id, null);
        String path = "/bookings/" + id + "/impact";
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        return ApiEvents.withQuery(event, query);
    }

    private APIGatewayV2HTTPResponse get(String id, Map<String, String> query) {
        return handle(at(id, "GET", query));
    }

    private APIGatewayV2HTTPResponse post(String id, String token, String form) {
        return handle(ApiEvents.withBody(at(id, "POST", Map.of("token", token)), form, true));
    }

    private static long impactLines(BookingCase c) {
        return c.workflow().history().stream().filter(e -> e.action().equals("impact")).count();
    }

    @Test
    void givenTheSurveyLink_whenOpened_thenTheFourQuestionsShowWithTheSharedHeadersInTheBookingsLanguage() {
        BookingCase c = visited(true);
        APIGatewayV2HTTPResponse page = get(c.id(), Map.of("token", surveyToken(c)));
        assertEquals(200, page.getStatusCode(), page.getBody());
        assertEquals(HtmlHeaders.page(PageTemplates.CSS), page.getHeaders(), "the shared header set");
        String html = page.getBody();
        assertTrue(html.contains("<html lang=\"en\">"), html);
        assertTrue(html.contains("It is 6 months since your visit"), html);
        for (String name : List.of("contacts", "deals", "collaborations", "policy")) {
            assertTrue(html.contains("name=\"" + name + "\" value=\"yes\"") && html.contains("name=\"" + name + "\" value=\"no\""),
                    name);
        }
        assertTrue(html.contains("action=\"impact?token="), "posts to itself");
    }

    @Test
    void givenWrongTokens_whenTheSurveyIsOpenedOrAnswered_thenForbiddenAndNothingStored() {
        BookingCase c = visited(true);
        BookingCase other = visited(true);
        String feedback = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, c.id(), c.booking().node(),
                NOW.plus(Duration.ofDays(30))));
        String expired = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.IMPACT, c.id(), c.booking().node(),
                NOW.minusSeconds(1)));
        String good = surveyToken(c);
        String tampered = good.substring(0, good.length() - 2) + (good.endsWith("AA") ? "BB" : "AA");
        assertEquals(403, get(c.id(), Map.of()).getStatusCode(), "no token");
        for (String token : List.of(feedback, expired, tampered, surveyToken(other))) {
            assertEquals(403, get(c.id(), Map.of("token", token)).getStatusCode());
            assertEquals(403, post(c.id(), token, ANSWER).getStatusCode());
        }
        assertEquals(0, impactLines(cases.load(c.id()).orElseThrow()));
    }

    @Test
    void givenAnAnswer_whenPosted_thenStoredWithAHistoryLineAnd303ToTheThanksAndARepeatWritesNothing() {
        BookingCase c = visited(true);
        String token = surveyToken(c);
        APIGatewayV2HTTPResponse posted = post(c.id(), token, ANSWER);
        assertEquals(303, posted.getStatusCode(), posted.getBody());
        String location = posted.getHeaders().get("Location");
        assertTrue(location.startsWith("impact?token=") && location.endsWith("&done=1"), location);
        APIGatewayV2HTTPResponse thanks = get(c.id(), Map.of("token", token, "done", "1"));
        assertEquals(200, thanks.getStatusCode());
        assertTrue(thanks.getBody().contains("Thank you for your answers!"), thanks.getBody());

        BookingCase stored = cases.load(c.id()).orElseThrow();
        Workflow.HistoryEntry line = stored.workflow().history().get(stored.workflow().history().size() - 1);
        assertEquals("visitor", line.actor());
        assertEquals("impact", line.action());
        assertEquals("6:1010:Two pilots with the city", line.detail());
        assertEquals(c.version() + 1, stored.version());
        String manage = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, c.id(), c.booking().node(),
                NOW.plus(Duration.ofDays(30))));
        String history = handle(ApiEvents.forBooking("manage-page.json", c.id(), manage)).getBody();
        assertTrue(history.contains("Svarade på effektenkäten") && history.contains("6 månader: Kontakter, Samarbeten"),
                "the coordinator sees the answer in the history");

        assertEquals(303, post(c.id(), token, ANSWER).getStatusCode(), "the same answer again");
        BookingCase again = cases.load(c.id()).orElseThrow();
        assertEquals(stored.version(), again.version(), "a repeated identical answer writes nothing");
        assertEquals(1, impactLines(again));
        String reopened = get(c.id(), Map.of("token", token)).getBody();
        assertTrue(reopened.contains("value=\"yes\" required checked") && reopened.contains("Two pilots with the city"),
                "the earlier answer is shown");

        assertEquals(303, post(c.id(), token, ANSWER.replace("policy=no", "policy=yes")).getStatusCode());
        assertEquals(2, impactLines(cases.load(c.id()).orElseThrow()), "a changed answer replaces it");
    }

    @Test
    void givenAMissingAnswer_whenPosted_thenTheFormComesBackWithTheErrorAndWhatWasTyped() {
        BookingCase c = visited(true);
        APIGatewayV2HTTPResponse response = post(c.id(), surveyToken(c), "contacts=yes&deals=no&collaborations=yes&note=Kept");
        assertEquals(400, response.getStatusCode());
        assertTrue(response.getBody().contains("Please answer yes or no."), response.getBody());
        assertTrue(response.getBody().contains(">Kept</textarea>"));
        assertEquals(0, impactLines(cases.load(c.id()).orElseThrow()));
    }

    @Test
    void givenNoSurveySentOrAnErasedBooking_whenAnswered_thenRefusedAndNothingStored() {
        BookingCase notYet = visited(false);
        assertEquals(409, get(notYet.id(), Map.of("token", surveyToken(notYet))).getStatusCode());
        assertEquals(409, post(notYet.id(), surveyToken(notYet), ANSWER).getStatusCode());

        BookingCase c = visited(true);
        String token = surveyToken(c);
        assertTrue(cases.save(PersonalData.anonymise(c, "visitor", PersonalData.ERASE, "", NOW), Optional.empty(), NOW));
        assertEquals(409, post(c.id(), token, ANSWER).getStatusCode());
        assertEquals(0, impactLines(cases.load(c.id()).orElseThrow()));
        assertEquals(0, impactLines(cases.load(notYet.id()).orElseThrow()));
    }
}
