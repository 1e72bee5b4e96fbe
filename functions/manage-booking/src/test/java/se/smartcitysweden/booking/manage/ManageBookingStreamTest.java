package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailSelfService;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.workflow.CaseService;

/**
 * The manage function as Lambda's runtime calls it, a stream handler: the answer written as JSON is,
 * read back with Lambda's serializer, the typed answer (that the samples read as Lambda reads them:
 * {@code HttpApiStreamsTest} in shared).
 */
class ManageBookingStreamTest {
    private static final List<String> SAMPLES = List.of("manage-page.json", "manage-action-form.json",
            "manage-action-json.json", "manage-feedback-page.json", "manage-feedback-form.json");
    private static final Instant NOW = Instant.parse("2026-11-27T09:00:00Z");
    private static final CoordinatorDirectory DIRECTORY = CoordinatorDirectory.parse("""
            {"nodes": {"stockholm": ["sthlm@example.org"], "goteborg": ["gbg@example.org"], "malmo": ["malmo@example.org"],
             "borlange": ["borlange@example.org"], "linkoping": ["lkp@example.org"], "umea": ["umea@example.org"]}}""");
    private static final LinkSigner SIGNER = new LinkSigner("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));

    @Test
    void theHandler_isAStreamHandler_soLambdasRuntimeSetsUpNoSerializer() {
        assertTrue(RequestStreamHandler.class.isAssignableFrom(ManageBookingHandler.class));
    }

    @Test
    void givenEveryManageSample_whenHandledAsBytes_thenTheAnswerIsTheTypedAnswer() throws IOException {
        for (String name : SAMPLES) {
            byte[] raw = Files.readAllBytes(SampleEvents.folder().resolve("apigw").resolve(name));
            assertSame(handler(new InMemoryBookingCaseRepository()).handleRequest(SampleEvents.apiGateway(name), null),
                    throughStream(handler(new InMemoryBookingCaseRepository()), raw), name);
        }
    }

    @Test
    void givenAGenuineLink_whenTheManagePageIsAskedForAsBytes_thenItIsTheTypedPage() throws IOException {
        InMemoryBookingCaseRepository cases = new InMemoryBookingCaseRepository();
        Booking booking = new Booking(UUID.randomUUID().toString(), new ReferenceGenerator(new Random(5)).next(Node.UMEA),
                BookingStatus.SUBMITTED, NOW, BookingRequestParser.parse(BookingJson.valid(LocalDate.of(2026, 11, 27)),
                        LocalDate.of(2026, 11, 27)).request().orElseThrow());
        cases.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, booking.id(), booking.node(),
                NOW.plus(Duration.ofDays(30))));
        APIGatewayV2HTTPEvent page = ApiEvents.forBooking("manage-page.json", booking.id(), token);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader()).toJson(page, raw);

        APIGatewayV2HTTPResponse typed = handler(cases).handleRequest(page, null);
        APIGatewayV2HTTPResponse streamed = throughStream(handler(cases), raw.toByteArray());

        assertEquals(200, typed.getStatusCode(), typed.getBody());
        assertTrue(streamed.getBody().contains(booking.reference()), "the booking's page");
        assertSame(typed, streamed, "manage page");
    }

    private static void assertSame(APIGatewayV2HTTPResponse typed, APIGatewayV2HTTPResponse streamed, String what) {
        assertEquals(typed.getStatusCode(), streamed.getStatusCode(), what);
        assertEquals(typed.getHeaders(), streamed.getHeaders(), what);
        assertEquals(typed.getMultiValueHeaders(), streamed.getMultiValueHeaders(), what);
        assertEquals(typed.getCookies(), streamed.getCookies(), what);
        assertEquals(typed.getBody(), streamed.getBody(), what);
        assertEquals(typed.getIsBase64Encoded(), streamed.getIsBase64Encoded(), what);
    }

    /** The stream entry's answer, read as API Gateway's JSON with Lambda's serializer. */
    private static APIGatewayV2HTTPResponse throughStream(ManageBookingHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), answer, null);
        return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, ManageBookingStreamTest.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(answer.toByteArray()));
    }

    /** The function over the in-memory twin; no mail goes out in these requests. */
    private static ManageBookingHandler handler(InMemoryBookingCaseRepository cases) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        MailSender noMail = message -> {
            throw new IllegalStateException("no mail in this test");
        };
        CaseMails mails = new CaseMails(new Mailbox("Smart City Sweden", "bookings@example.org"),
                DIRECTORY, new BookingLinks("http://localhost:3000", SIGNER), Language.SV);
        FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden());
        CaseService service = new CaseService(cases, SIGNER, plan, new MailVisitorNotices(mails, noMail), clock);
        return new ManageBookingHandler(service, new VisitorService(cases, service, plan, WorkingDays.sweden(),
                new MailSelfService(mails, noMail), clock), Language.SV, clock);
    }
}
