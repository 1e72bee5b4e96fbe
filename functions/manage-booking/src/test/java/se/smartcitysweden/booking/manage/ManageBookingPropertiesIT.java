package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.web.HtmlHeaders;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAws;
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

/**
 * Generated and mutated link tokens, methods, pages and form bodies against the manage function on
 * the local DynamoDB (moto; tries kept modest): never a 5xx, nothing opens without the genuine
 * token, and every page escapes what was typed and carries the shared headers.
 */
class ManageBookingPropertiesIT {
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final LocalAws AWS = LocalAws.shared();
    private static final LinkSigner SIGNER = new LinkSigner("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final String MARK = "<zq";
    private static Booking booking;
    private static String genuine;
    private static String feedback;
    private static ManageBookingHandler handler;

    @BeforeContainer
    static void aBookingOnTheLocalTable() {
        AWS.reset();
        var dynamoDb = AWS.clients().dynamoDb();
        // What the handler's services use: ManageBookingFunction's role.
        var functionDynamoDb = AWS.clientsOf("ManageBookingFunction").dynamoDb();
        String table = AWS.physicalName("BookingTable");
        booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new java.util.Random(5)).next(
                se.smartcitysweden.booking.domain.Node.UMEA), BookingStatus.SUBMITTED, NOW,
                BookingRequestParser.parse(BookingJson.valid(LocalDate.of(2026, 11, 27)), LocalDate.of(2026, 11, 27))
                        .request().orElseThrow());
        new DynamoDbBookingRepository(dynamoDb, table).create(booking, Optional.empty());
        genuine = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                NOW.plus(Duration.ofDays(30))));
        feedback = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, booking.id(), booking.node(),
                NOW.plus(Duration.ofDays(30))));
        CaseMails mails = new CaseMails(new Mailbox("Smart City Sweden", AWS.template().parameter("SenderAddress")),
                CoordinatorDirectory.parse(AWS.template().parameter("CoordinatorDirectory")),
                new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
        // Notices never go out here: no action can be taken without the genuine token, which this test never posts.
        CaseService service = new CaseService(new DynamoDbBookingCaseRepository(functionDynamoDb, table), SIGNER,
                new FollowUpPlan(WorkingDays.sweden()), new MailVisitorNotices(mails, (message) -> {
                    throw new IllegalStateException("no mail in this test");
                }), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        DynamoDbBookingCaseRepository repository = new DynamoDbBookingCaseRepository(functionDynamoDb, table);
        VisitorService visitors = new VisitorService(repository, service, new FollowUpPlan(WorkingDays.sweden()), WorkingDays.sweden(),
                new MailSelfService(mails, (message) -> {
                    throw new IllegalStateException("no mail in this test");
                }), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        handler = new ManageBookingHandler(service, visitors, Language.SV, java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    @Property(tries = 120)
    void givenAnyTokenPageMethodAndBody_whenHandled_thenNever5xxNothingOpensWithoutTheTokenAndPagesAreEscaped(
            @ForAll("tokens") String token, @ForAll("pages") String page, @ForAll("methods") String anyMethod,
            @ForAll("bodies") String body, @ForAll boolean html) {
        // The genuine token only reads (a GET never changes anything): the other tokens try everything.
        String method = token.equals(genuine) ? "GET" : anyMethod;
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking(method.equals("GET") ? "manage-page.json" : "manage-action-form.json",
                booking.id(), token);
        String path = "/bookings/" + booking.id() + "/" + page;
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        event.getHeaders().put("accept", html ? "text/html" : "application/json");
        ApiEvents.withBody(event, body, true);

        APIGatewayV2HTTPResponse response = ApiContract.checked(event, handler.handleRequest(event, null));

        assertTrue(response.getStatusCode() < 500, response.getStatusCode() + " " + response.getBody());
        boolean opens = response.getStatusCode() == 200 || response.getStatusCode() == 400 || response.getStatusCode() == 409;
        boolean mayOpen = (token.equals(genuine) && page.equals("manage")) || (token.equals(feedback) && page.equals("feedback"));
        if (opens && !mayOpen) {
            // Only a genuine token opens anything, and only the page of its purpose.
            fail("opened without the genuine token: " + response.getStatusCode() + " " + token);
        }
        if (response.getHeaders().get("Content-Type").startsWith("text/html")) {
            assertFalse(response.getBody().contains(MARK), response.getBody());
            Map<String, String> headers = new HashMap<>(response.getHeaders());
            headers.remove("Allow");
            assertEquals(HtmlHeaders.page(PageTemplates.CSS), headers);
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, 200),
                        Arbitraries.chars().with("ABCabc019-_.|%<"))
                .as((at, c) -> {
                    int i = at % genuine.length();
                    return genuine.substring(0, i) + c + genuine.substring(i + 1);
                }).filter(t -> !t.equals(genuine));
        Arbitrary<String> otherPurpose = Arbitraries.just(feedback);
        Arbitrary<String> expired = Arbitraries.just(SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE,
                booking.id(), booking.node(), NOW.minusSeconds(1))));
        Arbitrary<String> otherNode = Arbitraries.just(SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE,
                booking.id(), se.smartcitysweden.booking.domain.Node.MALMO, NOW.plus(Duration.ofDays(30)))));
        return Arbitraries.oneOf(mutated, Arbitraries.strings().all().ofMaxLength(40).map(s -> s + MARK),
                otherPurpose, expired, otherNode, Arbitraries.just(genuine));
    }

    @Provide
    Arbitrary<String> pages() {
        return Arbitraries.of("manage", "actions", "feedback", "visit", "calendar");
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.of("GET", "POST");
    }

    /** Form bodies with hostile values in the fields the pages echo back, sometimes broken escapes. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> value = Arbitraries.strings().all().ofMaxLength(10).map(s -> s + MARK + " '\"&>");
        return Combinators.combine(Arbitraries.of("acknowledge", "confirm", "decline", "cancel", "nonsense"),
                        Arbitraries.of("reason", "date", "endDate", "comment", "rating", "companiesMet"), value,
                        Arbitraries.of("", "%zz", "%", "%C3"))
                .as((action, field, v, broken) -> "action=" + action + "&" + field + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8) + broken);
    }
}
