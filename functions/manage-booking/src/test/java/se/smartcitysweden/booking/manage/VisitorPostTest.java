package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.SelfServiceMails;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;

/** The visitor's form post reads the booking once (the link's check) and writes once: no second read for the change. */
class VisitorPostTest {
    private static final Instant NOW = Instant.parse("2027-03-02T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2027-03-02");
    private static final LinkSigner SIGNER = new LinkSigner("visitor-post-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8));
    private final InMemoryBookingCaseRepository stored = new InMemoryBookingCaseRepository();
    private final List<String> calls = new ArrayList<>();
    private final Booking booking = new Booking("b-1", "UME-22222", BookingStatus.SUBMITTED, NOW.minusSeconds(86_400),
            BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());

    /** The repository, each call to it noted. */
    private BookingCaseRepository counted() {
        return (BookingCaseRepository) Proxy.newProxyInstance(BookingCaseRepository.class.getClassLoader(),
                new Class<?>[] {BookingCaseRepository.class}, (proxy, method, arguments) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(stored, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private ManageBookingHandler handler() {
        BookingCaseRepository repository = counted();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden());
        CaseService cases = new CaseService(repository, SIGNER, plan, (c, notice) -> true, clock);
        SelfServiceMails mails = new SelfServiceMails() {
            @Override public boolean visitorChanged(BookingCase before, BookingCase after, String action, String note, Instant now) {
                return true;
            }

            @Override public boolean feedbackGiven(BookingCase withFeedback, Instant now) {
                return true;
            }

            @Override public String calendar(BookingCase confirmed) {
                return "";
            }
        };
        return new ManageBookingHandler(cases, new VisitorService(repository, cases, plan, WorkingDays.sweden(), mails, clock),
                Language.SV, clock);
    }

    private APIGatewayV2HTTPResponse post(String form) {
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.VISITOR, booking.id(), booking.node(), NOW.plus(Duration.ofDays(9))));
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-action-form.json", booking.id(), token);
        String path = "/bookings/" + booking.id() + "/visit";
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        return handler().handleRequest(ApiEvents.withBody(event, form, true), null);
    }

    @Test
    void givenAVisitorsChangeByForm_whenPosted_thenTheBookingIsReadOnceAndWrittenOnce() {
        stored.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        APIGatewayV2HTTPResponse answer = post("action=other-dates&preferredDates%5B0%5D.from=2027-06-01"
                + "&preferredDates%5B0%5D.to=2027-06-02&message=Any+week+in+June.");
        assertEquals(303, answer.getStatusCode(), answer.getBody());
        assertEquals(List.of("load", "save"), calls.stream().filter(call -> call.equals("load") || call.equals("save")).toList());
        assertEquals(LocalDate.parse("2027-06-01"), stored.load(booking.id()).orElseThrow().booking().request().preferredDates().get(0).from());
    }

    @Test
    void givenTheVisitorsErasure_whenPosted_thenTheBookingIsReadOnceAndWrittenOnce() {
        stored.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        APIGatewayV2HTTPResponse answer = post("action=erase");
        assertEquals(303, answer.getStatusCode(), answer.getBody());
        assertEquals(List.of("load", "save"), calls.stream().filter(call -> call.equals("load") || call.equals("save")).toList());
        assertEquals("", stored.load(booking.id()).orElseThrow().booking().request().contact().email());
    }
}
